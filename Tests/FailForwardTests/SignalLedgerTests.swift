import Testing
import FailForward

/// How `ff conclude --met/--not-met/--not-measured` names declared signals: by number, by
/// whole text or by the start of it, case aside; a name must pick exactly one.
@Suite struct SignalLedgerTests {
    private func experiment() -> Experiment {
        var e = Experiment(id: "k7q2m9x4", title: "Shorter standup")
        e.signals.success = ["Standup under 10 minutes", "Nobody misses an update"]
        e.signals.failure = ["Standup over 20 minutes"]
        return e
    }

    @Test func signalsAreNamedByNumberTextOrPrefix() throws {
        let ledger = SignalLedger(experiment())
        #expect(ledger.signals.map(\.number) == ["s1", "s2", "f1"])
        #expect(try ledger.resolve("S2").text == "Nobody misses an update")
        #expect(try ledger.resolve("  standup over 20 minutes ").number == "f1")
        #expect(try ledger.resolve("nobody").number == "s2")
        let marks = try ledger.marks(met: ["s1", "standup under"], notMet: ["f1"], notMeasured: [])
        #expect(marks == ["Standup under 10 minutes": .met, "Standup over 20 minutes": .notMet])
    }

    @Test func aNameMustPickExactlyOneSignal() {
        let ledger = SignalLedger(experiment())
        #expect(throws: SignalLedger.Problem.names(ref: "standup", matches: 2, id: "k7q2m9x4",
                                                   list: "s1 Standup under 10 minutes; s2 Nobody misses an update; f1 Standup over 20 minutes")) {
            try ledger.resolve("standup")
        }
        #expect((try? ledger.resolve("s9")) == nil)
        #expect(throws: SignalLedger.Problem.markedTwice("s1")) {
            try ledger.marks(met: ["s1"], notMet: ["standup under 10 minutes"], notMeasured: [])
        }
        #expect(SignalLedger.Problem.markedTwice("s1").description == "signal s1 is marked twice")
    }
}
