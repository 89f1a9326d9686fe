import CLIHarness
import FailForward
import Foundation
import TestSupport
import Testing

@Suite struct HistoryViewTests {
    @Test func logListsTheExperimentsCommitsIncludingHandEdits() throws {
        let h = try Harness()
        let id = h.newReady()
        let other = h.newReady("Unrelated")
        h.at("2026-11-29T09:00:00Z")
        h.ff("start", id)
        h.ff("start", other)
        let path = try h.path(of: id)
        try h.dir.write(path, try h.dir.read(path).replacingOccurrences(of: "- Priya (sponsor)", with: "- Priya (sponsor)\n  - Team channel"))
        try h.git("commit", "-q", "-am", "Add a stakeholder by hand")
        h.at("2026-12-01T09:00:00Z")
        h.ff("note", id, "Seen.")
        let r = h.ff("log", id)
        #expect(r.code == 0, "\(r.err)")
        let lines = r.out.split(separator: "\n").map(String.init)
        #expect(lines.count == 4)
        #expect(lines[0].contains("note") && lines[0].contains("2026-12-01"))
        #expect(lines[1].contains("by hand") && lines[1].contains("Add a stakeholder by hand"))
        #expect(lines[2].contains("start draft -> running"))
        #expect(lines[3].contains("new none -> draft"))
        #expect(!r.out.contains("Unrelated"))
        let json = try JSONSerialization.jsonObject(with: Data(h.ff("log", id, "--json").out.utf8)) as! [[String: Any]]
        #expect(json.map { $0["by_hand"] as? Bool } == [false, true, false, false])
        #expect(json.last?["transition"] as? String == "none -> draft")
    }

    @Test func showDiffComparesThePlanAtTheStartWithNow() throws {
        let h = try Harness()
        let id = h.newReady()
        #expect(h.ff("show", "--diff", id).out == "\(id) has not started: its plan is not locked yet.\n")
        h.ff("start", id)
        #expect(h.ff("show", "--diff", id).out.hasSuffix("No locked field has changed since the start.\n"))
        h.ff("amend", id, "--reason", "Two weeks are too short.", "--days", "21")
        let path = try h.path(of: id)
        try h.dir.write(path, try h.dir.read(path).replacingOccurrences(of: "- no follow-up after two demos", with: "- no follow-up after three demos"))
        let r = h.ff("show", "--diff", id)
        #expect(r.out.contains("signals  changed without a declared deviation (declare it with ff amend \(id) --reason …)\n  - failure: no follow-up after two demos\n  + failure: no follow-up after three demos"))
        #expect(r.out.contains("timebox.days  declared: 2026-11-28 Two weeks are too short.\n  - 14 days\n  + 21 days"))
        let json = try JSONSerialization.jsonObject(with: Data(h.ff("show", "--diff", id, "--json").out.utf8)) as! [String: Any]
        let changes = json["changes"] as! [[String: Any]]
        #expect(changes.map { $0["field"] as? String } == ["signals", "timebox.days"])
        #expect(changes.map { $0["declared"] as? Bool } == [false, true])
    }
}

/// `ff log` and the timeline decide "made by hand" by the same rule: a plain commit whose
/// trailers name another experiment is by hand for the one whose file it changed.
@Suite struct ByHandAgreementTests {
    @Test func logAndTimelineAgreeOnWhatWasMadeByHand() throws {
        let h = try Harness()
        let id = h.newReady()
        let other = h.newReady("Unrelated")
        h.ff("start", id)
        let path = try h.path(of: id)
        try h.dir.write(path, try h.dir.read(path).replacingOccurrences(of: "- Priya (sponsor)", with: "- Priya (sponsor)\n  - Team channel"))
        try h.git("commit", "-q", "-am", "Add a stakeholder\n\nFF-Experiment: \(other)\nFF-Action: note")
        let commit = try h.git("rev-parse", "HEAD").trimmingCharacters(in: .whitespacesAndNewlines)
        let log = try JSONSerialization.jsonObject(with: Data(h.ff("log", id, "--json").out.utf8)) as! [[String: Any]]
        let logged = try #require(log.first { $0["commit"] as? String == commit })
        let timeline = try JSONSerialization.jsonObject(with: Data(h.ff("timeline", "--json").out.utf8)) as! [String: Any]
        let events = (timeline["events"] as? [[String: Any]] ?? []).filter { $0["commit"] as? String == commit && $0["experiment"] as? String == id }
        #expect(!events.isEmpty)
        #expect(events.allSatisfy { $0["by_hand"] as? Bool == true }, "\(events)")
        #expect(logged["by_hand"] as? Bool == true)
    }
}

@Suite struct LogMergeTests {
    @Test func aMergeThatBringsChangesInIsShownAsMergedNotByHand() throws {
        let h = try Harness()
        let id = h.newReady()
        h.ff("start", id)
        try h.git("checkout", "-q", "-b", "side")
        h.ff("note", id, "On the side branch.")
        try h.git("checkout", "-q", "-")
        try h.dir.write("other.txt", "x\n")
        try h.git("add", "other.txt")
        try h.git("commit", "-q", "-m", "Unrelated work")
        try h.git("merge", "-q", "--no-ff", "-m", "Merge side", "side")
        let lines = h.ff("log", id).out.split(separator: "\n")
        #expect(lines.first?.contains("merged") == true && lines.first?.contains("Merge side") == true, "\(lines)")
        #expect(!lines.contains { $0.contains("by hand") })
        let json = try JSONSerialization.jsonObject(with: Data(h.ff("log", id, "--json").out.utf8)) as! [[String: Any]]
        #expect(json.first?["merge"] as? Bool == true && json.first?["by_hand"] as? Bool == false)
    }
}
