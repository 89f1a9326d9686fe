import CLIHarness
import FailForward
import Foundation
import TestSupport
import Testing

/// `ff export`: every experiment and every timeline event as JSON Lines, or the experiments
/// as one CSV table, read back by independent parsers.
@Suite struct ExportTests {
    static let formula = "=cmd|' /C calc'!A0"
    static let escapes = "Red \u{1B}[31m alert, \"quoted\" \u{9B}2J"
    static let returned = "Two lines,\nthe second with \"quotes\", and a comma"

    /// Four experiments in every state, two with hostile text, and review notes.
    static func repository() throws -> (Harness, [String]) {
        let h = try Harness()
        let draft = h.newReady(formula)
        let running = h.newReady(escapes)
        h.ff("start", running)
        h.ff("note", running, "An observation\nover two lines.")
        let done = h.newReady("Concluded one", extra: ["--tag", "b;c", "--touches", "src/**"])
        h.ff("start", done)
        let c = h.ff("conclude", done, "--outcome", "disproved", "--returned", returned, "--signal", "-5% is no signal",
                     "--next-experiment", "Next one")
        precondition(c.code == 0, c.err)
        h.ff("review", done, "--comment", "Is the next test concrete?")
        let gone = h.newReady("Abandoned one")
        h.ff("abandon", gone, "--reason", "Priorities changed.")
        return (h, [draft, running, done, gone])
    }

    static func objects(_ text: String) throws -> [[String: Any]] {
        #expect(text.hasSuffix("\n"))
        return try text.split(separator: "\n", omittingEmptySubsequences: false).dropLast().map { line in
            let o = try JSONSerialization.jsonObject(with: Data(line.utf8))
            return try #require(o as? [String: Any], "not an object: \(line)")
        }
    }

    /// The same JSON value, written with sorted keys.
    static func canonical(_ value: Any) throws -> String {
        String(decoding: try JSONSerialization.data(withJSONObject: value, options: [.sortedKeys]), as: UTF8.self)
    }

    @Test func jsonLinesHoldEveryExperimentAsShowGivesItThenEveryEvent() throws {
        let (h, _) = try Self.repository()
        let r = h.ff("export")
        #expect(r.code == 0 && r.err == "", "\(r.err)")
        #expect(h.ff("export", "--format", "jsonl").out == r.out)
        let lines = try Self.objects(r.out)
        let list = try #require(try JSONSerialization.jsonObject(with: Data(h.ff("list", "--json").out.utf8)) as? [[String: Any]])
        let timeline = try #require(try JSONSerialization.jsonObject(with: Data(h.ff("timeline", "--json").out.utf8)) as? [String: Any])
        let events = try #require(timeline["events"] as? [[String: Any]])
        let experiments = lines.filter { $0["kind"] as? String == "experiment" }
        let exported = lines.filter { $0["kind"] as? String == "event" }
        #expect(experiments.count == list.count && list.count == 5)
        #expect(exported.count == events.count && events.count > 10)
        #expect(experiments.count + exported.count == lines.count)
        // Experiments first, in ff list order, each the object of ff show --json.
        #expect(lines.prefix(experiments.count).allSatisfy { $0["kind"] as? String == "experiment" })
        #expect(experiments.map { $0["id"] as? String } == list.map { $0["id"] as? String })
        for x in experiments {
            #expect(r.out.contains(#"{"kind":"experiment","path":"#))
            var fields = x
            fields["kind"] = nil
            let id = try #require(x["id"] as? String)
            let show = try JSONSerialization.jsonObject(with: Data(h.ff("show", id, "--json").out.utf8))
            #expect(try Self.canonical(fields) == Self.canonical(show), "\(id)")
        }
        // Then the events, in timeline order, each the object of ff timeline --json.
        for (line, event) in zip(exported, events) {
            #expect(Set(line.keys) == ["kind", "event"])
            #expect(try Self.canonical(line["event"]!) == Self.canonical(event))
        }
        // Nothing from a file reaches the terminal raw.
        #expect(!r.out.contains("\u{1B}") && !r.out.contains("\u{9B}"))
    }

    @Test func everyLineValidatesAgainstTheExportSchema() throws {
        let (h, _) = try Self.repository()
        let out = TempDir("ff-export-schema")
        let text = h.ff("export", "--bundle").out
        let files = try text.split(separator: "\n").enumerated().map { n, line in
            let path = out.file("line-\(n).json")
            try String(line).write(toFile: path, atomically: true, encoding: .utf8)
            return path
        }
        #expect(files.count > 15)
        let r = try validateSchema("export.schema.json", files)
        if r.status == 2 {
            print("ExportTests schema check skipped: \(r.stderr)")
            return
        }
        #expect(r.status == 0, "\(r.stdout)\(r.stderr)")
        // The schema does tell the kinds apart.
        try #"{"kind":"event","time":"2026-11-28T10:00:00Z"}"#.write(toFile: out.file("bad.json"), atomically: true, encoding: .utf8)
        try #"{"kind":"source","ff":1,"repository":"r","commit":"HEAD","branch":null,"exported":"now"}"#
            .write(toFile: out.file("bad-source.json"), atomically: true, encoding: .utf8)
        #expect(try validateSchema("export.schema.json", [out.file("bad.json")]).status == 1)
        #expect(try validateSchema("export.schema.json", [out.file("bad-source.json")]).status == 1)
    }

    /// Python's csv module reads the table back: every id, title and hostile text as ff
    /// wrote it, with only the formula guard and the control characters changed.
    @Test func csvReadsBackThroughPythonsCSVModule() throws {
        let (h, ids) = try Self.repository()
        let r = h.ff("export", "--format", "csv")
        #expect(r.code == 0 && r.err == "", "\(r.err)")
        #expect(!r.out.contains("\r") && !r.out.contains("\u{1B}"))
        let out = TempDir("ff-export-csv")
        try r.out.write(toFile: out.file("export.csv"), atomically: true, encoding: .utf8)
        let script = """
        import csv, json, sys
        with open(sys.argv[1], newline="", encoding="utf-8") as f:
            print(json.dumps(list(csv.reader(f, strict=True))))
        """
        let py = try run("/usr/bin/env", ["python3", "-c", script, out.file("export.csv")],
                         environment: ["PATH": ProcessInfo.processInfo.environment["PATH"] ?? "/usr/bin:/bin"])
        #expect(py.status == 0, "\(py.stderr)")
        let rows = try #require(try JSONSerialization.jsonObject(with: Data(py.stdout.utf8)) as? [[String]])
        #expect(rows.first == ["id", "title", "status", "owner", "created", "started", "due", "days", "outcome", "concluded",
                               "returned", "signal", "next", "tags", "touches", "follows", "path"])
        #expect(rows.allSatisfy { $0.count == 17 })
        let list = try #require(try JSONSerialization.jsonObject(with: Data(h.ff("list", "--json").out.utf8)) as? [[String: Any]])
        #expect(rows.dropFirst().map { $0[0] } == list.map { $0["id"] as! String })
        #expect(rows.dropFirst().map { $0[1] } == list.map { x -> String in
            let title = x["title"] as! String
            return title == Self.formula ? "'" + title : title == Self.escapes ? "Red ^[[31m alert, \"quoted\" <U+009B>2J" : title
        })
        let byID = Dictionary(uniqueKeysWithValues: rows.dropFirst().map { ($0[0], $0) })
        let done = try #require(byID[ids[2]])
        #expect(done[2] == "concluded" && done[8] == "disproved")
        #expect(done[10] == Self.returned)
        #expect(done[11] == "'-5% is no signal")
        #expect(done[13] == "sponsors;b;c" && done[14] == "src/**")
        let next = try #require(byID.values.first { $0[1] == "Next one" })
        #expect(done[12] == "Next one" && next[15] == ids[2], "\(done)")
        #expect(try byID[ids[1]]![16] == h.path(of: ids[1]))
        #expect(byID[ids[3]]![2] == "abandoned" && byID[ids[0]]![4] == "2026-11-28T10:00:00Z")
    }

    @Test func aBundleBeginsWithItsSource() throws {
        let (h, _) = try Self.repository()
        let r = h.ff("export", "--bundle")
        #expect(r.code == 0, "\(r.err)")
        let lines = try Self.objects(r.out)
        let source = lines[0]
        #expect(source["kind"] as? String == "source" && source["ff"] as? Int == 1)
        #expect(source["commit"] as? String == (try h.git("rev-parse", "HEAD")))
        #expect(source["branch"] as? String == (try h.git("symbolic-ref", "--short", "HEAD")))
        #expect(source["repository"] as? String == (h.dir.path as NSString).lastPathComponent)
        #expect(source["exported"] as? String == "2026-11-28T10:00:00Z")
        #expect(r.out.hasPrefix(#"{"kind":"source","ff":1,"repository":"#))
        #expect(lines.dropFirst().allSatisfy { $0["kind"] as? String != "source" })
        #expect(r.out.split(separator: "\n").dropFirst().joined(separator: "\n") + "\n" == h.ff("export").out)
        // Detached: no branch.
        try h.git("checkout", "-q", "--detach")
        let detached = try Self.objects(h.ff("export", "--bundle").out)[0]
        #expect(detached["branch"] is NSNull)
        // A table has no place for it.
        let csv = h.ff("export", "--bundle", "--format", "csv")
        #expect(csv.code == 64 && csv.out == "")
        #expect(csv.err.hasPrefix("ff: --bundle is JSON Lines"), "\(csv.err)")
    }

    @Test func dashOWritesTheFileAtomicallyAndNothingToStandardOutput() throws {
        let (h, _) = try Self.repository()
        try FileManager.default.createDirectory(atPath: h.dir.file("out"), withIntermediateDirectories: true)
        let plain = h.ff("export").out
        for (format, expected) in [(["--bundle"], h.ff("export", "--bundle").out), (["--format", "csv"], h.ff("export", "--format", "csv").out)] {
            let r = h.ff(["export", "-o", "out/export.data"] + format)
            #expect(r.code == 0 && r.out == "", "\(r.out)\(r.err)")
            #expect(r.err.hasPrefix("Wrote ") && r.err.hasSuffix(" to out/export.data\n"), "\(r.err)")
            #expect(try h.dir.read("out/export.data") == expected)
        }
        #expect(h.ff("export", "--output", "out/all.jsonl").out == "")
        #expect(try h.dir.read("out/all.jsonl") == plain)
        #expect(h.ff("export", "-o", "-").out == plain)
        // The same refusals as ff timeline -o, and the old file is kept.
        let refused = h.ff("export", "-o", ".git/HEAD")
        #expect(refused.code == 1 && refused.out == "")
        #expect(refused.err.contains("is inside the repository's git directory"), "\(refused.err)")
        let leftovers = try FileManager.default.contentsOfDirectory(atPath: h.dir.file("out"))
        #expect(leftovers.sorted() == ["all.jsonl", "export.data"], "\(leftovers)")
        #expect(try h.git("status", "--porcelain") == "?? out/")
    }

    @Test func aFileThatDoesNotParseIsSkippedWithAWarningAndAnEmptyRepositoryExportsNothing() throws {
        let h = try Harness()
        let empty = h.ff("export")
        #expect(empty.code == 0 && empty.out == "" && empty.err == "", "\(empty.err)")
        #expect(h.ff("export", "--format", "csv").out == ExportView.csvColumns.joined(separator: ",") + "\n")
        let source = try Self.objects(h.ff("export", "--bundle").out)
        let head = try h.git("rev-parse", "HEAD")
        #expect(source.count == 1 && source[0]["commit"] as? String == head)
        let id = h.newReady()
        try h.dir.write("experiments/2026-11/zzzzzzzz-broken.yaml", "ff: 1\nid: zzzzzzzz\ntitle: [unclosed\n")
        for format in ["jsonl", "csv"] {
            let r = h.ff("export", "--format", format)
            #expect(r.code == 0, "\(r.err)")
            #expect(r.err.hasPrefix("ff: warning: skipped experiments/2026-11/zzzzzzzz-broken.yaml"), "\(format): \(r.err)")
            #expect(r.out.contains(id) && !r.out.contains("zzzzzzzz"))
        }
    }
}
