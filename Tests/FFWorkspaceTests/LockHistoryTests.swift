import FFWorkspace
import FailForward
import Foundation
import TestSupport
import Testing

/// The start of every experiment from one walk of history, kept in `.git/ff/lock-cache`:
/// found again from the cache, and still found when a rewrite has removed it from every branch.
@Suite struct LockHistoryTests {
    let id = "k7q2m9x4"

    func start(_ history: LockHistory, _ id: String) -> LockHistory.StartFile? {
        if case let .start(s) = history.lookup(id) { return s }
        return nil
    }

    @Test func theStartIsTheCommitThatStartedIt() throws {
        let f = try Fixture()
        let path = try f.addReady(id, "Weekly demo")
        try f.addReady("m9x4k7q2", "Not started")
        try f.start(id)
        let started = try f.git("rev-parse", "HEAD")
        try f.note(id, "A reply.")
        let ws = try f.open()
        let history = try ws.lockHistory()
        let s = try #require(start(history, id))
        #expect(s.commit == String(started.prefix(7)))
        #expect(!s.rewritten)
        #expect(s.bytes == Array(try f.git.run("show", "\(started):\(path)").stdout.utf8))
        if case .notStarted = history.lookup("m9x4k7q2") {} else { Issue.record("m9x4k7q2 has no start") }
        let cache = try f.dir.read(".git/ff/lock-cache")
        #expect(cache.hasPrefix(LockHistory.header + "\n") && cache.contains("\n\(id)\t"))
        // From the cache, the same.
        #expect(try start(f.open().lockHistory(), id)?.commit == String(started.prefix(7)))
    }

    @Test func aStartARewriteRemovedIsStillFound() throws {
        let f = try Fixture()
        let path = try f.addReady(id, "Weekly demo")
        try f.start(id)
        let oldStart = try f.git("rev-parse", "HEAD")
        let startedText = try f.dir.read(path)
        _ = try f.open().lockHistory() // records the start
        try f.git("reset", "-q", "--hard", "HEAD~1")
        try f.dir.write(path, startedText.replacingOccurrences(of: "2 of 3 sponsors ask for a follow-up", with: "1 of 3 sponsors asks"))
        try f.git("commit", "-q", "--no-verify", "-am", "Start, rewritten")
        #expect(try f.git("branch", "--contains", oldStart) == "")

        let s = try #require(start(f.open().lockHistory(), id))
        #expect(s.rewritten)
        #expect(s.commit == String(oldStart.prefix(7)))
        #expect(s.bytes == Array(try f.git.run("show", "\(oldStart):\(path)").stdout.utf8))
        // On a branch again, the original start is another branch's history, not a rewrite.
        try f.git("branch", "original", oldStart)
        let now = try #require(start(f.open().lockHistory(), id))
        #expect(!now.rewritten)
        #expect(now.commit == String(try f.git("rev-parse", "HEAD").prefix(7)))
    }
}
