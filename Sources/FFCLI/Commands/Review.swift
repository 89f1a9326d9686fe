import ArgumentParser
import FFWorkspace
import FailForward

extension FFCommand {
    struct Review: WorkspaceCommand {
        static let configuration = CommandConfiguration(
            abstract: "Review an experiment without a forge: comment on it, or resolve a comment.",
            discussion: """
            A comment is kept in the experiment file under reviews: (when, who, the line of the \
            file it is about, the text, resolved or not) and committed with FF-Action: review, so \
            it travels with git push and pull and shows in ff show, ff log and the timeline. The \
            author marks a note resolved with --resolve <n>, numbered as ff show lists them. With \
            neither option, lists the notes.
            """
        )
        @OptionGroup var global: GlobalOptions
        @OptionGroup var target: RefArgument
        @Option(parsing: .unconditional, help: ArgumentHelp("The review comment.", valueName: "text"))
        var comment: String?
        @Option(help: ArgumentHelp("The line of the experiment file the comment is about.", valueName: "n"), transform: NumberArgument.ordinal)
        var line: Int?
        @Option(help: ArgumentHelp("Mark review note <n> resolved.", valueName: "n"), transform: NumberArgument.ordinal)
        var resolve: Int?

        func validate() throws {
            if comment != nil && resolve != nil { throw ValidationError("give either --comment or --resolve, not both") }
            if line != nil && comment == nil { throw ValidationError("--line goes with --comment") }
            if let comment, comment.trimmed().isEmpty {
                throw ValidationError("--comment needs text")
            }
        }

        func run(_ ws: Workspace, in ctx: Context) throws {
            let p = ctx.painter
            if comment == nil && resolve == nil {
                let path = try ws.store.resolve(target.ref, cwd: ctx.directory)
                let e = try ws.store.load(path).experiment
                guard !e.reviews.isEmpty else {
                    ctx.console.out("No review notes on \(e.id) yet: add one with ff review \(e.id) --comment \"…\"\n")
                    return
                }
                ctx.console.out(p.bold("Review of \(e.id) \(SafeText.line(e.title)) (\(ReviewView.counts(e.reviews)))") + "\n")
                ctx.console.out(ReviewView.lines(e.reviews, painter: p).joined(separator: "\n") + "\n")
                return
            }
            var number = 0
            let (stored, result) = try ws.change(target.ref) { doc, identity in
                let old = doc.experiment
                let e: Experiment
                var message: CommitMessage
                if let comment {
                    if let line {
                        let lines = doc.text.split(separator: "\n", omittingEmptySubsequences: false).count - (doc.text.hasSuffix("\n") ? 1 : 0)
                        guard line <= lines else { throw ReviewError.lineOutOfRange(path: doc.path, line: line, lines: lines) }
                    }
                    e = try old.reviewed(comment, line: line, by: identity.person, at: identity.date)
                    number = e.reviews.count
                    let summary = "review note \(number)" + (line.map { " on line \($0)" } ?? "")
                    message = .change(action: .review, experiments: [e], summary: summary, body: [e.reviews[number - 1].text])
                    message.trailers.append((key: Trailer.Key.review.rawValue, value: "comment \(number)"))
                } else if let resolve {
                    number = resolve
                    e = try old.resolvingReview(number)
                    message = .change(action: .review, experiments: [e], summary: "resolved review note \(number)",
                                      body: ["Resolved: " + e.reviews[number - 1].text])
                    message.trailers.append((key: Trailer.Key.review.rawValue, value: "resolve \(number)"))
                } else {
                    throw ValidationError("give --comment or --resolve")
                }
                try doc.update(to: e)
                return message
            }
            let e = stored.experiment
            let what = comment != nil ? "Added review note \(number) to" : "Resolved review note \(number) of"
            CommitReport.print("\(what) \(p.bold(e.id)) \(SafeText.line(e.title)) (\(ReviewView.counts(e.reviews)))", result, experiments: [e.id], in: ctx)
        }
    }
}
