import CLIHarness
import FailForward
import Foundation
import TestSupport
import Testing

@Suite struct OutputTests {
    @Test func listFiltersAndJSON() throws {
        let h = try Harness()
        let a = h.newReady("Alpha")
        let b = h.newReady("Beta", extra: ["--tag", "onboarding"])
        h.ff("start", b)
        h.at("2026-12-30T10:00:00Z")
        let table = h.ff("list")
        #expect(table.out.split(separator: "\n").count == 3)
        #expect(table.out.contains("\(b)  running  2026-11-28  18d over"), "\(table.out)")
        #expect(h.ff("list", "--status", "draft").out.contains(a))
        #expect(!h.ff("list", "--status", "draft").out.contains(b))
        #expect(h.ff("list", "--overdue", "--json").out.contains("\"id\":\"\(b)\""))
        #expect(!h.ff("list", "--tag", "onboarding").out.contains(a))
        #expect(h.ff("list", "--owner", "ana").out.contains(a))
        // Case does not matter, in the query or in the name.
        #expect(h.ff("list", "--owner", "ANA").out.contains(a))
        #expect(h.ff("list", "--owner", "Ana", "--all-branches").out.contains(a))
        #expect(h.ff("list", "--owner", "nobody").out == "")
        let json = try JSONSerialization.jsonObject(with: Data(h.ff("list", "--json").out.utf8)) as! [[String: Any]]
        #expect(json.count == 2)
        let beta = json.first { $0["id"] as? String == b }!
        #expect(beta["status"] as? String == "running")
        #expect(beta["days_left"] as? Int == -18)
        #expect(beta["overdue"] as? Bool == true)
        #expect((beta["timebox"] as? [String: Any])?["days"] as? Int == 14)
        #expect((beta["signals"] as? [String: Any])?["success"] as? [String] == ["2 of 3 sponsors ask for a follow-up"])
    }

    /// `ff list` trusts its cache only for files whose stat data matches git's index.
    @Test func listUsesItsCacheOnlyForFilesTheIndexProvesUnchanged() throws {
        let h = try Harness()
        let id = h.newReady("Cached title")
        #expect(h.ff("list").out.contains("Cached title"))
        let cachePath = h.dir.file(".git/ff/list-cache")
        let cache = try String(contentsOfFile: cachePath, encoding: .utf8)
        #expect(cache.hasPrefix("ff-list-cache 2\n"))
        #expect(cache.contains("\t\(id)\tCached title\t"))
        // The cache is what ff reads for an unchanged file...
        try cache.replacingOccurrences(of: "\tCached title\t", with: "\tFrom the cache\t").write(toFile: cachePath, atomically: true, encoding: .utf8)
        #expect(h.ff("list").out.contains("From the cache"))
        // ...and never for a file changed since it was staged.
        let path = try h.path(of: id)
        try h.dir.write(path, try h.dir.read(path).replacingOccurrences(of: "title: Cached title", with: "title: Edited by hand"))
        let after = h.ff("list")
        #expect(after.out.contains("Edited by hand"))
        #expect(!after.out.contains("From the cache"))
        // A damaged cache is rebuilt, not believed.
        try "garbage\n".write(toFile: cachePath, atomically: true, encoding: .utf8)
        #expect(h.ff("list").out.contains("Edited by hand"))
        #expect(try String(contentsOfFile: cachePath, encoding: .utf8).hasPrefix("ff-list-cache 2\n"))
    }

    @Test func statusShowsWhatNeedsAttention() throws {
        let h = try Harness()
        let ready = h.newReady("Ready one")
        h.ff("new", "Half", "--hypothesis", "If A then B.")
        let half = h.lastID()
        let running = h.newReady("Running one")
        h.ff("start", running)
        let done = h.newReady("Done one")
        h.ff("start", done)
        h.ff("conclude", done, "--outcome", "validated", "--returned", "It worked as planned.", "--met", "s1", "--not-met", "f1")
        h.at("2026-12-02T10:00:00Z")
        let s = h.ff("status")
        #expect(s.code == 0)
        #expect(s.out == """
        Running (1)
          \(running)  Running one  ·  10 days left

        Drafts (2)
          \(ready)  Ready one  ·  ready: ff start \(ready)
          \(half)  Half  ·  missing a success signal, a failure signal, a data plan, reversibility (reversible: true or false), a rollback plan, a stakeholder, a timebox (days)

        Concluded without a next test (1)
          \(done)  Done one  ·  publish one: ff new --follows \(done)

        2 drafts, 1 running, 1 concluded

        """)
        let json = try JSONSerialization.jsonObject(with: Data(h.ff("status", "--json").out.utf8)) as! [String: Any]
        #expect((json["counts"] as? [String: Int])?["draft"] == 2)
        #expect((json["drafts"] as? [[String: Any]])?.count == 2)
        // A follow-up naming it in `follows:` is its published next test.
        #expect(h.ff("new", "Next one", "--follows", done).code == 0)
        #expect(!h.ff("status").out.contains("Concluded without a next test"))
        #expect(try h.file(of: h.lastID()).contains("follows: \(done)\ntags: [sponsors]\n"))
    }

    @Test func colourOnlyOnATerminalAndNeverFromFiles() throws {
        let h = try Harness()
        // Written by hand: YAML escapes put raw control characters into the title.
        let id = "3v113v11"
        try h.dir.write("experiments/2026-11/\(id)-evil.yaml", """
        ff: 1
        id: \(id)
        title: "Evil \\e[2J\\e]8;;http://x\\atitle\\x9B31m"
        status: draft

        """)
        let plain = h.ff("show", id)
        #expect(!plain.out.contains("\u{1B}"))
        h.interactive = true
        let coloured = h.ff("show", id)
        #expect(coloured.out.contains("\u{1B}[1m"))
        #expect(!coloured.out.contains("\u{1B}[2J"))
        #expect(!coloured.out.contains("\u{1B}]8"))
        #expect(!coloured.out.contains("\u{9B}"))
        #expect(coloured.out.contains("Evil ^[[2J^[]8;;http://x^Gtitle<U+9B>31m"))
        h.env["NO_COLOR"] = "1"
        #expect(!h.ff("show", id).out.contains("\u{1B}"))
        let json = h.ff("show", id, "--json").out
        #expect(!json.contains("\u{1B}") && !json.contains("\u{9B}"))
        #expect(json.contains("\\u001b[2J"))
    }

    @Test func dashCLikeGitBeforeOrAfterTheCommand() throws {
        let h = try Harness()
        try FileManager.default.createDirectory(atPath: h.dir.file("sub/deeper"), withIntermediateDirectories: true)
        let id = h.newReady()
        let other = TempDir("ff-elsewhere")
        let ctxDir = other.path
        var env = h.env
        env["PWD"] = ctxDir
        #expect(h.ff("-C", h.dir.path, "show", id).code == 0)
        #expect(h.ff("show", "-C", h.dir.file("sub"), id).code == 0)
        #expect(h.ff("-C", "sub", "-C", "deeper", "show", id).code == 0)
        #expect(h.ff("-C", "missing", "list").err == "ff: cannot change to '\(h.dir.path)/missing': no such directory\n")
    }
}
