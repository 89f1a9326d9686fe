import FailForward
import Foundation
import TestSupport
import Testing

/// ff's hooks beside the pre-commit framework's (pip install pre-commit), installed in either
/// order: the framework's hook, ff's check and the hook that was there before each run once
/// per commit, ff hooks status says what runs, and each tool's uninstall leaves the other
/// working. Real git, real pre-commit, the built ff.
@Suite struct PreCommitFrameworkTests {
    let ff = ffExecutable()

    static var preCommit: String? {
        (ProcessInfo.processInfo.environment["PATH"] ?? "").split(separator: ":").map { "\($0)/pre-commit" }
            .first { FileManager.default.isExecutableFile(atPath: $0) }
    }

    struct Repo {
        let dir = TempDir("ff-precommit")
        let home = TempDir("ff-precommit-home")
        var env: [String: String] = [:]
        var git: Git { Git(dir.path, environment: env) }
        var hooks: String { dir.file(".git/hooks") }
        /// What ran, one line per hook run: `prior` (the hook that was there first) and
        /// `framework` (the hook the framework's config declares).
        var runs: [String] { ((try? home.read("runs")) ?? "").split(separator: "\n").map(String.init) }
        func clearRuns() throws { try home.write("runs", "") }
        var hookFiles: [String] {
            ((try? FileManager.default.contentsOfDirectory(atPath: hooks)) ?? []).filter { !$0.hasSuffix(".sample") }.sorted()
        }
    }

    /// A repository with a hook of its own and a framework config; then ff and the framework
    /// are installed, in the given order.
    func repo(frameworkFirst: Bool, preCommit: String) throws -> Repo {
        var r = Repo()
        r.env = isolatedEnvironment(home: r.home.path)
        r.env["PATH"] = (ff as NSString).deletingLastPathComponent + ":" + (r.env["PATH"] ?? "/usr/bin:/bin")
        r.env["PRE_COMMIT_HOME"] = r.home.file("pre-commit-cache")
        try r.git("init", "-q", "-b", "main")
        try r.dir.write(".git/hooks/pre-commit", "#!/bin/sh\necho prior >> \(r.home.file("runs"))\n")
        chmod(r.dir.file(".git/hooks/pre-commit"), 0o755)
        try r.dir.write(".pre-commit-config.yaml", """
            repos:
              - repo: local
                hooks:
                  - id: record
                    name: record
                    entry: sh -c 'echo framework >> \(r.home.file("runs"))'
                    language: system
                    always_run: true
                    pass_filenames: false

            """)
        try r.git("add", ".pre-commit-config.yaml")
        try r.git("commit", "-q", "--no-verify", "-m", "Use the pre-commit framework")
        func ffInit() throws {
            let i = try run(ff, ["init"], in: r.dir.path, environment: r.env)
            #expect(i.status == 0, "\(i.stderr)")
        }
        func frameworkInstall() throws {
            let i = try run(preCommit, ["install"], in: r.dir.path, environment: r.env)
            #expect(i.status == 0, "\(i.stdout)\(i.stderr)")
        }
        if frameworkFirst {
            try frameworkInstall()
            try ffInit()
        } else {
            try ffInit()
            try frameworkInstall()
        }
        return r
    }

    func ffRun(_ r: Repo, _ args: String...) throws -> ProcessResult {
        try run(ff, args, in: r.dir.path, environment: r.env)
    }

    /// A running experiment (its commits made by ff, through the same hooks).
    func running(_ r: Repo) throws -> String {
        let new = try ffRun(r, "new", "Weekly demo to sponsors", "--hypothesis", "If we demo weekly, two of three sponsors ask for a follow-up.",
                            "--success", "2 of 3 sponsors ask for a follow-up", "--failure", "no follow-up after two demos",
                            "--data", "follow-up requests: count replies", "--days", "14", "--reversible",
                            "--rollback", "Stop the demos.", "--stakeholder", "Priya (sponsor)")
        #expect(new.status == 0, "\(new.stderr)")
        let id = try r.git("log", "-1", "--format=%(trailers:key=FF-Experiment,valueonly)").trimmingCharacters(in: .whitespacesAndNewlines)
        let start = try ffRun(r, "start", id)
        #expect(start.status == 0, "\(start.stderr)")
        return try r.git("ls-files", "experiments/*/*.yaml")
    }

    /// A commit that ff's check refuses (a locked field changed) and one it passes (a tag),
    /// each through every hook once.
    func refusedThenPassed(_ r: Repo, path: String, checkedByFF: Bool = true) throws {
        let text = try r.dir.read(path)
        let head = try r.git("rev-parse", "HEAD")
        try r.dir.write(path, text.replacingOccurrences(of: "days: 14", with: "days: 15"))
        try r.clearRuns()
        let refused = try r.git.run("commit", "-am", "Longer timebox")
        let output = refused.stdout + refused.stderr
        #expect(refused.status != 0, "\(output)")
        #expect(output.components(separatedBy: "error: timebox.days of running experiment").count == 2, "ff's check runs once: \(output)")
        #expect(try r.git("rev-parse", "HEAD") == head)
        // The framework runs its own hooks after the one it keeps, whatever that one said.
        #expect(r.runs == ["prior", "framework"], "\(r.runs)")

        try r.dir.write(path, text + "tags: [demo]\n")
        try r.clearRuns()
        let passed = try r.git.run("commit", "-am", "Tag it")
        #expect(passed.status == 0, "\(passed.stdout)\(passed.stderr)")
        #expect(try r.git("rev-parse", "HEAD~1") == head)
        #expect(r.runs == ["prior", "framework"], "\(r.runs)")
        #expect(try r.git("status", "--porcelain") == "")
    }

    static let truth = "pre-commit: the pre-commit framework's hook, which runs ff's hook (kept as pre-commit.legacy) first; ff's runs your previous hook (pre-commit.ff-chained) first"

    /// Whichever was installed first, the framework's script ends at pre-commit (where
    /// pre-commit install and uninstall look), ff's at pre-commit.legacy (which the framework
    /// runs first) and the hook that was there before at pre-commit.ff-chained (which ff's
    /// runs first). Then each tool's uninstall leaves the other's hook running.
    @Test(arguments: [(false, "pre-commit"), (false, "ff"), (true, "pre-commit"), (true, "ff")])
    func bothRunOnceInEitherOrderAndEitherUninstallLeavesTheOther(frameworkFirst: Bool, uninstaller: String) throws {
        guard let preCommit = Self.preCommit else {
            print("skipped: the pre-commit tool is not installed (pip install pre-commit; .ci/run installs it)")
            return
        }
        let r = try repo(frameworkFirst: frameworkFirst, preCommit: preCommit)
        #expect(r.hookFiles == ["commit-msg", "pre-commit", "pre-commit.ff-chained", "pre-commit.legacy"])
        #expect(try ffRun(r, "hooks", "status").stdout.contains(Self.truth + "\ncommit-msg: installed\n"))
        let again = try ffRun(r, "hooks", "install")
        #expect(again.status == 0, "\(again.stderr)")
        #expect(again.stdout == "pre-commit: already installed, as pre-commit.legacy, which the pre-commit framework's hook runs first\ncommit-msg: already installed\n")
        // Installing the framework again changes nothing either.
        #expect(try run(preCommit, ["install"], in: r.dir.path, environment: r.env).status == 0)
        #expect(r.hookFiles == ["commit-msg", "pre-commit", "pre-commit.ff-chained", "pre-commit.legacy"])

        let path = try running(r)
        try refusedThenPassed(r, path: path)

        if uninstaller == "pre-commit" {
            let u = try run(preCommit, ["uninstall"], in: r.dir.path, environment: r.env)
            #expect(u.status == 0, "\(u.stderr)")
            #expect(r.hookFiles == ["commit-msg", "pre-commit", "pre-commit.ff-chained"])
            #expect(try r.dir.read(".git/hooks/pre-commit") == HookScripts.files["pre-commit"])
            #expect(try ffRun(r, "hooks", "status").stdout.contains("pre-commit: installed, running the previous hook first (pre-commit.ff-chained)\n"))
            // ff's check still refuses; the hook from before still runs; the framework's is gone.
            try r.dir.write(path, try r.dir.read(path).replacingOccurrences(of: "days: 14", with: "days: 15"))
            try r.clearRuns()
            let refused = try r.git.run("commit", "-am", "Longer timebox")
            #expect(refused.status != 0)
            #expect(refused.stderr.contains("error: timebox.days of running experiment"), "\(refused.stderr)")
            #expect(r.runs == ["prior"], "\(r.runs)")
        } else {
            let u = try ffRun(r, "hooks", "uninstall")
            #expect(u.status == 0, "\(u.stderr)")
            #expect(u.stdout.hasPrefix("Removed the pre-commit hook (pre-commit.legacy) and put back the one it chained there, where the pre-commit framework's hook runs it\n"), "\(u.stdout)")
            #expect(r.hookFiles == ["pre-commit", "pre-commit.legacy"])
            #expect(try r.dir.read(".git/hooks/pre-commit.legacy") == "#!/bin/sh\necho prior >> \(r.home.file("runs"))\n")
            // The framework's hook and the one from before run; ff's check does not.
            try r.dir.write(path, try r.dir.read(path).replacingOccurrences(of: "days: 14", with: "days: 15"))
            try r.clearRuns()
            let commit = try r.git.run("commit", "-am", "Longer timebox")
            #expect(commit.status == 0, "\(commit.stdout)\(commit.stderr)")
            #expect(!(commit.stdout + commit.stderr).contains("error:"))
            #expect(r.runs == ["prior", "framework"], "\(r.runs)")
            // And pre-commit uninstall then puts the hook from before back where it was.
            #expect(try run(preCommit, ["uninstall"], in: r.dir.path, environment: r.env).status == 0)
            #expect(r.hookFiles == ["pre-commit"])
            #expect(try r.dir.read(".git/hooks/pre-commit") == "#!/bin/sh\necho prior >> \(r.home.file("runs"))\n")
        }
    }

    /// What an earlier ff left beside the framework is repaired by ff hooks install: its
    /// hook, moved to pre-commit.legacy by pre-commit install, no longer ran the hook it had
    /// chained (an orphan pre-commit.ff-chained), and its install refused; or it had moved
    /// the framework's script behind its own, where pre-commit uninstall cannot find it.
    @Test func ffHooksInstallRepairsWhatAnEarlierFFLeft() throws {
        guard let preCommit = Self.preCommit else {
            print("skipped: the pre-commit tool is not installed (pip install pre-commit; .ci/run installs it)")
            return
        }
        // The earlier script ran "$0.ff-chained": pre-commit.legacy.ff-chained, once moved.
        let current = HookScripts.files["pre-commit"] ?? ""
        guard let block = current.range(of: "chained=${0%.legacy}.ff-chained\n"),
              let end = current.range(of: "\nfi\n", range: block.upperBound..<current.endIndex) else {
            Issue.record("the pre-commit script no longer has the chaining block this test rewrites")
            return
        }
        let earlier = current.replacingCharacters(in: block.lowerBound..<end.upperBound,
                                                  with: "if [ -x \"$0.ff-chained\" ]; then\n  \"$0.ff-chained\" \"$@\" || exit $?\nfi\n")
        #expect(earlier != current && earlier.contains("\n# ff-hook: pre-commit\n"))

        // 1. ff first (its earlier version), then pre-commit install.
        do {
            let r = try repo(frameworkFirst: false, preCommit: preCommit)
            try r.dir.write(".git/hooks/pre-commit.legacy", earlier)
            let path = try running(r)
            try r.dir.write(path, try r.dir.read(path).replacingOccurrences(of: "days: 14", with: "days: 15"))
            try r.clearRuns()
            #expect(try r.git.run("commit", "-am", "Longer timebox").status != 0)
            #expect(r.runs == ["framework"], "the orphan is not run: \(r.runs)")
            try r.git("checkout", "--", path)
            #expect(try ffRun(r, "hooks", "status").stdout.contains(
                "pre-commit: the pre-commit framework's hook, which runs ff's hook (kept as pre-commit.legacy, from another version of ff) first; pre-commit.ff-chained may not be run: run ff hooks install to update it\n"))
            let repair = try ffRun(r, "hooks", "install")
            #expect(repair.status == 0, "\(repair.stderr)")
            #expect(repair.stdout.hasPrefix("Updated the pre-commit hook (\(r.hooks)/pre-commit.legacy), which the pre-commit framework's hook runs first; it runs your previous hook first, kept as pre-commit.ff-chained\n"), "\(repair.stdout)")
            #expect(try ffRun(r, "hooks", "status").stdout.contains(Self.truth + "\n"))
            try refusedThenPassed(r, path: path)
        }

        // 2. pre-commit install first, then the earlier ff, which chained the framework's
        // script behind its own; then pre-commit install again, which moved ff's to .legacy.
        do {
            let r = try repo(frameworkFirst: true, preCommit: preCommit)
            // As the earlier ff laid it out: ff's at pre-commit, the framework's chained.
            #expect(try ffRun(r, "hooks", "uninstall").status == 0)
            #expect(rename(r.dir.file(".git/hooks/pre-commit"), r.dir.file(".git/hooks/pre-commit.ff-chained")) == 0)
            try r.dir.write(".git/hooks/pre-commit", earlier)
            chmod(r.dir.file(".git/hooks/pre-commit"), 0o755)
            #expect(r.hookFiles == ["pre-commit", "pre-commit.ff-chained", "pre-commit.legacy"])
            #expect(try ffRun(r, "hooks", "status").stdout.contains(
                "pre-commit: installed, running the pre-commit framework's hook first (pre-commit.ff-chained): ff hooks install puts the framework's hook in front, where pre-commit install and pre-commit uninstall find it\n"))
            let repair = try ffRun(r, "hooks", "install")
            #expect(repair.status == 0, "\(repair.stderr)")
            #expect(repair.stdout.hasPrefix("Put the pre-commit framework's hook back at \(r.hooks)/pre-commit, where pre-commit install and uninstall find it; it runs ff's pre-commit hook first, kept as pre-commit.legacy, which runs your previous hook first, kept as pre-commit.ff-chained\n"), "\(repair.stdout)")
            #expect(r.hookFiles == ["commit-msg", "pre-commit", "pre-commit.ff-chained", "pre-commit.legacy"])
            #expect(try ffRun(r, "hooks", "status").stdout.contains(Self.truth + "\n"))
            let path = try running(r)
            try refusedThenPassed(r, path: path)

            // The same earlier layout after a second pre-commit install: a copy of the
            // framework's script chained behind ff's, which the framework would refuse to run.
            #expect(try ffRun(r, "hooks", "uninstall").status == 0)
            #expect(try run(preCommit, ["uninstall"], in: r.dir.path, environment: r.env).status == 0)
            #expect(try run(preCommit, ["install"], in: r.dir.path, environment: r.env).status == 0)
            try FileManager.default.copyItem(atPath: r.dir.file(".git/hooks/pre-commit"), toPath: r.dir.file(".git/hooks/pre-commit.ff-chained"))
            try FileManager.default.removeItem(atPath: r.dir.file(".git/hooks/pre-commit.legacy"))
            try r.dir.write(".git/hooks/pre-commit.legacy", current)
            chmod(r.dir.file(".git/hooks/pre-commit.legacy"), 0o755)
            // Even before the repair, ff's script does not start the framework a second time.
            try r.dir.write("README.md", "one\n")
            try r.git("add", "README.md")
            try r.clearRuns()
            let before = try r.git.run("commit", "-q", "-m", "Readme")
            #expect(before.status == 0, "\(before.stdout)\(before.stderr)")
            #expect(r.runs == ["framework"], "\(r.runs)")
            let repair2 = try ffRun(r, "hooks", "install")
            #expect(repair2.stdout.hasPrefix("Removed \(r.hooks)/pre-commit.ff-chained, a second copy of the pre-commit framework's hook that an earlier ff had chained\n"), "\(repair2.stdout)")
            #expect(r.hookFiles == ["commit-msg", "pre-commit", "pre-commit.legacy"])
        }
    }
}
