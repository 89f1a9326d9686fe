/// The learning site: static pages over one repository or many, readable without JavaScript,
/// with relative links only (it works from `file://`, a sub-path or any static host), every
/// text from a file escaped, and no request to any other host.
public enum Site {
    /// One repository as the site shows it.
    public struct Source: Sendable {
        /// The name shown (`.ff/site.yaml`'s `name`, else the repository's folder).
        public var name: String
        /// The folder of its pages: lowercase letters, digits and dashes, unique in the site.
        public var slug: String
        /// Where a commit of it can be seen on its forge: the prefix of a commit id.
        public var commitLink: String?
        public var experiments: [StoredExperiment]
        /// Each started experiment's plan at its start (the lock's baseline).
        public var baselines: [String: Experiment]
        public var timeline: Timeline

        public init(name: String, slug: String, commitLink: String?, experiments: [StoredExperiment],
                    baselines: [String: Experiment], timeline: Timeline) {
            self.name = name
            self.slug = slug
            self.commitLink = commitLink
            self.experiments = experiments
            self.baselines = baselines
            self.timeline = timeline
        }
    }

    /// A file of the site: its path under the output folder and its bytes.
    public struct Page: Sendable, Equatable {
        public var path: String
        public var bytes: [UInt8]
        public init(path: String, bytes: [UInt8]) {
            self.path = path
            self.bytes = bytes
        }
    }

    /// Every page of the site. `now` decides days left and what is overdue, by the day only,
    /// so a rebuild on the same day with the same history gives the same bytes. `search`: a
    /// search page over the index that pagefind writes into `pagefind/`.
    public static func render(_ sources: [Source], title: String, now: Date, search: Bool) -> [Page] {
        let model = SiteModel(sources: sources, now: now)
        let frame = SiteFrame(title: title, search: search, multi: sources.count > 1, asOf: Timestamp.day(now))
        var pages: [Page] = [
            Page(path: "style.css", bytes: Array(SiteStyle.css.utf8)),
            Page(path: "index.html", bytes: Array(SitePages.index(model, frame).utf8)),
            Page(path: "stats.html", bytes: Array(SitePages.stats(model, frame).utf8)),
            Page(path: "feed.xml", bytes: Array(SiteFeed.atom(model, title: title).utf8)),
        ]
        for (path, html) in SitePages.timelinePages(model, frame) { pages.append(Page(path: path, bytes: Array(html.utf8))) }
        if search { pages.append(Page(path: "search.html", bytes: Array(SitePages.search(frame).utf8))) }
        // The experiments' pages on every core: each is a pure function of the model.
        let entries = model.entries
        let rendered = Slots<[UInt8]>(count: entries.count)
        DispatchQueue.concurrentPerform(iterations: entries.count) { i in
            rendered[i] = Array(SitePages.experiment(entries[i], model, frame).utf8)
        }
        for (i, entry) in entries.enumerated() { pages.append(Page(path: entry.page, bytes: rendered[i] ?? [])) }
        return pages
    }

    /// A folder name for a source: lowercase ASCII letters, digits and dashes; never empty.
    public static func slug(_ name: String) -> String {
        var out = ""
        for s in name.lowercased().unicodeScalars {
            if s.isASCII, s.properties.isAlphabetic || ("0"..."9").contains(s) {
                out.unicodeScalars.append(s)
            } else if !out.isEmpty, !out.hasSuffix("-") {
                out += "-"
            }
            if out.count >= 40 { break }
        }
        while out.hasSuffix("-") { out.removeLast() }
        return out.isEmpty ? "repository" : out
    }

    /// The prefix of a commit's page on the forge the remote `url` is on (GitHub, GitLab,
    /// Gitea and Codeberg), or nil; only `https` links, built from a host and path that hold
    /// nothing but URL-safe characters.
    public static func commitLink(remote url: String) -> String? {
        let text = url.trimmed()
        var host: Substring, path: Substring
        if let colon = text.firstIndex(of: ":"), text[colon...].hasPrefix("://") {
            // scheme://[user@]host[:port]/path
            var rest = text[text.index(colon, offsetBy: 3)...]
            guard let slash = rest.firstIndex(of: "/") else { return nil }
            var authority = rest[..<slash]
            rest = rest[rest.index(after: slash)...]
            if let at = authority.lastIndex(of: "@") { authority = authority[authority.index(after: at)...] }
            if let colon = authority.firstIndex(of: ":") { authority = authority[..<colon] }
            host = authority
            path = rest
        } else if let colon = text.firstIndex(of: ":"), !text[..<colon].contains("/") {
            // [user@]host:path, as scp and ssh take it
            var authority = text[..<colon]
            if let at = authority.lastIndex(of: "@") { authority = authority[authority.index(after: at)...] }
            host = authority
            path = text[text.index(after: colon)...]
        } else {
            return nil
        }
        var p = String(path)
        while p.hasSuffix("/") { p.removeLast() }
        if p.hasSuffix(".git") { p.removeLast(4) }
        let h = host.lowercased()
        let safe = { (s: String) in !s.isEmpty && s.unicodeScalars.allSatisfy { $0.isASCII && CharSet.urlSafe.contains($0) } }
        guard safe(h), !h.contains("/"), safe(p), p.split(separator: "/").count >= 2, !p.hasPrefix("/"),
              !p.split(separator: "/").contains(where: { $0 == ".." || $0 == "." }) else { return nil }
        if h == "github.com" || h.hasPrefix("github.") { return "https://\(h)/\(p)/commit/" }
        if h.contains("gitlab") { return "https://\(h)/\(p)/-/commit/" }
        if h.contains("gitea") || h == "codeberg.org" { return "https://\(h)/\(p)/commit/" }
        return nil
    }

    enum CharSet {
        static let urlSafe: Set<Unicode.Scalar> = Set("abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789-._~/".unicodeScalars)
    }
}

/// What an experiment's page needs of its source, shared by reference (an entry is copied
/// often: sorting 10,000 of them must not copy a source's arrays each time).
final class SourceInfo: Sendable {
    let name: String
    let slug: String
    let commitLink: String?
    let baselines: [String: Experiment]
    init(_ s: Site.Source) {
        name = s.name
        slug = s.slug
        commitLink = s.commitLink
        baselines = s.baselines
    }
}

/// One experiment of one source, with what its page links to.
struct SiteEntry: Sendable {
    var source: SourceInfo
    var stored: StoredExperiment
    /// `experiments/<source>/<id>.html`.
    var page: String
    var experiment: Experiment { stored.experiment }
    /// The id as the site shows it: `<source>/<id>` when the site has several sources.
    var label: String
}

/// The sources, flattened and indexed.
struct SiteModel: Sendable {
    var sources: [Site.Source]
    var now: Date
    var entries: [SiteEntry] = []
    /// Source slug → experiment id → index in `entries`.
    var index: [String: [String: Int]] = [:]
    /// Source slug → experiment id → the entries that follow it.
    var followers: [String: [String: [Int]]] = [:]
    /// Source slug → experiment id → its events, oldest first.
    var eventsByExperiment: [String: [String: [TimelineEvent]]] = [:]

    init(sources: [Site.Source], now: Date) {
        self.sources = sources
        self.now = now
        let multi = sources.count > 1
        for s in sources {
            let info = SourceInfo(s)
            for e in s.experiments.sorted(by: { ($0.experiment.created ?? .distantPast, $0.experiment.id) < ($1.experiment.created ?? .distantPast, $1.experiment.id) }) {
                let id = e.experiment.id
                guard index[s.slug]?[id] == nil, SiteModel.isSafeID(id) else { continue }
                index[s.slug, default: [:]][id] = entries.count
                entries.append(SiteEntry(source: info, stored: e, page: "experiments/\(s.slug)/\(id).html",
                                         label: multi ? "\(s.slug)/\(id)" : id))
            }
            var byID: [String: [TimelineEvent]] = [:]
            for ev in s.timeline.events { byID[ev.experiment, default: []].append(ev) }
            eventsByExperiment[s.slug] = byID.mapValues { $0.sorted { ($0.time, $0.order) < ($1.time, $1.order) } }
        }
        for (i, e) in entries.enumerated() {
            if let prev = e.experiment.follows { followers[e.source.slug, default: [:]][prev, default: []].append(i) }
        }
        let now = self.now
        running = entries.filter { $0.experiment.status == .running && !$0.experiment.schedule.isOverdue(at: now) }
            .sorted { ($0.experiment.due ?? .distantFuture) < ($1.experiment.due ?? .distantFuture) }
        overdue = entries.filter { $0.experiment.status == .running && $0.experiment.schedule.isOverdue(at: now) }
            .sorted { ($0.experiment.due ?? .distantPast) < ($1.experiment.due ?? .distantPast) }
        // Sorted as indices: entries are large.
        concluded = entries.indices.filter { entries[$0].experiment.status == .concluded }
            .map { (at: entries[$0].experiment.conclusion?.at ?? .distantPast, label: entries[$0].label, i: $0) }
            .sorted { ($0.at, $0.label) > ($1.at, $1.label) }
            .map { entries[$0.i] }
    }

    private(set) var running: [SiteEntry] = []
    private(set) var overdue: [SiteEntry] = []
    /// Concluded experiments, the most recent first.
    private(set) var concluded: [SiteEntry] = []

    /// The commits of an experiment's events, oldest first.
    func events(of e: SiteEntry) -> [TimelineEvent] {
        eventsByExperiment[e.source.slug]?[e.experiment.id] ?? []
    }

    /// Ids name files: ff's own ids are lowercase letters and digits; anything else (a file
    /// edited by hand into `../x`) gets no page.
    static func isSafeID(_ id: String) -> Bool {
        !id.isEmpty && id.count <= 64 && id.unicodeScalars.allSatisfy { $0.isASCII && ($0.properties.isAlphabetic || ("0"..."9").contains($0) || $0 == "-" || $0 == "_") }
    }

    func entry(_ source: String, _ id: String) -> SiteEntry? {
        index[source]?[id].map { entries[$0] }
    }

    /// The experiments that name this one in `follows:`.
    func followUps(of e: SiteEntry) -> [SiteEntry] {
        (followers[e.source.slug]?[e.experiment.id] ?? []).map { entries[$0] }
    }

    /// Every event of every source, the most recent first, with the entry it is about.
    var events: [(event: TimelineEvent, source: String, entry: SiteEntry?)] {
        var keys: [(time: Date, source: Int, order: Int, event: Int)] = []
        for (si, s) in sources.enumerated() {
            for (ei, e) in s.timeline.events.enumerated() { keys.append((e.time, si, e.order, ei)) }
        }
        keys.sort { a, b in a.time != b.time ? a.time > b.time : (a.source, a.order) > (b.source, b.order) }
        return keys.map { k in
            let s = sources[k.source], e = s.timeline.events[k.event]
            return (e, s.name, entry(s.slug, e.experiment))
        }
    }

    /// Per month (oldest first): experiments started, concluded by outcome, abandoned.
    var months: [(month: String, started: Int, outcomes: [Outcome: Int], abandoned: Int)] {
        var by: [String: (Int, [Outcome: Int], Int)] = [:]
        for s in sources {
            for e in s.timeline.events {
                let m = Timestamp.month(e.time)
                var row = by[m] ?? (0, [:], 0)
                switch e.kind {
                case .started: row.0 += 1
                case .concluded: row.1[e.outcome ?? .inconclusive, default: 0] += 1
                case .abandoned: row.2 += 1
                default: continue
                }
                by[m] = row
            }
        }
        return by.sorted { $0.key < $1.key }.map { ($0.key, $0.value.0, $0.value.1, $0.value.2) }
    }
}
