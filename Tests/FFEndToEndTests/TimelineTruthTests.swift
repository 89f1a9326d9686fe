import CLIHarness
import FailForward
import Foundation
import TestSupport
import Testing

/// The timeline says what happened: a follow-up by its own title, review notes as review
/// events with their text, and events of one second in history order. The built binary at
/// fixed `COLUMNS` and `NO_COLOR`, every format, fresh and cached.
@Suite struct TimelineTruthTests {
    let ff = ffExecutable()

    struct Fixture {
        let h: Harness
        let id: String, next: String
    }

    /// Every commit in the same second (the harness's clock): new, edit, start, a review
    /// comment (with characters each format escapes), its resolution, then a conclusion whose
    /// next test (`--next`) is worded apart from the follow-up's title (`--next-experiment`).
    static func fixture() throws -> Fixture {
        let h = try Harness()
        let id = h.newReady("Weekly demo")
        #expect(h.ff("edit", id, "--title", "Weekly demo to sponsors").code == 0)
        #expect(h.ff("start", id).code == 0)
        #expect(h.ff("review", id, "--comment", "Is <s1> & \"f1\" | measured?").code == 0)
        #expect(h.ff("review", id, "--resolve", "1").code == 0)
        let r = h.ff("conclude", id, "--outcome", "validated", "--returned", "Two of three asked.", "--met", "s1", "--not-met", "f1",
                     "--next", "Try it monthly", "--next-experiment", "Monthly demo")
        #expect(r.code == 0, "\(r.err)")
        let next = h.lastID()
        #expect(next != id && next.count == 8)
        return Fixture(h: h, id: id, next: next)
    }

    func ff(_ f: Fixture, _ args: [String]) throws -> String {
        var env = f.h.env
        env["NO_COLOR"] = "1"
        env["COLUMNS"] = "100"
        let r = try run(ff, args, in: f.h.dir.path, environment: env)
        #expect(r.status == 0, "\(args): \(r.stderr)")
        #expect(r.stderr == "", "\(args)")
        return r.stdout
    }

    func events(_ json: String) throws -> [[String: Any]] {
        let object = try JSONSerialization.jsonObject(with: Data(json.utf8)) as? [String: Any]
        return object?["events"] as? [[String: Any]] ?? []
    }

    func text(_ f: Fixture) -> String {
        """
        Learning timeline  7 events, 2 experiments, 2026-11-28 – 2026-11-28

        2026-11
          28 10:00  created   \(f.id)  Weekly demo  · Ana Lima
          28 10:00  edited    \(f.id)  Weekly demo to sponsors  · Ana Lima
                               Changed: title.
          28 10:00  started   \(f.id)  Weekly demo to sponsors  · Ana Lima
          28 10:00  commented \(f.id)  Weekly demo to sponsors  · Ana Lima
                               Is <s1> & "f1" | measured?
          28 10:00  resolved  \(f.id)  Weekly demo to sponsors  · Ana Lima
                               Is <s1> & "f1" | measured?
          28 10:00  created   \(f.next)  Monthly demo  · Ana Lima
          28 10:00  concluded \(f.id)  Weekly demo to sponsors  validated  · Ana Lima
                               Two of three asked.

        """
    }

    @Test func everyFormatTellsWhatHappenedInHistoryOrderFreshAndCached() throws {
        let f = try Self.fixture()
        let cache = f.h.dir.file(".git/ff/timeline-cache")
        #expect(!FileManager.default.fileExists(atPath: cache))
        let fresh = try ff(f, ["timeline"])
        #expect(fresh == text(f), "printed:\n\(fresh)")
        #expect(FileManager.default.fileExists(atPath: cache))
        // The second run reads the cache and says the same.
        #expect(try ff(f, ["timeline"]) == fresh)

        let markdown = try ff(f, ["timeline", "--format", "markdown"])
        let rows = markdown.split(separator: "\n").filter { $0.hasPrefix("| 2026-11-28") }.map { row in
            row.split(separator: "|").map { $0.trimmingCharacters(in: .whitespaces) }
        }
        #expect(rows.map { $0[1] } == ["created", "edited", "started", "commented", "resolved", "created", "concluded"])
        #expect(rows[5][2] == "`\(f.next)` Monthly demo")
        // The note escaped for markdown (a `|` would end the cell).
        let note = #"Is &lt;s1&gt; & "f1" \| measured?"#
        #expect(markdown.contains("| commented | `\(f.id)` Weekly demo to sponsors | \(note) | Ana Lima |"))
        #expect(markdown.contains("| resolved | `\(f.id)` Weekly demo to sponsors | \(note) | Ana Lima |"))

        for json in [try ff(f, ["timeline", "--json"]), try ff(f, ["timeline", "--format", "json"])] {
            let e = try events(json)
            #expect(e.map { $0["kind"] as? String } == ["created", "edited", "started", "commented", "resolved", "created", "concluded"])
            #expect(e[5]["experiment"] as? String == f.next && e[5]["title"] as? String == "Monthly demo")
            #expect(e[5]["action"] as? String == "conclude")
            #expect(e[3]["text"] as? String == #"Is <s1> & "f1" | measured?"# && e[3]["action"] as? String == "review")
            #expect(e[4]["text"] as? String == #"Is <s1> & "f1" | measured?"#)
            let experiments = (try JSONSerialization.jsonObject(with: Data(json.utf8)) as? [String: Any])?["experiments"] as? [[String: Any]]
            #expect(experiments?.first { $0["id"] as? String == f.next }?["title"] as? String == "Monthly demo")
        }

        let html = try ff(f, ["timeline", "--format", "html"])
        #expect(html.contains(#"commented — Ana Lima"#) && html.contains(#"resolved — Ana Lima"#))
        #expect(html.contains(#"<div class="text">Is &lt;s1&gt; &amp; &quot;f1&quot; | measured?</div>"#)
            || html.contains(#"<div class="text">Is &lt;s1&gt; &amp; &#34;f1&#34; | measured?</div>"#))

        // One more commit in the same second, read on top of the cache: in history order, and
        // as a walk without the cache reads it.
        #expect(f.h.ff("review", f.next, "--comment", "Which Monday?").code == 0)
        let incremental = try ff(f, ["timeline"])
        #expect(incremental.hasSuffix("  28 10:00  commented \(f.next)  Monthly demo  · Ana Lima\n                       Which Monday?\n"), "printed:\n\(incremental)")
        try FileManager.default.removeItem(atPath: cache)
        #expect(try ff(f, ["timeline"]) == incremental)

        // The message names the follow-up by its own title, apart from the next test's words.
        let message = try f.h.git("log", "-1", "--format=%B", "HEAD~")
        #expect(message.contains("\n\nNext test: Try it monthly\n\nNext experiment: Monthly demo (\(f.next))\n\n"))
    }

    /// A history made before the message named the follow-up (`Next test: <the --next words>
    /// (<id>)`) shows it by the title in its file, and a cache of the earlier format, which
    /// held the wrong title, is not read.
    @Test func anOlderHistoryAndAnOlderCacheStillShowTheFollowUpsTitle() throws {
        let f = try Self.fixture()
        let old = try f.h.git("log", "-1", "--format=%B")
            .replacingOccurrences(of: "Next test: Try it monthly\n\nNext experiment: Monthly demo (\(f.next))", with: "Next test: Try it monthly (\(f.next))")
        #expect(!old.contains("Monthly demo"))
        try f.h.git("commit", "--amend", "--no-verify", "-q", "-F", "-", stdin: old)
        let out = try ff(f, ["timeline"])
        #expect(out.contains("  28 10:00  created   \(f.next)  Monthly demo  · Ana Lima\n"), "printed:\n\(out)")
        #expect(!out.contains("Try it monthly"))

        // A cache written by the format before (version 2) with the follow-up titled by the
        // --next words: ignored and rebuilt.
        let cache = f.h.dir.file(".git/ff/timeline-cache")
        var lines = try String(contentsOfFile: cache, encoding: .utf8).components(separatedBy: "\n")
        #expect(lines[0] == "ff-timeline-cache 3")
        lines[0] = "ff-timeline-cache 2"
        let stale = lines.joined(separator: "\n").replacingOccurrences(of: "\tMonthly demo\t", with: "\tTry it monthly\t")
        #expect(stale.contains("\tTry it monthly\t"))
        try stale.write(toFile: cache, atomically: true, encoding: .utf8)
        #expect(try ff(f, ["timeline"]) == out)
        #expect(try String(contentsOfFile: cache, encoding: .utf8).hasPrefix("ff-timeline-cache 3\n"))
    }

    /// A review note added or resolved with plain git (the hook adds `FF-Via`) is read from the
    /// files: still a review event with the note's text.
    @Test func reviewNotesMadeByHandAreReviewEventsToo() throws {
        let h = try Harness()
        let id = h.newReady("Weekly demo")
        let path = try h.path(of: id)
        let before = try h.file(of: id)
        try (before + "reviews:\n  - at: 2026-11-28T10:00:00Z\n    text: Why two of three?\n    resolved: false\n")
            .write(toFile: h.dir.file(path), atomically: true, encoding: .utf8)
        try h.git("add", path)
        try h.git("commit", "-q", "--no-verify", "-m", "a review note")
        let f = Fixture(h: h, id: id, next: "")
        let out = try ff(f, ["timeline"])
        #expect(out.contains("  28 10:00  commented \(id)  Weekly demo  · Ana Lima  by hand\n                       Why two of three?\n"),
                "printed:\n\(out)")
        let e = try events(try ff(f, ["timeline", "--json"]))
        #expect(e.last?["kind"] as? String == "commented" && e.last?["text"] as? String == "Why two of three?")
    }
}
