import ArgumentParser
import FFGit
import FailForward

extension FFCommand {
    struct Conclude: FFRunnable {
        static let configuration = CommandConfiguration(
            abstract: "Conclude a running experiment: outcome, debrief, signal ledger, next test.",
            discussion: """
            Every declared signal is recorded as met, not met or not measured: name signals with \
            --met/--not-met/--not-measured (by number as ff show lists them, s1, f2, …, or by their \
            text), or answer one by one on a terminal; signals left unnamed without a terminal are \
            recorded as not measured. With no flags on a terminal, the editor opens a debrief \
            template. --next-experiment creates the follow-up draft, linked both ways, in the same commit. \
            --review commits on a new branch debrief/<id>-<slug> made from HEAD and checks it out, \
            writes the debrief under .git/ff/ and prints the git push and pull-request commands.
            """
        )
        @OptionGroup var global: GlobalOptions
        @OptionGroup var commit: CommitFlags
        @OptionGroup var target: RefArgument

        @Option(help: "validated, disproved or inconclusive.")
        var outcome: Outcome?
        @Option(parsing: .unconditional, help: "What the experiment returned, in a sentence or two.")
        var returned: String?
        @Option(parsing: .unconditional, help: "The facts, owned: what happened, with numbers.")
        var facts: String?
        @Option(parsing: .unconditional, help: "What the experiment revealed, and why it matters.")
        var signal: String?
        @Option(parsing: .unconditional, help: "Steps taken to stabilise any impact.")
        var remediation: String?
        @Option(parsing: .unconditional, help: "The next test, in words.")
        var next: String?
        @Option(name: .customLong("next-experiment"), parsing: .unconditional, help: ArgumentHelp("Create the follow-up draft with this title, linked both ways.", valueName: "title"))
        var nextExperiment: String?

        @Option(parsing: .unconditionalSingleValue, help: ArgumentHelp("A signal that was met (repeatable).", valueName: "signal"))
        var met: [String] = []
        @Option(name: .customLong("not-met"), parsing: .unconditionalSingleValue, help: ArgumentHelp("A signal that was not met (repeatable).", valueName: "signal"))
        var notMet: [String] = []
        @Option(name: .customLong("not-measured"), parsing: .unconditionalSingleValue, help: ArgumentHelp("A signal that was not measured (repeatable).", valueName: "signal"))
        var notMeasured: [String] = []
        @Flag(help: "Commit on a new branch debrief/<id>-<slug>, checked out, for a pull request.")
        var review = false

        var hasDebriefFlags: Bool {
            outcome != nil || returned != nil || facts != nil || signal != nil || remediation != nil || next != nil || nextExperiment != nil
        }

        func validate() throws {
            if let nextExperiment, CommitMessage.oneLine(nextExperiment).isEmpty {
                throw ValidationError("--next-experiment needs a title")
            }
        }

        func run(in ctx: Context) throws {
            let ws = try Workspace.open(ctx, commit)
            let identity = try ws.identity()
            let lock = try ws.lock()
            defer { _ = lock }
            let path = try ws.store.resolve(target.ref, cwd: ctx.directory)
            try ws.checkHead(agreesWithIndexAt: path, lock.indexLock)
            let original = try ws.store.read(path)
            let handEdited = ws.hasUncommittedEdits(path)
            var doc = try ExperimentDocument(path: path, bytes: original)
            let old = doc.experiment
            guard old.status == .running else {
                throw LifecycleError.invalidTransition(id: old.id, action: "conclude", status: old.status)
            }

            var debrief = Conclusion()
            if !hasDebriefFlags && ctx.isInteractive {
                debrief = try debriefFromEditor(ws, old)
            } else {
                guard let outcome else { throw ValidationError("give --outcome validated, disproved or inconclusive") }
                guard let returned, !returned.trimmed().isEmpty else {
                    throw ValidationError("give --returned: what the experiment returned")
                }
                debrief.outcome = outcome
                debrief.returned = returned
                debrief.facts = facts
                debrief.signal = signal
                debrief.remediation = remediation
                debrief.next = next
            }
            debrief.ledger = try ledger(for: old, ctx: ctx)

            var writes: [Workspace.Write] = []
            var experiments: [Experiment] = []
            var followUp: Experiment?
            if let title = nextExperiment {
                var f = Experiment(id: ws.newID(), title: CommitMessage.oneLine(title))
                f.owner = identity.author.person
                f.created = Timestamp.wholeSeconds(identity.author.date)
                f.follows = old.id
                f.tags = old.tags
                f.stakeholders = old.stakeholders
                f.hypothesis = nil
                debrief.nextExperiment = f.id
                if debrief.next == nil { debrief.next = f.title }
                followUp = f
            }
            let e = try old.concluded(debrief, at: identity.author.date)
            try ws.lintLanguage([("--returned", debrief.returned), ("--facts", debrief.facts), ("--signal", debrief.signal),
                                 ("--remediation", debrief.remediation), ("--next", debrief.next)])
            try doc.update(to: e)
            writes.append(.init(path: path, bytes: doc.bytes, original: original))
            experiments.append(e)
            if let f = followUp {
                let fpath = ws.store.newPath(for: f, created: identity.author.date)
                writes.append(.init(path: fpath, bytes: ExperimentDocument(path: fpath, creating: f).bytes, original: nil))
                experiments.append(f)
            }
            let outcome = e.conclusion!.outcome!
            var body = [e.conclusion?.returned ?? ""]
            if let next = e.conclusion?.next { body.append("Next test: " + next) }
            // The follow-up by its own title: the next test's words (--next) may differ from it.
            if let f = followUp { body.append(CommitMessage.followUpPrefix + f.title + " (\(f.id))") }
            let message = CommitMessage.change(action: "conclude", experiments: experiments, summary: outcome.summary,
                                               body: body, transition: (.running, .concluded), outcome: outcome)
            let branch = review ? try ReviewBranch.create(ws, for: e, path: path) : nil
            let result: CommitResult
            do {
                result = try ws.commit(writes, message: message, identity: identity)
                if handEdited { ws.alsoCommitted.append(path) }
            } catch {
                branch?.undo()
                throw error
            }
            let p = ctx.painter
            ws.report("Concluded \(p.bold(e.id)) \(SafeText.line(e.title)): \(p.outcome(outcome))", result)
            if let f = followUp {
                ctx.console.out("Created the next test \(p.bold(f.id)) \(SafeText.line(f.title)) (draft, follows \(e.id)): \(writes[1].path)\n")
            }
            for w in e.ledgerWarnings { ctx.console.err("ff: warning: \(w)\n") }
            if !(e.conclusion?.hasNextTest ?? false) {
                ctx.console.err("ff: warning: no next test published; add one with ff new --follows \(e.id)\n")
            }
            try branch?.announce(e, path: path)
        }

        /// The debrief, written in the editor from `templates/debrief.yaml`.
        private func debriefFromEditor(_ ws: Workspace, _ e: Experiment) throws -> Conclusion {
            let template = Templates.files["debrief.yaml"]!
                .replacingAll("{{id}}", with: e.id)
                .replacingAll("{{title}}", with: SafeText.line(e.title))
            return try EditSession.edit(ws, text: template, name: "\(e.id)-debrief.yaml", what: "ff conclude") { text in
                try Debrief.parse(text)
            }
        }

        /// Every declared signal with what was observed: from flags, else asked, else not measured.
        private func ledger(for e: Experiment, ctx: Context) throws -> [LedgerEntry] {
            let signals = e.signals.success.enumerated().map { ("s\($0.offset + 1)", $0.element) }
                + e.signals.failure.enumerated().map { ("f\($0.offset + 1)", $0.element) }
            var marks: [String: Observed] = [:]
            for (refs, observed) in [(met, Observed.met), (notMet, .notMet), (notMeasured, .notMeasured)] {
                for ref in refs {
                    let key = ref.trimmed(.whitespaces).lowercased()
                    let found = signals.filter { $0.0 == key || $0.1.lowercased() == key }
                    let matches = found.isEmpty ? signals.filter { $0.1.lowercased().hasPrefix(key) } : found
                    guard matches.count == 1 else {
                        let list = signals.map { "\($0.0) \(SafeText.line($0.1))" }.joined(separator: "; ")
                        throw ValidationError("'\(SafeText.line(ref))' names \(matches.isEmpty ? "no" : "more than one") signal of \(e.id) (\(list))")
                    }
                    if let previous = marks[matches[0].1], previous != observed {
                        throw ValidationError("signal \(matches[0].0) is marked twice")
                    }
                    marks[matches[0].1] = observed
                }
            }
            var unmarked: [String] = []
            let entries = try signals.map { number, text -> LedgerEntry in
                if let o = marks[text] { return LedgerEntry(signal: text, observed: o) }
                if ctx.isInteractive {
                    let kind = number.hasPrefix("s") ? "success" : "failure"
                    while true {
                        ctx.console.out("\(kind) signal \(number): \(SafeText.line(text))\n  met, not met, or not measured? [m/n/x] ")
                        guard let answer = ctx.console.readLine()?.trimmed(.whitespaces).lowercased() else {
                            throw FFError.cancelled("ff conclude")
                        }
                        switch answer {
                        case "m", "met": return LedgerEntry(signal: text, observed: .met)
                        case "n", "not met", "not-met": return LedgerEntry(signal: text, observed: .notMet)
                        case "x", "not measured", "not-measured": return LedgerEntry(signal: text, observed: .notMeasured)
                        default: continue
                        }
                    }
                }
                unmarked.append(number)
                return LedgerEntry(signal: text, observed: .notMeasured)
            }
            if !unmarked.isEmpty {
                ctx.console.err("ff: note: recorded \(unmarked.joined(separator: ", ")) as not measured (name them with --met or --not-met)\n")
            }
            return entries
        }
    }
}

/// The debrief template's fields, read back from the editor.
enum Debrief {
    static func parse(_ text: String) throws -> Conclusion {
        let doc = try ExperimentDocument.parseMapping(text, path: "debrief")
        var c = Conclusion()
        guard let o = doc["outcome"], let outcome = Outcome(rawValue: o) else {
            throw FFError.usage("debrief: outcome must be validated, disproved or inconclusive")
        }
        c.outcome = outcome
        guard let returned = doc["returned"], !returned.isEmpty else { throw FFError.usage("debrief: say what the experiment returned") }
        c.returned = returned
        c.facts = doc["facts"]
        c.signal = doc["signal"]
        c.remediation = doc["remediation"]
        c.next = doc["next"]
        return c
    }
}
