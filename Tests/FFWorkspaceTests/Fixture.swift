import FFWorkspace
import FailForward
import Foundation
import TestSupport

/// Records what a workspace reports, in order.
final class Recorder: WorkspaceDelegate {
    private(set) var recoveries: [Recovery] = []
    private(set) var warnings: [String] = []
    private(set) var notes: [String] = []

    var wantsProgress: Bool { false }
    func progress(_ progress: WorkspaceProgress) {}
    func warning(_ text: String) { warnings.append(text) }
    func note(_ text: String) { notes.append(text) }
    func recovered(_ recovery: Recovery) { recoveries.append(recovery) }
    func hookOutput(_ text: String) {}
}

/// A temporary repository with ff set up in it by `Setup`, driven through the library with
/// no command line; the git CLI, run beside it, is the oracle.
final class Fixture {
    let dir = TempDir("ff-ws")
    let home = TempDir("ff-ws-home")
    let variables: [String: String]
    let recorder = Recorder()
    static let day = "2026-11-28T10:00:00Z"

    init(setUp: Bool = true) throws {
        variables = isolatedEnvironment(home: home.path, extra: ["GIT_AUTHOR_DATE": Self.day, "GIT_COMMITTER_DATE": Self.day])
        if setUp { _ = try Setup(forge: nil, experiments: nil, verify: true).run(environment, delegate: recorder) }
    }

    var environment: Environment {
        let now = Timestamp.parse(Self.day) ?? Date(timeIntervalSince1970: 0)
        return Environment(variables: variables, directory: dir.path, now: { now })
    }

    var git: Git { Git(dir.path, environment: variables) }

    func open() throws -> Workspace { try Workspace.open(environment, delegate: recorder) }

    /// The text of an experiment ready to start.
    static func ready(_ id: String, _ title: String) -> String {
        """
        ff: 1
        id: \(id)
        title: \(title)
        status: draft
        owner: Ana Lima <ana@example.com>
        created: 2026-11-28T10:00:00Z
        hypothesis: If we demo weekly, two of three sponsors ask for a follow-up.
        reversible: true
        rollback: Stop the demos.
        stakeholders:
          - Priya (sponsor)
        timebox:
          days: 14
        signals:
          success:
            - 2 of 3 sponsors ask for a follow-up
          failure:
            - no follow-up after two demos
        data:
          - what: follow-up requests
            how: count replies

        """
    }

    /// Writes a ready draft and commits it with the git CLI; returns its path.
    @discardableResult
    func addReady(_ id: String, _ title: String) throws -> String {
        let path = "experiments/2026-11/\(id)-\(Slug.make(from: title)).yaml"
        try dir.write(path, Self.ready(id, title))
        try git("add", path)
        try git("commit", "-q", "--no-verify", "-m", "Draft \(id)")
        return path
    }

    /// Starts an experiment through the workspace's unit of work.
    func start(_ ref: String, in ws: Workspace? = nil) throws {
        let ws = try ws ?? open()
        try ws.change(ref) { doc, actor in
            let old = doc.experiment
            let e = try old.started(at: actor.date, bounds: ws.config.timeboxDays)
            try doc.update(to: e)
            return .change(action: "start", experiments: [e], transition: (old.status, .running))
        }
    }

    /// Records an observation through the workspace's unit of work.
    func note(_ ref: String, _ text: String, in ws: Workspace? = nil) throws {
        let ws = try ws ?? open()
        try ws.change(ref) { doc, actor in
            let e = try doc.experiment.noted(text, at: actor.date)
            try doc.update(to: e)
            return .change(action: "note", experiments: [e], body: [text])
        }
    }
}
