import ArgumentParser
import FFWorkspace
import FailForward

extension FFCommand {
    struct Conclude: WorkspaceCommand {
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

        var commitFlags: CommitFlags? { commit }

        func run(_ ws: Workspace, in ctx: Context) throws {
            let done = try FFWorkspace.Conclude(ref: target.ref, nextExperiment: nextExperiment, review: review).run(ws) { old in
                var debrief = Conclusion()
                if !hasDebriefFlags && ctx.isInteractive {
                    debrief = try debriefFromEditor(ws, ctx, old)
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
                return debrief
            }
            let e = done.experiment
            let p = ctx.painter
            CommitReport.print("Concluded \(p.bold(e.id)) \(SafeText.line(e.title)): \(p.outcome(e.conclusion?.outcome ?? .inconclusive))", done.commit, experiments: [e.id] + (done.followUp.map { [$0.0.id] } ?? []), in: ctx)
            if let (f, path) = done.followUp {
                ctx.console.out("Created the next test \(p.bold(f.id)) \(SafeText.line(f.title)) (draft, follows \(e.id)): \(path)\n")
            }
            for w in e.ledgerWarnings { ctx.console.err("ff: warning: \(w)\n") }
            if !(e.conclusion?.hasNextTest ?? false) {
                ctx.console.err("ff: warning: no next test published; add one with ff new --follows \(e.id)\n")
            }
            if let a = done.announcement { ReviewAnnouncement.print(a, in: ctx) }
        }

        /// The debrief, written in the editor from `templates/debrief.yaml`.
        private func debriefFromEditor(_ ws: Workspace, _ ctx: Context, _ e: Experiment) throws -> Conclusion {
            try EditSession.edit(ws, ctx, text: DebriefTemplate.text(for: e), name: "\(e.id)-debrief.yaml", what: "ff conclude") { text in
                try DebriefTemplate.parse(text)
            }
        }

        /// Every declared signal with what was observed: from flags, else asked, else not measured.
        private func ledger(for e: Experiment, ctx: Context) throws -> [LedgerEntry] {
            let ledger = SignalLedger(e)
            let signals = ledger.signals
            let marks: [String: Observed]
            do {
                marks = try ledger.marks(met: met, notMet: notMet, notMeasured: notMeasured)
            } catch let problem as SignalLedger.Problem {
                throw ValidationError(problem.description)
            }
            var unmarked: [String] = []
            let entries = try signals.map { number, text -> LedgerEntry in
                if let o = marks[text] { return LedgerEntry(signal: text, observed: o) }
                if ctx.isInteractive {
                    let kind = number.hasPrefix("s") ? "success" : "failure"
                    while true {
                        ctx.console.out("\(kind) signal \(number): \(SafeText.line(text))\n  met, not met, or not measured? [m/n/x] ")
                        guard let answer = ctx.console.readLine()?.trimmed(.whitespaces).lowercased() else {
                            throw CLIError.cancelled("ff conclude")
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
