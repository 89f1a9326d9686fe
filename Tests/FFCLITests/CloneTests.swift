import CLIHarness
import FailForward
import Foundation
import TestSupport
import Testing

/// Two people, two clones, one bare remote: experiments, notes, a debrief reviewed as a pull
/// request and with ff review, all exchanged with git push and pull.
@Suite struct CloneTests {
    final class Team {
        let h: Harness
        let remote = TempDir("ff-remote")
        let other = TempDir("ff-clone-b")
        var b: String { other.path + "/b" }
        var a: String { h.dir.path }

        init() throws {
            h = try Harness()
            h.putFFOnPath()
            try h.git("init", "-q", "--bare", remote.path)
            try h.git("remote", "add", "origin", remote.path)
            try h.git("push", "-q", "-u", "origin", "HEAD")
            try h.git("clone", "-q", remote.path, b)
            as_("Bo")
            // Config is not cloned: ff init registers the merge driver in this clone, and commits nothing.
            let r = ff(b, "init")
            precondition(r.code == 0, r.err)
            for dir in [a, b] { try git(dir)("config", "pull.rebase", "false") }
        }

        func as_(_ who: String) {
            h.env["GIT_AUTHOR_NAME"] = who == "Ana" ? "Ana Lima" : "Bo Chen"
            h.env["GIT_AUTHOR_EMAIL"] = who == "Ana" ? "ana@example.com" : "bo@example.com"
            h.env["GIT_COMMITTER_NAME"] = h.env["GIT_AUTHOR_NAME"]
            h.env["GIT_COMMITTER_EMAIL"] = h.env["GIT_AUTHOR_EMAIL"]
        }

        func git(_ dir: String) -> Git { Git(dir, environment: h.env) }

        @discardableResult
        func ff(_ dir: String, _ args: String...) -> Harness.Result {
            h.ff(["-C", dir] + args)
        }

        func newRunning(_ dir: String, _ title: String) throws -> String {
            let r = ff(dir, "new", title, "--hypothesis", "If we try it, it works.", "--success", "it works", "--failure", "it does not",
                       "--data", "results: counted", "--days", "14", "--reversible", "--rollback", "Undo it.", "--stakeholder", "Team")
            precondition(r.code == 0, r.err)
            let id = try git(dir)("log", "-1", "--format=%(trailers:key=FF-Experiment,valueonly)").trimmingCharacters(in: .whitespacesAndNewlines)
            precondition(ff(dir, "start", id).code == 0)
            return id
        }

        func experiment(_ dir: String, _ id: String) throws -> Experiment {
            let path = try git(dir)("ls-files", "experiments").split(separator: "\n").first { $0.contains("/\(id)-") }.map(String.init) ?? ""
            return try ExperimentDocument(path: path, bytes: Array(FileManager.default.contents(atPath: dir + "/" + path)!)).experiment
        }
    }

    @Test func pullWithRebaseKeepsBothSidesObservationsToo() throws {
        let t = try Team()
        let (a, b) = (t.a, t.b)
        t.as_("Ana"); t.h.at("2026-11-29T09:00:00Z")
        let id = try t.newRunning(a, "Weekly demo to sponsors")
        try t.git(a)("push", "-q")
        try t.git(b)("pull", "-q", "--no-edit")
        t.h.at("2026-12-01T09:00:00Z")
        t.ff(a, "note", id, "Ana's note.")
        try t.git(a)("push", "-q")
        t.as_("Bo"); t.h.at("2026-12-01T10:00:00Z")
        t.ff(b, "note", id, "Bo's note.")
        t.ff(b, "review", id, "--comment", "Bo's review.")
        let pull = try t.git(b).run("pull", "--rebase")
        #expect(pull.status == 0, "\(pull.stdout)\(pull.stderr)")
        let e = try t.experiment(b, id)
        #expect(e.observations.map(\.text) == ["Ana's note.", "Bo's note."])
        #expect(e.reviews.map(\.text) == ["Bo's review."])
        #expect(try t.git(b)("rev-list", "--merges", "--count", "HEAD") == "0")
        #expect(try t.git(b)("status", "--porcelain") == "")
        try t.git(b)("fsck", "--strict")
    }

    @Test func twoClonesRunReviewMergeAndPullWithoutLosingAnObservation() throws {
        let t = try Team()
        let (a, b) = (t.a, t.b)
        // Each creates, starts and notes an experiment.
        t.as_("Ana"); t.h.at("2026-11-29T09:00:00Z")
        let e1 = try t.newRunning(a, "Weekly demo to sponsors")
        t.ff(a, "note", e1, "Ana: first demo.")
        t.as_("Bo"); t.h.at("2026-11-29T10:00:00Z")
        let e2 = try t.newRunning(b, "Pair reviews")
        t.ff(b, "note", e2, "Bo: first pairing.")
        try t.git(a)("push", "-q")
        try t.git(b)("pull", "-q", "--no-edit")
        try t.git(b)("push", "-q")
        try t.git(a)("pull", "-q", "--no-edit")

        // Both note the same experiment at once; the pull merges the file field by field.
        t.as_("Ana"); t.h.at("2026-12-01T09:00:00Z")
        t.ff(a, "note", e1, "Ana: second demo.")
        t.ff(a, "note", e2, "Ana: watched a pairing.")
        t.as_("Bo"); t.h.at("2026-12-01T10:00:00Z")
        t.ff(b, "note", e1, "Bo: a sponsor replied.")
        t.ff(b, "note", e2, "Bo: second pairing.")
        try t.git(a)("push", "-q")
        let pull = try t.git(b).run("pull", "--no-edit")
        #expect(pull.status == 0, "\(pull.stdout)\(pull.stderr)")
        try t.git(b)("push", "-q")
        try t.git(a)("pull", "-q", "--no-edit")
        for dir in [a, b] {
            #expect(try t.experiment(dir, e1).observations.map(\.text) == ["Ana: first demo.", "Ana: second demo.", "Bo: a sponsor replied."])
            #expect(try t.experiment(dir, e2).observations.map(\.text) == ["Bo: first pairing.", "Ana: watched a pairing.", "Bo: second pairing."])
        }

        // Ana concludes on a debrief branch and pushes it for review.
        t.as_("Ana"); t.h.at("2026-12-12T10:00:00Z")
        let concluded = t.ff(a, "conclude", e1, "--review", "--outcome", "disproved", "--returned", "One reply out of three.",
                             "--not-met", "s1", "--met", "f1", "--next", "A written update.")
        #expect(concluded.code == 0, "\(concluded.err)")
        let branch = "debrief/\(e1)-weekly-demo-to-sponsors"
        #expect(concluded.out.contains("git push -u origin \(branch)"))
        try t.git(a)("push", "-q", "-u", "origin", branch)

        // Bo sees it on the remote branch before it is merged, and reviews it there.
        t.as_("Bo"); t.h.at("2026-12-13T09:00:00Z")
        try t.git(b)("fetch", "-q")
        let listed = t.ff(b, "list", "--all-branches")
        #expect(listed.code == 0, "\(listed.err)")
        #expect(listed.out.contains("\(e1) has diverged between branches: "))
        let allJSON = t.ff(b, "list", "--all-branches", "--json").out
        let rows = try JSONSerialization.jsonObject(with: Data(allJSON.utf8)) as! [[String: Any]]
        let out = TempDir("ff-all")
        try allJSON.write(toFile: out.file("all.json"), atomically: true, encoding: .utf8)
        let v = try SchemaTests().validate("list-all-branches.schema.json", [out.file("all.json")])
        #expect(v.status == 0 || v.status == 2, "\(v.stdout)\(v.stderr)")
        #expect(rows.count == 2)
        let row = rows.first { $0["id"] as? String == e1 }!
        #expect(row["diverged"] as? Bool == true)
        #expect((row["branches"] as! [String]).contains("origin/\(branch)"))
        try t.git(b)("switch", "-q", branch)
        #expect(t.ff(b, "review", e1, "--comment", "Is the signal explained? Say why the demos missed.", "--line", "3").code == 0)
        // Meanwhile on main, Bo keeps noting his own experiment.
        try t.git(b)("switch", "-q", "-")
        t.ff(b, "note", e2, "Bo: third pairing.")
        try t.git(b)("push", "-q", "origin", branch, "HEAD")

        // Ana answers on the branch and resolves the note; Bo merges the pull request.
        t.as_("Ana"); t.h.at("2026-12-13T11:00:00Z")
        try t.git(a)("pull", "-q", "--no-edit")
        #expect(try t.experiment(a, e1).reviews.count == 1)
        #expect(t.ff(a, "review", e1, "--resolve", "1").code == 0)
        try t.git(a)("push", "-q")
        t.as_("Bo"); t.h.at("2026-12-14T09:00:00Z")
        try t.git(b)("pull", "-q", "--no-edit")
        try t.git(b)("fetch", "-q")
        try t.git(b)("merge", "-q", "--no-ff", "--no-edit", "-m", "Merge debrief \(e1)", "origin/\(branch)")
        try t.git(b)("push", "-q")
        t.as_("Ana")
        try t.git(a)("switch", "-q", "-")
        try t.git(a)("pull", "-q", "--no-edit")

        for dir in [a, b] {
            let e = try t.experiment(dir, e1)
            #expect(e.status == .concluded)
            #expect(e.observations.count == 3)
            #expect(e.reviews.map(\.resolved) == [true])
            #expect(try t.experiment(dir, e2).observations.count == 4)
            try t.git(dir)("fsck", "--strict")
            #expect(try t.git(dir)("status", "--porcelain") == "")
        }
        #expect(try t.git(a)("rev-parse", "HEAD") == (try t.git(b)("rev-parse", "HEAD")))
        try Git(t.remote.path, environment: t.h.env)("fsck", "--strict")
        let ids = (try JSONSerialization.jsonObject(with: Data(t.ff(a, "list", "--json").out.utf8)) as! [[String: Any]]).map { $0["id"] as! String }
        #expect(ids.count == 2 && Set(ids).count == 2)

        // The review and the merge are in the experiment's timeline.
        let debrief = t.ff(a, "debrief", e1).out
        #expect(debrief.contains("| 2026-12-13 | review note 1 | Bo Chen |"))
        #expect(debrief.contains("| 2026-12-13 | review note 1 resolved | Ana Lima |"))
        #expect(debrief.contains("| merged | Bo Chen |"))
        let log = t.ff(a, "log", e1).out
        #expect(log.contains("review"))
        // Nothing left only on a branch: the list of all branches agrees with main.
        let after = try JSONSerialization.jsonObject(with: Data(t.ff(a, "list", "--all-branches", "--json").out.utf8)) as! [[String: Any]]
        #expect(after.allSatisfy { $0["on_current_branch"] as? Bool == true })
    }
}
