import ArgumentParser
import FFWorkspace
import FailForward

extension FFCommand {
    struct SiteCommand: FFRunnable {
        static let configuration = CommandConfiguration(
            commandName: "site",
            abstract: "Write the learning site: a portfolio, a page per experiment, the timeline, stats and an Atom feed.",
            discussion: """
            Static pages that work from any folder or static host (relative links only, no \
            request to another host, readable without JavaScript), light and dark. Of the \
            repository ff runs in; of the repositories .ff/site.yaml lists (title:, and sources: \
            with name: and url: each); or of each --source, a path or any URL git can fetch. \
            Sources are cloned under .git/ff/sources/ and fetched again on each build; one that \
            cannot be fetched is reported and skipped. A rebuild rewrites only the pages that \
            changed. With pagefind installed (pip install 'pagefind[extended]'), the site gets \
            a search page.
            """)
        @OptionGroup var global: GlobalOptions
        @Option(name: [.customShort("o"), .customLong("output")], help: ArgumentHelp("The folder to write the site into (made when missing).", valueName: "dir"))
        var output: String
        @Option(name: .customLong("source"), help: ArgumentHelp("A repository to show: a path or a URL git can fetch (repeatable; instead of .ff/site.yaml).", valueName: "path-or-url"))
        var sources: [String] = []
        @Option(parsing: .unconditional, help: ArgumentHelp("The site's title.", valueName: "text"))
        var title: String?
        @Flag(name: .customLong("no-search"), help: "Do not index the site with pagefind, even when it is installed.")
        var noSearch = false

        func run(in ctx: Context) throws {
            let env = ctx.workspaceEnvironment
            let delegate = ConsoleDelegate(ctx)
            var request = SiteBuild.Request(sources: sources.map { SiteConfig.Source(name: Self.name(of: $0), url: $0) },
                                            base: ctx.directory, output: output, title: title)
            request.search = !noSearch
            let r = try SiteBuild(env: env, delegate: delegate).run(request)
            let from = r.sources.count == 1 ? SafeText.line(r.sources[0]) : "\(r.sources.count) repositories"
            ctx.console.out("Wrote the site of \(from) to \(SafeText.line(output)): \(r.written) file\(r.written == 1 ? "" : "s") written, \(r.unchanged) unchanged, \(r.removed) removed\n")
            if !r.skipped.isEmpty {
                ctx.console.err("ff: warning: \(r.skipped.count) source\(r.skipped.count == 1 ? " was" : "s were") skipped (above)\n")
            }
            ctx.console.out(r.searchIndexed ? "Search: indexed by pagefind (search.html)\n"
                : noSearch ? "Search: not built (--no-search)\n" : "Search: not built (pip install 'pagefind[extended]' gives it)\n")
            ctx.console.out("Open \(SafeText.line(Paths.join(output, "index.html")))\n")
        }

        /// A source's name: its last path component, without `.git`.
        static func name(of url: String) -> String {
            var n = Paths.last(String(url.reversed().drop { $0 == "/" }.reversed()))
            if n.hasSuffix(".git") { n.removeLast(4) }
            if let colon = n.lastIndex(of: ":") { n = String(n[n.index(after: colon)...]) }
            return n.isEmpty ? "repository" : n
        }
    }
}
