import Foundation
import Testing
import FailForward

private func date(_ s: String) -> Date { Timestamp.parse(s)! }

private let handWritten = """
ff: 1
id: k7q2m9x4
title: Weekly demo to sponsors
status: draft            # draft | running | concluded | abandoned
owner: Ana Lima <ana@example.com>
created: 2026-11-28T09:14:00Z
tags: [sponsors]
# Why we are doing this: the sponsors asked for visibility.
hypothesis: |
  If I show sponsors a 10-minute demo every week, at least two of three will ask for
  a follow-up within 14 days.
reversible: true
rollback: Stop the demos; nothing was promised.
stakeholders:
  - Priya (sponsor)   # she asked for it
  - Team channel
timebox:
  days: 14
  started:           # set by ff start
signals:
  success:
    - 2 of 3 sponsors ask for a follow-up
  failure:
    - no follow-up request after two demos
data:
  - what: follow-up requests
    how: "count replies tagged #demo"   # quoted: ' #' would start a comment
x-team-notes: keep this   # a key ff does not know

"""

@Suite struct ExperimentDocumentTests {
    @Test func readsTheSpecExample() throws {
        let doc = try ExperimentDocument(path: "e.yaml", bytes: Array(handWritten.utf8))
        let e = doc.experiment
        #expect(e.id == "k7q2m9x4")
        #expect(e.status == .draft)
        #expect(e.tags == ["sponsors"])
        #expect(e.hypothesis == "If I show sponsors a 10-minute demo every week, at least two of three will ask for\na follow-up within 14 days.")
        #expect(e.timebox.days == 14)
        #expect(e.timebox.started == nil)
        #expect(e.data == [DataPlan(what: "follow-up requests", how: "count replies tagged #demo")])
        #expect(e.unknownKeys == ["x-team-notes"])
    }

    @Test func startChangesOnlyTheLinesItMustAndKeepsComments() throws {
        var doc = try ExperimentDocument(path: "e.yaml", bytes: Array(handWritten.utf8))
        var e = doc.experiment
        e.status = .running
        e.timebox.started = date("2026-11-28T09:20:00Z")
        try doc.update(to: e)
        let expected = handWritten
            .replacingOccurrences(of: "status: draft            #", with: "status: running            #")
            .replacingOccurrences(of: "  started:           # set by ff start", with: "  started: 2026-11-28T09:20:00Z  # set by ff start")
        #expect(doc.text == expected)
        #expect(doc.experiment == e)
    }

    @Test func noteOnlyAddsLines() throws {
        var doc = try ExperimentDocument(path: "e.yaml", bytes: Array(handWritten.utf8))
        var e = doc.experiment
        e.observations.append(Observation(at: date("2026-12-01T17:02:00Z"), text: "First demo; one reply."))
        try doc.update(to: e)
        let before = handWritten.split(separator: "\n", omittingEmptySubsequences: false)
        let after = doc.text.split(separator: "\n", omittingEmptySubsequences: false)
        #expect(after.count == before.count + 3)
        #expect(doc.text.contains("observations:\n  - at: 2026-12-01T17:02:00Z\n    text: First demo; one reply.\nx-team-notes"))
        e.observations.append(Observation(at: date("2026-12-02T17:02:00Z"), text: "Second demo:\nno replies yet."))
        try doc.update(to: e)
        #expect(doc.text.contains("    text: First demo; one reply.\n  - at: 2026-12-02T17:02:00Z\n    text: |-\n      Second demo:\n      no replies yet.\nx-team-notes"))
        #expect(doc.experiment == e)
        #expect(doc.text.contains("# Why we are doing this"))
        #expect(doc.text.contains("- Priya (sponsor)   # she asked for it"))
    }

    @Test func aNewFileIsCanonicalAndRoundTrips() throws {
        var e = Experiment(id: "abcd1234", title: "yes")
        e.created = date("2026-11-28T09:14:00Z")
        e.tags = ["a b", "c,d", "true"]
        e.hypothesis = "line one\nline two"
        e.rollback = "Stop: now #1"
        e.stakeholders = ["- dash", "\"quoted\"", "\u{1B}[31mred"]
        e.timebox.days = 14
        e.signals = Signals(success: ["s"], failure: ["f"])
        e.prediction = Prediction(outcome: .validated, confidence: 0.7)
        let doc = ExperimentDocument(path: "e.yaml", creating: e)
        let reread = try ExperimentDocument(path: "e.yaml", bytes: doc.bytes)
        #expect(reread.experiment == e)
        #expect(doc.text.hasPrefix("ff: 1\nid: abcd1234\ntitle: \"yes\"\nstatus: draft\n"))
        #expect(doc.text.contains("tags: [a b, \"c,d\", \"true\"]"))
        #expect(doc.text.contains("hypothesis: |-\n  line one\n  line two\n"))
        #expect(!doc.text.contains("\u{1B}"))
        // Any YAML reader sees the same strings (PyYAML's resolver here, a YAML 1.1 one).
        guard let any = try otherYAMLReader(doc.text) else { return }
        #expect(any["title"] as? String == "yes")
        #expect((any["tags"] as? [String]) == ["a b", "c,d", "true"])
    }

    @Test func touchesRoundTripsAndAnEditKeepsComments() throws {
        let text = handWritten.replacingOccurrences(of: "tags: [sponsors]\n", with: "tags: [sponsors]\ntouches:\n  - Sources/Demo/**   # the demo code\n")
        var doc = try ExperimentDocument(path: "e.yaml", bytes: Array(text.utf8))
        var e = doc.experiment
        #expect(e.touches == ["Sources/Demo/**"])
        e.touches.append("docs/demo.md")
        try doc.update(to: e)
        #expect(doc.experiment == e)
        #expect(doc.text.contains("# Why we are doing this"))
        #expect(doc.text.contains("x-team-notes: keep this"))
        #expect(try ExperimentDocument(path: "e.yaml", bytes: doc.bytes).experiment.touches == ["Sources/Demo/**", "docs/demo.md"])
        #expect(e.lockedFieldsChanged(comparedTo: doc.experiment).isEmpty)

        var fresh = Experiment(id: "abcd1234", title: "t")
        fresh.tags = ["x"]
        fresh.touches = ["src/*.swift", "[weird"]
        fresh.stakeholders = ["s"]
        let created = ExperimentDocument(path: "e.yaml", creating: fresh)
        #expect(try ExperimentDocument(path: "e.yaml", bytes: created.bytes).experiment == fresh)
        let keys = created.text.split(separator: "\n").filter { !$0.hasPrefix(" ") }.map { String($0.prefix { $0 != ":" }) }
        #expect(keys == ["ff", "id", "title", "status", "tags", "touches", "stakeholders"])
        guard let any = try otherYAMLReader(created.text) else { return }
        #expect((any["touches"] as? [String]) == ["src/*.swift", "[weird"])
    }

    @Test func errorsNameLineAndColumn() {
        let cases: [(String, Int, String)] = [
            ("ff: 1\nid: k7q2m9x4\ntitle: T\nstatus: finished\n", 4, "status must be one of draft, running, concluded, abandoned"),
            ("ff: 1\nid: k7q2m9x4\ntitle: T\nstatus: draft\ntimebox:\n  days: two\n", 6, "timebox.days must be a whole number"),
            ("ff: 1\nid: k7q2m9x4\ntitle: [unclosed\nstatus: draft\n", 4, "invalid YAML"),
            ("ff: 1\nid: k7q2m9x4\n<<<<<<< HEAD\ntitle: A\n=======\ntitle: B\n>>>>>>> other\n", 3, "merge conflict markers"),
            ("ff: 1\nid: k7q2m9x4\ntitle: A\ntitle: B\nstatus: draft\n", 4, "duplicate key 'title'"),
        ]
        for (text, line, message) in cases {
            do {
                _ = try ExperimentDocument(path: "x.yaml", bytes: Array(text.utf8))
                Issue.record("expected an error for \(text)")
            } catch let error as FileError {
                #expect(error.line == line, "\(error)")
                #expect(error.message.contains(message), "\(error)")
            } catch {
                Issue.record("unexpected \(error)")
            }
        }
    }

    @Test func aliasBombIsRejectedFast() {
        var text = "ff: 1\nid: k7q2m9x4\ntitle: T\nstatus: draft\na0: &a0 [x, x, x, x, x, x, x, x, x, x]\n"
        for i in 1..<12 {
            text += "a\(i): &a\(i) [" + Array(repeating: "*a\(i - 1)", count: 10).joined(separator: ", ") + "]\n"
        }
        #expect(throws: FileError.self) { try ExperimentDocument(path: "x.yaml", bytes: Array(text.utf8)) }
    }

    @Test func crlfAndBOMArePreserved() throws {
        let text = "\u{FEFF}ff: 1\r\nid: k7q2m9x4\r\ntitle: T\r\nstatus: draft\r\n"
        var doc = try ExperimentDocument(path: "x.yaml", bytes: Array(text.utf8))
        var e = doc.experiment
        e.status = .abandoned
        e.abandoned = Abandonment(at: date("2026-11-28T09:14:00Z"), reason: "Sponsor left.")
        try doc.update(to: e)
        #expect(String(decoding: doc.bytes, as: UTF8.self) == "\u{FEFF}ff: 1\r\nid: k7q2m9x4\r\ntitle: T\r\nstatus: abandoned\r\nabandoned:\r\n  at: 2026-11-28T09:14:00Z\r\n  reason: Sponsor left.\r\n")
    }
}
