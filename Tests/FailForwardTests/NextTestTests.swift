import Foundation
import Testing
import FailForward

@Suite struct NextTestTests {
    private func concluded() -> Experiment {
        var e = Experiment(id: "k7q2m9x4", title: "Weekly demo")
        e.owner = "Ana <ana@example.com>"
        e.tags = ["growth", "demo"]
        e.stakeholders = ["Bo", "Cy"]
        e.hypothesis = "A weekly demo shortens feedback."
        e.signals.success = ["two teams ask for it"]
        e.rollback = "stop the demo"
        e.reversible = true
        e.timebox = Timebox(days: 14, started: Timestamp.parse("2026-11-02T09:00:00Z"))
        e.status = .concluded
        return e
    }

    @Test func theNextTestFollowsAndInheritsTagsAndStakeholdersOnly() throws {
        let previous = concluded()
        let created = try #require(Timestamp.parse("2026-11-20T10:11:12Z")).addingTimeInterval(0.75)
        let next = previous.nextTest(id: "m3n4p5q6", title: "  Demo\nevery   two weeks ", owner: "Dee <dee@example.com>", created: created)
        #expect(next.id == "m3n4p5q6")
        #expect(next.title == CommitMessage.oneLine("  Demo\nevery   two weeks "))
        #expect(next.follows == previous.id)
        #expect(next.tags == previous.tags && next.stakeholders == previous.stakeholders)
        #expect(next.owner == "Dee <dee@example.com>")
        #expect(next.created == Timestamp.wholeSeconds(created))
        #expect(next.status == .draft)
        // The plan is the next test's own: nothing of it is carried over.
        var fresh = Experiment(id: next.id, title: next.title)
        fresh.owner = next.owner
        fresh.created = next.created
        fresh.follows = next.follows
        fresh.tags = next.tags
        fresh.stakeholders = next.stakeholders
        #expect(next == fresh)
    }
}
