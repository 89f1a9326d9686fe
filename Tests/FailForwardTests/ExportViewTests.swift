import Foundation
import Testing
import FailForward

private func date(_ s: String) -> Date { Timestamp.parse(s)! }

@Suite struct ExportViewTests {
    @Test func anExperimentLineIsShowsObjectWithItsKindFirst() throws {
        var e = Experiment(id: "abcd1234", title: "A \"quoted\" title\u{1B}[31m")
        e.created = date("2026-11-28T09:14:00Z")
        e.status = .running
        e.timebox = Timebox(days: 14, started: date("2026-11-28T10:00:00Z"))
        let stored = StoredExperiment(experiment: e, path: "experiments/2026-11/abcd1234-a.yaml")
        let now = date("2026-12-01T10:00:00Z")
        let review = InReview(branch: "debrief/abcd1234-a", commit: String(repeating: "a", count: 40), outcome: .validated)
        for inReview in [nil, review] {
            let line = String(decoding: ExportView.experimentLine(.init(stored, inReview: inReview), now: now), as: UTF8.self)
            let show = stored.json(now: now, pretty: false, inReview: inReview)
            #expect(line == #"{"kind":"experiment","# + show.dropFirst() + "\n")
            #expect(line.filter { $0 == "\n" }.count == 1)
        }
    }

    @Test func anEventLineHoldsTheTimelinesObjectUnchanged() throws {
        let e = TimelineEvent(kind: .observation, time: date("2026-11-29T09:00:00Z"), author: "Ana <a@x>",
                              commit: String(repeating: "c", count: 40), experiment: "abcd1234", title: "T",
                              text: "Line one\nline two \u{1B}[2J", action: "note")
        let t = Timeline(events: [e], experiments: nil, head: String(repeating: "c", count: 40))
        let line = String(decoding: ExportView.eventLine(e, title: t.title(for: e)), as: UTF8.self)
        let timeline = TimelineJSON.render(t, pretty: false)
        let inner = line.dropFirst(#"{"kind":"event","event":"#.count).dropLast(2)
        #expect(line.hasPrefix(#"{"kind":"event","event":{"time":"#) && line.hasSuffix("}}\n"))
        #expect(timeline.contains(#""events":["# + inner + "]"), "\(line)\n\(timeline)")
        #expect(!line.dropLast().contains("\n") && !line.contains("\u{1B}"))
    }

    @Test func theSourceLineComesFirstThenExperimentsThenEvents() throws {
        let a = StoredExperiment(experiment: Experiment(id: "bbbb2222", title: "B"), path: "experiments/b.yaml")
        var early = Experiment(id: "aaaa1111", title: "A")
        early.created = date("2026-11-01T09:00:00Z")
        let b = StoredExperiment(experiment: early, path: "experiments/a.yaml")
        var late = Experiment(id: "0000cccc", title: "C")
        late.created = date("2026-11-02T09:00:00Z")
        let c = StoredExperiment(experiment: late, path: "experiments/c.yaml")
        // No created time first, then oldest first, as ff list.
        #expect(ExportView.listOrder([c, b, a]).map(\.experiment.id) == ["bbbb2222", "aaaa1111", "0000cccc"])
        let e = TimelineEvent(kind: .created, time: date("2026-11-01T09:00:00Z"), author: "Ana <a@x>",
                              commit: String(repeating: "d", count: 40), experiment: "aaaa1111", title: "A", action: "new")
        let t = Timeline(events: [e], experiments: nil, head: String(repeating: "d", count: 40))
        let source = ExportView.Source(repository: "team \"learning\"", commit: String(repeating: "d", count: 40), branch: nil,
                                       exported: date("2026-12-01T10:00:00Z"))
        var out: [UInt8] = []
        ExportView.writeJSONLines(ExportView.listOrder([a, b]).map { ExportView.Entry($0) }, timeline: t, now: date("2026-12-01T10:00:00Z"),
                                  source: source) { out += $0 }
        let lines = String(decoding: out, as: UTF8.self).split(separator: "\n", omittingEmptySubsequences: false)
        #expect(lines.count == 5 && lines.last == "")
        #expect(lines[0] == #"{"kind":"source","ff":1,"repository":"team \"learning\"","commit":"dddddddddddddddddddddddddddddddddddddddd","branch":null,"exported":"2026-12-01T10:00:00Z"}"#)
        #expect(lines[1].hasPrefix(#"{"kind":"experiment","path":"experiments/b.yaml","#))
        #expect(lines[2].hasPrefix(#"{"kind":"experiment","path":"experiments/a.yaml","#))
        #expect(lines[3].hasPrefix(#"{"kind":"event","event":{"time":"2026-11-01T09:00:00Z","kind":"created","#))
        for line in lines.dropLast() {
            let object = try JSONSerialization.jsonObject(with: Data(line.utf8)) as? [String: Any]
            #expect(object?["kind"] != nil)
        }
    }

    @Test func csvFieldsAreQuotedAndCannotStartAFormula() {
        #expect(ExportView.csvField("plain text") == "plain text")
        #expect(ExportView.csvField("") == "")
        #expect(ExportView.csvField("a,b") == #""a,b""#)
        #expect(ExportView.csvField(#"say "hi""#) == #""say ""hi""""#)
        #expect(ExportView.csvField("one\ntwo") == "\"one\ntwo\"")
        #expect(ExportView.csvField("one\r\ntwo") == "\"one\r\ntwo\"")
        #expect(ExportView.csvField("=cmd|' /C calc'!A0") == "'=cmd|' /C calc'!A0")
        for lead in ["+1", "-5% churn", "@SUM(A1)", "=1+1"] {
            #expect(ExportView.csvField(lead) == "'" + lead)
        }
        #expect(ExportView.csvField("\tx") == "'\tx")
        #expect(ExportView.csvField("\rx") == "\"'\rx\"")
        #expect(ExportView.csvField("=a,b") == #""'=a,b""#)
        // Controls other than TAB, LF and CR are shown as in ff's other text outputs.
        #expect(ExportView.csvField("red\u{1B}[31m bell\u{7} csi\u{9B} \u{202E}rev") == "red^[[31m bell^G csi<U+9B> <U+202E>rev")
        #expect(ExportView.csvField("a\u{0}b") == "a^@b")
        // Text that only a later cell would make a formula is left alone.
        #expect(ExportView.csvField("1=1") == "1=1")
    }

    @Test func aCSVRowHasEveryColumnInOrder() {
        var e = Experiment(id: "abcd1234", title: "Demo, weekly")
        e.status = .concluded
        e.owner = "Ana <a@x>"
        e.created = date("2026-11-28T09:14:00Z")
        e.timebox = Timebox(days: 14, started: date("2026-11-28T10:00:00Z"))
        e.tags = ["sponsors", "demo"]
        e.touches = ["src/**", "docs"]
        e.follows = "zzzz9999"
        var c = Conclusion(at: date("2026-12-05T10:00:00Z"), outcome: .disproved)
        c.returned = "One reply\nof three."
        c.signal = "Live demos don't fit."
        c.nextExperiment = "yyyy8888"
        e.conclusion = c
        let s = StoredExperiment(experiment: e, path: "experiments/2026-11/abcd1234-demo.yaml")
        #expect(ExportView.csvColumns.count == 17)
        #expect(ExportView.csvCells(s) == [
            "abcd1234", "Demo, weekly", "concluded", "Ana <a@x>", "2026-11-28T09:14:00Z", "2026-11-28T10:00:00Z",
            "2026-12-12T10:00:00Z", "14", "disproved", "2026-12-05T10:00:00Z", "One reply\nof three.", "Live demos don't fit.",
            "yyyy8888", "sponsors;demo", "src/**;docs", "zzzz9999", "experiments/2026-11/abcd1234-demo.yaml",
        ])
        let csv = ExportView.csv([s])
        #expect(csv.hasPrefix("id,title,status,owner,created,started,due,days,outcome,concluded,returned,signal,next,tags,touches,follows,path\n"))
        #expect(csv.hasSuffix("\n") && !csv.contains("\r"))
        #expect(csv.contains("abcd1234,\"Demo, weekly\",concluded,"))
        #expect(ExportView.csv([]) == ExportView.csvColumns.joined(separator: ",") + "\n")
    }
}
