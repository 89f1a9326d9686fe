import CLIHarness
import Foundation
import TestSupport
import Testing

/// `touches:` set from the command line, and `ff why` reading it back.
@Suite struct WhyTests {
    @Test func newAndEditSetTouchesAndShowPrintsThem() throws {
        let h = try Harness()
        let id = h.newReady("Cache the list", extra: ["--touches", "Sources/**/List*.swift", "--touches", " docs "])
        #expect(try h.file(of: id).contains("touches:\n  - Sources/**/List*.swift\n  - docs\n"))
        #expect(h.ff("show", id).out.contains("touches: Sources/**/List*.swift, docs\n"))
        let json = try #require(try JSONSerialization.jsonObject(with: Data(h.ff("show", id, "--json").out.utf8)) as? [String: Any])
        #expect(json["touches"] as? [String] == ["Sources/**/List*.swift", "docs"])
        h.ff("start", id)
        // Not locked: a running experiment's touches change with ff edit, one commit.
        let before = try h.git("rev-list", "--count", "HEAD")
        let edit = h.ff("edit", id, "--touches", "Sources/FFCLI")
        #expect(edit.code == 0, "\(edit.err)")
        #expect(try Int(h.git("rev-list", "--count", "HEAD")) == Int(before).map { $0 + 1 })
        #expect(try h.git("show", "--format=", "-U0", "HEAD").contains("+  - Sources/FFCLI"))
        #expect(h.ff("check").code == 0)
        #expect(h.ff("edit", id, "--touches", "  ").code == 64)
    }

    @Test func whyListsTheExperimentsThatTouchAPathNewestFirst() throws {
        let h = try Harness()
        try h.dir.write("src/cache/list.swift", "x\n")
        try h.git("add", "src")
        try h.git("commit", "-qm", "code")
        let old = h.newReady("Old <b>cache</b>\u{1B}[31m", extra: ["--touches", "src/cache"])
        h.ff("start", old)
        h.ff("conclude", old, "--outcome", "disproved", "--returned", "No gain.", "--signal", "p50 unchanged", "--next", "Try an index.", "--met", "f1")
        h.at("2026-11-29T10:00:00Z")
        let new = h.newReady("New cache", extra: ["--touches", "src/**/*.swift"])
        _ = h.newReady("Unrelated", extra: ["--touches", "docs/**"])

        let text = h.ff("why", "src/cache/list.swift")
        #expect(text.code == 0, "\(text.err)")
        let lines = text.out.split(separator: "\n").map(String.init)
        #expect(lines.count == 3, "\(text.out)")
        #expect(lines[0].hasPrefix("ID") && lines[0].contains("NEXT TEST"))
        #expect(lines[1].hasPrefix(new) && lines[2].hasPrefix(old))
        #expect(lines[2].contains("disproved") && lines[2].contains("No gain.") && lines[2].contains("Try an index."))
        #expect(!text.out.contains("\u{1B}"), "hostile text is made safe")

        let short = h.ff("why", "--short", "src/cache/list.swift")
        #expect(short.out.hasPrefix("\(new) draft: New cache\n\(old) concluded disproved: Old <b>cache</b>"), "\(short.out)")
        #expect(short.out.hasSuffix(" — Try an index.\n") && short.out.split(separator: "\n").count == 2)
        #expect(!short.out.contains("\u{1B}"))

        // Paths are taken from the current folder, as git takes them.
        let here = h.ff("why", "--short", "list.swift", in: "src/cache")
        #expect(here.out.split(separator: "\n").count == 2, "\(here.out)\(here.err)")
        // The folder itself is touched by the plain path, not by the *.swift glob.
        #expect(h.ff("why", "--short", "src/cache").out.split(separator: "\n").map { String($0.prefix(8)) } == [old])

        let json = h.ff("why", "--json", "src/cache/list.swift", "docs/a.md")
        let array = try #require(try JSONSerialization.jsonObject(with: Data(json.out.utf8)) as? [[String: Any]])
        #expect(array.compactMap { $0["id"] as? String }.count == 3)
        let first = try #require(array.last)
        #expect(first["id"] as? String == old)
        #expect(first["returned"] as? String == "No gain.")
        #expect(first["signal"] as? String == "p50 unchanged")
        #expect(first["next"] as? String == "Try an index.")
        #expect(first["touched"] as? [String] == ["src/cache/list.swift"])

        let none = h.ff("why", "nowhere/at/all")
        #expect(none.code == 0 && none.out == "No experiment touches nowhere/at/all.\n")
        #expect(h.ff("why", "--json", "nowhere").out == "[]\n")
        #expect(h.ff("why", "--short", "nowhere").out == "No experiment touches nowhere.\n")
    }

    @Test func historyAddsTheExperimentsRunningWhenThePathChanged() throws {
        let h = try Harness()
        try h.dir.write("app/main.c", "int main;\n")
        try h.git("add", "app")
        try h.git("commit", "-qm", "app")
        let ran = h.newReady("Ran while main changed")
        h.at("2026-11-29T10:00:00Z")
        h.ff("start", ran)
        h.at("2026-11-30T10:00:00Z")
        try h.dir.write("app/main.c", "int main(void);\n")
        try h.git("commit", "-qam", "main changed")
        h.at("2026-12-01T10:00:00Z")
        h.ff("abandon", ran, "--reason", "Done with it.")
        let later = h.newReady("Started after")
        h.at("2026-12-02T10:00:00Z")
        h.ff("start", later)

        // The oracle: git's own log of the path.
        #expect(try h.git("log", "--format=%s", "--", "app/main.c") == "main changed\napp")
        #expect(h.ff("why", "--short", "app/main.c").out == "No experiment touches app/main.c.\n")
        let history = h.ff("why", "--history", "--json", "app/main.c")
        #expect(history.code == 0, "\(history.err)")
        let array = try #require(try JSONSerialization.jsonObject(with: Data(history.out.utf8)) as? [[String: Any]])
        #expect(array.compactMap { $0["id"] as? String } == [ran])
        #expect(array.first?["changed"] as? [String] == ["app/main.c"])
        #expect(array.first?["touched"] as? [String] == [])
    }

    @Test func whyWithoutAPathIsAUsageError() throws {
        let h = try Harness()
        let r = h.ff("why")
        #expect(r.code == 64)
        #expect(r.err.contains("missing expected argument"), "\(r.err)")
        #expect(h.ff("why", "--short", "--json", "x").code == 64)
        let outside = h.ff("why", "../../outside")
        #expect(outside.code == 1 && outside.err.contains("is outside the repository"), "\(outside.err)")
    }
}
