import ArgumentParser
import FFWorkspace
import FailForward

extension FFCommand {
    struct Edit: WorkspaceCommand {
        static let configuration = CommandConfiguration(
            abstract: "Edit an experiment in $VISUAL/$EDITOR (or through flags) and commit the change.",
            discussion: """
            The file is validated when you save; on an error you can edit again. The status changes \
            only through start, conclude and abandon; the locked fields of a running experiment \
            only through ff amend.
            """
        )
        @OptionGroup var global: GlobalOptions
        @OptionGroup var commit: CommitFlags
        @OptionGroup var target: RefArgument
        @Option(parsing: .unconditional, help: "A new title (the file keeps its name).")
        var title: String?
        @OptionGroup var fields: FieldOptions

        var commitFlags: CommitFlags? { commit }

        func run(_ ws: Workspace, in ctx: Context) throws {
            let (stored, result) = try ws.change(target.ref) { doc, identity in
                let old = doc.experiment
                let new = try Self.revise(&doc, ws: ws, ctx: ctx, title: title, fields: fields, what: "ff edit") { try old.edited(to: $0) }
                let changed = new.changedKeys(comparedTo: old)
                return .change(action: .edit, experiments: [new], body: [changed.isEmpty ? "Comments and layout only." : "Changed: \(changed.joined(separator: ", "))."])
            }
            CommitReport.print("Edited \(ctx.painter.bold(stored.experiment.id)) \(SafeText.line(stored.experiment.title))", result, experiments: [stored.experiment.id], in: ctx)
        }

        /// Applies flags, or runs the editor on the file, and checks the result with `check`.
        static func revise(
            _ doc: inout ExperimentDocument, ws: Workspace, ctx: Context, title: String?, fields: FieldOptions, what: String,
            check: (Experiment) throws -> Experiment
        ) throws -> Experiment {
            let old = doc.experiment
            if title == nil && fields.isEmpty {
                guard ctx.isInteractive || ws.hasConfiguredEditor else {
                    throw ValidationError("not on a terminal and no $EDITOR: give the changes as flags (see ff \(what.split(separator: " ").last!) --help)")
                }
                let path = doc.path
                let edited = try EditSession.edit(ws, ctx, text: doc.text, name: "\(old.id).yaml", what: what) { text in
                    let d = try ExperimentDocument(path: path, bytes: Array(text.utf8))
                    try Self.checkIdentity(old, d.experiment)
                    _ = try check(d.experiment)
                    return d
                }
                guard edited.experiment != old || edited.text != doc.text else { throw CLIError.cancelled("\(what): no changes") }
                doc = edited
                return doc.experiment
            }
            var new = fields.apply(to: old)
            if let title {
                new.title = CommitMessage.oneLine(title)
                guard !new.title.isEmpty else { throw ValidationError("the title is empty") }
            }
            let checked = try check(new)
            guard checked != old else { throw CLIError.cancelled("\(what): no changes") }
            try doc.update(to: checked)
            return checked
        }

        static func checkIdentity(_ old: Experiment, _ new: Experiment) throws {
            guard new.id == old.id else { throw CLIError.usage("the id \(old.id) cannot change") }
            guard new.status == old.status else {
                throw CLIError.usage("the status changes only through ff start, conclude or abandon (it is \(old.status.rawValue))")
            }
            guard new.conclusion == old.conclusion || old.status == .concluded else {
                throw CLIError.usage("a conclusion is recorded with ff conclude")
            }
        }
    }
}
