import Foundation
import Testing
import FailForward

@Suite struct JSONTests {
    @Test func experimentJSONKeepsFileOrderAndEscapesControls() throws {
        var e = Experiment(id: "abcd1234", title: "A \"quoted\" title\u{1B}[31m\u{9B}")
        e.created = Timestamp.parse("2026-11-28T09:14:00Z")
        e.tags = ["x"]
        e.timebox = Timebox(days: 14, started: Timestamp.parse("2026-11-28T10:00:00Z"))
        e.prediction = Prediction(outcome: .validated, confidence: 0.7)
        #expect(e.jsonText == #"{"ff":1,"id":"abcd1234","title":"A \"quoted\" title\u001b[31m\u009b","status":"draft","owner":null,"created":"2026-11-28T09:14:00Z","follows":null,"tags":["x"],"hypothesis":null,"reversible":null,"rollback":null,"stakeholders":[],"timebox":{"days":14,"started":"2026-11-28T10:00:00Z","due":"2026-12-12T10:00:00Z"},"signals":{"success":[],"failure":[]},"data":[],"observations":[],"prediction":{"outcome":"validated","confidence":0.7},"deviations":[],"conclusion":null,"abandoned":null,"reviews":[]}"#)
        let stored = StoredExperiment(experiment: e, path: "experiments/x.yaml")
        let pretty = stored.json(now: Timestamp.parse("2026-12-01T10:00:00Z")!, pretty: true)
        #expect(pretty.hasPrefix("{\n  \"path\": \"experiments/x.yaml\",\n  \"ff\": 1,\n"))
        #expect(pretty.contains("\n  \"timebox\": {\n    \"days\": 14,\n"))
        #expect(pretty.contains("\n  \"stakeholders\": [],\n"))
        #expect(pretty.hasSuffix("\n  \"days_left\": null,\n  \"overdue\": false,\n  \"review\": null\n}"))
        let parsed = try JSONSerialization.jsonObject(with: Data(pretty.utf8)) as! [String: Any]
        #expect(parsed["title"] as? String == "A \"quoted\" title\u{1B}[31m\u{9B}")
    }

    @Test func summariesRoundTripThroughTheirCacheLine() throws {
        var e = Experiment(id: "abcd1234", title: "Tab\there, new\nline, back\\slash")
        e.owner = "Ana <a@x>"
        e.tags = ["a", "b\u{1F}c"]
        e.created = Timestamp.parse("2026-11-28T09:14:00Z")
        let s = ExperimentSummary(e)
        let line = Array(s.cacheLine.utf8)
        #expect(!line.contains(0x0A))
        #expect(ExperimentSummary(cacheLine: line[...]) == s)
        #expect(ExperimentSummary(cacheLine: Array("garbage".utf8)[...]) == nil)
    }

    @Test func whatWhyShowsRoundTripsThroughTheCacheLine() throws {
        var e = Experiment(id: "abcd1234", title: "T")
        e.status = .concluded
        e.touches = ["src/**", "a\tb\u{1F}c"]
        var c = Conclusion(at: Timestamp.parse("2026-11-28T09:14:00Z"), outcome: .disproved)
        c.returned = "No gain,\nat all."
        c.signal = ""
        c.nextExperiment = "bcde2345"
        e.conclusion = c
        let s = ExperimentSummary(e)
        let back = try #require(ExperimentSummary(cacheLine: Array(s.cacheLine.utf8)[...]))
        #expect(back == s)
        #expect(back.touches == e.touches && back.returned == c.returned && back.signal == "" && back.next == nil)
        // A line of the layout before these fields is not read (the file is parsed again).
        let old = s.cacheLine.split(separator: "\t", omittingEmptySubsequences: false)
        #expect(ExperimentSummary(cacheLine: Array((old[0..<10] + [old[15]]).joined(separator: "\t").utf8)[...]) == nil)
    }
}
