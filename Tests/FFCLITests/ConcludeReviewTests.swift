import CLIHarness
import FailForward
import Foundation
import TestSupport
import Testing

@Suite struct ConcludeReviewTests {
    let concludeArgs = ["--outcome", "disproved", "--returned", "One follow-up out of three.", "--not-met", "s1", "--met", "f1",
                        "--next", "A written update."]

    func running(_ h: Harness) -> String {
        let id = h.newReady()
        h.at("2026-11-29T09:00:00Z")
        h.ff("start", id)
        h.at("2026-12-12T10:00:00Z")
        return id
    }

    @Test func theConclusionGoesOnADebriefBranchWithThePushCommandAndABody() throws {
        let h = try Harness()
        let id = running(h)
        let base = try h.git("symbolic-ref", "--short", "HEAD")
        let before = try h.git("rev-parse", "HEAD")
        try h.dir.write("notes.txt", "staged work\n")
        try h.git("add", "notes.txt")
        let r = h.ff(["conclude", id, "--review"] + concludeArgs)
        #expect(r.code == 0, "\(r.err)")
        let branch = "debrief/\(id)-weekly-demo-to-sponsors"
        #expect(try h.git("symbolic-ref", "--short", "HEAD") == branch)
        #expect(try h.git("rev-parse", base) == before)
        #expect(try h.git("rev-parse", "HEAD~1") == before)
        #expect(try h.git.trailers().contains("FF-Action: conclude"))
        #expect(try h.git("status", "--porcelain") == "A  notes.txt")
        let body = try h.git("rev-parse", "--git-common-dir")
        let bodyPath = (body.hasPrefix("/") ? body : h.dir.file(body)) + "/ff/debrief-\(id).md"
        let text = try String(contentsOfFile: bodyPath, encoding: .utf8)
        #expect(text == h.ff("debrief", id).out)
        #expect(text.contains("concluded: hypothesis disproved"))
        #expect(r.out.contains("On branch \(branch) (from \(base)): ff commits for other experiments are refused here until you git switch \(base) (or give --here). To open the pull request:\n"))
        #expect(r.out.contains("  git remote add origin <url>    # no remote 'origin' yet\n"))
        #expect(r.out.contains("\n  git push -u origin \(branch)\n"))
        #expect(r.out.contains("  gh pr create --base \(base) --head \(branch) --title 'Debrief: Weekly demo to sponsors' --body-file "))
        try h.git("fsck", "--strict")
    }

    /// After --review you are on the debrief branch; a note on another experiment would join
    /// its pull request unseen, so it is refused (nothing changed) unless --here is given.
    @Test func aCommitForAnotherExperimentOnTheReviewBranchIsRefusedUnlessHere() throws {
        let h = try Harness()
        let other = h.newReady("Another experiment")
        #expect(h.ff("start", other).code == 0)
        let id = running(h)
        #expect(h.ff(["conclude", id, "--review"] + concludeArgs).code == 0)
        let branch = "debrief/\(id)-weekly-demo-to-sponsors"
        let head = try h.git("rev-parse", "HEAD")
        let before = try h.file(of: other)
        let refused = h.ff("note", other, "meant for main")
        #expect(refused.code == 1)
        #expect(refused.err == "ff: you are on \(branch), the review branch of \(id): this commit would join its pull request; switch back first (git switch -), or give --here to commit on it; nothing was changed\n")
        #expect(try h.git("rev-parse", "HEAD") == head)
        #expect(try h.file(of: other) == before)
        // The experiment under review may still be changed there (a review comment).
        #expect(h.ff("review", id, "--comment", "looks right").code == 0)
        let here = h.ff("note", other, "on purpose", "--here")
        #expect(here.code == 0, "\(here.err)")
        #expect(try h.git("symbolic-ref", "--short", "HEAD") == branch)
        try h.git("switch", "-q", "-")
        #expect(h.ff("note", other, "back on the base branch").code == 0)
    }

    @Test func theRemoteComesFromTheBranchsUpstream() throws {
        let h = try Harness()
        let id = running(h)
        let base = try h.git("symbolic-ref", "--short", "HEAD")
        try h.git("remote", "add", "team", "https://example.invalid/team.git")
        try h.git("config", "branch.\(base).remote", "team")
        let r = h.ff(["conclude", id, "--review"] + concludeArgs)
        #expect(r.out.contains("\n  git push -u team debrief/\(id)-weekly-demo-to-sponsors\n"))
        #expect(!r.out.contains("git remote add"))
    }

    @Test func refusalsSayWhyAndChangeNothing() throws {
        let h = try Harness()
        let id = running(h)
        let path = try h.path(of: id)
        let head = try h.git("rev-parse", "HEAD")
        func unchanged() throws {
            #expect(try h.git("rev-parse", "HEAD") == head)
            #expect(try h.git("branch", "--list", "debrief/*") == "")
            #expect(try h.experiment(id).status == .running)
        }
        // The branch exists already.
        try h.git("branch", "debrief/\(id)-weekly-demo-to-sponsors")
        var r = h.ff(["conclude", id, "--review"] + concludeArgs)
        #expect(r.code == 1)
        #expect(r.err == "ff: branch debrief/\(id)-weekly-demo-to-sponsors already exists: review the debrief there, or delete it first (git branch -D debrief/\(id)-weekly-demo-to-sponsors)\n")
        try h.git("branch", "-D", "debrief/\(id)-weekly-demo-to-sponsors")
        try unchanged()
        // Staged changes of the file, and more on top: the commit would drop the staged ones.
        let original = try h.dir.read(path)
        try h.dir.write(path, original + "# staged\n")
        try h.git("add", path)
        try h.dir.write(path, original + "# staged\n# and more\n")
        r = h.ff(["conclude", id, "--review"] + concludeArgs)
        #expect(r.code == 1)
        #expect(r.err.contains("has staged changes and further unstaged ones"))
        try unchanged()
        try h.git("reset", "-q", "--hard")
        // A detached HEAD.
        try h.git("checkout", "-q", "--detach")
        r = h.ff(["conclude", id, "--review"] + concludeArgs)
        #expect(r.code == 1)
        #expect(r.err.hasPrefix("ff: HEAD is detached"))
        try unchanged()
    }
}
