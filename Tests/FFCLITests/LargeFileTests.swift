import CLIHarness
import FailForward
import Foundation
import TestSupport
import Testing

/// ff never writes an experiment file it would refuse to read, and its reading limits sit far
/// above real use, so that no file gets stuck where note, conclude and abandon are refused.
@Suite struct LargeFileTests {
    static let paragraph = String(String(repeating: "The second demo drew two replies; the sponsor asked for a written summary. ", count: 6).prefix(400))

    /// A running experiment whose file holds `observations` written by hand (and committed).
    func running(_ h: Harness, observations: [String]) throws -> (id: String, path: String) {
        let id = h.newReady()
        #expect(h.ff("start", id).code == 0)
        let path = try h.path(of: id)
        var text = try h.dir.read(path) + "observations:\n"
        for o in observations { text += "  - at: 2026-11-28T10:00:00Z\n    text: |-\n      \(o)\n" }
        try h.dir.write(path, text)
        try h.git("commit", "-q", "--no-verify", "-am", "observations by hand")
        return (id, path)
    }

    @Test func tenThousandParagraphObservationsCanBeNotedShownAndConcluded() throws {
        let h = try Harness()
        let (id, path) = try running(h, observations: (1..<10_000).map { "\($0): \(Self.paragraph)" })
        let note = h.ff("note", id, "10000: " + Self.paragraph)
        #expect(note.code == 0, "\(note.err)")
        #expect(note.out.hasPrefix("Noted on \(id) (10000 observations)"), "\(note.out)")
        let size = try FileManager.default.attributesOfItem(atPath: h.dir.file(path))[.size] as? Int ?? 0
        #expect(size > 4_000_000, "\(size)")
        let show = h.ff("show", id, "--json")
        #expect(show.code == 0, "\(show.err)")
        let json = try JSONSerialization.jsonObject(with: Data(show.out.utf8)) as? [String: Any]
        let observations = json?["observations"] as? [[String: Any]] ?? []
        #expect(observations.count == 10_000)
        #expect(observations.last?["text"] as? String == "10000: " + Self.paragraph)
        let c = h.ff("conclude", id, "--outcome", "validated", "--returned", "Two of three sponsors asked for more.",
                     "--met", "2 of 3 sponsors ask for a follow-up", "--not-met", "no follow-up after two demos", "--no-verify")
        #expect(c.code == 0, "\(c.err)")
        #expect(try h.git("status", "--porcelain") == "")
        #expect(try h.git.run("fsck", "--strict").status == 0)
    }

    @Test func aChangeThatWouldPassTheSizeLimitIsRefusedWithTheRealSize() throws {
        let h = try Harness()
        let limit = ExperimentDocument.maximumSize
        let (id, path) = try running(h, observations: [String(repeating: "y", count: limit - 4_000)])
        let before = try h.dir.read(path)
        let size = before.utf8.count
        let head = try h.git("rev-parse", "HEAD")
        #expect(size < limit)
        let r = h.ff("note", "--no-verify", id, String(repeating: "z", count: 5_000))
        #expect(r.code == 1)
        // The size the file would have had: the old one, the new item's lines.
        let would = size + "  - at: 2026-11-28T10:00:00Z\n    text: |-\n      \n".utf8.count + 5_000
        #expect(r.err == "ff: \(path): this change would make the file \(would) bytes, over the \(limit)-byte (16 MiB) limit for an experiment file; nothing was written: shorten the text, or continue in a follow-up experiment\n", "\(r.err)")
        #expect(try h.dir.read(path) == before)
        #expect(try h.git("rev-parse", "HEAD") == head)
        #expect(try h.git("status", "--porcelain") == "")
        // What fits is still written: the experiment can always be ended.
        let a = h.ff("abandon", "--no-verify", id, "--reason", "The demos moved to a newsletter.")
        #expect(a.code == 0, "\(a.err)")
        #expect(try h.git("status", "--porcelain") == "")
    }

    @Test func aFileOverTheLimitIsRefusedWithItsRealSize() throws {
        let h = try Harness()
        let id = h.newReady()
        let path = try h.path(of: id)
        let text = try h.dir.read(path) + "facts_by_hand: " + String(repeating: "x", count: ExperimentDocument.maximumSize) + "\n"
        try h.dir.write(path, text)
        let r = h.ff("show", id)
        #expect(r.code == 1)
        #expect(r.err == "ff: \(path): the file is \(text.utf8.count) bytes; experiment files are limited to \(ExperimentDocument.maximumSize) bytes (16 MiB)\n", "\(r.err)")
    }
}
