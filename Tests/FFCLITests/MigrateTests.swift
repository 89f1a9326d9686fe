import CLIHarness
import FailForward
import Foundation
import TestSupport
import Testing

/// A file in format 0 — different key names, flat timebox and signals, notes and result.
let formatZero = """
version: 0
id: 0fd00fd0
title: Friday demos
state: done
owner: Ana Lima <ana@example.com>
created: 2025-03-03T09:00:00Z
tags: [demos]
hypothesis: If we demo on Fridays, more people come.
reversible: true
rollback: Stop.
stakeholders: [Team]
timebox_days: 14
started: 2025-03-04T09:00:00Z
success_signals: [10 people come]
failure_signals: [fewer than 5 come twice]
data: ["attendance: count in the calendar"]
notes:
  - at: 2025-03-07T16:00:00Z
    text: Eight came.
result:
  at: 2025-03-18T09:00:00Z
  outcome: validated
  summary: Attendance doubled.
  next: Try a recording for remote people.
team-note: kept as is   # a key ff does not know

"""

@Suite struct MigrateTests {
    @Test func formatZeroIsReadUpgradedInOneCommitAndMigrateIsIdempotent() throws {
        let h = try Harness()
        _ = h.newReady("Current one")
        try h.dir.write("experiments/2025-03/0fd00fd0-friday-demos.yaml", formatZero)
        let active = "version: 0\nid: 0fd00fd1\ntitle: Still going\nstate: active\nstarted: 2025-03-04T09:00:00Z\n"
        try h.dir.write("experiments/2025-03/0fd00fd1-still-going.yaml", active)
        try h.git("add", "experiments")
        try h.git("commit", "-q", "-m", "Add an old experiment by hand")

        let show = h.ff("show", "0fd00fd0", "--json")
        #expect(show.code == 0, "\(show.err)")
        let json = try JSONSerialization.jsonObject(with: Data(show.out.utf8)) as! [String: Any]
        #expect(json["ff"] as? Int == 0)
        #expect(json["status"] as? String == "concluded")
        #expect((json["observations"] as? [[String: Any]])?.first?["text"] as? String == "Eight came.")
        #expect((json["conclusion"] as? [String: Any])?["returned"] as? String == "Attendance doubled.")
        #expect((json["data"] as? [[String: Any]])?.first?["how"] as? String == "count in the calendar")

        let refused = h.ff("note", "0fd00fd1", "x")
        #expect(refused.err.contains("is in format 0: run ff migrate"))

        let before = try h.git("rev-list", "--count", "HEAD")
        let r = h.ff("migrate")
        #expect(r.code == 0, "\(r.err)")
        #expect(try h.git("rev-list", "--count", "HEAD") == String(Int(before)! + 1))
        #expect(try h.git("show", "--name-only", "--format=", "HEAD") == "experiments/2025-03/0fd00fd0-friday-demos.yaml\nexperiments/2025-03/0fd00fd1-still-going.yaml")
        #expect(try h.git.trailers() == ["FF-Experiment: 0fd00fd0", "FF-Experiment: 0fd00fd1", "FF-Action: migrate"])
        let text = try h.dir.read("experiments/2025-03/0fd00fd0-friday-demos.yaml")
        #expect(text.hasPrefix("ff: 1\nid: 0fd00fd0\ntitle: Friday demos\nstatus: concluded\n"))
        #expect(text.contains("team-note: kept as is\n"))
        #expect(text.contains("timebox:\n  days: 14\n  started: 2025-03-04T09:00:00Z\n"))
        let upgraded = try ExperimentDocument(path: "x", bytes: Array(text.utf8)).experiment
        var expected = try ExperimentDocument(path: "x", bytes: Array(formatZero.utf8)).experiment
        expected.schema = 1
        #expect(upgraded == expected)
        #expect(try h.git("status", "--porcelain") == "")

        let again = h.ff("migrate")
        #expect(again.code == 0)
        #expect(again.out == "All 3 experiment files are in format 1; nothing to do.\n")
        #expect(try h.git("rev-list", "--count", "HEAD") == String(Int(before)! + 1))
        #expect(h.ff("note", "0fd00fd1", "x").code == 0)
    }
}
