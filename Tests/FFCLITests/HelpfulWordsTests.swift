import CLIHarness
import Foundation
import TestSupport
import Testing

/// Messages that say where a setting lives and what a commit carried.
@Suite struct HelpfulWordsTests {
    @Test func handEditsThatRideAlongAreNamed() throws {
        let h = try Harness()
        let id = h.newReady()
        #expect(h.ff("start", id).code == 0)
        let path = try h.path(of: id)
        try h.dir.write(path, try h.dir.read(path) + "# a comment of mine\n")
        let r = h.ff("note", id, "with my edit")
        #expect(r.code == 0, "\(r.err)")
        let short = String(try h.git("rev-parse", "HEAD").prefix(7))
        #expect(r.out.hasSuffix("Also committed your edits to \(path) (they were in the file; git show \(short) shows them)\n"), "\(r.out)")
        #expect(try h.git("show", "HEAD:\(path)").contains("# a comment of mine"))
        let clean = h.ff("note", id, "no edit of mine")
        #expect(clean.code == 0)
        #expect(!clean.out.contains("Also committed"))
    }

    @Test func aRefusedTimeboxSaysWhereTheBoundsAreSet() throws {
        let h = try Harness()
        let id = h.newReady(extra: ["--days", "45"])
        let r = h.ff("start", id)
        #expect(r.code == 1)
        #expect(r.err == "ff: cannot start \(id): missing a timebox within 7–30 days (it is 45; the bounds are timebox.min_days and timebox.max_days in .ff/config.yaml) (add them with ff edit \(id))\n", "\(r.err)")
    }
}
