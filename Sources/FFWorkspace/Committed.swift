import FFGit

/// A commit ff made, as the command line reports it.
public struct Committed: Sendable, Equatable {
    /// The commit's id, in hex.
    public var id: String
    /// The branch it is on; nil on a detached HEAD.
    public var branch: String?
    /// Whether the index was refreshed to hold the commit (else git status shows the file
    /// as changed until it is).
    public var indexUpdated: Bool
    /// Files whose edits by hand rode along the commit.
    public var alsoCommitted: [String] = []

    public init(id: String, branch: String?, indexUpdated: Bool, alsoCommitted: [String] = []) {
        self.id = id
        self.branch = branch
        self.indexUpdated = indexUpdated
        self.alsoCommitted = alsoCommitted
    }

    init(_ result: CommitResult, alsoCommitted: [String] = []) {
        self.init(id: result.id.hex, branch: result.branch, indexUpdated: result.indexUpdated, alsoCommitted: alsoCommitted)
    }

    /// The abbreviated id, as git shows it.
    public var shortID: String { String(id.prefix(7)) }
}
