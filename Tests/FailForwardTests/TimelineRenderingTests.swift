import Foundation
import Testing
import FailForward

private func date(_ s: String) -> Date { Timestamp.parse(s)! }

private func event(_ kind: TimelineEvent.Kind, _ time: String, _ id: String = "k7q2m9x4", title: String = "Weekly demo",
                   author: String = "Ana Lima <ana@example.com>", outcome: Outcome? = nil, text: String? = nil,
                   byHand: Bool = false, reconstructed: Bool = false, flagged: Bool = false, fields: [String] = []) -> TimelineEvent {
    TimelineEvent(kind: kind, time: date(time), author: author, commit: String(repeating: "c", count: 40), experiment: id,
                  title: title, outcome: outcome, fields: fields, text: text, byHand: byHand, reconstructed: reconstructed,
                  flagged: flagged, action: byHand ? nil : "x")
}

/// An experiment that ran from `start` for `days`, concluded at `end`.
private func facts(_ id: String, owner: String, tags: [String], start: String, days: Int, end: String?, outcome: Outcome?,
                   prediction: Prediction? = nil, next: String? = nil, follows: String? = nil, title: String = "T") -> ExperimentFacts {
    var e = Experiment(id: id, title: title)
    e.owner = owner
    e.tags = tags
    e.created = date(start)
    e.follows = follows
    e.timebox = Timebox(days: days, started: date(start))
    e.prediction = prediction
    if let end {
        e.status = .concluded
        e.conclusion = Conclusion(at: date(end), outcome: outcome)
        e.conclusion?.next = next
        e.conclusion?.returned = "Returned <b>bold</b>."
    } else {
        e.status = .running
    }
    return ExperimentFacts(e, path: "experiments/\(id).yaml")
}

@Suite struct TimelineRenderingTests {
    let hostile = "Demo <script>alert(1)</script> | *x* `y` # [a](b) \u{1B}[31m: ; %%{init}%% \"q\" 'a' &amp;"

    var sample: Timeline {
        Timeline(events: [
            event(.created, "2026-10-30T09:00:00Z", title: hostile),
            event(.started, "2026-11-01T09:00:00Z", title: hostile),
            event(.observation, "2026-11-02T09:00:00Z", title: hostile, text: "line one\nline two <img src=x>"),
            event(.lockedChanged, "2026-11-03T09:00:00Z", title: hostile, byHand: true, flagged: true, fields: ["hypothesis"]),
            event(.concluded, "2026-11-05T09:00:00Z", title: hostile, outcome: .validated, text: "It returned."),
            event(.created, "2026-11-06T09:00:00Z", "h3c8d1pa", title: "Follow-up", author: "Tom Becker <tom@example.com>", reconstructed: true),
        ], experiments: [
            facts("k7q2m9x4", owner: "Ana Lima <ana@example.com>", tags: ["a"], start: "2026-11-01T09:00:00Z", days: 14,
                  end: "2026-11-05T09:00:00Z", outcome: .validated, title: hostile),
            facts("h3c8d1pa", owner: "Tom Becker <tom@example.com>", tags: [], start: "2026-11-06T09:00:00Z", days: 7,
                  end: nil, outcome: nil, follows: "k7q2m9x4", title: "Follow-up"),
        ], head: String(repeating: "d", count: 40))
    }

    @Test func textGroupsByMonthAndNeverPassesControlSequences() {
        let out = TimelineText.render(sample, painter: .plain)
        #expect(out.hasPrefix("Learning timeline  6 events, 2 experiments, 2026-10-30 – 2026-11-06\n"))
        #expect(out.contains("\n2026-10\n") && out.contains("\n2026-11\n"))
        #expect(!out.contains("\u{1B}"))
        #expect(out.contains("^[[31m"))
        #expect(out.contains("locked field changed"))
        #expect(out.contains("⚑ no deviation declared by hand"))
        #expect(out.contains("reconstructed"))
        let coloured = TimelineText.render(sample, painter: Painter(enabled: true))
        #expect(coloured.contains("\u{1B}[32m"))
        #expect(!coloured.contains("\u{1B}[31m:"))
    }

    @Test func jsonFollowsTheDocumentedSchema() throws {
        let bytes = TimelineJSON.render(sample)
        let root = try JSONSerialization.jsonObject(with: Data(bytes)) as! [String: Any]
        #expect(Array(root.keys).sorted() == ["events", "experiments", "ff_timeline", "head", "notes", "shallow"])
        #expect(root["ff_timeline"] as? Int == 1)
        let events = root["events"] as! [[String: Any]]
        #expect(events.count == 6)
        #expect(Set(events[0].keys) == ["time", "kind", "experiment", "title", "commit", "author", "outcome", "fields", "text",
                                          "by_hand", "reconstructed", "flagged", "action"])
        #expect(events[0]["title"] as? String == hostile)
        #expect(events[3]["kind"] as? String == "locked_changed")
        #expect(events[3]["flagged"] as? Bool == true)
        #expect(events[4]["outcome"] as? String == "validated")
        let experiments = root["experiments"] as! [[String: Any]]
        #expect(experiments.map { $0["id"] as? String } == ["k7q2m9x4", "h3c8d1pa"])
        #expect(experiments[0]["status"] as? String == "concluded")
        #expect(experiments[0]["started"] as? String == "2026-11-01T09:00:00Z")
        #expect(experiments[1]["status"] as? String == "draft")
        // The compact and the indented forms say the same.
        let pretty = try JSONSerialization.jsonObject(with: Data(TimelineJSON.render(sample, pretty: true).utf8)) as! NSDictionary
        #expect(pretty == (root as NSDictionary))
        // Control characters are escaped even in compact output.
        #expect(!bytes.contains(0x1B))
    }

    @Test func markdownAndMermaidEscapeUserText() {
        let md = TimelineMarkdown.render(sample)
        #expect(!md.contains("<script>") && !md.contains("<img"))
        #expect(md.contains("&lt;script&gt;"))
        #expect(md.contains("\\| \\*x\\* \\`y\\`"))
        #expect(md.contains("\\[a\\](b)"))
        #expect(md.contains("'a' &amp;amp;"))
        #expect(Escape.markdown("Q&A, 1. not a list") == "Q&A, 1. not a list")
        #expect(Escape.markdown("1. a list") == "1\\. a list")
        #expect(Escape.markdown("- item & &#60;") == "\\- item & &amp;#60;")
        // One table row per event, every row with the same number of cells.
        let rows = md.split(separator: "\n").filter { $0.hasPrefix("| 20") }
        #expect(rows.count == 6)
        for row in rows {
            let unescapedBars = row.replacingOccurrences(of: "\\|", with: "").filter { $0 == "|" }.count
            #expect(unescapedBars == 7)
        }
        let mermaid = TimelineMermaid.render(sample, now: date("2026-11-10T00:00:00Z"))
        #expect(mermaid.hasPrefix("gantt\n"))
        #expect(mermaid.contains("section Validated") && mermaid.contains("section Running"))
        for line in mermaid.split(separator: "\n") where line.contains("xk7q2m9x4") {
            #expect(line.contains(":done, xk7q2m9x4, 2026-11-01, 4d"))
            let name = line[..<line.range(of: " :done")!.lowerBound]
            // Entity codes (`#58;`) are all that is left of `:` `;` `<` `%` `"`.
            #expect(!name.contains(":") && !name.contains("<") && !name.contains("%") && !name.contains("\""))
            #expect(name.replacingOccurrences(of: "#[0-9]+;", with: "", options: .regularExpression).allSatisfy { !";#".contains($0) })
            #expect(name.contains("#60;script#62;"))
        }
        #expect(mermaid.contains("Follow-up #8592; next test of k7q2m9x4 h3c8d1pa :active, xh3c8d1pa, 2026-11-06, 4d"))
    }

    @Test func htmlIsOnePageWithEveryExperimentAndNothingUnescaped() {
        let html = TimelineHTML.render(sample, now: date("2026-11-10T00:00:00Z"))
        #expect(html.hasPrefix("<!doctype html>"))
        #expect(!html.contains("<script>alert") && !html.contains("<img src=x>") && !html.contains("<b>bold"))
        #expect(html.contains("Demo &lt;script&gt;alert(1)&lt;/script&gt;"))
        #expect(html.contains("Returned &lt;b&gt;bold&lt;/b&gt;."))
        // No network: no external source, stylesheet or link.
        for pattern in ["<img", "<link", "<iframe", "<script src", "href=\"http", "@import", "url("] {
            #expect(!html.contains(pattern), "\(pattern)")
        }
        #expect(html.contains("id=\"x-k7q2m9x4\"") && html.contains("id=\"x-h3c8d1pa\""))
        #expect(html.contains("class=\"row validated\"") && html.contains("class=\"row running\""))
        // The follow-up is listed under the one it follows, linked both ways.
        let parent = html.range(of: "id=\"x-k7q2m9x4\"")!, child = html.range(of: "id=\"x-h3c8d1pa\"")!
        #expect(parent.lowerBound < child.lowerBound)
        #expect(html.contains("Followed by <a href=\"#x-h3c8d1pa\">") && html.contains("Next test of <a href=\"#x-k7q2m9x4\">"))
        #expect(html.contains("<details>"))
    }

    /// What the browser tests measure, in the page's markup: overdue rows, the plan and the
    /// days past it, due and today markers, and month labels that give way when there is no room.
    @Test func htmlMarksOverdueDueDatesTodayAndPlans() {
        // h3c8d1pa started 2026-11-06 for 7 days: running on the 10th, overdue on the 20th.
        let running = TimelineHTML.render(sample, now: date("2026-11-10T00:00:00Z"))
        #expect(running.contains("class=\"row running\" id=\"x-h3c8d1pa\""))
        #expect(running.contains("<span class=\"plan\"") && !running.contains("<span class=\"late\""))
        #expect(running.contains("title=\"due 2026-11-13\""))
        #expect(running.contains("<div class=\"today\" style=\"--x:"))
        #expect(running.contains("<summary title=\"Open the debrief and history\">"))
        let late = TimelineHTML.render(sample, now: date("2026-11-20T00:00:00Z"))
        #expect(late.contains("class=\"row running overdue\" id=\"x-h3c8d1pa\""))
        #expect(late.contains("<span class=\"late\"") && late.contains("overdue: due 2026-11-13, 6 days past its timebox"))
        // The axis runs from the first start to the end of its month; every label has a width
        // below which it hides.
        #expect(late.contains(">2026-11</span>") && !late.contains(">2026-10</span>") && !late.contains(">2026-12</span>"))
        #expect(late.contains("@container axis (width < ") && late.contains(".axis .t0{display:none}"))
        // Nothing to show: a sentence, not an empty axis.
        let empty = TimelineHTML.render(Timeline(events: [], experiments: [], head: String(repeating: "d", count: 40)), now: date("2026-11-20T00:00:00Z"))
        #expect(empty.contains("<p class=\"empty\">No experiments in this range yet.") && !empty.contains("class=\"axis\""))
        #expect(TimelineHTML.render(Timeline(events: [], experiments: [], head: nil), now: date("2026-11-20T00:00:00Z")).contains("The history is empty."))
    }

    @Test func filtersKeepTheRightEvents() {
        let t = sample
        #expect(t.filtered(TimelineFilter(since: date("2026-11-01T00:00:00Z"))).events.count == 5)
        #expect(t.filtered(TimelineFilter(until: date("2026-11-02T00:00:00Z"))).events.count == 2)
        #expect(t.filtered(TimelineFilter(experiments: ["h3c8d1pa"])).events.map(\.kind) == [.created])
        #expect(t.filtered(TimelineFilter(author: "TOM")).events.count == 1)
        let validated = t.filtered(TimelineFilter(outcomes: [.validated]))
        #expect(validated.events.count == 5)
        #expect(validated.experiments.map(\.id) == ["k7q2m9x4"])
        let now = date("2026-11-28T10:00:00Z")
        #expect(TimeSpec.parse("30d", now: now) == date("2026-10-29T10:00:00Z"))
        #expect(TimeSpec.parse("2w", now: now) == date("2026-11-14T10:00:00Z"))
        #expect(TimeSpec.parse("2026-11-01", now: now) == date("2026-11-01T00:00:00Z"))
        #expect(TimeSpec.parse("2026-11-01", now: now, endOfDay: true) == date("2026-11-02T00:00:00Z"))
        #expect(TimeSpec.parse("2026-11-01T09:30:00+01:00", now: now) == date("2026-11-01T08:30:00Z"))
        #expect(TimeSpec.parse("yesterday", now: now) == nil)
    }

    @Test func cacheLinesRoundTrip() {
        let e = TimelineEvent(kind: .amended, time: date("2026-11-01T09:00:00Z"), author: "A\tB <a@x>", commit: String(repeating: "e", count: 40),
                              experiment: "k7q2m9x4", title: "Tab\tnew\nline back\\slash \u{1F}", outcome: .validated,
                              fields: ["data", "sig\u{1F}nals"], text: nil, byHand: true, reconstructed: false, flagged: true,
                              action: nil, order: 3)
        var line: [UInt8] = []
        e.appendCacheLine(to: &line)
        #expect(!line.contains(0x0A))
        #expect(TimelineEvent(cacheLine: line[...]) == e)
        #expect(TimelineEvent(cacheLine: Array("created\tnope".utf8)[...]) == nil)
        var f = facts("k7q2m9x4", owner: "A <a@x>", tags: ["a\tb", "c"], start: "2026-11-01T09:00:00Z", days: 14,
                      end: "2026-11-05T09:00:00Z", outcome: .disproved, prediction: Prediction(outcome: .validated, confidence: 0.7), next: "n\nx")
        f.ledger = [LedgerEntry(signal: "s1 with \u{1F}", observed: .notMet), LedgerEntry(signal: "f1", observed: .met)]
        var fl: [UInt8] = []
        f.appendCacheLine(to: &fl)
        #expect(ExperimentFacts(cacheLine: fl[...]) == f)
    }
}

@Suite struct LearningStatsTests {
    @Test func velocityOutcomesCycleTimeAndCalibration() {
        let t = Timeline(events: [
            TimelineEvent(kind: .lockedChanged, time: date("2026-10-03T00:00:00Z"), author: "x", commit: String(repeating: "1", count: 40),
                          experiment: "aaaa0001", title: "", flagged: true),
            TimelineEvent(kind: .edited, time: date("2026-10-04T00:00:00Z"), author: "x", commit: String(repeating: "2", count: 40),
                          experiment: "aaaa0001", title: "", byHand: true),
        ], experiments: [
            facts("aaaa0001", owner: "Ana Lima <ana@example.com>", tags: ["sponsors"], start: "2026-10-01T00:00:00Z", days: 14,
                  end: "2026-10-11T00:00:00Z", outcome: .validated, prediction: Prediction(outcome: .validated, confidence: 0.8), next: "more"),
            facts("aaaa0002", owner: "Ana Lima <ana@example.com>", tags: ["sponsors", "web"], start: "2026-10-05T00:00:00Z", days: 7,
                  end: "2026-10-25T00:00:00Z", outcome: .disproved, prediction: Prediction(outcome: .validated, confidence: 0.6)),
            facts("aaaa0003", owner: "Tom Becker <tom@example.com>", tags: ["web"], start: "2026-11-02T00:00:00Z", days: 30,
                  end: "2026-11-04T00:00:00Z", outcome: .inconclusive, prediction: Prediction(outcome: .inconclusive, confidence: nil)),
            facts("aaaa0004", owner: "Tom Becker <tom@example.com>", tags: [], start: "2026-11-10T00:00:00Z", days: 14,
                  end: nil, outcome: nil, follows: "aaaa0003"),
        ], head: nil)
        let s = LearningStats(t)
        #expect(s.experiments == 4)
        #expect(s.months == [LearningStats.Month(month: "2026-10", started: 2, concluded: 2, abandoned: 0),
                             LearningStats.Month(month: "2026-11", started: 2, concluded: 1, abandoned: 0)])
        #expect(s.outcomes == [.validated: 1, .disproved: 1, .inconclusive: 1])
        // Cycle days 10, 20, 2: median 10, p90 (nearest rank) 20.
        #expect(s.cycleMedian == 10 && s.cycleP90 == 20)
        #expect(s.withinTimebox == LearningStats.Share(count: 2, of: 3))
        // A next test in words, or a follow-up that follows it.
        #expect(s.nextTest == LearningStats.Share(count: 2, of: 3))
        // (0.8-1)² = 0.04 and (0.6-0)² = 0.36; no confidence, no forecast.
        #expect(s.calibration.forecasts == 2)
        #expect(abs(s.calibration.brier! - 0.2) < 1e-9)
        #expect(s.byOwner.map(\.name) == ["Ana Lima"])
        #expect(s.byTag.map(\.name) == ["sponsors", "web"])
        #expect(abs(s.byTag[1].score.brier! - 0.36) < 1e-9)
        #expect(s.undeclaredChanges == 1 && s.eventsByHand == 1)
        let json = try! JSONSerialization.jsonObject(with: Data(s.json().utf8)) as! [String: Any]
        #expect((json["cycle_days"] as! [String: Any])["median"] as? Double == 10)
        #expect(((json["calibration"] as! [String: Any])["overall"] as! [String: Any])["brier"] as? Double == 0.2)
        let text = s.text(painter: .plain)
        #expect(text.contains("median 10.0 days · p90 20.0 days (3 concluded)"))
        #expect(text.contains("2 of 3 concluded within their timebox (67%)"))
        #expect(text.contains("Ana Lima  0.200  (2 forecasts, 1 right)"))
    }
}

@Suite struct DigestTests {
    @Test func digestSaysWhatStartedConcludedAndWhatIsNext() {
        var concluded = facts("k7q2m9x4", owner: "Ana Lima <ana@example.com>", tags: [], start: "2026-11-01T09:00:00Z", days: 14,
                              end: "2026-11-20T09:00:00Z", outcome: .disproved, next: "Try a written update", title: "Weekly demo")
        concluded.nextExperiment = "h3c8d1pa"
        let follow = facts("h3c8d1pa", owner: "Ana Lima <ana@example.com>", tags: [], start: "2026-11-22T09:00:00Z", days: 7,
                           end: nil, outcome: nil, follows: "k7q2m9x4", title: "Written update")
        let t = Timeline(events: [
            event(.concluded, "2026-11-20T09:00:00Z", title: "Weekly demo", outcome: .disproved),
            event(.created, "2026-11-20T09:00:00Z", "h3c8d1pa", title: "Written update"),
            event(.started, "2026-11-22T09:00:00Z", "h3c8d1pa", title: "Written update"),
            event(.observation, "2026-11-23T09:00:00Z", "h3c8d1pa", title: "Written update", text: "x"),
        ], experiments: [concluded, follow], head: nil)
        let d = Digest(t, period: "2026-11-19 – 2026-11-26")
        #expect(d.summary == "1 started · 1 concluded (1 disproved) · 0 abandoned · 1 next test")
        let md = d.markdown()
        #expect(md.hasPrefix("# Experiments digest: 2026-11-19 – 2026-11-26\n"))
        #expect(md.contains("## Concluded\n\n- **Weekly demo** `k7q2m9x4` — hypothesis disproved, 2026-11-20, after 19 of 14 days · Ana Lima  \n  Returned &lt;b&gt;bold&lt;/b&gt;.  \n  Next test: Try a written update (h3c8d1pa)\n"))
        #expect(md.contains("## Started\n\n- **Written update** `h3c8d1pa` — started 2026-11-22, 7 days, due 2026-11-29"))
        #expect(md.contains("## Next tests\n\n- Try a written update (h3c8d1pa) — next test of **Weekly demo** `k7q2m9x4`\n"))
        #expect(md.contains("1 observation recorded."))
        let html = d.html()
        #expect(html.contains("<h2>Concluded</h2>") && !html.contains("<b>bold"))
        #expect(Digest(Timeline(events: [], experiments: [], head: nil), period: "x").markdown().contains("Nothing happened in this period."))
    }
}
