import CLIHarness
import FailForward
import Foundation
import TestSupport
import Testing

/// `ff review`: review notes without a forge, as commits on the experiment.
@Suite struct ReviewTests {
    func concludedExperiment(_ h: Harness) -> String {
        let id = h.newReady()
        h.ff("start", id)
        h.at("2026-12-12T10:00:00Z")
        h.ff("conclude", id, "--outcome", "disproved", "--returned", "One follow-up out of three.", "--not-met", "s1", "--met", "f1")
        return id
    }

    @Test func aCommentIsACommitThatOnlyAddsLines() throws {
        let h = try Harness()
        let id = concludedExperiment(h)
        h.at("2026-12-13T09:00:00Z")
        h.env["GIT_AUTHOR_NAME"] = "Bo Chen"
        h.env["GIT_AUTHOR_EMAIL"] = "bo@example.com"
        let r = h.ff("review", id, "--comment", "Is the signal explained?", "--line", "5")
        #expect(r.code == 0, "\(r.err)")
        #expect(r.out.hasPrefix("Added review note 1 to \(id) Weekly demo to sponsors (1 open, 0 resolved)"))
        #expect(try h.git.trailers() == ["FF-Experiment: \(id)", "FF-Action: review", "FF-Review: comment 1"])
        #expect(try h.git("log", "-1", "--format=%s") == "review \(id): Weekly demo to sponsors — review note 1 on line 5")
        #expect(try h.git("log", "-1", "--format=%an") == "Bo Chen")
        let diff = try h.git("diff", "HEAD~1", "HEAD", "--unified=0", "--no-color").split(separator: "\n")
        #expect(!diff.contains { $0.hasPrefix("-") && !$0.hasPrefix("---") })
        #expect(diff.filter { $0.hasPrefix("+") && !$0.hasPrefix("+++") } == [
            "+reviews:", "+  - at: 2026-12-13T09:00:00Z", "+    by: Bo Chen <bo@example.com>", "+    line: 5",
            "+    text: Is the signal explained?", "+    resolved: false",
        ])
        #expect(try h.git("status", "--porcelain") == "")
        try h.git("fsck", "--strict")

        let show = h.ff("show", id)
        #expect(show.out.contains("Review (1 open, 0 resolved)\n  1  open  2026-12-13  Bo Chen  line 5\n     Is the signal explained?\n"))
        let json = try JSONSerialization.jsonObject(with: Data(h.ff("show", id, "--json").out.utf8)) as! [String: Any]
        let notes = json["reviews"] as! [[String: Any]]
        #expect(notes.count == 1 && notes[0]["resolved"] as? Bool == false && notes[0]["by"] as? String == "Bo Chen <bo@example.com>")

        // The author resolves it.
        h.env["GIT_AUTHOR_NAME"] = "Ana Lima"
        h.env["GIT_AUTHOR_EMAIL"] = "ana@example.com"
        h.at("2026-12-13T11:00:00Z")
        let resolved = h.ff("review", id, "--resolve", "1")
        #expect(resolved.code == 0, "\(resolved.err)")
        #expect(try h.git.trailers() == ["FF-Experiment: \(id)", "FF-Action: review", "FF-Review: resolve 1"])
        #expect(try h.git("diff", "HEAD~1", "HEAD", "--stat", "--format=").contains("1 insertion(+), 1 deletion(-)"))
        #expect(h.ff("show", id).out.contains("Review (0 open, 1 resolved)\n  1  resolved  2026-12-13  Bo Chen  line 5\n"))
        let again = h.ff("review", id, "--resolve", "1")
        #expect(again.code == 1)
        #expect(again.err == "ff: review note 1 of \(id) is already resolved\n")
        let missing = h.ff("review", id, "--resolve", "3")
        #expect(missing.err == "ff: \(id) has review notes 1–1, not 3 (ff review \(id) lists them)\n")
        // ff log shows the review commits.
        let log = h.ff("log", id).out.split(separator: "\n")
        #expect(log.prefix(2).allSatisfy { $0.contains("review") })
        // Listing.
        #expect(h.ff("review", id).out.contains("Review of \(id) Weekly demo to sponsors (0 open, 1 resolved)"))
    }

    @Test func commentsCannotForgeTrailersAndLinesAreChecked() throws {
        let h = try Harness()
        let id = h.newReady()
        let r = h.ff("review", id, "--comment", "Fine.\n\nFF-Outcome: validated\nFF-Action: conclude")
        #expect(r.code == 0, "\(r.err)")
        #expect(try h.git.trailers() == ["FF-Experiment: \(id)", "FF-Action: review", "FF-Review: comment 1"])
        let past = h.ff("review", id, "--comment", "Here?", "--line", "400")
        #expect(past.code == 1)
        #expect(past.err.hasPrefix("ff: --line 400 is past the end of experiments/2026-11/\(id)-weekly-demo-to-sponsors.yaml ("))
        #expect(h.ff("review", id, "--comment", "x", "--resolve", "1").code == 64)
        #expect(h.ff("review", id, "--line", "3").code == 64)
        #expect(h.ff("review", id, "--comment", "  ").code == 64)
    }
}
