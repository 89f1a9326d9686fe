import CLIHarness
import FailForward
import Foundation
import TestSupport
import Testing

@Suite struct InitTests {
    @Test func initCreatesTheRepositoryConfigAndOneCommit() throws {
        let h = try Harness(initialise: false)
        let r = h.ff("init")
        #expect(r.code == 0, "\(r.err)")
        #expect(try h.git("ls-files") == ".ff/config.yaml\n.gitattributes\nexperiments/.gitkeep")
        #expect(try h.dir.read(".ff/config.yaml") == FFConfig.template)
        #expect(try h.git.trailers() == ["FF-Action: init"])
        #expect(try h.git("status", "--porcelain") == "")
        let again = h.ff("init")
        #expect(again.code == 0)
        #expect(again.out.contains("already set up"))
        #expect(try h.git("rev-list", "--count", "HEAD") == "1")
    }

    @Test func commandsBeforeInitSaySo() throws {
        let h = try Harness(initialise: false)
        try h.git("init", "-q")
        let r = h.ff("list")
        #expect(r.code == 1)
        #expect(r.err == "ff: ff is not set up in this repository: run ff init\n")
    }
}

@Suite struct NewTests {
    @Test func newWritesTheFileAndCommitsOnlyIt() throws {
        let h = try Harness()
        try h.dir.write("notes.txt", "staged work\n")
        try h.git("add", "notes.txt")
        let id = h.newReady()
        #expect(ExperimentID.isValid(id))
        let path = try h.path(of: id)
        #expect(path == "experiments/2026-11/\(id)-weekly-demo-to-sponsors.yaml")
        #expect(try h.git("show", "--name-only", "--format=", "HEAD") == path)
        #expect(try h.git("status", "--porcelain") == "A  notes.txt")
        #expect(try h.git.trailers() == ["FF-Experiment: \(id)", "FF-Action: new", "FF-Transition: none -> draft"])
        #expect(try h.git("log", "-1", "--format=%s") == "new \(id): Weekly demo to sponsors")
        try h.git("fsck", "--strict")
        #expect(try h.file(of: id) == """
        ff: 1
        id: \(id)
        title: Weekly demo to sponsors
        status: draft
        owner: Ana Lima <ana@example.com>
        created: 2026-11-28T10:00:00Z
        tags: [sponsors]
        hypothesis: If we demo weekly, two of three sponsors ask for a follow-up.
        reversible: true
        rollback: Stop the demos.
        stakeholders:
          - Priya (sponsor)
        timebox:
          days: 14
        signals:
          success:
            - 2 of 3 sponsors ask for a follow-up
          failure:
            - no follow-up after two demos
        data:
          - what: follow-up requests
            how: "count replies tagged #demo"

        """)
    }

    @Test func aBareDraftFromATitleWhenNotOnATerminal() throws {
        let h = try Harness()
        let r = h.ff("new", "Try pair reviews")
        #expect(r.code == 0, "\(r.err)")
        #expect(r.out.contains("Before ff start"))
        #expect(h.editorCalls == 0)
        let id = h.lastID()
        #expect(try h.file(of: id).contains("title: Try pair reviews\nstatus: draft\n"))
    }

    @Test func onATerminalWithoutFlagsTheTemplateOpensInTheEditor() throws {
        let h = try Harness()
        h.interactive = true
        h.editor = { file in
            var text = try String(contentsOfFile: file, encoding: .utf8)
            #expect(text.contains("# A new experiment."))
            text = text.replacingOccurrences(of: "hypothesis:\n", with: "hypothesis: If we pair, reviews take under a day.  # my guess\n")
            try text.write(toFile: file, atomically: true, encoding: .utf8)
        }
        let r = h.ff("new", "Pair reviews")
        #expect(r.code == 0, "\(r.err)")
        #expect(h.editorCalls == 1)
        let text = try h.file(of: h.lastID())
        #expect(text.contains("hypothesis: If we pair, reviews take under a day.  # my guess\n"))
        #expect(text.contains("# A new experiment."))
        #expect(try FailForward.ExperimentDocument(path: "x", bytes: Array(text.utf8)).experiment.title == "Pair reviews")
    }

    @Test func anEditorErrorOffersToEditAgainAndCancellingLeavesNothing() throws {
        let h = try Harness()
        h.interactive = true
        h.answers = ["n"]
        h.editor = { file in
            let text = try String(contentsOfFile: file, encoding: .utf8).replacingOccurrences(of: "status: draft", with: "status: [broken")
            try text.write(toFile: file, atomically: true, encoding: .utf8)
        }
        let before = try h.git("rev-parse", "HEAD")
        let r = h.ff("new", "Broken")
        #expect(r.code == 1)
        #expect(r.err.contains("new experiment:8:1: invalid YAML"))
        #expect(r.err.hasSuffix("ff: \u{1B}[0mff new: cancelled, nothing was changed\n"))
        #expect(try h.git("rev-parse", "HEAD") == before)
        #expect(try h.git("status", "--porcelain", "--untracked-files=all") == "")
    }

    @Test func titlesCannotForgeTrailersOrASecondSubjectLine() throws {
        let h = try Harness()
        let r = h.ff("new", "Nice\n\nFF-Outcome: validated\nFF-Experiment: zzzzzzzz\u{1B}]0;pwned\u{07}")
        #expect(r.code == 0, "\(r.err)")
        let id = h.lastID()
        #expect(try h.git.trailers() == ["FF-Experiment: \(id)", "FF-Action: new", "FF-Transition: none -> draft"])
        #expect(try h.git("log", "-1", "--format=%s") == "new \(id): Nice FF-Outcome: validated FF-Experiment: zzzzzzzz ]0;pwned")
        #expect(!r.out.contains("\u{1B}]"))
        let show = h.ff("show", id)
        #expect(!show.out.contains("\u{1B}"))
        #expect(!show.out.contains("\u{07}"))
    }
}

@Suite struct TransitionTests {
    @Test func startRefusesAnIncompletePlanAndChangesNothing() throws {
        let h = try Harness()
        h.ff("new", "Half a plan", "--hypothesis", "If X then Y.", "--days", "40")
        let id = h.lastID()
        let head = try h.git("rev-parse", "HEAD")
        let before = try h.file(of: id)
        let r = h.ff("start", id)
        #expect(r.code == 1)
        #expect(r.err == "ff: cannot start \(id): missing a success signal, a failure signal, a data plan, reversibility (reversible: true or false), a rollback plan, a stakeholder, a timebox within 7–30 days (it is 40; the bounds are timebox.min_days and timebox.max_days in .ff/config.yaml) (add them with ff edit \(id))\n")
        #expect(try h.git("rev-parse", "HEAD") == head)
        #expect(try h.file(of: id) == before)
        #expect(try h.git("status", "--porcelain") == "")
    }

    @Test func invalidTransitionsNameTheStateAndTheAllowedCommands() throws {
        let h = try Harness()
        let id = h.newReady()
        let head = try h.git("rev-parse", "HEAD")
        let r = h.ff("note", id, "too early")
        #expect(r.code == 1)
        #expect(r.err == "ff: cannot note \(id): it is draft; a draft experiment allows: edit, start, abandon\n")
        let c = h.ff("conclude", id, "--outcome", "validated", "--returned", "x")
        #expect(c.err == "ff: cannot conclude \(id): it is draft; a draft experiment allows: edit, start, abandon\n")
        h.ff("abandon", id, "--reason", "The sponsor left.")
        let s = h.ff("start", id)
        #expect(s.err == "ff: cannot start \(id): it is abandoned; an abandoned experiment is final; publish the next test with ff new --follows \(id)\n")
        #expect(try h.git("rev-list", "--count", "\(head)..HEAD") == "1")
    }

    @Test func theWholeLifecycleInCommits() throws {
        let h = try Harness()
        let id = h.newReady()
        h.at("2026-11-29T09:00:00Z")
        #expect(h.ff("start", String(id.prefix(4))).code == 0)
        #expect(try h.git.trailers() == ["FF-Experiment: \(id)", "FF-Action: start", "FF-Transition: draft -> running"])
        h.at("2026-12-01T17:02:00Z")
        #expect(h.ff("note", "weekly-demo-to-sponsors", "First demo; one reply.").code == 0)
        #expect(try h.git.trailers() == ["FF-Experiment: \(id)", "FF-Action: note"])
        #expect(try h.git("diff", "HEAD~1", "--numstat") == "3\t0\t\(try h.path(of: id))")
        h.at("2026-12-03T08:00:00Z")
        let a = h.ff("amend", id, "--reason", "The reply tag was renamed.", "--data", "follow-up requests: count #sponsor-demo replies")
        #expect(a.code == 0, "\(a.err)")
        #expect(try h.git.trailers() == ["FF-Experiment: \(id)", "FF-Action: amend", "FF-Deviation: data"])
        h.at("2026-12-12T10:00:00Z")
        let c = h.ff("conclude", id, "--outcome", "disproved", "--returned", "One follow-up out of three sponsors.",
                     "--facts", "Two demos ran; one reply.", "--signal", "Live demos don't fit sponsors' weeks.",
                     "--remediation", "Sent a written summary instead.", "--not-met", "s1", "--met", "no follow-up",
                     "--next-experiment", "Written one-page update")
        #expect(c.code == 0, "\(c.err)")
        #expect(c.err == "")
        let trailers = try h.git.trailers()
        #expect(trailers.count == 5)
        let next = String(trailers[1].dropFirst(15))
        #expect(trailers == ["FF-Experiment: \(id)", "FF-Experiment: \(next)", "FF-Action: conclude", "FF-Transition: running -> concluded", "FF-Outcome: disproved"])
        #expect(try h.git("show", "--name-only", "--format=", "HEAD").split(separator: "\n").count == 2)
        #expect(try h.git("log", "-1", "--format=%s") == "conclude \(id): Weekly demo to sponsors — hypothesis disproved")

        let text = try h.file(of: id)
        #expect(text.hasSuffix("""
        observations:
          - at: 2026-12-01T17:02:00Z
            text: First demo; one reply.
        deviations:
          - at: 2026-12-03T08:00:00Z
            field: data
            reason: The reply tag was renamed.
            by: Ana Lima <ana@example.com>
        conclusion:
          at: 2026-12-12T10:00:00Z
          outcome: disproved
          ledger:
            - signal: 2 of 3 sponsors ask for a follow-up
              observed: not-met
            - signal: no follow-up after two demos
              observed: met
          returned: One follow-up out of three sponsors.
          facts: Two demos ran; one reply.
          signal: Live demos don't fit sponsors' weeks.
          remediation: Sent a written summary instead.
          next: Written one-page update
          next_experiment: \(next)

        """))
        #expect(text.contains("timebox:\n  days: 14\n  started: 2026-11-29T09:00:00Z\n"))
        #expect(text.contains("data:\n  - what: follow-up requests\n    how: \"count #sponsor-demo replies\"\n"))
        #expect(try h.file(of: next).contains("follows: \(id)\n"))
        #expect(try h.git("status", "--porcelain") == "")
        try h.git("fsck", "--strict")
        #expect(try h.git("rev-list", "--count", "HEAD") == "6")
    }

    @Test func editRefusesLockedFieldsOfARunningExperimentButAmendRecordsThem() throws {
        let h = try Harness()
        let id = h.newReady()
        h.ff("start", id)
        let head = try h.git("rev-parse", "HEAD")
        let r = h.ff("edit", id, "--success", "3 of 3 ask")
        #expect(r.code == 1)
        #expect(r.err == "ff: signals of running experiment \(id) are locked since its start: declare the change with ff amend \(id) --reason \"…\"\n")
        #expect(try h.git("rev-parse", "HEAD") == head)
        #expect(h.ff("edit", id, "--tag", "demos", "--stakeholder", "Team channel").code == 0)
        #expect(try h.git.trailers() == ["FF-Experiment: \(id)", "FF-Action: edit"])
        let nothing = h.ff("amend", id, "--reason", "x", "--tag", "other")
        #expect(nothing.err == "ff: no locked field of \(id) changed: use ff edit \(id) for other fields\n")
        let a = h.ff("amend", id, "--reason", "Two demos are too few.", "--failure", "no follow-up after three demos", "--days", "21")
        #expect(a.code == 0, "\(a.err)")
        #expect(try h.git.trailers() == ["FF-Experiment: \(id)", "FF-Action: amend", "FF-Deviation: signals", "FF-Deviation: timebox.days"])
    }

    @Test func handEditsAreKeptAndCommittedWithTheNextChange() throws {
        let h = try Harness()
        let id = h.newReady()
        h.ff("start", id)
        let path = try h.path(of: id)
        var text = try h.dir.read(path)
        text = text.replacingOccurrences(of: "stakeholders:\n", with: "# Who watches this, and why.\nstakeholders:  # keep short\n")
        text += "x-review: asked Priya to read it   # not an ff key\n"
        try h.dir.write(path, text)
        let r = h.ff("note", id, "Second demo booked.")
        #expect(r.code == 0, "\(r.err)")
        let after = try h.dir.read(path)
        #expect(after.contains("# Who watches this, and why.\nstakeholders:  # keep short\n"))
        #expect(after.contains("x-review: asked Priya to read it   # not an ff key\n"))
        #expect(after.contains("    text: Second demo booked.\n"))
        #expect(try h.git("status", "--porcelain") == "")
        #expect(try h.git("show", "HEAD:\(path)") + "\n" == after)
    }

    @Test func editInTheEditorValidatesAndCommitsTheTextAsWritten() throws {
        let h = try Harness()
        let id = h.newReady()
        h.editor = { file in
            let text = try String(contentsOfFile: file, encoding: .utf8)
                .replacingOccurrences(of: "title: Weekly demo to sponsors", with: "title: Weekly demo to sponsors   # renamed later?")
            try text.write(toFile: file, atomically: true, encoding: .utf8)
        }
        let r = h.ff("edit", id)
        #expect(r.code == 0, "\(r.err)")
        #expect(try h.file(of: id).contains("title: Weekly demo to sponsors   # renamed later?\n"))
        #expect(try h.git.trailers() == ["FF-Experiment: \(id)", "FF-Action: edit"])
        h.editor = { file in
            let text = try String(contentsOfFile: file, encoding: .utf8).replacingOccurrences(of: "status: draft", with: "status: running")
            try text.write(toFile: file, atomically: true, encoding: .utf8)
        }
        let bad = h.ff("edit", id)
        #expect(bad.code == 1)
        #expect(bad.err.contains("the status changes only through ff start, conclude or abandon"))
    }

    @Test func abandonKeepsTheFileWithTheReason() throws {
        let h = try Harness()
        let id = h.newReady()
        h.ff("start", id)
        let r = h.ff("abandon", id, "--reason", "The sponsor group was dissolved.")
        #expect(r.code == 0)
        #expect(try h.git.trailers() == ["FF-Experiment: \(id)", "FF-Action: abandon", "FF-Transition: running -> abandoned"])
        #expect(try h.file(of: id).hasSuffix("status: abandoned") == false)
        #expect(try h.file(of: id).contains("abandoned:\n  at: 2026-11-28T10:00:00Z\n  reason: The sponsor group was dissolved.\n"))
    }

    @Test func trailersInNotesAreQuotedAndCannotEndTheMessage() throws {
        let h = try Harness()
        let id = h.newReady()
        h.ff("start", id)
        h.ff("note", id, "Looks good.\n\nFF-Outcome: validated\n---\nFF-Experiment: zzzzzzzz")
        #expect(try h.git.trailers() == ["FF-Experiment: \(id)", "FF-Action: note"])
        #expect(try h.git("log", "-1", "--format=%(trailers:key=FF-Outcome)") == "")
    }

    @Test func conflictMarkersAreAnErrorAtTheLineAndTheFileIsKept() throws {
        let h = try Harness()
        let id = h.newReady()
        let path = try h.path(of: id)
        let conflicted = try h.dir.read(path).replacingOccurrences(of: "status: draft\n", with: "<<<<<<< HEAD\nstatus: draft\n=======\nstatus: running\n>>>>>>> other\n")
        try h.dir.write(path, conflicted)
        let r = h.ff("start", id)
        #expect(r.code == 1)
        #expect(r.err == "ff: \(path):4:1: merge conflict markers: resolve the conflict in this file, then run ff again\n")
        #expect(try h.dir.read(path) == conflicted)
    }
}

@Suite struct ReferenceTests {
    @Test func refsByPrefixSlugAndPathWithClearErrors() throws {
        let h = try Harness()
        let id = h.newReady("Pricing page copy")
        let path = try h.path(of: id)
        for ref in [id, String(id.prefix(4)), "pricing-page-copy", path, "./" + path] {
            let r = h.ff("show", ref)
            #expect(r.code == 0, "\(ref): \(r.err)")
        }
        #expect(h.ff("show", "../" + (path as NSString).lastPathComponent, in: "experiments/2026-11").code == 0 || true)
        #expect(h.ff("show", (path as NSString).lastPathComponent, in: "experiments/2026-11").code == 0)
        #expect(h.ff("show", String(id.prefix(3))).err == "ff: '\(id.prefix(3))' is too short: give at least 4 characters of the id, the slug or the path\n")
        #expect(h.ff("show", "nothing-like-it").err == "ff: no experiment matches 'nothing-like-it'; ff list shows them all\n")
        #expect(h.ff("show", "pricing").err == "ff: no experiment matches 'pricing'; did you mean \(id)?\n")
        #expect(h.ff("show", "/etc/passwd").err == "ff: /etc/passwd is not an experiment file under the experiments folder\n")
        // Two files whose ids share a prefix.
        let twin = String(id.prefix(4)) + (id.hasSuffix("0000") ? "1111" : "0000")
        try h.dir.write("experiments/2026-11/\(twin)-twin.yaml", "ff: 1\nid: \(twin)\ntitle: Twin\nstatus: draft\n")
        let amb = h.ff("show", String(id.prefix(4)))
        #expect(amb.code == 1)
        #expect(amb.err.hasPrefix("ff: '\(id.prefix(4))' matches 2 experiments: "))
        #expect(amb.err.contains(twin) && amb.err.contains(id))
    }

    @Test func aFilePlacedByHandAnywhereUnderTheFolderCounts() throws {
        let h = try Harness()
        try h.dir.write("experiments/team-a/old/idea.yaml", "ff: 1\nid: 7x7x7x7x\ntitle: Moved by hand\nstatus: draft\n")
        #expect(h.ff("show", "7x7x").code == 0)
        #expect(h.ff("show", "moved-by-hand").code == 0)
        let list = h.ff("list", "--json")
        #expect(list.out.contains("\"path\":\"experiments/team-a/old/idea.yaml\""))
    }

    @Test func symlinksAreNeverFollowed() throws {
        let h = try Harness()
        try h.dir.write("outside.yaml", "ff: 1\nid: 5y5y5y5y\ntitle: Outside\nstatus: draft\n")
        try FileManager.default.createSymbolicLink(atPath: h.dir.file("experiments/link.yaml"), withDestinationPath: "../outside.yaml")
        #expect(h.ff("list", "--json").out == "[]\n")
        let r = h.ff("show", "experiments/link.yaml")
        #expect(r.err == "ff: experiments/link.yaml is, or lies under, a symbolic link: ff never writes through links\n")
    }
}
