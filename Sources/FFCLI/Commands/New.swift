import ArgumentParser
import FFWorkspace
import FailForward

extension FFCommand {
    struct New: WorkspaceCommand {
        static let configuration = CommandConfiguration(
            abstract: "Create a draft experiment and commit it.",
            discussion: """
            With flags (or given only a title when not on a terminal), the draft is built from them. \
            With no flags on a terminal, $VISUAL or $EDITOR opens a template to fill in.
            """
        )

        static let textArguments: Set<String> = ["title"]

        @OptionGroup var global: GlobalOptions
        @OptionGroup var commit: CommitFlags

        @Argument(help: "The experiment's title.")
        var title: String?

        @OptionGroup var fields: FieldOptions

        @Option(help: ArgumentHelp("The experiment this one is the next test of (id, slug or path).", valueName: "ref"))
        var follows: String?

        @Flag(help: "Open the editor on the template even when flags are given.")
        var edit = false

        func validate() throws {
            if let title, CommitMessage.oneLine(title).isEmpty { throw ValidationError("the title is empty") }
        }

        var commitFlags: CommitFlags? { commit }

        func run(_ ws: Workspace, in ctx: Context) throws {
            let actor = try ws.actor()
            let now = actor.date
            var e = Experiment(id: ws.newID(), title: CommitMessage.oneLine(title ?? ""))
            e.owner = actor.person
            e.created = Timestamp.wholeSeconds(now)
            if let follows {
                // A next test inherits where it is shown and who watches it, unless told otherwise.
                let path = try ws.store.resolve(follows, cwd: ctx.directory)
                let previous = try ws.store.load(path).experiment
                e = previous.nextTest(id: e.id, title: e.title, owner: e.owner, created: now)
            }
            e = fields.apply(to: e)

            let useEditor = edit || (fields.isEmpty && follows == nil && ctx.isInteractive)
            var doc: ExperimentDocument
            if useEditor {
                // The template, with whatever the flags already say filled in (its comments kept).
                var template = try ExperimentDocument(path: "template", bytes: Array(NewTemplate.render(e, config: ws.config).utf8))
                var seeded = fields.apply(to: template.experiment)
                seeded.follows = e.follows
                try template.update(to: seeded)
                doc = try EditSession.edit(ws, ctx, text: template.text, name: "\(e.id).yaml", what: "ff new") { text in
                    let d = try ExperimentDocument(path: "new experiment", bytes: Array(text.utf8))
                    guard d.experiment.id == e.id else { throw CLIError.usage("keep the id \(e.id) that ff chose") }
                    guard d.experiment.status == .draft else { throw CLIError.usage("a new experiment starts as status: draft; start it with ff start") }
                    guard !d.experiment.title.isEmpty else { throw CLIError.usage("give the experiment a title") }
                    return d
                }
                e = doc.experiment
            } else {
                guard !e.title.isEmpty else { throw ValidationError("give a title: ff new \"<title>\"") }
                doc = ExperimentDocument(path: "", creating: e)
            }

            let lock = try ws.lock()
            defer { _ = lock }
            let path = ws.store.newPath(for: e, created: now)
            guard !FileManager.default.fileExists(atPath: ws.store.absolute(path)) else {
                throw WorkspaceError.io("\(path) already exists")
            }
            let message = CommitMessage.change(action: .new, experiments: [e], body: [e.hypothesis ?? ""], transition: (nil, .draft))
            let result = try ws.commit([.init(path: path, bytes: doc.bytes, original: nil)], message: message, by: actor)
            let p = ctx.painter
            CommitReport.print("Created \(p.bold(e.id)) \(SafeText.line(e.title)) (draft): \(path)", result, experiments: [e.id], in: ctx)
            let missing = Lifecycle.missingForStart(e, bounds: ws.config.timeboxDays)
            ctx.console.out(p.dim(missing.isEmpty
                ? "Ready: ff start \(e.id)"
                : "Before ff start \(e.id): add \(missing.joined(separator: ", ")) (ff edit \(e.id))") + "\n")
        }
    }
}

/// The editor template for `ff new`, from `templates/experiment.yaml`.
enum NewTemplate {
    static func render(_ e: Experiment, config: FFConfig) -> String {
        let days = e.timebox.days ?? min(max(14, config.timeboxDays.lowerBound), config.timeboxDays.upperBound)
        var t = Templates.files["experiment.yaml"]!
        let values: [(String, String)] = [
            ("{{id}}", e.id),
            ("{{title}}", e.title.isEmpty ? "\"\"" : YAMLWriter.inline(e.title, kind: .text, flow: false)),
            ("{{owner}}", e.owner.map { YAMLWriter.inline($0, kind: .text, flow: false) } ?? ""),
            ("{{created}}", e.created.map(Timestamp.format) ?? ""),
            ("{{days}}", String(days)),
            ("{{min_days}}", String(config.timeboxDays.lowerBound)),
            ("{{max_days}}", String(config.timeboxDays.upperBound)),
        ]
        for (k, v) in values { t = t.replacingAll(k, with: v) }
        return t
    }
}
