import CLIHarness
import FailForward
import Foundation
import TestSupport
import Testing

/// After `ff conclude --review` the conclusion is on `debrief/<id>-<slug>` only: back on the
/// base branch, status, list, show and debrief say it is concluded there and in review, and
/// `list --all-branches` names branches and commits. The built binary at fixed `COLUMNS` and
/// `NO_COLOR`, its whole output and exit code pinned.
@Suite struct ReviewStateTests {
    let ff = ffExecutable()

    struct Fixture {
        let h: Harness
        let weekly: String, other: String
        let day: String
        let base: String
        let branch: String
    }

    /// Two running experiments; the first concluded on its review branch, then back on the base.
    static func fixture() throws -> Fixture {
        let h = try Harness()
        // The binary runs on the real clock: the repository is made a few minutes before it.
        let now = Timestamp.wholeSeconds(Date()).addingTimeInterval(-600)
        h.at(Timestamp.format(now))
        let weekly = h.newReady()
        #expect(h.ff("start", weekly).code == 0)
        h.at(Timestamp.format(now.addingTimeInterval(30)))
        let other = h.newReady("Plain-text onboarding email on day 2")
        #expect(h.ff("start", other).code == 0)
        h.at(Timestamp.format(now.addingTimeInterval(60)))
        let base = try h.git("symbolic-ref", "--short", "HEAD")
        let r = h.ff("conclude", weekly, "--review", "--outcome", "validated", "--returned", "Two of three asked.",
                     "--met", "s1", "--not-met", "f1", "--next", "Try it monthly.")
        #expect(r.code == 0, "\(r.err)")
        let branch = "debrief/\(weekly)-weekly-demo-to-sponsors"
        #expect(try h.git("symbolic-ref", "--short", "HEAD") == branch)
        try h.git("switch", "-q", base)
        return Fixture(h: h, weekly: weekly, other: other, day: Timestamp.day(now), base: base, branch: branch)
    }

    func run(_ h: Harness, _ args: [String], in dir: String? = nil, columns: Int = 100) throws -> ProcessResult {
        var env = h.env
        env["NO_COLOR"] = "1"
        env["COLUMNS"] = String(columns)
        return try TestSupport.run(ff, args, in: dir ?? h.dir.path, environment: env)
    }

    func expectOutput(_ h: Harness, _ args: [String], in dir: String? = nil, columns: Int = 100, _ expected: String,
                      sourceLocation: SourceLocation = #_sourceLocation) throws {
        let r = try run(h, args, in: dir, columns: columns)
        #expect(r.status == 0, "\(args): \(r.stderr)", sourceLocation: sourceLocation)
        #expect(r.stderr == "", "\(args)", sourceLocation: sourceLocation)
        #expect(r.stdout == expected, "ff \(args.joined(separator: " ")) printed:\n\(r.stdout)", sourceLocation: sourceLocation)
    }

    func json(_ text: String) throws -> Any { try JSONSerialization.jsonObject(with: Data(text.utf8)) }

    @Test func statusListShowAndDebriefSayConcludedOnTheReviewBranch() throws {
        let f = try Self.fixture()
        let (h, w, o, d, b) = (f.h, f.weekly, f.other, f.day, f.branch)
        let tip = try h.git("rev-parse", b)
        let short = String(tip.prefix(7))
        try expectOutput(h, ["status"], """
        Running (1)
          \(o)  Plain-text onboarding email on day 2  ·  14 days left

        In review (1)
          \(w)  Weekly demo to sponsors
                    concluded (validated) on \(b), in review

        2 running (1 in review)

        """)
        try expectOutput(h, ["list"], """
        ID        STATUS     CREATED     PROGRESS   TITLE                                 OWNER
        \(w)  in review  \(d)  validated  Weekly demo to sponsors               Ana Lima
        \(o)  running    \(d)  14d left   Plain-text onboarding email on day 2  Ana Lima

        \(w) concluded (validated) on \(b), in review

        """)
        // Narrow: the table drops columns, the note wraps between its parts.
        try expectOutput(h, ["list"], columns: 60, """
        ID        STATUS     PROGRESS   TITLE
        \(w)  in review  validated  Weekly demo to sponsors
        \(o)  running    14d left   Plain-text onboarding email…

        \(w) concluded (validated) on
          \(b), in review

        """)
        let show = try run(h, ["show", w])
        #expect(show.status == 0 && show.stderr == "")
        #expect(show.stdout.hasPrefix("""
        \(w)  Weekly demo to sponsors
        running · 14 of 14 days left · owner Ana Lima <ana@example.com> · created \(d)
        concluded (validated) on \(b), in review (commit \(short))
        \(try h.path(of: w))

        """), "\(show.stdout)")
        #expect(!show.stdout.contains("\nConclusion"))

        // JSON: a `review` field, the other fields as they were.
        let list = try run(h, ["list", "--json"])
        let rows = try #require(try json(list.stdout) as? [[String: Any]])
        #expect(rows.map { $0["id"] as? String } == [w, o])
        #expect(rows[0]["status"] as? String == "running")
        #expect(rows[0]["review"] as? [String: String] == ["branch": b, "commit": tip, "outcome": "validated"])
        #expect(rows[1]["review"] is NSNull)
        let shown = try #require(try json(try run(h, ["show", w, "--json"]).stdout) as? [String: Any])
        #expect(shown["review"] as? [String: String] == ["branch": b, "commit": tip, "outcome": "validated"])
        let status = try #require(try json(try run(h, ["status", "--json"]).stdout) as? [String: Any])
        #expect((status["running"] as? [[String: Any]])?.map { $0["id"] as? String } == [o])
        let inReview = try #require(status["in_review"] as? [[String: Any]])
        #expect(inReview.map { $0["id"] as? String } == [w])
        #expect(inReview.first?["review"] as? [String: String] == ["branch": b, "commit": tip, "outcome": "validated"])
        let out = TempDir("ff-review-schema")
        try list.stdout.write(toFile: out.file("list.json"), atomically: true, encoding: .utf8)
        try (try run(h, ["status", "--json"])).stdout.write(toFile: out.file("status.json"), atomically: true, encoding: .utf8)
        for (schema, file) in [("list.schema.json", "list.json"), ("status.schema.json", "status.json")] {
            let v = try validateSchema(schema, [out.file(file)])
            #expect(v.status == 0 || v.status == 2, "\(schema): \(v.stdout)\(v.stderr)")
        }

        // The debrief is the review branch's, and says so; the same body as on the branch.
        let debrief = try run(h, ["debrief", w])
        #expect(debrief.status == 0)
        #expect(debrief.stderr == "ff: note: \(w) is running on \(f.base) and concluded (validated) on \(b), in review: this is the debrief of that branch's version (commit \(short))\n")
        try h.git("switch", "-q", b)
        let onBranch = try run(h, ["debrief", w])
        #expect(onBranch.status == 0 && onBranch.stderr == "")
        #expect(debrief.stdout == onBranch.stdout)
        #expect(debrief.stdout.contains("validated"))
        try h.git("switch", "-q", f.base)
        #expect(try h.git("status", "--porcelain") == "")
    }

    /// `--all-branches` says "in review" as `ff list` does, and names branches in one order on
    /// every row: the current branch, local branches by name, then remote-tracking ones by name
    /// (the rows listed them in the order of their versions, the current branch anywhere).
    @Test func allBranchesNamesBranchesAndShortCommits() throws {
        let f = try Self.fixture()
        let (h, w, o, b, m) = (f.h, f.weekly, f.other, f.branch, f.base)
        // Both branches pushed and fetched: each version is also on a remote-tracking branch.
        let hub = TempDir("ff-hub")
        try Git(hub.path, environment: h.env)("init", "-q", "--bare")
        try h.git("remote", "add", "origin", hub.path)
        try h.git("push", "-q", "origin", m, b)
        try h.git("fetch", "-q", "origin")
        let base = String(try h.git("rev-parse", m).prefix(7))
        let tip = String(try h.git("rev-parse", b).prefix(7))
        let all = "\(m), \(b), origin/\(b), origin/\(m)"
        try expectOutput(h, ["list", "--all-branches"], columns: 220, """
        ID        STATUS     PROGRESS   TITLE                                 BRANCHES
        \(w)  in review  validated  Weekly demo to sponsors               \(all) (2 versions)
        \(o)  running    14d left   Plain-text onboarding email on day 2  \(all)

        \(w) has diverged between branches: \(m) (\(base)), origin/\(m) (\(base)) ≠ \(b) (\(tip)), origin/\(b) (\(tip))

        """)
        let list = try run(h, ["list", "--all-branches", "--json"])
        let rows = try #require(try json(list.stdout) as? [[String: Any]])
        #expect(rows.map { $0["id"] as? String } == [w, o])
        #expect(rows.map { $0["branches"] as? [String] } == [[m, b, "origin/\(b)", "origin/\(m)"], [m, b, "origin/\(b)", "origin/\(m)"]])
        let shown = try #require(rows[0]["experiment"] as? [String: Any])
        #expect(shown["status"] as? String == "running")
        #expect(shown["review"] as? [String: String] == ["branch": b, "commit": try h.git("rev-parse", b), "outcome": "validated"])
        #expect((rows[1]["experiment"] as? [String: Any])?["review"] is NSNull)
        let versions = try #require(rows[0]["versions"] as? [[String: Any]])
        #expect(versions.map { $0["commits"] as? [[String: String]] } == [
            [["branch": m, "commit": try h.git("rev-parse", m)], ["branch": "origin/\(m)", "commit": try h.git("rev-parse", m)]],
            [["branch": b, "commit": try h.git("rev-parse", b)], ["branch": "origin/\(b)", "commit": try h.git("rev-parse", b)]],
        ])
        let out = TempDir("ff-all-schema")
        try list.stdout.write(toFile: out.file("all.json"), atomically: true, encoding: .utf8)
        let v = try validateSchema("list-all-branches.schema.json", [out.file("all.json")])
        #expect(v.status == 0 || v.status == 2, "\(v.stdout)\(v.stderr)")

        // On the review branch the conclusion is its own: concluded, and that branch first.
        try h.git("switch", "-q", b)
        let mine = "\(b), \(m), origin/\(b), origin/\(m)"
        try expectOutput(h, ["list", "--all-branches"], columns: 220, """
        ID        STATUS     PROGRESS   TITLE                                 BRANCHES
        \(w)  concluded  validated  Weekly demo to sponsors               \(mine) (2 versions)
        \(o)  running    14d left   Plain-text onboarding email on day 2  \(mine)

        \(w) has diverged between branches: \(b) (\(tip)), origin/\(b) (\(tip)) ≠ \(m) (\(base)), origin/\(m) (\(base))

        """)
        let onBranch = try #require(try json(try run(h, ["list", "--all-branches", "--json"]).stdout) as? [[String: Any]])
        #expect(onBranch.allSatisfy { ($0["experiment"] as? [String: Any])?["review"] is NSNull })
        try h.git("switch", "-q", m)
    }

    /// A teammate's review: concluded in a clone, the branch pushed, fetched here.
    @Test func aRemoteTrackingReviewBranchCounts() throws {
        let h = try Harness()
        let now = Timestamp.wholeSeconds(Date()).addingTimeInterval(-600)
        h.at(Timestamp.format(now))
        let w = h.newReady()
        #expect(h.ff("start", w).code == 0)
        let hub = TempDir("ff-hub"), clone = TempDir("ff-clone")
        try Git(hub.path, environment: h.env)("init", "-q", "--bare")
        try h.git("remote", "add", "origin", hub.path)
        try h.git("push", "-q", "-u", "origin", "HEAD")
        try Git(clone.path, environment: h.env)("clone", "-q", hub.path, ".")
        let concluded = try run(h, ["conclude", w, "--review", "--outcome", "disproved", "--returned", "No one asked.",
                                    "--not-met", "s1", "--met", "f1", "--next", "A written update."], in: clone.path)
        #expect(concluded.status == 0, "\(concluded.stderr)")
        let b = "debrief/\(w)-weekly-demo-to-sponsors"
        try Git(clone.path, environment: h.env)("push", "-q", "origin", b)
        try h.git("fetch", "-q", "origin")
        #expect(try h.git("branch", "--list", "debrief/*") == "")
        try expectOutput(h, ["status"], columns: 140, """
        In review (1)
          \(w)  Weekly demo to sponsors  ·  concluded (disproved) on origin/\(b), in review

        1 running (1 in review)

        """)
        try expectOutput(h, ["list"], """
        ID        STATUS     CREATED     PROGRESS   TITLE                    OWNER
        \(w)  in review  \(f_day(now))  disproved  Weekly demo to sponsors  Ana Lima

        \(w) concluded (disproved) on origin/\(b), in review

        """)
        // A local branch of the same name, once checked out, is preferred to the remote one.
        let debrief = try run(h, ["debrief", w])
        #expect(debrief.status == 0)
        #expect(debrief.stderr.contains(" concluded (disproved) on origin/\(b), in review: "))
        #expect(debrief.stdout.contains("disproved"))
    }

    func f_day(_ d: Date) -> String { Timestamp.day(d) }

    /// Merged: the current branch is concluded itself, and nothing is said about review.
    @Test func aMergedReviewBranchIsNoLongerInReview() throws {
        let f = try Self.fixture()
        let (h, w, o, d) = (f.h, f.weekly, f.other, f.day)
        try h.git("merge", "-q", "--no-ff", "--no-edit", f.branch)
        try expectOutput(h, ["status"], """
        Running (1)
          \(o)  Plain-text onboarding email on day 2  ·  14 days left

        1 running, 1 concluded

        """)
        try expectOutput(h, ["list"], """
        ID        STATUS     CREATED     PROGRESS   TITLE                                 OWNER
        \(w)  concluded  \(d)  validated  Weekly demo to sponsors               Ana Lima
        \(o)  running    \(d)  14d left   Plain-text onboarding email on day 2  Ana Lima

        """)
        let debrief = try run(h, ["debrief", w])
        #expect(debrief.status == 0 && debrief.stderr == "")
        let rows = try #require(try json(try run(h, ["list", "--json"]).stdout) as? [[String: Any]])
        #expect(rows.allSatisfy { $0["review"] is NSNull })
    }

    /// A debrief branch whose version is not concluded (a note made there) is not a review.
    @Test func aDebriefBranchThatIsNotConcludedIsNotInReview() throws {
        let h = try Harness()
        let now = Timestamp.wholeSeconds(Date()).addingTimeInterval(-600)
        h.at(Timestamp.format(now))
        let w = h.newReady()
        #expect(h.ff("start", w).code == 0)
        let base = try h.git("symbolic-ref", "--short", "HEAD")
        try h.git("switch", "-q", "-c", "debrief/\(w)-weekly-demo-to-sponsors")
        #expect(h.ff("note", w, "Halfway: one sponsor asked.").code == 0)
        try h.git("switch", "-q", base)
        try expectOutput(h, ["status"], """
        Running (1)
          \(w)  Weekly demo to sponsors  ·  14 days left

        1 running

        """)
        try expectOutput(h, ["list"], """
        ID        STATUS   CREATED     PROGRESS  TITLE                    OWNER
        \(w)  running  \(Timestamp.day(now))  14d left  Weekly demo to sponsors  Ana Lima

        """)
        let debrief = try run(h, ["debrief", w])
        #expect(debrief.status == 1)
        #expect(debrief.stderr == "ff: \(w) is running: a debrief follows its conclusion (ff conclude \(w) --outcome … --returned …)\n")
    }
}
