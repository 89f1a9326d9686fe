import Foundation
import TestSupport
import Testing

/// The built binary, spawned: exit codes, streams, and what only a real process shows.
@Suite struct ProcessTests {
    let ff = ffExecutable()

    func repo() throws -> (TempDir, TempDir, [String: String]) {
        let dir = TempDir("ff-proc-repo"), home = TempDir("ff-proc-home")
        let env = isolatedEnvironment(home: home.path)
        let r = try run(ff, ["init"], in: dir.path, environment: env)
        #expect(r.status == 0, "\(r.stderr)")
        return (dir, home, env)
    }

    @Test func helpVersionAndUsageErrors() throws {
        let home = TempDir()
        let env = isolatedEnvironment(home: home.path)
        let help = try run(ff, ["--help"], environment: env)
        #expect(help.status == 0)
        #expect(help.stdout.contains("USAGE: ff <subcommand>"))
        for cmd in ["init", "new", "edit", "start", "note", "amend", "conclude", "abandon", "status", "list", "show"] {
            #expect(help.stdout.contains("  \(cmd) "), "\(cmd) missing from --help")
        }
        #expect(try run(ff, ["--version"], environment: env).stdout == "0.1.0\n")
        let unknown = try run(ff, ["frobnicate"], environment: env)
        #expect(unknown.status == 64)
        #expect(unknown.stderr == "ff: 'frobnicate' is not an ff command (ff --help lists them)\nUsage: ff <subcommand>\n")
        let missing = try run(ff, ["note"], environment: env)
        #expect(missing.status == 64)
        #expect(missing.stderr.hasPrefix("ff: missing expected argument '<ref>'"))
    }

    @Test func errorsAreOneLineOnStderrWithExitOne() throws {
        let (dir, _, env) = try repo()
        let r = try run(ff, ["new", "Draft"], in: dir.path, environment: env)
        #expect(r.status == 0)
        let id = try Git(dir.path, environment: env)("log", "-1", "--format=%(trailers:key=FF-Experiment,valueonly)").trimmingCharacters(in: .whitespacesAndNewlines)
        let note = try run(ff, ["note", id, "x"], in: dir.path, environment: env)
        #expect(note.status == 1)
        #expect(note.stdout == "")
        #expect(note.stderr == "ff: cannot note \(id): it is draft; a draft experiment allows: edit, start, abandon\n")
        let refLikeOption = try run(ff, ["show", "--", "--help"], in: dir.path, environment: env)
        #expect(refLikeOption.status == 1)
        #expect(refLikeOption.stderr == "ff: no experiment matches '--help'; ff list shows them all\n")
    }

    @Test func aMissingIdentityIsAClearError() throws {
        let (dir, home, _) = try repo()
        let env = isolatedEnvironment(home: home.path, identity: false)
        let r = try run(ff, ["new", "No one"], in: dir.path, environment: env)
        #expect(r.status == 1)
        #expect(r.stderr == "ff: no author name is configured: run git config --global user.name \"Your Name\" and git config --global user.email you@example.com (or set GIT_AUTHOR_NAME and GIT_AUTHOR_EMAIL)\n")
        #expect(try Git(dir.path, environment: env)("status", "--porcelain", "--untracked-files=all") == "")
        // From git config it works, and the dates come from GIT_*_DATE.
        let git = Git(dir.path, environment: env)
        try git("config", "user.name", "Cora Diaz")
        try git("config", "user.email", "cora@example.com")
        var dated = env
        dated["GIT_AUTHOR_DATE"] = "2026-10-01T08:30:00+0200"
        dated["GIT_COMMITTER_DATE"] = "2026-10-02T09:00:00+0000"
        #expect(try run(ff, ["new", "Someone"], in: dir.path, environment: dated).status == 0)
        #expect(try git("log", "-1", "--format=%an <%ae> %aI | %cn %cI") == "Cora Diaz <cora@example.com> 2026-10-01T08:30:00+02:00 | Cora Diaz 2026-10-02T09:00:00+00:00")
        let file = try git("show", "HEAD", "--name-only", "--format=")
        #expect(file.hasPrefix("experiments/2026-10/"))
        #expect(try dir.read(file).contains("owner: Cora Diaz <cora@example.com>\ncreated: 2026-10-01T06:30:00Z\n"))
    }

    /// Eight processes noting on one experiment at once: every observation and every commit lands.
    @Test func parallelNotesLoseNothing() throws {
        let (dir, _, env) = try repo()
        let git = Git(dir.path, environment: env)
        let new = try run(ff, ["new", "Parallel", "--hypothesis", "h", "--success", "s", "--failure", "f", "--data", "d: how",
                               "--days", "7", "--reversible", "--rollback", "r", "--stakeholder", "p"], in: dir.path, environment: env)
        #expect(new.status == 0, "\(new.stderr)")
        let id = try git("log", "-1", "--format=%(trailers:key=FF-Experiment,valueonly)").trimmingCharacters(in: .whitespacesAndNewlines)
        #expect(try run(ff, ["start", id], in: dir.path, environment: env).status == 0)
        let n = 8
        let processes: [Process] = try (0..<n).map { i in
            let p = Process()
            p.executableURL = URL(fileURLWithPath: ff)
            p.arguments = ["note", id, "observation number \(i)"]
            p.currentDirectoryURL = URL(fileURLWithPath: dir.path)
            p.environment = env
            p.standardOutput = FileHandle.nullDevice
            p.standardError = FileHandle.nullDevice
            try p.run()
            return p
        }
        for p in processes { p.waitUntilExit() }
        #expect(processes.allSatisfy { $0.terminationStatus == 0 })
        #expect(try git("rev-list", "--count", "HEAD") == "\(3 + n)")
        let text = try dir.read(try git("show", "HEAD", "--name-only", "--format="))
        for i in 0..<n { #expect(text.contains("text: observation number \(i)\n")) }
        #expect(try git("log", "--format=%(trailers:key=FF-Action,valueonly)").split(separator: "\n").filter { $0 == "note" }.count == n)
        #expect(try git("status", "--porcelain") == "")
        try git("fsck", "--strict")
    }

    @Test func ceilingDirectoriesStopTheSearchAsInGit() throws {
        let (dir, _, env) = try repo()
        try FileManager.default.createDirectory(atPath: dir.file("sub"), withIntermediateDirectories: true)
        #expect(try run(ff, ["list"], in: dir.file("sub"), environment: env).status == 0)
        var ceiling = env
        ceiling["GIT_CEILING_DIRECTORIES"] = dir.path
        let r = try run(ff, ["list"], in: dir.file("sub"), environment: ceiling)
        #expect(r.status == 1)
        #expect(r.stderr.hasPrefix("ff: not a git repository: "))
    }

    /// What used to abort the process (exit 134 or 132): text with a dash and an `h`, help
    /// spelled `-help`, and numbers past 64 bits, from flags and from a committed file.
    @Test func dashTextHelpAndHugeNumbersNeverCrash() throws {
        let (dir, _, env) = try repo()
        let git = Git(dir.path, environment: env)
        let new = try run(ff, ["new", "- dash start"], in: dir.path, environment: env)
        #expect(new.status == 0, "\(new.stderr)")
        let id = try git("log", "-1", "--format=%(trailers:key=FF-Experiment,valueonly)").trimmingCharacters(in: .whitespacesAndNewlines)
        let path = try git("show", "--name-only", "--format=", "HEAD")
        #expect(new.stdout.hasPrefix("Created \(id) - dash start (draft): \(path)  [\(try git("branch", "--show-current")) \(try git("rev-parse", "--short=7", "HEAD"))]\n"))
        #expect(new.stderr == "")
        #expect(try git("show", "HEAD:" + path).contains("\ntitle: \"- dash start\"\n"))

        let help = try run(ff, ["status", "-help"], in: dir.path, environment: env)
        #expect(help.status == 0)
        #expect(help.stdout.hasPrefix("OVERVIEW: The dashboard: running experiments and days left"))
        #expect(help.stderr == "")

        #expect(try run(ff, ["edit", id, "--hypothesis", "h", "--success", "-5% churn", "--failure", "f", "--data", "d: how",
                             "--days", "7", "--reversible", "--rollback", "r", "--stakeholder", "p"], in: dir.path, environment: env).status == 0)
        #expect(try run(ff, ["start", id], in: dir.path, environment: env).status == 0)
        for text in ["-> shipped", "--version=1"] {
            let note = try run(ff, ["note", id, text], in: dir.path, environment: env)
            #expect(note.status == 0, "\(text): \(note.stderr)")
            #expect(note.stdout.hasPrefix("Noted on \(id) ("), "\(text): \(note.stdout)")
            #expect(try git("show", "HEAD:" + path).hasSuffix("    text: \"\(text)\""))
        }

        let resolve = try run(ff, ["review", id, "--resolve=-9223372036854775808"], in: dir.path, environment: env)
        #expect(resolve.status == 64)
        #expect(resolve.stdout == "")
        #expect(resolve.stderr == """
        ff: the value '-9223372036854775808' is invalid for '--resolve <n>': must be a whole number, 1 or more
        Usage: ff review [-C <path> ...] <ref> [--comment <text>] [--line <n>] [--resolve <n>]

        """)
        let since = try run(ff, ["timeline", "--since=9223372036854775807d"], in: dir.path, environment: env)
        #expect(since.status == 64)
        #expect(since.stderr.hasPrefix("ff: --since: '9223372036854775807d' is out of range: a span goes back at most 36500 days (5214w, 876000h)\n"))

        // A timebox past 64 bits' worth of seconds, committed with plain git.
        try dir.write(path, try dir.read(path).replacingOccurrences(of: "  days: 7\n", with: "  days: 106751991167300\n"))
        try git("commit", "-q", "--no-verify", "-am", "a long timebox")
        let problem = "\(path):13:9: timebox.days must be a whole number of days from 1 to 36500, found '106751991167300'"
        let list = try run(ff, ["list"], in: dir.path, environment: env)
        #expect(list.status == 0)
        #expect(list.stderr == "ff: warning: skipped \(problem)\n")
        let show = try run(ff, ["show", id], in: dir.path, environment: env)
        #expect(show.status == 1)
        #expect(show.stdout == "")
        #expect(show.stderr == "ff: \(problem)\n")
        let check = try run(ff, ["check"], in: dir.path, environment: env)
        #expect(check.status == 1)
        #expect(check.stdout == "\(path):13:9: error: timebox.days must be a whole number of days from 1 to 36500, found '106751991167300'\n")
    }

    @Test func noColourWhenPiped() throws {
        let (dir, _, env) = try repo()
        _ = try run(ff, ["new", "Colourless"], in: dir.path, environment: env)
        let r = try run(ff, ["status"], in: dir.path, environment: env)
        #expect(!r.stdout.contains("\u{1B}"))
    }
}
