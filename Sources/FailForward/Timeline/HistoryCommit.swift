
/// A commit that changed the experiments folder, as the git layer hands it to the timeline:
/// what git says about the commit, and — when the timeline asked for them
/// (`TimelineDerivation.needsFiles`) — the experiment files it changed, parsed on both sides.
public struct HistoryCommit: Sendable {
    /// 40 hex digits.
    public var id: String
    /// `Name <email>` of the author.
    public var author: String
    /// The author time.
    public var time: Date
    public var message: String
    public var isMerge: Bool
    /// The experiment files changed against the first parent; nil when they were not read
    /// because the commit's own `FF-` trailers say what it did.
    public var files: [FileChange]?
    /// The commit's parents are not in this clone (the edge of a shallow clone): its files
    /// are all there is, not news.
    public var isShallowBoundary: Bool

    public init(id: String, author: String, time: Date, message: String, isMerge: Bool = false,
                files: [FileChange]? = nil, isShallowBoundary: Bool = false) {
        self.id = id
        self.author = author
        self.time = time
        self.message = message
        self.isMerge = isMerge
        self.files = files
        self.isShallowBoundary = isShallowBoundary
    }
}

/// One experiment file a commit changed: the experiment before and after (nil where the file
/// did not exist), and whether a side exists but could not be read as an experiment.
public struct FileChange: Sendable {
    public var path: String
    public var old: Experiment?
    public var new: Experiment?
    public var oldUnreadable: Bool
    public var newUnreadable: Bool

    public init(path: String, old: Experiment?, new: Experiment?, oldUnreadable: Bool = false, newUnreadable: Bool = false) {
        self.path = path
        self.old = old
        self.new = new
        self.oldUnreadable = oldUnreadable
        self.newUnreadable = newUnreadable
    }

    /// The id the file name carries (`k7q2m9x4-weekly-demo.yaml`), for a file that does not parse.
    public static func id(fromPath path: String) -> String? {
        // On bytes: the timeline asks this of every file every ff commit changes.
        let u = path.utf8
        let name = u.lastIndex(of: 0x2F).map { u[u.index(after: $0)...] } ?? u[...]
        guard name.count > ExperimentID.length else { return nil }
        let end = name.index(name.startIndex, offsetBy: ExperimentID.length)
        guard name[name.startIndex..<end].allSatisfy(ExperimentID.isIDByte), name[end] == 0x2D || name[end] == 0x2E else { return nil }
        return String(decoding: name[name.startIndex..<end], as: UTF8.self)
    }
}
