import CLIHarness
import FailForward
import Foundation
import TestSupport
import Testing

extension Harness {
    /// Lets the git processes the tests spawn run the built `ff` as the merge driver.
    func putFFOnPath() {
        let bin = (ffExecutable() as NSString).deletingLastPathComponent
        env["PATH"] = bin + ":" + (env["PATH"] ?? "/usr/bin:/bin")
    }

    func experiment(_ id: String) throws -> Experiment {
        try ExperimentDocument(path: "x", bytes: Array(file(of: id).utf8)).experiment
    }
}

/// The merge driver under real `git merge`: git runs `ff merge-driver` from PATH.
@Suite struct MergeDriverTests {
    func running(_ h: Harness) -> String {
        let id = h.newReady()
        h.at("2026-11-29T09:00:00Z")
        h.ff("start", id)
        return id
    }

    @Test func observationsAddedOnTwoBranchesAreBothKept() throws {
        let h = try Harness()
        h.putFFOnPath()
        let id = running(h)
        try h.git("checkout", "-q", "-b", "side")
        h.at("2026-12-01T09:00:00Z")
        h.ff("note", id, "Noted on the side branch.")
        try h.git("checkout", "-q", "-")
        h.at("2026-12-02T09:00:00Z")
        h.ff("note", id, "Noted on main.")
        let path = try h.path(of: id)
        // A comment added by hand on main survives the merge.
        try h.dir.write(path, try h.dir.read(path).replacingOccurrences(of: "timebox:\n", with: "timebox:   # two weeks\n"))
        try h.git("commit", "-qam", "comment")
        let merge = try h.git.run("merge", "--no-edit", "side")
        #expect(merge.status == 0, "\(merge.stdout)\(merge.stderr)")
        #expect(try h.experiment(id).observations.map(\.text) == ["Noted on the side branch.", "Noted on main."])
        #expect(try h.file(of: id).contains("timebox:   # two weeks\n"))
        #expect(try h.git("status", "--porcelain") == "")
        #expect(try h.git("rev-list", "--merges", "--count", "HEAD") == "1")
        try h.git("fsck", "--strict")
        #expect(h.ff("note", id, "After the merge.").code == 0)
    }

    @Test func aConclusionOnOneSideAndNotesOnTheOtherMergeCleanly() throws {
        let h = try Harness()
        h.putFFOnPath()
        let id = running(h)
        try h.git("checkout", "-q", "-b", "debrief")
        h.at("2026-12-12T10:00:00Z")
        h.ff("conclude", id, "--outcome", "disproved", "--returned", "Nobody asked.", "--not-met", "s1", "--met", "f1")
        try h.git("checkout", "-q", "-")
        h.at("2026-12-05T09:00:00Z")
        h.ff("note", id, "A late reply came in.")
        let merge = try h.git.run("merge", "--no-edit", "debrief")
        #expect(merge.status == 0, "\(merge.stdout)\(merge.stderr)")
        let e = try h.experiment(id)
        #expect(e.status == .concluded)
        #expect(e.conclusion?.returned == "Nobody asked.")
        #expect(e.observations.map(\.text) == ["A late reply came in."])
    }

    @Test func twoDifferentConclusionsAreAGitConflictAroundTheConclusionOnly() throws {
        let h = try Harness()
        h.putFFOnPath()
        let id = running(h)
        try h.git("checkout", "-q", "-b", "other")
        h.at("2026-12-12T10:00:00Z")
        h.ff("conclude", id, "--outcome", "validated", "--returned", "Two asked.", "--met", "s1", "--not-met", "f1")
        try h.git("checkout", "-q", "-")
        h.ff("note", id, "A note on main.")
        h.ff("conclude", id, "--outcome", "disproved", "--returned", "Nobody asked.", "--not-met", "s1", "--met", "f1")
        let merge = try h.git.run("merge", "--no-edit", "other")
        #expect(merge.status == 1)
        #expect(merge.stdout.contains("CONFLICT (content)"))
        #expect(merge.stderr.contains("conflicting conclusion.outcome"))
        let text = try h.file(of: id)
        #expect(text.contains("<<<<<<< ours\n"))
        #expect(text.contains(">>>>>>> theirs\n"))
        // Everything before the conclusion is outside the markers: the note merged cleanly.
        let before = text.components(separatedBy: "<<<<<<< ours")[0]
        #expect(before.contains("text: A note on main."))
        #expect(before.contains("status: concluded"))
        #expect(text.contains("outcome: disproved") && text.contains("outcome: validated"))
        #expect(try h.git("diff", "--name-only", "--diff-filter=U") == (try h.path(of: id)))
        let show = h.ff("show", id)
        #expect(show.code == 1)
        #expect(show.err.contains("merge conflict markers"))
    }

    @Test func filesThatAreNotExperimentsMergeAsText() throws {
        let h = try Harness()
        h.putFFOnPath()
        try h.dir.write("experiments/notes.txt", "one\ntwo\nthree\n")
        try h.git("add", ".")
        try h.git("commit", "-qm", "notes")
        try h.git("checkout", "-q", "-b", "side")
        try h.dir.write("experiments/notes.txt", "one\ntwo\nthree\nfour\n")
        try h.git("commit", "-qam", "four")
        try h.git("checkout", "-q", "-")
        try h.dir.write("experiments/notes.txt", "zero\none\ntwo\nthree\n")
        try h.git("commit", "-qam", "zero")
        #expect(try h.git.run("merge", "--no-edit", "side").status == 0)
        #expect(try h.dir.read("experiments/notes.txt") == "zero\none\ntwo\nthree\nfour\n")
    }

    @Test func theDriverRunsInProcessOnThreeFiles() throws {
        let h = try Harness()
        let id = running(h)
        let path = try h.path(of: id)
        let base = try h.dir.read(path)
        h.ff("note", id, "Ours.")
        let ours = try h.dir.read(path)
        let tmp = TempDir("ff-md")
        try tmp.write("O", base)
        try tmp.write("A", ours)
        try tmp.write("B", base.replacingOccurrences(of: "title: Weekly demo to sponsors", with: "title: Weekly demo to sponsors, renamed"))
        let r = h.ff("merge-driver", tmp.file("O"), tmp.file("A"), tmp.file("B"), path)
        #expect(r.code == 0, "\(r.err)")
        let merged = try tmp.read("A")
        #expect(merged == ours.replacingOccurrences(of: "title: Weekly demo to sponsors", with: "title: Weekly demo to sponsors, renamed"))
        #expect(!h.ff("--help").out.contains("merge-driver"))
    }
}
