import ArgumentParser
import FFWorkspace
import FailForward

extension FFCommand {
    struct DigestCommand: WorkspaceCommand {
        static let configuration = CommandConfiguration(
            commandName: "digest",
            abstract: "A short digest for sponsors: what started, what concluded and what it returned, next tests.",
            discussion: "Covers the last 7 days unless given --since, --until or a revision range A..B."
        )
        enum Format: String, ExpressibleByArgument, CaseIterable {
            case markdown, html
        }

        @OptionGroup var global: GlobalOptions
        @Argument(help: ArgumentHelp("The commits to cover: A..B (in B, not in A).", valueName: "range"))
        var range: String?
        @Option(help: ArgumentHelp("From this date on, or this far back (default 7d).", valueName: "when"))
        var since: String?
        @Option(help: ArgumentHelp("Up to this date (included) or span back.", valueName: "when"))
        var until: String?
        @Option(help: ArgumentHelp("markdown or html.", valueName: "format"))
        var format: Format = .markdown
        @OptionGroup var output: DocumentOutput

        func validate() throws {
            if range != nil && (since != nil || until != nil) {
                throw ValidationError("give either a revision range or --since/--until, not both")
            }
            try NumberArgument.checkTime(since, flag: "--since")
            try NumberArgument.checkTime(until, flag: "--until")
        }

        func run(_ ws: Workspace, in ctx: Context) throws {
            defer { TimelineHistory.finishWrites() }
            let target = try output.target(ws)
            let digest: Digest
            if let range {
                digest = Digest(try TimelineHistory.load(ws, range: range), period: range, isRange: true)
            } else {
                let now = ctx.now()
                let from = try TimeSpec.resolve(since ?? "7d", now: now)
                let to = try until.map { try TimeSpec.resolve($0, now: now, endOfDay: true) }
                let t = try TimelineHistory.load(ws, facts: true).filtered(TimelineFilter(since: from, until: to))
                let period = "\(Timestamp.day(from)) – \(Timestamp.day(to.map { $0.addingTimeInterval(-1) } ?? now))"
                digest = Digest(t, period: period)
            }
            let text = format == .html ? digest.html() : digest.markdown()
            try output.emit(to: target, in: ctx, what: "the digest") { $0(Array(text.utf8)) }
        }
    }
}
