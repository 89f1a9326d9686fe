
/// A three-way merge of one experiment, field by field, for `ff merge-driver`.
///
/// - Observations, deviations, review notes, tags, touches and stakeholders added on either side are
///   all kept (what one side removed stays removed); observations, deviations and review
///   notes from the other side are placed by time.
/// - A field changed on one side only takes that side's value; so a status that advanced on
///   one side takes the advanced one with the fields that came with it (`timebox.started`,
///   `conclusion`, `abandoned`), provided the lifecycle allows that move.
/// - Anything else — two different conclusions, two different edits of the same prose field,
///   two different transitions, a move the lifecycle forbids — is a conflict, never a choice.
public struct ExperimentMerge: Sendable {
    /// The merged experiment; where fields conflict it holds ours' values.
    public var merged: Experiment
    /// The same with theirs' (and base's) values in the conflicting fields: the three agree
    /// everywhere else, so a text merge of them puts markers around the conflicts only.
    public var theirsVariant: Experiment
    public var baseVariant: Experiment
    /// The conflicting fields, as dotted paths (`conclusion.facts`).
    public var conflicts: [String]

    public static func merge(base: Experiment?, ours: Experiment, theirs: Experiment) -> ExperimentMerge {
        var m = ExperimentMerge(merged: ours, theirsVariant: ours, baseVariant: ours, conflicts: [])
        let b = base ?? Experiment(id: ours.id, title: "")
        let hasBase = base != nil

        func scalar<T: Equatable>(_ name: String, _ kp: WritableKeyPath<Experiment, T>) {
            let o = ours[keyPath: kp], t = theirs[keyPath: kp], bv = b[keyPath: kp]
            if o == t { return }
            if hasBase && o == bv { m.set(kp, t, t, t); return }
            if hasBase && t == bv { return }
            m.set(kp, o, t, bv)
            m.conflicts.append(name)
        }

        scalar("ff", \.schema)
        scalar("title", \.title)
        m.status(b: hasBase ? b.status : nil, o: ours.status, t: theirs.status)
        scalar("owner", \.owner)
        scalar("created", \.created)
        scalar("follows", \.follows)
        m.list(\.tags, b.tags, ours.tags, theirs.tags, key: { $0 }, at: nil)
        m.list(\.touches, b.touches, ours.touches, theirs.touches, key: { $0 }, at: nil)
        scalar("hypothesis", \.hypothesis)
        scalar("reversible", \.reversible)
        scalar("rollback", \.rollback)
        m.list(\.stakeholders, b.stakeholders, ours.stakeholders, theirs.stakeholders, key: { $0 }, at: nil)
        scalar("timebox.days", \.timebox.days)
        scalar("timebox.started", \.timebox.started)
        scalar("signals.success", \.signals.success)
        scalar("signals.failure", \.signals.failure)
        scalar("data", \.data)
        if !m.list(\.observations, b.observations, ours.observations, theirs.observations, key: { $0 }, at: \.at, sameSlot: { $0.at == $1.at }) {
            m.set(\.observations, ours.observations, theirs.observations, b.observations)
            m.conflicts.append("observations")
        }
        scalar("prediction", \.prediction)
        m.list(\.deviations, b.deviations, ours.deviations, theirs.deviations, key: { $0 }, at: \.at)
        m.mapping("conclusion", \.conclusion, b.conclusion, ours.conclusion, theirs.conclusion, hasBase: hasBase,
                  fields: [("at", \.at), ("outcome", \.outcome), ("ledger", \.ledger), ("returned", \.returned), ("facts", \.facts),
                           ("signal", \.signal), ("remediation", \.remediation), ("next", \.next), ("next_experiment", \.nextExperiment)],
                  empty: Conclusion())
        m.mapping("abandoned", \.abandoned, b.abandoned, ours.abandoned, theirs.abandoned, hasBase: hasBase,
                  fields: [("at", \.at), ("reason", \.reason)], empty: Abandonment())
        m.reviews(b.reviews, ours.reviews, theirs.reviews)
        return m
    }

    private mutating func set<T>(_ kp: WritableKeyPath<Experiment, T>, _ o: T, _ t: T, _ b: T) {
        merged[keyPath: kp] = o
        theirsVariant[keyPath: kp] = t
        baseVariant[keyPath: kp] = b
    }

    /// How far along the lifecycle a state is; a side may only move forwards.
    private static func rank(_ s: Status) -> Int { s == .draft ? 0 : s == .running ? 1 : 2 }

    private static func canMove(from a: Status, to b: Status) -> Bool {
        if a == b { return true }
        switch (a, b) {
        case (.draft, .running), (.draft, .concluded), (.draft, .abandoned), (.running, .concluded), (.running, .abandoned): return true
        default: return false
        }
    }

    private mutating func status(b: Status?, o: Status, t: Status) {
        if o == t { return }
        if let b, o == b, Self.canMove(from: b, to: t) { set(\.status, t, t, t); return }
        if let b, t == b, Self.canMove(from: b, to: o) { return }
        set(\.status, o, t, b ?? o)
        conflicts.append("status")
    }

    /// A three-way merge of a list whose items are added and removed, never edited in place:
    /// ours' items, less those theirs removed, plus those theirs added (by time when `at` is
    /// given). False when both sides replaced the same item by different ones (`sameSlot`).
    @discardableResult
    private mutating func list<T: Equatable, K: Equatable>(
        _ kp: WritableKeyPath<Experiment, [T]>, _ b: [T], _ o: [T], _ t: [T], key: (T) -> K, at: KeyPath<T, Date>?,
        sameSlot: ((T, T) -> Bool)? = nil
    ) -> Bool {
        if o == t { return true }
        let bk = b.map(key), ok = o.map(key), tk = t.map(key)
        if let sameSlot {
            for x in b where !ok.contains(key(x)) && !tk.contains(key(x)) {
                let mine = o.filter { !bk.contains(key($0)) && sameSlot(x, $0) }
                let theirs = t.filter { !bk.contains(key($0)) && sameSlot(x, $0) }
                if !mine.isEmpty && !theirs.isEmpty && mine.map(key) != theirs.map(key) { return false }
            }
        }
        var result = o.filter { item in !(bk.contains(key(item)) && !tk.contains(key(item))) }
        for item in t where !bk.contains(key(item)) && !ok.contains(key(item)) {
            if let at {
                let position = result.lastIndex { $0[keyPath: at] <= item[keyPath: at] }.map { $0 + 1 } ?? 0
                result.insert(item, at: position)
            } else {
                result.append(item)
            }
        }
        set(kp, result, result, result)
        return true
    }

    /// A mapping merged key by key (`conclusion`, `abandoned`); one side adding it while the
    /// other did not is a one-sided change.
    private mutating func mapping<M: Equatable>(
        _ name: String, _ kp: WritableKeyPath<Experiment, M?>, _ b: M?, _ o: M?, _ t: M?, hasBase: Bool,
        fields: [(String, PartialKeyPath<M>)], empty: M
    ) {
        if o == t { return }
        if hasBase && o == b { set(kp, t, t, t); return }
        if hasBase && t == b { return }
        guard var mo = o, var mt = t else {
            set(kp, o, t, b)
            conflicts.append(name)
            return
        }
        var mb = b ?? empty
        var clash = false
        for (field, path) in fields {
            func merge<V: Equatable>(_ p: WritableKeyPath<M, V>) {
                let ov = mo[keyPath: p], tv = mt[keyPath: p], bv = mb[keyPath: p]
                if ov == tv { mb[keyPath: p] = ov; return }
                if ov == bv { mo[keyPath: p] = tv; mb[keyPath: p] = tv; return }
                if tv == bv { mt[keyPath: p] = ov; mb[keyPath: p] = ov; return }
                conflicts.append("\(name).\(field)")
                clash = true
            }
            switch path {
            case let p as WritableKeyPath<M, Date?>: merge(p)
            case let p as WritableKeyPath<M, String?>: merge(p)
            case let p as WritableKeyPath<M, Outcome?>: merge(p)
            case let p as WritableKeyPath<M, [LedgerEntry]>: merge(p)
            default: break
            }
        }
        set(kp, mo, clash ? mt : mo, clash ? (b == nil ? nil : mb) : mo)
    }

    /// Review notes are kept from both sides (by when, who, where and what); a note resolved
    /// on either side is resolved.
    private mutating func reviews(_ b: [ReviewNote], _ o: [ReviewNote], _ t: [ReviewNote]) {
        func key(_ n: ReviewNote) -> String { "\(n.at.timeIntervalSince1970)\u{0}\(n.by ?? "")\u{0}\(n.line ?? 0)\u{0}\(n.text)" }
        list(\.reviews, b, o, t, key: key, at: \.at)
        var result = merged.reviews
        for i in result.indices {
            let k = key(result[i])
            let bv = b.first { key($0) == k }?.resolved, ov = o.first { key($0) == k }?.resolved, tv = t.first { key($0) == k }?.resolved
            if let ov, let tv, ov != tv {
                // Changed on one side only (or added on both): the change wins; resolving wins a tie.
                result[i].resolved = bv.map { $0 == ov ? tv : ov } ?? true
            }
        }
        set(\.reviews, result, result, result)
    }
}
