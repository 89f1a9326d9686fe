import ArgumentParser
import FFWorkspace
import FailForward

extension FFCommand {
    struct Amend: WorkspaceCommand {
        static let configuration = CommandConfiguration(
            abstract: "Change a locked field of a running experiment, declared as a deviation.",
            discussion: """
            Opens the editor (or takes flags, as ff edit does). Each locked field that changed is \
            recorded under deviations: with the reason, time and author, and as an FF-Deviation \
            trailer on the commit. A locked field already changed by hand since the start (in the \
            file, or in a commit made with git) is declared too; with no flags, such changes are \
            declared without opening the editor.
            """
        )
        @OptionGroup var global: GlobalOptions
        @OptionGroup var commit: CommitFlags
        @OptionGroup var target: RefArgument
        @Option(parsing: .unconditional, help: "Why the plan changes.")
        var reason: String
        @OptionGroup var fields: FieldOptions

        func validate() throws {
            if reason.trimmed().isEmpty { throw ValidationError("--reason needs text") }
        }

        var commitFlags: CommitFlags? { commit }

        func run(_ ws: Workspace, in ctx: Context) throws {
            var fieldsChanged: [Experiment.LockedField] = []
            let (stored, result) = try ws.change(target.ref) { doc, identity in
                let old = doc.experiment
                guard old.status == .running else {
                    throw LifecycleError.invalidTransition(id: old.id, action: .amend, status: old.status)
                }
                try ws.lintLanguage([("--reason", reason)])
                // Changes of locked fields made by hand since the start, and not declared yet,
                // are declared by this amendment too: ff amend is the one remedy ff check names.
                let history = try ws.lockHistory()
                if case let .cannotVerify(m) = history.lookup(old.id) {
                    throw CLIError.usage(history.cannotVerify(m, id: old.id, status: old.status) + "; nothing was changed")
                }
                let baseline = history.baseline(old.id)?.experiment
                func undeclared(_ e: Experiment) -> [Experiment.LockedField] {
                    baseline.map { PreRegistration.undeclaredFields(from: $0, to: e) } ?? []
                }
                let revised: Experiment
                if fields.isEmpty && !undeclared(old).isEmpty {
                    revised = old
                } else {
                    revised = try Edit.revise(&doc, ws: ws, ctx: ctx, title: nil, fields: fields, what: "ff amend") { new in
                        guard new.deviations == old.deviations else { throw CLIError.usage("deviations are recorded by ff amend; don't edit them") }
                        return try old.amended(to: new, reason: reason, at: identity.date, by: identity.person,
                                               declaring: undeclared(new)).0
                    }
                }
                let (amended, changed) = try old.amended(to: revised, reason: reason, at: identity.date,
                                                         by: identity.person, declaring: undeclared(revised))
                fieldsChanged = changed
                try doc.update(to: amended)
                return .change(action: .amend, experiments: [amended], summary: changed.map(\.rawValue).joined(separator: ", "),
                               body: [reason], deviations: changed.map(\.rawValue))
            }
            CommitReport.print("Amended \(ctx.painter.bold(stored.experiment.id)): \(fieldsChanged.map(\.rawValue).joined(separator: ", ")) (recorded as deviations)", result, experiments: [stored.experiment.id], in: ctx)
        }
    }
}
