import FailForward
import Foundation
import Testing

private func date(_ s: String) -> Date { Timestamp.parse(s)! }

private let running = """
ff: 1
id: k7q2m9x4
title: Weekly demo to sponsors
status: running
owner: Ana Lima <ana@example.com>
created: 2026-11-28T09:14:00Z
hypothesis: If we demo weekly, two of three sponsors ask for a follow-up.
reversible: true
rollback: Stop the demos.
stakeholders:
  - Priya (sponsor)
timebox:
  days: 14
  started: 2026-11-28T09:20:00Z
signals:
  success:
    - 2 of 3 sponsors ask for a follow-up
  failure:
    - no follow-up after two demos
data:
  - what: follow-up requests
    how: count replies
observations:
  - at: 2026-12-01T17:02:00Z
    text: |-
      First demo; one reply.
      Honestly I failed to prepare.

"""

@Suite struct ExperimentCheckTests {
    func check(_ text: String, path: String = "experiments/2026-11/k7q2m9x4-weekly-demo.yaml", others: [Experiment] = [],
               config: FFConfig = FFConfig(), now: String = "2026-12-02T00:00:00Z",
               baseline: PreRegistration.Baseline? = nil) throws -> [String] {
        let doc = try ExperimentDocument(path: path, bytes: Array(text.utf8))
        let all = [StoredExperiment(experiment: doc.experiment, path: path)] + others.map { StoredExperiment(experiment: $0, path: "experiments/\($0.id).yaml") }
        let checker = ExperimentCheck(config: config, now: date(now), index: ExperimentIndex(all))
        return checker.diagnostics(for: doc, baseline: baseline).map(\.description)
    }

    @Test func lintFindingsAreLocatedInsideBlockScalars() throws {
        #expect(try check(running) == [
            "experiments/2026-11/k7q2m9x4-weekly-demo.yaml:27:16: warning: \"I failed\" is identity-threat language; try a process-oriented rewrite: \"the experiment returned …\", \"the hypothesis was disproved\"",
        ])
        var config = FFConfig()
        config.lintLevel = .error
        #expect(try check(running, config: config).first?.contains(": error: \"I failed\"") == true)
        config.lintLevel = .off
        #expect(try check(running, config: config) == [])
    }

    @Test func touchesThatMatchNoTrackedFileAreWarnedOf() throws {
        let text = running.replacingOccurrences(of: "created: 2026-11-28T09:14:00Z\n",
                                                with: "created: 2026-11-28T09:14:00Z\ntouches:\n  - src/demo\n  - src/*.swift\n  - docs/[\n")
        let doc = try ExperimentDocument(path: "e.yaml", bytes: Array(text.utf8))
        var checker = ExperimentCheck(config: FFConfig(), now: date("2026-12-02T00:00:00Z"),
                                      index: ExperimentIndex([StoredExperiment(experiment: doc.experiment, path: "e.yaml")]))
        #expect(!checker.diagnostics(for: doc).contains { $0.key?.hasPrefix("touches-no-match") == true }, "unchecked without a listing")
        checker.tracked = TrackedPaths(["src/demo/a.swift", "README.md"])
        let warnings = checker.diagnostics(for: doc).filter { $0.key?.hasPrefix("touches-no-match") == true }
        #expect(warnings.map(\.description) == [
            "e.yaml:9:5: warning: touches 'src/*.swift' matches no tracked file: fix the path or glob, or remove it",
            "e.yaml:10:5: warning: touches 'docs/[' matches no tracked file (an unclosed [ or a final \\ makes it match nothing): fix the path or glob, or remove it",
        ])
        checker.tracked = TrackedPaths(["src/demo/a.swift", "src/b.swift", "docs/["])
        #expect(checker.diagnostics(for: doc).filter { $0.key?.hasPrefix("touches-no-match") == true }.count == 1)
    }

    @Test func overdueRunningAndMissingFields() throws {
        let text = running.replacingOccurrences(of: "rollback: Stop the demos.\n", with: "")
        #expect(try check(text, now: "2026-12-20T00:00:00Z").filter { !$0.contains("I failed") } == [
            "experiments/2026-11/k7q2m9x4-weekly-demo.yaml:1:1: error: a running experiment needs a rollback plan (rollback:)",
            "experiments/2026-11/k7q2m9x4-weekly-demo.yaml:11:1: warning: overdue: the 14-day timebox ended 2026-12-12 (8 days ago): conclude it (ff conclude k7q2m9x4) or abandon it",
        ])
        var config = FFConfig()
        config.timeboxDays = 7...10
        #expect(try check(running, config: config).contains("experiments/2026-11/k7q2m9x4-weekly-demo.yaml:13:3: error: a timebox of 14 days is outside the configured 7–10 days (timebox.min_days and timebox.max_days in .ff/config.yaml)"))
    }

    @Test func lockedFieldsComparedWithTheStart() throws {
        let start = try ExperimentDocument(path: "x", bytes: Array(running.utf8)).experiment
        let baseline = PreRegistration.Baseline(experiment: start, commit: "abc1234", date: date("2026-11-28T09:20:00Z"))
        let edited = running.replacingOccurrences(of: "    - 2 of 3 sponsors ask for a follow-up", with: "    - 1 of 3 sponsors asks")
        let errors = try check(edited, baseline: baseline).filter { $0.contains(": error: ") }
        #expect(errors == [
            "experiments/2026-11/k7q2m9x4-weekly-demo.yaml:15:1: error: signals of running experiment k7q2m9x4 changed since it started (commit abc1234, 2026-11-28) without a declared deviation: declare it with ff amend k7q2m9x4 --reason \"…\" (it records the field, reason, time and author under deviations:), or restore the pre-registered value",
        ])
        // A deviation that names the field, with a reason, a time and an author, declares it.
        let declared = edited + """
        deviations:
          - at: 2026-12-01T08:00:00Z
            field: signals
            reason: The sponsors asked for one reply only.
            by: Ana Lima <ana@example.com>

        """
        #expect(try check(declared, baseline: baseline).filter { $0.contains(": error: ") } == [])
        // Without `by`, it does not.
        let anonymous = declared.replacingOccurrences(of: "    by: Ana Lima <ana@example.com>\n", with: "")
        let e = try check(anonymous, baseline: baseline).filter { $0.contains(": error: ") }
        #expect(e.count == 2)
        #expect(e[0].contains("(its deviation entry lacks by: (who made the change))"))
        #expect(e[1].hasSuffix("error: the deviation has no by: (who made the change); ff amend records it"))
    }

    @Test func linksResolveBothWays() throws {
        let concluded = running.replacingOccurrences(of: "status: running", with: "status: concluded") + """
        follows: zzzz9999
        conclusion:
          at: 2026-12-10T10:00:00Z
          outcome: disproved
          ledger:
            - signal: 2 of 3 sponsors ask for a follow-up
              observed: not-met
            - signal: no follow-up after two demos
              observed: met
          returned: One reply of three.
          next_experiment: h3c8d1pa

        """
        var next = Experiment(id: "h3c8d1pa", title: "Next")
        next.follows = "somebody"
        let d = try check(concluded, others: [next])
        #expect(d.contains { $0.hasSuffix("error: follows zzzz9999, but no experiment has that id") })
        #expect(d.contains { $0.hasSuffix("error: next_experiment h3c8d1pa does not follow k7q2m9x4 back: set follows: k7q2m9x4 in experiments/h3c8d1pa.yaml") })
        next.follows = "k7q2m9x4"
        #expect(!(try check(concluded, others: [next])).contains { $0.contains("h3c8d1pa") })
    }

    @Test func concludedWithoutANextTestIsAWarning() throws {
        let concluded = running.replacingOccurrences(of: "status: running", with: "status: concluded") + """
        conclusion:
          at: 2026-12-10T10:00:00Z
          outcome: disproved
          returned: One reply of three.

        """
        let d = try check(concluded)
        #expect(d.contains { $0.hasSuffix("warning: concluded without a next test: publish one with ff new --follows k7q2m9x4 \"<title>\"") })
        #expect(d.filter { $0.contains("the signal ledger has no entry") }.count == 2)
        var follower = Experiment(id: "h3c8d1pa", title: "Next")
        follower.follows = "k7q2m9x4"
        #expect(!(try check(concluded, others: [follower])).contains { $0.contains("next test") })
    }

    @Test func stateConsistencyAndTypos() throws {
        let draft = running.replacingOccurrences(of: "status: running", with: "status: draft") + "signal: typo\n"
        let d = try check(draft)
        #expect(d.contains { $0.hasSuffix(":14:3: error: a draft has no timebox.started: ff start k7q2m9x4 sets it") })
        #expect(d.contains { $0.hasSuffix(":28:1: warning: unknown key 'signal': did you mean 'signals'? (ff keeps keys it does not know, but reads only its own)") })
        #expect(try check(running, path: "experiments/zzzzzzzz-x.yaml").contains { $0.hasSuffix("warning: the file name says zzzzzzzz but the id is k7q2m9x4: rename the file to start with k7q2m9x4-") })
    }
}

@Suite struct HandCommitTests {
    @Test func trailersFollowTheChange() {
        var draft = Experiment(id: "k7q2m9x4", title: "T")
        var running = draft
        running.status = .running
        #expect(HandCommit.trailers(for: [.init(path: "a.yaml", old: nil, new: draft)]).map { "\($0.key): \($0.value)" }
            == ["FF-Experiment: k7q2m9x4", "FF-Action: new", "FF-Transition: none -> draft", "FF-Via: git"])
        #expect(HandCommit.trailers(for: [.init(path: "a.yaml", old: draft, new: running)]).map { "\($0.key): \($0.value)" }
            == ["FF-Experiment: k7q2m9x4", "FF-Action: start", "FF-Transition: draft -> running", "FF-Via: git"])
        var noted = running
        noted.observations.append(Observation(at: Date(timeIntervalSince1970: 0), text: "x"))
        #expect(HandCommit.trailers(for: [.init(path: "a.yaml", old: running, new: noted)]).map { "\($0.key): \($0.value)" }
            == ["FF-Experiment: k7q2m9x4", "FF-Action: note", "FF-Via: git"])
        draft.title = "Renamed"
        var other = Experiment(id: "h3c8d1pa", title: "U")
        other.status = .running
        let two = HandCommit.trailers(for: [.init(path: "a.yaml", old: running, new: running), .init(path: "b.yaml", old: nil, new: other)])
        #expect(two.map { "\($0.key): \($0.value)" } == ["FF-Experiment: h3c8d1pa", "FF-Experiment: k7q2m9x4", "FF-Action: new", "FF-Transition: none -> running", "FF-Via: git"])
    }
}
