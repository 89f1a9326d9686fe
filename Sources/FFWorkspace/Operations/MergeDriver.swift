import FFGit
import FailForward

/// The merge driver's work: parse the three versions, merge them field by field, and write
/// the result into ours' text (keeping its comments and layout), with markers only around
/// fields that truly conflict.
public enum ExperimentMergeDriver {
    public struct Outcome {
        public var bytes: [UInt8]
        /// Empty when the merge is clean.
        public var conflicts: [String]
    }

    static func merge(path: String, base: [UInt8], ours: [UInt8], theirs: [UInt8], style: TextMerge.Style) throws -> Outcome {
        func textMerge(_ b: [UInt8], _ o: [UInt8], _ t: [UInt8]) throws -> TextMerge.Result {
            try TextMerge.merge(base: b, ours: o, theirs: t, style: style)
        }
        // Not an experiment (or one ff cannot rewrite): git's own text merge.
        func plain() throws -> Outcome {
            let r = try textMerge(base, ours, theirs)
            return Outcome(bytes: r.bytes, conflicts: r.clean ? [] : ["text"])
        }
        guard var od = try? ExperimentDocument(path: path, bytes: ours),
              let td = try? ExperimentDocument(path: path, bytes: theirs) else { return try plain() }
        let bd: ExperimentDocument?
        if base.isEmpty {
            bd = nil
        } else {
            guard let parsed = try? ExperimentDocument(path: path, bytes: base) else { return try plain() }
            bd = parsed
        }
        let current = Experiment.currentSchema
        guard od.experiment.id == td.experiment.id, bd.map({ $0.experiment.id == od.experiment.id }) ?? true,
              [od, td].allSatisfy({ $0.experiment.schema == current }), bd.map({ $0.experiment.schema == current }) ?? true else {
            return try plain()
        }

        let m = ExperimentMerge.merge(base: bd?.experiment, ours: od.experiment, theirs: td.experiment)
        // The three texts, each in its own layout, agreeing on every field except the conflicts.
        var tv = td, bv = bd ?? od
        do {
            let oursOriginal = od
            try od.update(to: m.merged)
            try tv.update(to: m.theirsVariant)
            try bv.update(to: m.baseVariant)
            let r = try textMerge(bv.bytes, od.bytes, tv.bytes)
            if m.conflicts.isEmpty {
                // The text merge also brings theirs' comments and keys ff does not know; it is
                // used when it reads back as the merged experiment.
                if r.clean, let check = try? ExperimentDocument(path: path, bytes: r.bytes),
                   check.experiment.withoutUnknownKeys == m.merged.withoutUnknownKeys {
                    return Outcome(bytes: r.bytes, conflicts: [])
                }
                if oursOriginal.experiment.unknownKeys.sorted() == td.experiment.unknownKeys.sorted() {
                    return Outcome(bytes: od.bytes, conflicts: [])
                }
                return Outcome(bytes: r.bytes, conflicts: r.clean ? ["keys ff does not know"] : ["text"])
            }
            if !r.clean { return Outcome(bytes: r.bytes, conflicts: m.conflicts) }
            // A conflict the texts do not show (a move the lifecycle forbids): the whole file
            // is marked, never silently chosen.
            var out = Array("<<<<<<< ours\n".utf8) + od.bytes
            out += Array("=======\n".utf8) + tv.bytes + Array(">>>>>>> theirs\n".utf8)
            return Outcome(bytes: out, conflicts: m.conflicts)
        } catch {
            return try plain()
        }
    }
}

extension Experiment {
    fileprivate var withoutUnknownKeys: Experiment {
        var e = self
        e.unknownKeys = []
        return e
    }
}

extension ExperimentMergeDriver {
    /// Merges with the `merge.conflictStyle` of the repository git runs the driver in.
    public static func merge(path: String, base: [UInt8], ours: [UInt8], theirs: [UInt8], in env: Environment) throws -> Outcome {
        try merge(path: path, base: base, ours: ours, theirs: theirs, style: conflictStyle(env))
    }

    /// `merge.conflictStyle` of the repository git runs us in, as git would use it.
    static func conflictStyle(_ env: Environment) -> TextMerge.Style {
        guard let value = gitConfigValue("merge.conflictstyle", around: env) else { return .merge }
        return value == "diff3" ? .diff3 : value == "zdiff3" ? .zdiff3 : .merge
    }
}
