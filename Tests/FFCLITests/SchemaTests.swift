import CLIHarness
import Foundation
import TestSupport
import Testing

/// Every `--json` output and every experiment file ff writes validates against the schemas
/// in docs/schema/, checked by a standard validator (Python's jsonschema).
@Suite struct SchemaTests {
    func validate(_ schema: String, _ files: [String], yaml: Bool = false) throws -> ProcessResult {
        try validateSchema(schema, files, yaml: yaml)
    }

    @Test func outputsAndFilesMatchTheSchemas() throws {
        let h = try Harness()
        let draft = h.newReady("Draft one")
        let running = h.newReady("Running one", extra: ["--prediction", "validated", "--confidence", "0.7"])
        h.ff("start", running)
        h.ff("note", running, "An observation\nover two lines.")
        h.ff("amend", running, "--reason", "Tag renamed.", "--data", "replies: count #new-tag")
        let done = h.newReady("Concluded one")
        h.ff("start", done)
        h.ff("conclude", done, "--outcome", "inconclusive", "--returned", "Mixed.", "--met", "s1", "--next-experiment", "Next one")
        h.ff("review", done, "--comment", "Is the next test concrete?", "--line", "3")
        h.ff("review", done, "--comment", "Facts owned.")
        h.ff("review", done, "--resolve", "2")
        let gone = h.newReady("Abandoned one")
        h.ff("abandon", gone, "--reason", "Priorities changed.")
        let out = TempDir("ff-schema")
        try h.ff("list", "--json").out.write(toFile: out.file("list.json"), atomically: true, encoding: .utf8)
        try h.ff("status", "--json").out.write(toFile: out.file("status.json"), atomically: true, encoding: .utf8)
        for id in [draft, running, done, gone] {
            try h.ff("show", id, "--json").out.write(toFile: out.file("show-\(id).json"), atomically: true, encoding: .utf8)
        }
        let probe = try validate("list.schema.json", [out.file("list.json")])
        if probe.status == 2 {
            print("SchemaTests skipped: \(probe.stderr)")
            return
        }
        #expect(probe.status == 0, "\(probe.stdout)")
        #expect(try validate("status.schema.json", [out.file("status.json")]).status == 0)
        try h.ff("timeline", "--format", "json").out.write(toFile: out.file("timeline.json"), atomically: true, encoding: .utf8)
        try h.ff("stats", "--json").out.write(toFile: out.file("stats.json"), atomically: true, encoding: .utf8)
        let timeline = try validate("timeline.schema.json", [out.file("timeline.json")])
        #expect(timeline.status == 0, "\(timeline.stdout)")
        let stats = try validate("stats.schema.json", [out.file("stats.json")])
        #expect(stats.status == 0, "\(stats.stdout)")
        let shows = [draft, running, done, gone].map { out.file("show-\($0).json") }
        let r = try validate("show.schema.json", shows)
        #expect(r.status == 0, "\(r.stdout)")
        h.ff("edit", draft, "--touches", "experiments/**")
        h.ff("edit", done, "--touches", "experiments")
        let why = h.ff("why", "--json", "--history", ".ff/config.yaml", "experiments/x.yaml")
        #expect(why.code == 0 && why.out.contains(draft) && why.out.contains(done), "\(why.out)\(why.err)")
        try why.out.write(toFile: out.file("why.json"), atomically: true, encoding: .utf8)
        let w = try validate("why.schema.json", [out.file("why.json")])
        #expect(w.status == 0, "\(w.stdout)")
        let files = try h.git("ls-files", "experiments/*.yaml").split(separator: "\n").map { h.dir.file(String($0)) }
        #expect(files.count == 5)
        let y = try validate("experiment.schema.json", files, yaml: true)
        #expect(y.status == 0, "\(y.stdout)\(y.stderr)")
        // The validator does reject what breaks the schema.
        try #"{"ff":1,"id":"NOT-AN-ID","title":"x","status":"finished"}"#.write(toFile: out.file("bad.json"), atomically: true, encoding: .utf8)
        let bad = try validate("experiment.schema.json", [out.file("bad.json")])
        #expect(bad.status == 1)
        #expect(bad.stdout.contains("id") && bad.stdout.contains("status"))

        // ff check with an error and warnings: a locked field edited by hand and committed
        // past the hooks, a conclusion without a next test, an overdue experiment.
        try h.edit(h.path(of: running), "2 of 3 sponsors ask for a follow-up", "1 of 3 sponsors asks")
        try h.git("commit", "-q", "--no-verify", "-am", "Fewer sponsors")
        let lonely = h.newReady("Concluded without a next test")
        h.ff("start", lonely)
        h.ff("conclude", lonely, "--outcome", "disproved", "--returned", "No replies.")
        h.at("2027-01-15T10:00:00Z")
        let check = h.ff("check", "--format", "json")
        #expect(check.code == 1)
        #expect(check.out.contains(#""severity": "error""#) && check.out.contains(#""severity": "warning""#), "\(check.out)")
        try check.out.write(toFile: out.file("check.json"), atomically: true, encoding: .utf8)
        // A finding about the file as a whole has no line.
        try h.ff("check", "--format", "json", "experiments/missing.yaml").out
            .write(toFile: out.file("check-missing.json"), atomically: true, encoding: .utf8)
        let c = try validate("check.schema.json", [out.file("check.json"), out.file("check-missing.json")])
        #expect(c.status == 0, "\(c.stdout)")
        for id in [running, lonely, gone] {
            try h.ff("log", id, "--json").out.write(toFile: out.file("log-\(id).json"), atomically: true, encoding: .utf8)
        }
        #expect(try String(contentsOfFile: out.file("log-\(running).json"), encoding: .utf8).contains(#""by_hand": true"#))
        let l = try validate("log.schema.json", [running, lonely, gone].map { out.file("log-\($0).json") })
        #expect(l.status == 0, "\(l.stdout)")
        try #"{"files":1,"errors":1,"warnings":0,"diagnostics":[{"path":"x.yaml","line":0,"column":null,"severity":"fatal","message":"m","key":"k"}]}"#
            .write(toFile: out.file("bad-check.json"), atomically: true, encoding: .utf8)
        let badCheck = try validate("check.schema.json", [out.file("bad-check.json")])
        #expect(badCheck.status == 1)
        #expect(badCheck.stdout.contains("line") && badCheck.stdout.contains("severity") && badCheck.stdout.contains("key"), "\(badCheck.stdout)")
        try #"[{"commit":"abc1234","date":"2026-11-28","author":"A <a@b.c>","subject":"s","action":null,"transition":null,"by_hand":"no","status":"finished"}]"#
            .write(toFile: out.file("bad-log.json"), atomically: true, encoding: .utf8)
        let badLog = try validate("log.schema.json", [out.file("bad-log.json")])
        #expect(badLog.status == 1)
        #expect(badLog.stdout.contains("commit") && badLog.stdout.contains("merge") && badLog.stdout.contains("status"), "\(badLog.stdout)")
    }
}
