import FFWorkspace
import FailForward
import Foundation
import TestSupport
import Testing

/// A journal left as a killed command leaves it, written by hand, is settled by the next unit
/// of work before it reads anything: files put back or kept, a review branch undone.
@Suite struct JournalRecoveryTests {
    let id = "k7q2m9x4"

    func journal(_ f: Fixture, head: String, branch: (String, String)? = nil, files: [(String, String?, String)]) throws {
        var lines = ["ff-journal 2", "head \(head)"]
        if let (name, base) = branch { lines.append("branch\t\(name)\t\(base)") }
        for (path, original, written) in files { lines.append("file\t\(path)\t\(original ?? "-")\t\(written)\t-") }
        try f.dir.write(".git/ff/journal", lines.joined(separator: "\n") + "\n")
    }

    @Test func filesAnInterruptedCommandWroteArePutBack() throws {
        let f = try Fixture()
        let path = try f.addReady(id, "Weekly demo")
        try f.start(id)
        let head = try f.git("rev-parse", "HEAD")
        let committed = try f.dir.read(path)
        // What the killed command had written: its version of the file, and a new file.
        try f.dir.write(path, committed + "# half of a note\n")
        let stray = "experiments/2026-11/n3wn3wn3-stray.yaml"
        try f.dir.write(stray, Fixture.ready("n3wn3wn3", "Stray"))
        try journal(f, head: head, files: [(path, try f.git("rev-parse", "HEAD:" + path), try f.git("hash-object", path)),
                                           (stray, nil, try f.git("hash-object", stray))])

        let ws = try f.open()
        var seen = ""
        try ws.change(id) { doc, actor in
            seen = String(decoding: doc.bytes, as: UTF8.self)
            let e = try doc.experiment.noted("After the kill.", at: actor.date)
            try doc.update(to: e)
            return .change(action: "note", experiments: [e])
        }
        #expect(seen == committed)
        #expect(f.recorder.recoveries == [.restored([path, stray])])
        #expect(!FileManager.default.fileExists(atPath: f.dir.file(stray)))
        #expect(!FileManager.default.fileExists(atPath: ws.journalPath))
        #expect(try f.git("rev-parse", "HEAD~1") == head)
        #expect(try f.git("status", "--porcelain") == "")
        #expect(try !f.git("show", "HEAD:" + path).contains("half of a note"))
        try f.git("fsck", "--strict")
    }

    @Test func aFileChangedSinceTheCommandWroteItIsKept() throws {
        let f = try Fixture()
        let path = try f.addReady(id, "Weekly demo")
        try f.addReady("m9x4k7q2", "Other one")
        let head = try f.git("rev-parse", "HEAD")
        let committed = try f.dir.read(path)
        try f.dir.write(path, committed + "# written by ff\n")
        let written = try f.git("hash-object", path)
        try f.dir.write(path, committed + "# typed by a person afterwards\n")
        try journal(f, head: head, files: [(path, try f.git("rev-parse", "HEAD:" + path), written)])

        try f.start("m9x4k7q2")
        #expect(f.recorder.recoveries == [.kept([path])])
        #expect(try f.dir.read(path) == committed + "# typed by a person afterwards\n")
        #expect(try f.git("status", "--porcelain") == " M \(path)")
        try f.git("fsck", "--strict")
    }

    @Test func aReviewBranchSwitchWhoseCommitDidNotLandIsUndone() throws {
        let f = try Fixture()
        let path = try f.addReady(id, "Weekly demo")
        try f.start(id)
        let base = try f.git("symbolic-ref", "--short", "HEAD")
        let head = try f.git("rev-parse", "HEAD")
        let branch = "debrief/\(id)-weekly-demo"
        // Killed after making and checking out the review branch, before the commit.
        try f.git("switch", "-q", "-c", branch)
        let committed = try f.dir.read(path)
        try f.dir.write(path, committed.replacingOccurrences(of: "status: running", with: "status: concluded"))
        try journal(f, head: head, branch: (branch, base),
                    files: [(path, try f.git("rev-parse", "HEAD:" + path), try f.git("hash-object", path))])

        try f.note(id, "Back where it was.")
        #expect(f.recorder.recoveries == [.restored([path]), .switchedBack(branch: base, removed: branch)])
        #expect(try f.git("symbolic-ref", "--short", "HEAD") == base)
        #expect(try f.git("branch", "--list", "debrief/*") == "")
        #expect(try f.git("rev-parse", "HEAD~1") == head)
        #expect(try f.git("show", "HEAD:" + path).contains("status: running"))
        #expect(try f.git("status", "--porcelain") == "")
        try f.git("fsck", "--strict")
    }

    @Test func aReviewBranchWhoseCommitLandedKeepsIt() throws {
        let f = try Fixture()
        let path = try f.addReady(id, "Weekly demo")
        try f.start(id)
        let head = try f.git("rev-parse", "HEAD")
        let base = try f.git("symbolic-ref", "--short", "HEAD")
        let branch = "debrief/\(id)-weekly-demo"
        try f.git("switch", "-q", "-c", branch)
        let original = try f.git("rev-parse", "HEAD:" + path)
        try f.dir.write(path, try f.dir.read(path) + "# the commit landed\n")
        let written = try f.git("hash-object", path)
        // The commit landed; the kill came before the journal was removed.
        try f.git("commit", "-q", "--no-verify", "-am", "Landed")
        let landed = try f.git("rev-parse", "HEAD")
        try journal(f, head: head, branch: (branch, base), files: [(path, original, written)])

        try f.note(id, "On the review branch.")
        #expect(f.recorder.recoveries == [.finished(refreshed: [path])])
        #expect(try f.git("symbolic-ref", "--short", "HEAD") == branch)
        #expect(try f.git("rev-parse", "HEAD~1") == landed)
        #expect(try f.git("status", "--porcelain") == "")
        try f.git("fsck", "--strict")
    }

    @Test func aJournalThisVersionDidNotWriteIsRemoved() throws {
        let f = try Fixture()
        try f.addReady(id, "Weekly demo")
        try f.dir.write(".git/ff/journal", "ff-journal 1\nsomething older\n")
        let ws = try f.open()
        try f.start(id, in: ws)
        #expect(f.recorder.recoveries == [.unreadableJournal(path: ws.journalPath)])
        #expect(!FileManager.default.fileExists(atPath: ws.journalPath))
        #expect(try f.git("status", "--porcelain") == "")
    }
}
