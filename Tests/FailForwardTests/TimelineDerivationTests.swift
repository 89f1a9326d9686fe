import Foundation
import Testing
import FailForward

private func date(_ s: String) -> Date { Timestamp.parse(s)! }

/// An experiment as ff would have it after `start`.
private func running(_ id: String = "k7q2m9x4", title: String = "Weekly demo") -> Experiment {
    var e = Experiment(id: id, title: title)
    e.status = .running
    e.owner = "Ana Lima <ana@example.com>"
    e.created = date("2026-11-01T09:00:00Z")
    e.hypothesis = "If we demo weekly, sponsors ask for more."
    e.signals = Signals(success: ["2 of 3 ask"], failure: ["nobody asks"])
    e.data = [DataPlan(what: "requests", how: "count")]
    e.reversible = true
    e.rollback = "Stop."
    e.stakeholders = ["Priya"]
    e.timebox = Timebox(days: 14, started: date("2026-11-02T09:00:00Z"))
    return e
}

private func commit(_ message: String, at time: String = "2026-11-10T12:00:00Z", id: String = String(repeating: "a", count: 40),
                    files: [FileChange]? = nil, merge: Bool = false, boundary: Bool = false) -> HistoryCommit {
    HistoryCommit(id: id, author: "Ana Lima <ana@example.com>", time: date(time), message: message, isMerge: merge,
                  files: files, isShallowBoundary: boundary)
}

private func ffMessage(_ action: String, _ e: Experiment, summary: String? = nil, body: [String] = [],
                       transition: (Status?, Status)? = nil, outcome: Outcome? = nil, deviations: [String] = [],
                       also: [Experiment] = []) -> String {
    CommitMessage.change(action: action, experiments: [e] + also, summary: summary, body: body, transition: transition,
                         outcome: outcome, deviations: deviations).text
}

@Suite struct TimelineDerivationTests {
    @Test func ffCommitsAreReadFromTheirTrailersAlone() {
        let e = running()
        let cases: [(String, TimelineEvent.Kind, String?)] = [
            (ffMessage("new", e, body: ["the hypothesis"], transition: (nil, .draft)), .created, nil),
            (ffMessage("start", e, body: ["Timebox: 14 days, due 2026-11-16."], transition: (.draft, .running)), .started, nil),
            (ffMessage("note", e, body: ["First demo; one reply."]), .observation, "First demo; one reply."),
            (ffMessage("abandon", e, body: ["Priorities changed."], transition: (.running, .abandoned)), .abandoned, "Priorities changed."),
            (ffMessage("edit", e, body: ["Changed: tags."]), .edited, "Changed: tags."),
        ]
        for (message, kind, text) in cases {
            #expect(!TimelineDerivation.needsFiles(message: message, isMerge: false))
            let events = TimelineDerivation.events(for: commit(message))
            #expect(events.count == 1)
            #expect(events[0].kind == kind, "\(message)")
            #expect(events[0].text == text)
            #expect(events[0].title == "Weekly demo")
            #expect(events[0].experiment == "k7q2m9x4")
            #expect(!events[0].byHand && !events[0].reconstructed && !events[0].flagged)
            #expect(events[0].time == date("2026-11-10T12:00:00Z"))
        }
        let amend = TimelineDerivation.events(for: commit(ffMessage("amend", e, summary: "data, signals", body: ["Tag renamed."],
                                                                     deviations: ["data", "signals"])))
        #expect(amend.map(\.kind) == [.amended])
        #expect(amend[0].fields == ["data", "signals"])
        #expect(amend[0].title == "Weekly demo")
        #expect(amend[0].text == "Tag renamed.")
    }

    @Test func aConclusionCarriesItsOutcomeAndCreatesTheFollowUp() {
        let e = running(title: "Weekly demo — with sponsors")
        let follow = Experiment(id: "h3c8d1pa", title: "Written update")
        let message = ffMessage("conclude", e, summary: Outcome.disproved.summary,
                                body: ["The experiment returned one reply.", "Next test: Written update (h3c8d1pa)"],
                                transition: (.running, .concluded), outcome: .disproved, also: [follow])
        let events = TimelineDerivation.events(for: commit(message))
        #expect(events.map(\.kind) == [.concluded, .created])
        #expect(events[0].outcome == .disproved)
        #expect(events[0].title == "Weekly demo — with sponsors")
        #expect(events[0].text == "The experiment returned one reply.")
        #expect(events[1].experiment == "h3c8d1pa")
        #expect(events[1].title == "Written update")
        #expect(events[1].action == "conclude")
    }

    @Test func quotedBodyLinesAreUnquotedAndCannotForgeTrailers() {
        let e = running()
        let message = ffMessage("note", e, body: ["FF-Outcome: validated\n--- end"])
        #expect(message.contains("> FF-Outcome: validated"))
        let events = TimelineDerivation.events(for: commit(message))
        #expect(events.map(\.kind) == [.observation])
        #expect(events[0].outcome == nil)
        #expect(events[0].text == "FF-Outcome: validated\n--- end")
    }

    @Test func commitsWithoutOwnTrailersNeedTheirFiles() {
        #expect(TimelineDerivation.needsFiles(message: "fix a typo\n", isMerge: false))
        #expect(TimelineDerivation.needsFiles(message: ffMessage("note", running(), body: ["x"]), isMerge: true))
        // A hook's trailers on a plain commit say FF-Via: git.
        #expect(TimelineDerivation.needsFiles(message: "typo\n\nFF-Experiment: k7q2m9x4\nFF-Action: edit\nFF-Via: git\n", isMerge: false))
        // git merge --squash: the collapsed messages, indented.
        let squash = "Squashed commit of the following:\n\ncommit 0123\nAuthor: A <a@x>\n\n    new k7q2m9x4: Weekly demo\n\n    FF-Experiment: k7q2m9x4\n    FF-Action: new\n    FF-Transition: none -> draft\n"
        #expect(TimelineDerivation.needsFiles(message: squash, isMerge: false))
        // A forge's squash: every collapsed trailer block unindented, the last one last.
        let forge = "Weekly demo (#12)\n\n* new k7q2m9x4: Weekly demo\n\nFF-Experiment: k7q2m9x4\nFF-Action: new\n\n* start k7q2m9x4: Weekly demo\n\nFF-Experiment: k7q2m9x4\nFF-Action: start\n"
        #expect(TimelineDerivation.needsFiles(message: forge, isMerge: false))
    }

    @Test func aPlainCommitThatAddsAnObservationIsAnObservationByHand() {
        let old = running()
        var new = old
        new.observations.append(Observation(at: date("2026-11-05T17:00:00Z"), text: "Seen by hand."))
        let events = TimelineDerivation.events(for: commit("add a note\n", files: [FileChange(path: "experiments/2026-11/k7q2m9x4-weekly-demo.yaml", old: old, new: new)]))
        #expect(events.count == 1)
        #expect(events[0].kind == .observation)
        #expect(events[0].byHand)
        #expect(!events[0].reconstructed)
        // One step in one commit: the commit's own time.
        #expect(events[0].time == date("2026-11-10T12:00:00Z"))
        #expect(events[0].text == "Seen by hand.")
        #expect(events[0].action == nil)
    }

    @Test func aLockedFieldChangedAfterTheStartWithoutADeviationIsFlagged() {
        let old = running()
        var new = old
        new.hypothesis = "Reworded after the start."
        let flagged = TimelineDerivation.events(for: commit("reword\n", files: [FileChange(path: "x/k7q2m9x4.yaml", old: old, new: new)]))
        #expect(flagged.map(\.kind) == [.lockedChanged])
        #expect(flagged[0].flagged && flagged[0].byHand)
        #expect(flagged[0].fields == ["hypothesis"])
        // Declared in the same commit: an amendment, not a flag.
        var declared = new
        declared.deviations.append(Deviation(at: date("2026-11-10T11:00:00Z"), field: "hypothesis", reason: "Sharper.", by: "Ana Lima <ana@example.com>"))
        let amended = TimelineDerivation.events(for: commit("reword\n", files: [FileChange(path: "x/k7q2m9x4.yaml", old: old, new: declared)]))
        #expect(amended.map(\.kind) == [.amended])
        #expect(!amended[0].flagged)
        #expect(amended[0].fields == ["hypothesis"])
        // A draft has nothing locked yet.
        var draft = old
        draft.status = .draft
        draft.timebox.started = nil
        var draft2 = draft
        draft2.hypothesis = "Changed before the start."
        let edited = TimelineDerivation.events(for: commit("edit\n", files: [FileChange(path: "x/k7q2m9x4.yaml", old: draft, new: draft2)]))
        #expect(edited.map(\.kind) == [.edited])
        #expect(edited[0].fields == ["hypothesis"])
        #expect(!edited[0].flagged)
        // A hand-made conclusion that also rewrites a locked field carries the flag.
        var concluded = new
        concluded.status = .concluded
        concluded.conclusion = Conclusion(at: date("2026-11-09T10:00:00Z"), outcome: .validated)
        let both = TimelineDerivation.events(for: commit("conclude\n", files: [FileChange(path: "x/k7q2m9x4.yaml", old: old, new: concluded)]))
        #expect(both.map(\.kind) == [.concluded])
        #expect(both[0].flagged && both[0].fields == ["hypothesis"] && both[0].outcome == .validated)
    }

    @Test func stepsCollapsedIntoOneCommitAreRebuiltFromTheFile() {
        var draft = running()
        draft.status = .draft
        draft.timebox.started = nil
        var concluded = running()
        concluded.observations = [Observation(at: date("2026-11-04T10:00:00Z"), text: "One.")]
        concluded.status = .concluded
        concluded.conclusion = Conclusion(at: date("2026-11-09T10:00:00Z"), outcome: .inconclusive)
        concluded.conclusion?.returned = "Mixed."
        let events = TimelineDerivation.events(for: commit("done by hand\n", files: [FileChange(path: "x/k7q2m9x4.yaml", old: draft, new: concluded)]))
        #expect(events.map(\.kind) == [.started, .observation, .concluded])
        #expect(events.allSatisfy { $0.reconstructed && $0.byHand })
        #expect(events.map(\.time) == [date("2026-11-02T09:00:00Z"), date("2026-11-04T10:00:00Z"), date("2026-11-09T10:00:00Z")])
        #expect(events[2].text == "Mixed.")
    }

    @Test func aSquashMergeIsRebuiltFromTheFilesTimestampsAndTheSquashedTrailers() {
        var e = running("gpvb7wgb", title: "Squashed one")
        e.observations = [Observation(at: date("2026-11-04T10:00:00Z"), text: "obs b")]
        e.status = .concluded
        e.conclusion = Conclusion(at: date("2026-11-09T10:00:00Z"), outcome: .validated)
        let message = """
        Squashed commit of the following:

        commit 1111
        Author: Ana Lima <ana@example.com>

            conclude gpvb7wgb: Squashed one — hypothesis validated

            FF-Experiment: gpvb7wgb
            FF-Action: conclude
            FF-Transition: running -> concluded
            FF-Outcome: validated

        commit 2222

            new gpvb7wgb: Squashed one

            FF-Experiment: gpvb7wgb
            FF-Action: new
            FF-Transition: none -> draft

        """
        let events = TimelineDerivation.events(for: commit(message, files: [FileChange(path: "x/gpvb7wgb-squashed-one.yaml", old: nil, new: e)]))
        #expect(events.map(\.kind) == [.created, .started, .observation, .concluded])
        #expect(events.allSatisfy { $0.reconstructed && !$0.byHand })
        #expect(events.map(\.time) == [date("2026-11-01T09:00:00Z"), date("2026-11-02T09:00:00Z"), date("2026-11-04T10:00:00Z"), date("2026-11-09T10:00:00Z")])
        #expect(events.map(\.action) == ["new", nil, nil, "conclude"])
        #expect(events[3].outcome == .validated)
    }

    @Test func aMergeThatBringsInAConclusionIsADebriefMerged() {
        let old = running()
        var new = old
        new.status = .concluded
        new.conclusion = Conclusion(at: date("2026-11-09T10:00:00Z"), outcome: .disproved)
        new.conclusion?.returned = "No."
        let events = TimelineDerivation.events(for: commit("Merge pull request #3 from ana/debrief/k7q2m9x4-weekly-demo\n", at: "2026-11-11T08:00:00Z",
                                                      files: [FileChange(path: "x/k7q2m9x4.yaml", old: old, new: new)], merge: true))
        #expect(events.map(\.kind) == [.debriefMerged])
        #expect(events[0].outcome == .disproved && events[0].text == "No.")
        #expect(events[0].time == date("2026-11-11T08:00:00Z"))
        #expect(!events[0].byHand && !events[0].reconstructed)
        var noted = old
        noted.observations.append(Observation(at: date("2026-11-05T10:00:00Z"), text: "x"))
        let merged = TimelineDerivation.events(for: commit("Merge branch 'side'\n", files: [FileChange(path: "x/k7q2m9x4.yaml", old: old, new: noted)], merge: true))
        #expect(merged.map(\.kind) == [.merged])
        #expect(merged[0].fields == ["observations"])
    }

    @Test func movedFilesPairByIdAndRemovedOnesAreDeleted() {
        let e = running()
        let moved = TimelineDerivation.events(for: commit("move\n", files: [
            FileChange(path: "experiments/2026-11/k7q2m9x4-weekly-demo.yaml", old: e, new: nil),
            FileChange(path: "experiments/archive/k7q2m9x4-weekly-demo.yaml", old: nil, new: e),
        ]))
        #expect(moved.map(\.kind) == [.edited])
        #expect(moved[0].fields == [])
        let gone = TimelineDerivation.events(for: commit("rm\n", files: [FileChange(path: "x/k7q2m9x4.yaml", old: e, new: nil)]))
        #expect(gone.map(\.kind) == [.deleted])
        let broken = TimelineDerivation.events(for: commit("oops\n", files: [FileChange(path: "x/k7q2m9x4-weekly-demo.yaml", old: e, new: nil, newUnreadable: true)]))
        #expect(broken.map(\.kind) == [.edited])
        #expect(broken[0].experiment == "k7q2m9x4")
        #expect(broken[0].text == "the file does not parse as an experiment")
    }

    @Test func theEdgeOfAShallowCloneIsRebuiltNotDatedAtTheEdge() {
        var e = running()
        e.observations = [Observation(at: date("2026-11-04T10:00:00Z"), text: "One.")]
        let events = TimelineDerivation.events(for: commit("note k7q2m9x4: Weekly demo\n\nOne.\n\nFF-Experiment: k7q2m9x4\nFF-Action: note\n",
                                                      files: [FileChange(path: "x/k7q2m9x4.yaml", old: nil, new: e)], boundary: true))
        #expect(events.map(\.kind) == [.created, .started, .observation])
        #expect(events.allSatisfy { $0.reconstructed })
        #expect(events.map(\.time) == [date("2026-11-01T09:00:00Z"), date("2026-11-02T09:00:00Z"), date("2026-11-04T10:00:00Z")])
    }

    @Test func aMergeAtTheEdgeOfAShallowCloneIsRebuiltToo() {
        var e = running()
        e.status = .concluded
        e.conclusion = Conclusion(at: date("2026-11-09T10:00:00Z"), outcome: .validated)
        let events = TimelineDerivation.events(for: commit("Merge debrief\n", files: [FileChange(path: "x/k7q2m9x4.yaml", old: nil, new: e)],
                                                      merge: true, boundary: true))
        #expect(events.map(\.kind) == [.created, .started, .concluded])
        #expect(events.allSatisfy { $0.reconstructed })
    }

    @Test func aReviewNoteIsAReviewEventWithItsText() {
        let message = "review k7q2m9x4: Weekly demo — review note 1 on line 12\n\nIs the signal explained?\n\nFF-Experiment: k7q2m9x4\nFF-Action: review\nFF-Review: comment 1\n"
        #expect(!TimelineDerivation.needsFiles(message: message, isMerge: false))
        let events = TimelineDerivation.events(for: commit(message))
        #expect(events.map(\.kind) == [.commented])
        #expect(events[0].action == "review" && events[0].text == "Is the signal explained?")
        #expect(events[0].title == "Weekly demo")
        let resolve = "review k7q2m9x4: Weekly demo — resolved review note 1\n\nResolved: Is the signal explained?\n\nFF-Experiment: k7q2m9x4\nFF-Action: review\nFF-Review: resolve 1\n"
        let resolved = TimelineDerivation.events(for: commit(resolve))
        #expect(resolved.map(\.kind) == [.resolved])
        #expect(resolved[0].text == "Is the signal explained?" && resolved[0].title == "Weekly demo")
    }

    @Test func theOrderDependsOnTheEventsNotOnTheWalk() {
        let e = running()
        let created = TimelineDerivation.events(for: commit(ffMessage("new", e, transition: (nil, .draft)), id: String(repeating: "f", count: 40)))
        let started = TimelineDerivation.events(for: commit(ffMessage("start", e, transition: (.draft, .running)), id: String(repeating: "0", count: 40)))
        let noted = TimelineDerivation.events(for: commit(ffMessage("note", e, body: ["x"]), at: "2026-11-11T00:00:00Z"))
        let all = created + started + noted
        let a = Timeline(events: all, experiments: nil, head: nil).events
        let b = Timeline(events: all.reversed(), experiments: nil, head: nil).events
        #expect(a == b)
        // The same second: created before started, whatever the commit ids.
        #expect(a.map(\.kind) == [.created, .started, .observation])
        // Unless history says otherwise: an edit whose commit is the start's parent (a smaller
        // depth among the commits of that second) comes first.
        var edited = TimelineDerivation.events(for: commit(ffMessage("edit", e), id: String(repeating: "e", count: 40)))
        var start = started
        edited[0].depth = 1
        start[0].depth = 2
        let ordered = Timeline(events: noted + start + edited + created, experiments: nil, head: nil).events
        #expect(ordered.map(\.kind) == [.created, .edited, .started, .observation])
    }
}

@Suite struct MessagePartsTests {
    @Test func ownTrailersMatchWhatTrailersParseReads() {
        let messages = [
            "subject\n\nbody\n\nFF-Experiment: k7q2m9x4\nFF-Action: note\n",
            "subject\n\nFF-Experiment: a\nFF-Experiment: b\nFF-Action: conclude\nFF-Outcome: validated",
            "subject only\n",
            "subject\r\n\r\nbody\r\n\r\nFF-Experiment: k7q2m9x4\r\nFF-Action: start\r\nFF-Transition: draft -> running\r\n",
            "subject\n\nSigned-off-by: A <a@x>\nFF-Action: edit\nFF-Experiment: z\n",
        ]
        for m in messages {
            let expected = Trailers.parse(m).filter { $0.key.lowercased().hasPrefix("ff-") }
            let events = TimelineDerivation.events(for: HistoryCommit(id: String(repeating: "a", count: 40), author: "A <a@x>",
                                                                      time: Date(timeIntervalSince1970: 0), message: m))
            let named = expected.filter { $0.key == "FF-Experiment" }.map(\.value)
            #expect(Set(events.map(\.experiment)) == Set(named), "\(m)")
        }
    }
}
