import Foundation
import Testing
import FailForward

private func date(_ s: String) -> Date { Timestamp.parse(s)! }

@Suite struct ExperimentMergeTests {
    func running() -> Experiment {
        var e = Experiment(id: "k7q2m9x4", title: "Weekly demo")
        e.status = .running
        e.hypothesis = "If we demo, sponsors ask."
        e.timebox = Timebox(days: 14, started: date("2026-11-28T09:00:00Z"))
        e.signals = Signals(success: ["2 of 3 ask"], failure: ["none ask"])
        e.observations = [Observation(at: date("2026-11-29T09:00:00Z"), text: "Base note.")]
        return e
    }

    @Test func observationsFromBothSidesAreKeptInTimeOrder() throws {
        let base = running()
        let ours = try base.noted("Ours, later.", at: date("2026-12-02T09:00:00Z"))
        let theirs = try base.noted("Theirs, earlier.", at: date("2026-12-01T09:00:00Z")).noted("Theirs, last.", at: date("2026-12-03T09:00:00Z"))
        let m = ExperimentMerge.merge(base: base, ours: ours, theirs: theirs)
        #expect(m.conflicts.isEmpty)
        #expect(m.merged.observations.map(\.text) == ["Base note.", "Theirs, earlier.", "Ours, later.", "Theirs, last."])
        // The same result merged the other way round.
        #expect(ExperimentMerge.merge(base: base, ours: theirs, theirs: ours).merged.observations == m.merged.observations)
    }

    @Test func aStatusThatAdvancedOnOneSideWinsWithItsFields() throws {
        let base = running()
        let ours = try base.noted("Late note.", at: date("2026-12-05T09:00:00Z"))
        var c = Conclusion(outcome: .disproved)
        c.returned = "Nobody asked."
        let theirs = try base.concluded(c, at: date("2026-12-12T10:00:00Z"))
        let m = ExperimentMerge.merge(base: base, ours: ours, theirs: theirs)
        #expect(m.conflicts.isEmpty)
        #expect(m.merged.status == .concluded)
        #expect(m.merged.conclusion == theirs.conclusion)
        #expect(m.merged.observations.count == 2)
    }

    @Test func realConflictsAreReportedNeverChosen() throws {
        let base = running()
        var a = Conclusion(outcome: .disproved); a.returned = "Nobody asked."
        var b = Conclusion(outcome: .validated); b.returned = "Two asked."
        let ours = try base.concluded(a, at: date("2026-12-12T10:00:00Z"))
        let theirs = try base.concluded(b, at: date("2026-12-12T10:00:00Z"))
        let m = ExperimentMerge.merge(base: base, ours: ours, theirs: theirs)
        #expect(m.conflicts == ["conclusion.outcome", "conclusion.returned"])
        #expect(m.merged.conclusion?.outcome == .disproved)
        #expect(m.theirsVariant.conclusion?.outcome == .validated)
        #expect(m.baseVariant.conclusion == nil)

        var h1 = base; h1.hypothesis = "Ours."
        var h2 = base; h2.hypothesis = "Theirs."
        #expect(ExperimentMerge.merge(base: base, ours: h1, theirs: h2).conflicts == ["hypothesis"])

        let abandoned = try base.abandoned(reason: "Priorities.", at: date("2026-12-01T09:00:00Z"))
        #expect(ExperimentMerge.merge(base: base, ours: abandoned, theirs: ours).conflicts.contains("status"))

        // A move the lifecycle forbids is not taken even when only one side made it.
        var back = base; back.status = .draft
        #expect(ExperimentMerge.merge(base: base, ours: base, theirs: back).conflicts == ["status"])
    }

    @Test func reviewNotesAreKeptAndResolvingWins() throws {
        var base = running()
        base = try base.reviewed("Signal?", line: nil, by: "Bo", at: date("2026-12-01T09:00:00Z"))
        let ours = try base.resolvingReview(1)
        let theirs = try base.reviewed("Remediation?", line: 4, by: "Cy", at: date("2026-12-02T09:00:00Z"))
        let m = ExperimentMerge.merge(base: base, ours: ours, theirs: theirs)
        #expect(m.conflicts.isEmpty)
        #expect(m.merged.reviews.map(\.text) == ["Signal?", "Remediation?"])
        #expect(m.merged.reviews.map(\.resolved) == [true, false])
    }

    @Test func tagsAndStakeholdersAddedOnBothSidesAreKept() {
        var base = running(); base.tags = ["a"]
        var ours = base; ours.tags = ["a", "b"]; ours.stakeholders = ["Priya"]
        var theirs = base; theirs.tags = ["c"]; theirs.stakeholders = ["Team"]
        let m = ExperimentMerge.merge(base: base, ours: ours, theirs: theirs)
        #expect(m.conflicts.isEmpty)
        #expect(m.merged.tags == ["b", "c"])
        #expect(m.merged.stakeholders == ["Priya", "Team"])
    }

    @Test func touchesChangedOnBothSidesAreKeptAsASet() {
        var base = running(); base.touches = ["src/a"]
        var ours = base; ours.touches = ["src/a", "src/b/**"]
        var theirs = base; theirs.touches = ["docs"]
        let m = ExperimentMerge.merge(base: base, ours: ours, theirs: theirs)
        #expect(m.conflicts.isEmpty)
        #expect(m.merged.touches == ["src/b/**", "docs"])
        var one = base; one.touches = ["src/c"]
        #expect(ExperimentMerge.merge(base: base, ours: base, theirs: one).merged.touches == ["src/c"])
    }
}
