import FailForward
import Foundation
import TestSupport
import Testing

@Suite struct DebriefCommandTests {
    @Test func debriefRendersTheConclusionAndTheExperimentsTimeline() throws {
        let h = try Harness()
        let id = h.newReady()
        h.at("2026-11-29T09:00:00Z")
        h.ff("start", id)
        h.at("2026-12-01T09:00:00Z")
        h.ff("note", id, "First demo; one reply.")
        // A hand edit, committed with plain git.
        let path = try h.path(of: id)
        try h.dir.write(path, try h.dir.read(path).replacingOccurrences(of: "- Priya (sponsor)", with: "- Priya (sponsor)\n  - Team channel"))
        try h.git("commit", "-q", "-am", "Add a stakeholder")
        h.at("2026-12-12T10:00:00Z")
        h.ff("conclude", id, "--outcome", "disproved", "--returned", "One of <three>.", "--facts", "Two demos ran.",
             "--not-met", "s1", "--met", "f1", "--next-experiment", "Written update")
        let r = h.ff("debrief", String(id.prefix(4)))
        #expect(r.code == 0, "\(r.err)")
        #expect(r.out.hasPrefix("# Debrief: Weekly demo to sponsors\n"))
        #expect(r.out.contains("## What the experiment returned\n\nOne of \\<three\\>."))
        #expect(r.out.contains("| s1 | 2 of 3 sponsors ask for a follow-up | success | not met |"))
        let follow = h.lastID()
        #expect(follow != id)
        let timeline = r.out.components(separatedBy: "## Timeline\n\n")[1].components(separatedBy: "\n\n")[0].split(separator: "\n")
        #expect(timeline.count == 2 + 5)
        #expect(timeline[2].hasPrefix("| 2026-11-28 | created (none → draft) | Ana Lima |"))
        #expect(timeline[3].hasPrefix("| 2026-11-29 | started (draft → running) |"))
        #expect(timeline[4].hasPrefix("| 2026-12-01 | observation |"))
        #expect(timeline[5].hasPrefix("| 2026-12-12 | _edited by hand_ |") || timeline[5].contains("_edited by hand_"))
        #expect(timeline[6].contains("concluded: hypothesis disproved (running → concluded)"))
        #expect(r.out.contains("follow-up experiment `\(follow)`: Written update"))

        // JSON, checked against the schema.
        let json = h.ff("debrief", id, "--format", "json")
        #expect(json.code == 0)
        let object = try JSONSerialization.jsonObject(with: Data(json.out.utf8)) as! [String: Any]
        #expect((object["timeline"] as! [Any]).count == 5)
        #expect(h.ff("debrief", id, "--json").out == json.out)
        let out = TempDir("ff-debrief")
        try json.out.write(toFile: out.file("debrief.json"), atomically: true, encoding: .utf8)
        let v = try SchemaTests().validate("debrief.schema.json", [out.file("debrief.json")])
        #expect(v.status == 0 || v.status == 2, "\(v.stdout)\(v.stderr)")

        // A draft has no debrief yet.
        let draft = h.ff("debrief", follow)
        #expect(draft.code == 1)
        #expect(draft.err == "ff: \(follow) is draft: a debrief follows its conclusion (ff conclude \(follow) --outcome … --returned …)\n")
        #expect(h.ff("debrief", id, "--format", "html").code == 64)
    }
}
