import FFGit
import FailForward

/// `ff site`: reads one repository or many, renders the learning site, and writes only the
/// files whose bytes changed.
///
/// Sources other than the repository ff runs in are fetched with the git CLI (any path or URL
/// git can fetch) into clones under `.git/ff/sources/`, where the timeline's own cache makes a
/// rebuild read only new commits; a source that cannot be fetched or read is reported and
/// skipped (or shown from its last fetched copy), never fatal.
public struct SiteBuild {
    public struct Request: Sendable {
        /// The sources (`--source`); empty: those `.ff/site.yaml` names, else the repository ff
        /// runs in.
        public var sources: [SiteConfig.Source]
        /// Where relative `--source` paths are read from (`.ff/site.yaml`'s: the repository's top).
        public var base: String
        public var output: String
        public var title: String?
        /// Index the site with pagefind when it is installed.
        public var search = true
        public init(sources: [SiteConfig.Source], base: String, output: String, title: String? = nil) {
            self.sources = sources
            self.base = base
            self.output = output
            self.title = title
        }
    }

    public struct Result: Sendable, Equatable {
        public var pages = 0
        public var written = 0
        public var unchanged = 0
        public var removed = 0
        /// The sources shown, by name.
        public var sources: [String] = []
        /// The sources left out, each with why.
        public var skipped: [String] = []
        /// Whether pagefind indexed the site (search.html works).
        public var searchIndexed = false
    }

    /// The file that lists what ff wrote in the output folder, so that a rebuild removes the
    /// pages of experiments that are gone and nothing else.
    public static let manifest = ".ff-site"

    let env: Environment
    let delegate: WorkspaceDelegate

    public init(env: Environment, delegate: WorkspaceDelegate) {
        self.env = env
        self.delegate = delegate
    }

    public func run(_ request: Request) throws -> Result {
        var result = Result()
        let output = request.output.hasPrefix("/") ? request.output : Paths.join(env.directory, request.output)
        // The repository ff runs in: the site's source when none is named, else where the
        // clones are kept (and, with no --source, where .ff/site.yaml names the sources).
        let opened = Swift.Result { try Workspace.open(env, delegate: delegate) }
        let here = try? opened.get()
        try SiteWriter.refuseOutput(output, repository: here)
        var request = request
        if request.sources.isEmpty, let ws = here, let config = try SiteBuild.config(ws) {
            request.sources = config.sources
            request.base = ws.root
            request.title = request.title ?? config.title
        }
        var sources: [Site.Source] = []
        var slugs: Set<String> = []
        func uniqueSlug(_ name: String) -> String {
            let base = Site.slug(name)
            var slug = base, n = 2
            while slugs.contains(slug) { slug = "\(base)-\(n)"; n += 1 }
            slugs.insert(slug)
            return slug
        }
        defer { TimelineHistory.finishWrites() }
        if request.sources.isEmpty {
            let ws = try opened.get()
            let name = Paths.last(ws.root)
            sources.append(try read(ws, name: name, slug: uniqueSlug(name), remote: ws.gitConfig("remote.origin.url")))
        } else {
            guard let cacheRoot = here.map({ $0.ffFolder + "/sources" }) else {
                throw WorkspaceError.usage("ff site --source keeps its clones under .git/ff/sources/ of the repository it runs in: run it in one (git init makes one); nothing was written")
            }
            // Fetched one after the other (git's own work), then read on every core.
            var fetched: [(source: SiteConfig.Source, slug: String, folder: String?, error: String?)] = []
            for source in request.sources {
                let slug = uniqueSlug(source.name)
                do {
                    fetched.append((source, slug, try fetch(source, base: request.base, into: cacheRoot + "/" + slug, current: here), nil))
                } catch {
                    fetched.append((source, slug, nil, String(describing: error)))
                }
            }
            let env = self.env
            let toRead = fetched
            let reads = Slots<(source: Site.Source?, error: String?, warnings: [String])>(count: toRead.count)
            DispatchQueue.concurrentPerform(iterations: toRead.count) { i in
                let f = toRead[i]
                guard let folder = f.folder else {
                    reads[i] = (nil, f.error, [])
                    return
                }
                let collector = CollectingDelegate()
                do {
                    let ws = try Workspace.open(Environment(variables: env.variables, directory: folder, now: env.now), delegate: SilentDelegate())
                    let remote = SiteBuild.isLocal(f.source.url) ? ws.gitConfig("remote.origin.url") : f.source.url
                    let read = try SiteBuild(env: env, delegate: collector).read(ws, name: f.source.name, slug: f.slug, remote: remote)
                    reads[i] = (read, nil, collector.warnings)
                } catch {
                    reads[i] = (nil, String(describing: error), collector.warnings)
                }
            }
            for (i, f) in fetched.enumerated() {
                let r = reads[i] ?? (nil, "not read", [])
                for w in r.warnings { delegate.warning(w) }
                if let source = r.source {
                    sources.append(source)
                } else {
                    let why = "\(SafeText.line(f.source.name)) (\(SafeText.line(f.source.url))): \(SafeText.line(r.error ?? "unreadable"))"
                    result.skipped.append(why)
                    delegate.warning("skipped the source \(why)")
                }
            }
        }
        result.sources = sources.map(\.name)
        let title = request.title ?? (sources.count == 1 ? "\(sources[0].name): learning" : "Learning")
        let indexer = request.search ? SiteBuild.pagefind(env.variables) : nil
        let pages = Site.render(sources, title: title, now: env.now(), search: indexer != nil)
        result.pages = pages.count
        let counts = try SiteWriter.write(pages, to: output)
        result.written = counts.written
        result.unchanged = counts.unchanged
        result.removed = counts.removed
        if let indexer {
            let r = try? Subprocess.capture(indexer + ["--site", output, "--quiet"], environment: env.variables, timeout: 600)
            if r?.status == 0 {
                result.searchIndexed = true
            } else {
                delegate.warning("pagefind could not index the site (\(SafeText.line(r?.stderr.split(separator: "\n").last.map(String.init) ?? "it did not run"))); the pages work without search")
            }
        }
        return result
    }

    /// Keeps a reading thread's warnings, to be reported in the sources' order.
    final class CollectingDelegate: WorkspaceDelegate, @unchecked Sendable {
        var warnings: [String] = []
        var wantsProgress: Bool { false }
        func progress(_ progress: WorkspaceProgress) {}
        func warning(_ text: String) { warnings.append(text) }
        func note(_ text: String) {}
        func recovered(_ recovery: Recovery) {}
        func hookOutput(_ text: String) {}
    }

    /// One source's experiments, plans at their start and timeline.
    func read(_ ws: Workspace, name: String, slug: String, remote: String?) throws -> Site.Source {
        // The events alone: the pages take the experiments' contents from their files.
        let timeline = try TimelineHistory.load(ws, facts: false)
        let (experiments, problems) = ws.store.loadAll()
        for p in problems { delegate.warning("\(SafeText.line(name)): skipped \(SafeText.line(p.description))") }
        var baselines: [String: Experiment] = [:]
        if experiments.contains(where: { $0.experiment.timebox.started != nil }) {
            let locks = try ws.lockHistory()
            for e in experiments where e.experiment.timebox.started != nil {
                if let b = locks.baseline(e.experiment.id) { baselines[e.experiment.id] = b.experiment }
            }
        }
        return Site.Source(name: name, slug: slug, commitLink: remote.flatMap(Site.commitLink(remote:)),
                           experiments: experiments, baselines: baselines, timeline: timeline)
    }

    /// The working tree of a source: the repository ff runs in when the source is it, else a
    /// clone under `cache`, fetched anew (only what is new) on every build.
    func fetch(_ source: SiteConfig.Source, base: String, into cache: String, current: Workspace?) throws -> String {
        var url = source.url
        if SiteBuild.isLocal(url) {
            url = Paths.standardize(url.hasPrefix("/") ? url : Paths.join(base, url))
            if let ws = current, OutputPath.realPath(url) == OutputPath.realPath(ws.root) { return ws.root }
        }
        var git = env.variables
        // Never a prompt for a password, never the user's hooks or templates in the clone.
        git["GIT_TERMINAL_PROMPT"] = "0"
        git["GIT_ASKPASS"] = "/bin/false"
        git["SSH_ASKPASS"] = "/bin/false"
        git["GIT_SSH_COMMAND"] = (env.variables["GIT_SSH_COMMAND"] ?? "ssh") + " -o BatchMode=yes"
        for k in ["GIT_DIR", "GIT_WORK_TREE", "GIT_INDEX_FILE", "GIT_OBJECT_DIRECTORY", "GIT_COMMON_DIR"] { git[k] = nil }
        // No hooks, no templates, and never git's ext:: transport (a URL that runs a command).
        let options = ["-c", "core.hooksPath=/dev/null", "-c", "init.templateDir=", "-c", "advice.detachedHead=false",
                       "-c", "protocol.ext.allow=never"]
        func runGit(_ args: [String], in dir: String? = nil) throws {
            let r = try Subprocess.capture(["git"] + options + args, environment: git, directory: dir, timeout: 600)
            guard r.status == 0 else {
                let line = r.stderr.split(separator: "\n").last(where: { !$0.hasPrefix("hint:") }).map(String.init)
                throw WorkspaceError.io(r.timedOut ? "git did not fetch it within 10 minutes" : "git could not fetch it: \(line ?? "exit status \(r.status)")")
            }
        }
        if Paths.isFolder(cache + "/.git") == true {
            // A path whose HEAD is the commit the clone has: nothing to fetch (no git run).
            if SiteBuild.isLocal(source.url), let there = try? Repository.open(containing: url).head().id,
               let here = try? Repository.open(containing: cache).head().id, there == here {
                return cache
            }
            do {
                // The source's HEAD, whatever branch it names now.
                try runGit(["fetch", "--quiet", "--no-tags", "origin", "HEAD"], in: cache)
                try runGit(["reset", "--quiet", "--hard", "FETCH_HEAD"], in: cache)
            } catch {
                delegate.warning("\(SafeText.line(source.name)): \(error); showing the copy fetched before")
            }
            return cache
        }
        try Paths.makeFolders(Paths.parent(cache))
        let partial = cache + ".partial"
        try? FileManager.default.removeItem(atPath: partial)
        try runGit(["clone", "--quiet", "--no-tags", "--single-branch", "--", url, partial])
        guard rename(partial, cache) == 0 else { throw WorkspaceError.io("cannot keep the clone of \(SafeText.line(source.name)): \(SystemError(errno))") }
        return cache
    }

    /// `.ff/site.yaml` of the repository, when it has one.
    static func config(_ ws: Workspace) throws -> SiteConfig? {
        let path = ws.root + "/" + SiteConfig.path
        guard let bytes = SiteWriter.readRegular(path) else { return nil }
        return try SiteConfig.parse(String(decoding: bytes, as: UTF8.self))
    }

    /// A path rather than a URL: no `scheme://` and no `host:path` (a `./x:y` is a path).
    static func isLocal(_ url: String) -> Bool {
        if url.contains("://") { return false }
        guard let colon = url.firstIndex(of: ":") else { return true }
        return url[..<colon].contains("/")
    }

    /// How pagefind runs, when it is installed: `pagefind` or `pagefind_extended` on PATH
    /// (the npm and binary releases), else the PyPI package through `python3 -m pagefind`.
    static func pagefind(_ variables: [String: String]) -> [String]? {
        let path = (variables["PATH"] ?? "").split(separator: ":")
        for name in ["pagefind_extended", "pagefind"] {
            for dir in path where access("\(dir)/\(name)", X_OK) == 0 { return ["\(dir)/\(name)"] }
        }
        let pythons: [String] = path.map { String($0) + "/python3" }
        guard let python = pythons.first(where: { access($0, X_OK) == 0 }) else { return nil }
        let probe = try? Subprocess.capture([python, "-m", "pagefind", "--version"], environment: variables, timeout: 60)
        return probe?.status == 0 ? [python, "-m", "pagefind"] : nil
    }
}
