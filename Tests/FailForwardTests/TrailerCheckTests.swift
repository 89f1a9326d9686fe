import Foundation
import Testing
import FailForward

private func date(_ s: String) -> Date { Timestamp.parse(s)! }

private func running(_ id: String = "k7q2m9x4") -> Experiment {
    var e = Experiment(id: id, title: "Weekly demo")
    e.status = .running
    e.owner = "Ana Lima <ana@example.com>"
    e.created = date("2026-11-01T09:00:00Z")
    e.hypothesis = "If we demo weekly, sponsors ask for more."
    e.signals = Signals(success: ["2 of 3 ask"], failure: ["nobody asks"])
    e.data = [DataPlan(what: "requests", how: "count replies tagged #demo")]
    e.reversible = true
    e.rollback = "Stop."
    e.stakeholders = ["Priya"]
    e.timebox = Timebox(days: 14, started: date("2026-11-02T09:00:00Z"))
    return e
}

private let path = "experiments/2026-11/k7q2m9x4-weekly-demo.yaml"

private func commit(_ message: String, files: [FileChange]? = nil) -> HistoryCommit {
    HistoryCommit(id: String(repeating: "a", count: 40), author: "Ana Lima <ana@example.com>", time: date("2026-11-10T12:00:00Z"),
                  message: message, files: files)
}

private let forged = "conclude k7q2m9x4: Weekly demo — hypothesis validated\n\nFF-Experiment: k7q2m9x4\nFF-Action: conclude\nFF-Transition: running -> concluded\nFF-Outcome: validated\n"

/// Trailers are text anyone can write: the timeline trusts an ff commit's trailers only as
/// far as its files hold them.
@Suite struct TrailerCheckTests {
    @Test func aClaimIsHeldOnlyByAFileInThatState() throws {
        let reading = TimelineDerivation.read(message: forged, isMerge: false)
        let claim = try #require(reading.claim)
        #expect(claim.summary == "running -> concluded, validated")
        #expect(claim.trailers == "FF-Transition running -> concluded and FF-Outcome validated")
        let old = running()
        #expect(!claim.isHeld(old: old, new: old, oldExists: true))
        var done = old
        done.status = .concluded
        done.conclusion = Conclusion(at: date("2026-11-10T12:00:00Z"), outcome: .disproved)
        #expect(!claim.isHeld(old: old, new: done, oldExists: true))
        done.conclusion?.outcome = .validated
        #expect(claim.isHeld(old: old, new: done, oldExists: true))
        // From the state it names: a concluded experiment cannot conclude again.
        #expect(!claim.isHeld(old: done, new: done, oldExists: true))
        #expect(!claim.isHeld(old: old, new: nil, oldExists: true))
        // A note claims no state.
        #expect(TimelineDerivation.read(message: "note k7q2m9x4: x\n\nFF-Experiment: k7q2m9x4\nFF-Action: note\n", isMerge: false).claim == nil)
        // `FF-Action: start` claims running without a transition line.
        let start = TimelineDerivation.read(message: "start\n\nFF-Experiment: k7q2m9x4\nFF-Action: start\n", isMerge: false).claim
        #expect(start?.status == .running && start?.from == nil)
    }

    @Test func whatToReadFollowsWhatTheTrailersSay() {
        let note = TimelineDerivation.read(message: "note k7q2m9x4: x\n\nFF-Experiment: k7q2m9x4\nFF-Action: note\n", isMerge: false)
        // A note: the locked text of its file, nothing parsed unless that differs.
        #expect(TimelineDerivation.needs(note, changed: [(path, true, true)]) == [.init(state: false, locked: true)])
        // A file of an experiment the trailers do not name, one removed, one created by a
        // note: not what ff writes, so every file is read.
        #expect(TimelineDerivation.needs(note, changed: [(path, true, true), ("experiments/2026-11/h3c8d1pa-x.yaml", true, true)]) == nil)
        #expect(TimelineDerivation.needs(note, changed: [(path, true, false)]) == nil)
        #expect(TimelineDerivation.needs(note, changed: [(path, false, true)]) == nil)
        #expect(TimelineDerivation.needs(note, changed: [("experiments/notes.yaml", true, true)]) == nil)
        // A conclusion with its follow-up: read from its files, for the follow-up's title.
        let conclude = TimelineDerivation.read(message: "conclude\n\nFF-Experiment: k7q2m9x4\nFF-Experiment: h3c8d1pa\nFF-Action: conclude\nFF-Transition: running -> concluded\nFF-Outcome: disproved\n", isMerge: false)
        #expect(conclude.needsFiles)
        #expect(TimelineDerivation.needs(conclude, changed: [(path, true, true), ("experiments/2026-11/h3c8d1pa-x.yaml", false, true)]) == nil)
        // One without: the state of the one experiment.
        let alone = TimelineDerivation.read(message: "conclude\n\nFF-Experiment: k7q2m9x4\nFF-Action: conclude\nFF-Transition: running -> concluded\nFF-Outcome: disproved\n", isMerge: false)
        #expect(TimelineDerivation.needs(alone, changed: [(path, true, true)]) == [.init(state: true, locked: true)])
        let new = TimelineDerivation.read(message: "new\n\nFF-Experiment: k7q2m9x4\nFF-Action: new\nFF-Transition: none -> draft\n", isMerge: false)
        #expect(TimelineDerivation.needs(new, changed: [(path, false, true)]) == [.init(state: true, locked: false)])
    }

    @Test func handWrittenTrailersTheFileDoesNotHoldAreAClaimNeverAConclusion() throws {
        let old = running()
        var new = old
        new.observations.append(Observation(at: date("2026-11-09T10:00:00Z"), text: "First demo."))
        let c = commit(forged)
        let reading = TimelineDerivation.read(message: forged, isMerge: false)
        // Checked, the trailers do not hold: the commit is read from its files.
        #expect(TimelineDerivation.events(for: c, reading: reading, checked: [.init(path: path, old: old, new: new, oldExists: true)]) == nil)
        let events = TimelineDerivation.events(for: commit(forged, files: [FileChange(path: path, old: old, new: new)]))
        #expect(events.map(\.kind) == [.observation, .claimed])
        #expect(events.allSatisfy { $0.byHand && $0.outcome == nil })
        #expect(events[1].text == "running -> concluded, validated (it is running)")
        #expect(events[1].kind.label == "claimed by the message, not in the file")
        // Not counted: no conclusion in the digest or the stats.
        let t = Timeline(events: events, experiments: [ExperimentFacts(new, path: path)], head: nil)
        let digest = Digest(t, period: "November")
        #expect(digest.concluded.isEmpty && digest.outcomes.isEmpty)
        #expect(digest.claims.map(\.claim) == ["running -> concluded, validated (it is running)"])
        #expect(digest.markdown().contains("**Claimed by a commit message, not in the file (not counted):** Weekly demo `k7q2m9x4`"))
        #expect(LearningStats(t).events == 1)
        #expect(t.outcome(of: "k7q2m9x4") == nil)
        // A commit that does not change the file at all claims just as little.
        let empty = TimelineDerivation.events(for: commit(forged, files: [FileChange(path: "experiments/2026-11/h3c8d1pa-x.yaml", old: running("h3c8d1pa"), new: nil)]))
        #expect(empty.last?.kind == .claimed)
        #expect(empty.last?.text == "running -> concluded, validated (its file does not change in this commit)")
        // The same trailers where the file did conclude, validated: ff's conclusion.
        var done = old
        done.status = .concluded
        done.conclusion = Conclusion(at: date("2026-11-10T12:00:00Z"), outcome: .validated)
        let held = try #require(TimelineDerivation.events(for: c, reading: reading, checked: [.init(path: path, old: old, new: done, oldExists: true)]))
        #expect(held.map(\.kind) == [.concluded])
        #expect(!held[0].byHand && held[0].outcome == .validated)
    }

    @Test func aLockedChangeRidingAlongAnFFCommitIsFlagged() throws {
        let message = "note k7q2m9x4: Weekly demo\n\nFirst demo.\n\nFF-Experiment: k7q2m9x4\nFF-Action: note\n"
        let reading = TimelineDerivation.read(message: message, isMerge: false)
        let old = running()
        var new = old
        new.observations.append(Observation(at: date("2026-11-09T10:00:00Z"), text: "First demo."))
        new.signals.success = ["1 of 3 asks"]
        let c = commit(message)
        let events = try #require(TimelineDerivation.events(for: c, reading: reading, checked: [.init(path: path, old: old, new: new, oldExists: true, lockedTextDiffers: true)]))
        #expect(events.map(\.kind) == [.observation])
        #expect(events[0].flagged && events[0].fields == ["signals"] && !events[0].byHand)
        // A text that does not differ needs no parse, and flags nothing.
        let quiet = try #require(TimelineDerivation.events(for: c, reading: reading, checked: [.init(path: path, oldExists: true)]))
        #expect(!quiet[0].flagged)
        // A declared deviation in the same change is no flag.
        new.deviations.append(Deviation(at: date("2026-11-09T10:00:00Z"), field: "signals", reason: "Fewer sponsors.", by: "Ana Lima <ana@example.com>"))
        let declared = try #require(TimelineDerivation.events(for: c, reading: reading, checked: [.init(path: path, old: old, new: new, oldExists: true, lockedTextDiffers: true)]))
        #expect(!declared[0].flagged)
    }
}

/// The locked fields' text, read without parsing, stands for the fields only where the file's
/// layout leaves no doubt.
@Suite struct LockedTextTests {
    func bytes(_ e: Experiment) -> [UInt8] { ExperimentDocument(path: path, creating: e).bytes }

    @Test func whatFFWritesChangesItsLockedTextOnlyWithALockedField() throws {
        let e = running()
        let written = bytes(e)
        let before = try #require(LockedText(written))
        // ff's own changes of other keys: a note, a conclusion, a review, a tag.
        var doc = try ExperimentDocument(path: path, bytes: written)
        var noted = e
        noted.observations.append(Observation(at: date("2026-11-09T10:00:00Z"), text: "It's \"quoted\" [and] {bracketed}: # not a comment"))
        try doc.update(to: noted)
        #expect(LockedText(doc.bytes) == before)
        var concluded = noted
        concluded.status = .concluded
        concluded.conclusion = Conclusion(at: date("2026-11-12T10:00:00Z"), outcome: .disproved)
        concluded.conclusion?.returned = "Two lines\nof prose: with 'quotes' and [brackets"
        try doc.update(to: concluded)
        #expect(LockedText(doc.bytes) == before)
        // Every locked field, changed, changes it.
        var changes: [(String, (inout Experiment) -> Void)] = [
            ("hypothesis", { $0.hypothesis = "Reworded." }),
            ("signals", { $0.signals.success = ["1 of 3 asks"] }),
            ("data", { $0.data = [DataPlan(what: "requests", how: "count all replies")] }),
            ("timebox.days", { $0.timebox.days = 21 }),
            ("timebox.started", { $0.timebox.started = date("2026-11-03T09:00:00Z") }),
            ("reversible", { $0.reversible = false }),
            ("rollback", { $0.rollback = "Keep going." }),
        ]
        changes.append(("prediction", { $0.prediction = Prediction(outcome: .validated, confidence: 0.7) }))
        for (field, change) in changes {
            var d = try ExperimentDocument(path: path, bytes: written)
            var x = e
            change(&x)
            try d.update(to: x)
            #expect(LockedText(d.bytes) != nil, "\(field)")
            #expect(LockedText(d.bytes) != before, "\(field)")
        }
    }

    @Test func theStateIsReadWithoutAParseWhereItIsAPlainWord() throws {
        var e = running()
        #expect(LockedText(bytes(e))?.state == FileState(e))
        e.status = .concluded
        e.conclusion = Conclusion(at: date("2026-11-12T10:00:00Z"), outcome: .validated)
        e.conclusion?.returned = "outcome: disproved, said nobody"
        e.conclusion?.facts = "Two lines:\noutcome: inconclusive"
        let concluded = bytes(e)
        #expect(LockedText(concluded)?.state == FileState(id: "k7q2m9x4", status: .concluded, outcome: .validated))
        // Anything less plain leaves the state to the parser; the locked text stays.
        for (from, to) in [("status: concluded", "status: \"concluded\""), ("outcome: validated", "outcome: validated, really"),
                           ("id: k7q2m9x4", "id: k7q2m9x4\nid: h3c8d1pa")] {
            let text = String(decoding: concluded, as: UTF8.self).replacingOccurrences(of: from, with: to)
            let t = try #require(LockedText(Array(text.utf8)), "\(to)")
            #expect(t.state == nil, "\(to)")
        }
        let indented = String(decoding: concluded, as: UTF8.self).replacingOccurrences(of: "conclusion:\n", with: "conclusion:\n    # a comment first\n")
        #expect(LockedText(Array(indented.utf8))?.state?.outcome == .validated)
    }

    @Test func layoutsItCannotBeSureOfAreLeftToTheParser() {
        let plain = "ff: 1\nid: k7q2m9x4\ntitle: x\nsignals:\n  success: [a]\nrollback: Stop.\n"
        #expect(LockedText(Array(plain.utf8)) != nil)
        // A sequence at the margin belongs to its key.
        #expect(LockedText(Array("ff: 1\nsignals:\n- a\nrollback: Stop.\n".utf8)) != nil)
        for text in [
            "version: 0\nid: k7q2m9x4\nsuccess_signals: [a]\n",                   // format 0: other keys
            "ff: 1\nsignals: [a,\nrollback: b]\n",                                // a flow collection continued at the margin
            "ff: 1\nrollback: \"Stop the\nstatus: demos\"\n",                     // a quoted scalar continued at the margin
            "ff: 1\n\"rollback\": Stop.\n",                                       // a quoted key
            "ff: 1\nrollback: Stop.\nrollback: Go.\n",                            // a key twice
            "ff: 1\nhypothesis: |+\n  kept\n\n",                                  // keep-chomping keeps trailing lines
            "ff: 1\n\tsignals: x\n",                                              // a tab at the margin
        ] {
            #expect(LockedText(Array(text.utf8)) == nil, "\(text)")
        }
        // Quotes and brackets inside a block scalar are prose.
        #expect(LockedText(Array("ff: 1\nhypothesis: |\n  it's \"open [\nrollback: Stop.\n".utf8)) != nil)
        // A comment or a blank line after a block moves nothing.
        let a = LockedText(Array("ff: 1\nrollback: Stop.\nstatus: running\n".utf8))
        let b = LockedText(Array("ff: 1\nrollback: Stop.\n\n# notes below\nstatus: running\nobservations:\n  - at: x\n".utf8))
        #expect(a != nil && a == b)
    }
}
