import ArgumentParser
import FFWorkspace
import FailForward

/// The experiment a command acts on.
struct RefArgument: ParsableArguments {
    @Argument(help: ArgumentHelp("The experiment: an id prefix (4+ characters), its slug, or its file path.", valueName: "ref"),
              completion: .custom { words, _, prefix in RefCompletion.candidates(words: words, prefix: prefix) })
    var ref: String
}

extension FFCommand {
    struct Start: FFRunnable {
        static let configuration = CommandConfiguration(
            abstract: "Start a draft: checks the plan is complete, locks it and starts the timebox.",
            discussion: """
            Requires a hypothesis, at least one success and one failure signal, a data plan, \
            reversibility with a rollback plan, a stakeholder and a timebox within the configured \
            bounds. From then on hypothesis, signals, data, timebox, reversibility, rollback and \
            prediction are locked: change them only with ff amend.
            """
        )
        @OptionGroup var global: GlobalOptions
        @OptionGroup var commit: CommitFlags
        @OptionGroup var target: RefArgument

        func run(in ctx: Context) throws {
            let ws = try Workspace.open(ctx, commit)
            let (stored, result) = try ws.change(target.ref) { doc, identity in
                let old = doc.experiment
                let e = try old.started(at: identity.date, bounds: ws.config.timeboxDays)
                try doc.update(to: e)
                let due = e.due.map(Timestamp.day) ?? "?"
                return .change(action: .start, experiments: [e], body: ["Timebox: \(e.timebox.days ?? 0) days, due \(due)."],
                               transition: (old.status, .running))
            }
            let e = stored.experiment
            CommitReport.print("Started \(ctx.painter.bold(e.id)) \(SafeText.line(e.title)): \(e.timebox.days ?? 0) days, due \(e.due.map(Timestamp.day) ?? "?")", result, in: ctx)
            if e.reversible == false {
                ctx.console.err("ff: warning: \(e.id) is marked irreversible; keep its rollback plan at hand\n")
            }
        }
    }

    struct Note: FFRunnable {
        static let configuration = CommandConfiguration(abstract: "Record an observation on a running experiment.")
        static let textArguments: Set<String> = ["text"]
        @OptionGroup var global: GlobalOptions
        @OptionGroup var commit: CommitFlags
        @OptionGroup var target: RefArgument
        @Argument(help: "What you observed.")
        var text: String

        func run(in ctx: Context) throws {
            let ws = try Workspace.open(ctx, commit)
            let (stored, result) = try ws.change(target.ref) { doc, identity in
                let e = try doc.experiment.noted(text, at: identity.date)
                try ws.lintLanguage([("the observation", text)])
                try doc.update(to: e)
                return .change(action: .note, experiments: [e], body: [e.observations.last!.text])
            }
            let count = stored.experiment.observations.count
            CommitReport.print("Noted on \(ctx.painter.bold(stored.experiment.id)) (\(count) observation\(count == 1 ? "" : "s"))", result, in: ctx)
        }
    }

    struct Abandon: FFRunnable {
        static let configuration = CommandConfiguration(
            abstract: "Abandon a draft or running experiment, with the reason (still a learning).",
            discussion: "The file stays: started experiments are never deleted."
        )
        @OptionGroup var global: GlobalOptions
        @OptionGroup var commit: CommitFlags
        @OptionGroup var target: RefArgument
        @Option(parsing: .unconditional, help: "Why it stops here.")
        var reason: String

        func run(in ctx: Context) throws {
            let ws = try Workspace.open(ctx, commit)
            let (stored, result) = try ws.change(target.ref) { doc, identity in
                let old = doc.experiment
                let e = try old.abandoned(reason: reason, at: identity.date)
                try ws.lintLanguage([("--reason", reason)])
                try doc.update(to: e)
                return .change(action: .abandon, experiments: [e], body: [e.abandoned?.reason ?? ""], transition: (old.status, .abandoned))
            }
            CommitReport.print("Abandoned \(ctx.painter.bold(stored.experiment.id)) \(SafeText.line(stored.experiment.title))", result, in: ctx)
        }
    }

    struct Edit: FFRunnable {
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

        func run(in ctx: Context) throws {
            let ws = try Workspace.open(ctx, commit)
            let (stored, result) = try ws.change(target.ref) { doc, identity in
                let old = doc.experiment
                let new = try Self.revise(&doc, ws: ws, ctx: ctx, title: title, fields: fields, what: "ff edit") { try old.edited(to: $0) }
                let changed = new.changedKeys(comparedTo: old)
                return .change(action: .edit, experiments: [new], body: [changed.isEmpty ? "Comments and layout only." : "Changed: \(changed.joined(separator: ", "))."])
            }
            CommitReport.print("Edited \(ctx.painter.bold(stored.experiment.id)) \(SafeText.line(stored.experiment.title))", result, in: ctx)
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

    struct Amend: FFRunnable {
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

        func run(in ctx: Context) throws {
            let ws = try Workspace.open(ctx, commit)
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
            CommitReport.print("Amended \(ctx.painter.bold(stored.experiment.id)): \(fieldsChanged.map(\.rawValue).joined(separator: ", ")) (recorded as deviations)", result, in: ctx)
        }
    }
}
