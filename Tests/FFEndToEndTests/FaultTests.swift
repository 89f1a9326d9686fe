import Foundation
import TestSupport
import Testing

/// A command killed (SIGKILL) at any point of its write and commit leaves the old state or
/// the new one: the file is never torn, git's objects and refs stay sound, and the next ff
/// command puts back or finishes what the killed one left.
@Suite struct FaultTests {
    let ff = ffExecutable()

    /// A repository with one running experiment: its folder and home (kept while the test
    /// holds them), environment, git, id and path.
    func runningExperiment(_ title: String) throws -> (TempDir, TempDir, [String: String], Git, String, String) {
        let dir = TempDir("ff-fault"), home = TempDir("ff-fault-home")
        let env = isolatedEnvironment(home: home.path)
        let git = Git(dir.path, environment: env)
        #expect(try run(ff, ["init"], in: dir.path, environment: env).status == 0)
        #expect(try run(ff, ["new", title, "--hypothesis", "h", "--success", "s", "--failure", "f", "--data", "d: how",
                             "--days", "7", "--reversible", "--rollback", "r", "--stakeholder", "p"], in: dir.path, environment: env).status == 0)
        let id = try git("log", "-1", "--format=%(trailers:key=FF-Experiment,valueonly)").trimmingCharacters(in: .whitespacesAndNewlines)
        #expect(try run(ff, ["start", id], in: dir.path, environment: env).status == 0)
        return (dir, home, env, git, id, try git("show", "--name-only", "--format=", "HEAD"))
    }

    @Test(arguments: ["journal-written", "file-written", "commit-written", "ref-updated", "index-updated"])
    func killedAnywhereTheNextCommandSettlesIt(point: String) throws {
        let (dir, home, env, git, id, path) = try runningExperiment("Fault target")
        defer { withExtendedLifetime(home) {} }
        let before = try dir.read(path)
        let head = try git("rev-parse", "HEAD")

        var faulty = env
        faulty["FF_FAULT"] = point
        let killed = try run(ff, ["note", id, "first note"], in: dir.path, environment: faulty)
        #expect(killed.status != 0, "the fault point \(point) was not reached")
        let landed = ["ref-updated", "index-updated"].contains(point)
        // Never torn: the old file or the new one.
        let now = try dir.read(path)
        #expect(now == before || now.hasSuffix("    text: first note\n"))
        #expect(try git("rev-parse", "HEAD") == (landed ? try git("rev-parse", "HEAD") : head))
        try git("fsck", "--strict")

        let next = try run(ff, ["note", id, "second note"], in: dir.path, environment: env)
        #expect(next.status == 0, "\(next.stderr)")
        if point != "index-updated" {
            #expect(next.stderr.contains(landed ? "finished an interrupted ff command" : "recovered from an interrupted ff command"), "\(next.stderr)")
        }
        let final = try dir.read(path)
        #expect(final.contains("text: first note") == landed)
        #expect(final.contains("text: second note"))
        #expect(try git("rev-list", "--count", "\(head)..HEAD") == (landed ? "2" : "1"))
        #expect(try git("status", "--porcelain") == "")
        #expect(try git("show", "HEAD:\(path)") + "\n" == final)
        try git("fsck", "--strict")
    }

    /// `conclude --review` switches to a new branch before it commits: a kill before the
    /// commit lands leaves the next ff command to switch back and remove the branch (the
    /// journal names the switch); a kill after it keeps the branch with its commit.
    @Test(arguments: ["branch-switched", "journal-written", "file-written", "commit-written", "ref-updated"])
    func aReviewConcludeKilledAnywhereIsSettled(point: String) throws {
        let (dir, home, env, git, id, path) = try runningExperiment("Review fault target")
        defer { withExtendedLifetime(home) {} }
        let before = try dir.read(path)
        let head = try git("rev-parse", "HEAD")
        let base = try git("symbolic-ref", "--short", "HEAD")

        var faulty = env
        faulty["FF_FAULT"] = point
        let killed = try run(ff, ["conclude", id, "--outcome", "validated", "--returned", "It held.", "--next", "More.", "--review"],
                             in: dir.path, environment: faulty)
        #expect(killed.status != 0, "the fault point \(point) was not reached")
        let landed = point == "ref-updated"
        try git("fsck", "--strict")

        // The next command that writes settles it (readers take no lock and change nothing).
        let next = try run(ff, ["note", id, "after the kill"], in: dir.path, environment: env)
        #expect(next.status == (landed ? 1 : 0), "\(next.stderr)")
        let branches = try git("branch", "--format=%(refname:short)")
        if landed {
            #expect(try git("symbolic-ref", "--short", "HEAD").hasPrefix("debrief/\(id)"))
            #expect(try dir.read(path).contains("outcome: validated"))
            #expect(try git("rev-list", "--count", "\(head)..HEAD") == "1")
        } else {
            #expect(next.stderr.contains("removed the review branch debrief/\(id)"), "\(next.stderr)")
            #expect(try git("symbolic-ref", "--short", "HEAD") == base)
            #expect(!branches.contains("debrief/"), "\(branches)")
            #expect(try dir.read(path) != before && !(try dir.read(path).contains("outcome:")))
            #expect(try git("rev-list", "--count", "\(head)..HEAD") == "1")
            // And the conclusion can be made again from there.
            let again = try run(ff, ["conclude", id, "--outcome", "validated", "--returned", "It held.", "--next", "More.", "--review"],
                                in: dir.path, environment: env)
            #expect(again.status == 0, "\(again.stderr)")
        }
        #expect(try git("status", "--porcelain") == "")
        try git("fsck", "--strict")
    }
}
