import CLIHarness
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

    /// A debrief is a pull-request body: what people wrote in the experiment (`@alice`,
    /// `@acme/sponsors`, `#123`, `acme/web#7`, `GH-42`, bare URLs) must not notify anyone or
    /// cross-link an issue when it is opened. Rendered by the GFM reference renderer with its
    /// autolink extension, nothing of the user's text is a link, and no text node holds what
    /// GitHub's mention and issue-reference rules match; it still reads as written.
    @Test func aDebriefPingsNobodyAndLinksNoIssue() throws {
        guard FileManager.default.isExecutableFile(atPath: "/usr/bin/cmark-gfm") else {
            print("skipped: cmark-gfm is not installed (apt-get install cmark-gfm; .ci/run installs it)")
            return
        }
        let h = try Harness()
        let id = h.newReady("Demo for @alice and #12")
        h.at("2026-11-29T09:00:00Z")
        h.ff("start", id)
        h.at("2026-12-01T09:00:00Z")
        h.ff("note", id, "Asked @bob; see GH-42")
        h.at("2026-12-12T10:00:00Z")
        let returned = "Asked @alice (cc @acme/sponsors) and ana@example.com; see #123 and acme/web#7, GH-42, gh-9.\n#123 was the old ticket. Report: https://example.com/report?q=1&x=(a). Also www.example.org/x and http://intranet/p|q"
        let r = h.ff(["conclude", id, "--review", "--outcome", "disproved", "--returned", returned, "--facts", "@team-leads saw #4.",
                      "--not-met", "s1", "--met", "f1", "--next", "Ask @carol, per https://example.com/next"])
        #expect(r.code == 0, "\(r.err)")
        let debrief = h.ff("debrief", id)
        #expect(debrief.code == 0, "\(debrief.err)")
        let common = try h.git("rev-parse", "--git-common-dir")
        let body = try String(contentsOfFile: (common.hasPrefix("/") ? common : h.dir.file(common)) + "/ff/debrief-\(id).md", encoding: .utf8)
        #expect(body == debrief.out)

        let html = try run("/usr/bin/cmark-gfm", ["-e", "autolink", "-e", "table", "-e", "strikethrough", "-e", "tasklist"],
                           environment: h.env, stdin: body)
        #expect(html.status == 0, "\(html.stderr)")
        let page = html.stdout
        // ff's own markup still renders; the debrief has no link of ff's own, and none of the user's.
        #expect(page.contains("<h1>Debrief: Demo for @\u{200B}alice and #\u{200B}12</h1>"), "\(page)")
        #expect(page.contains("<h2>Signal ledger</h2>") && page.contains("<table>") && page.contains("<code>\(id)</code>"))
        #expect(page.contains("<input type=\"checkbox\" disabled=\"\" />"))
        #expect(!page.contains("<a "), "a link in the rendered debrief: \(page)")
        // The URLs are in code spans, whole, to be copied.
        for url in ["https://example.com/report?q=1&amp;x=(a)", "www.example.org/x", "http://intranet/p", "https://example.com/next"] {
            #expect(page.contains("<code>\(url)</code>"), "\(url) is not in a code span: \(page)")
        }
        // The text outside code, as GitHub's filters see it: no mention, no issue reference.
        var text = page
        while let open = text.range(of: "<code>"), let close = text.range(of: "</code>", range: open.upperBound..<text.endIndex) {
            text.removeSubrange(open.lowerBound..<close.upperBound)
        }
        text = text.replacingOccurrences(of: "<[^>]*>", with: " ", options: .regularExpression)
            .replacingOccurrences(of: "&lt;", with: "<").replacingOccurrences(of: "&gt;", with: ">")
            .replacingOccurrences(of: "&quot;", with: "\"").replacingOccurrences(of: "&amp;", with: "&")
        for (rule, pattern) in [("mention", "(^|[^A-Za-z0-9_])@[A-Za-z0-9]"), ("issue reference", "#[0-9]"), ("GH- reference", "(?i)GH-[0-9]")] {
            let hit = text.range(of: pattern, options: .regularExpression)
            #expect(hit == nil, "a \(rule) GitHub would link: …\(hit.map { String(text[$0.lowerBound...].prefix(40)) } ?? "")")
        }
        // It reads as written: without the zero-width spaces, the words are the user's.
        let visible = text.replacingOccurrences(of: "\u{200B}", with: "")
        for words in ["Asked @alice (cc @acme/sponsors) and ana@example.com; see #123 and acme/web#7, GH-42, gh-9.", "#123 was the old ticket.",
                      "@team-leads saw #4.", "Ask @carol, per"] {
            #expect(visible.contains(words), "'\(words)' does not read as written: \(visible)")
        }
    }
}
