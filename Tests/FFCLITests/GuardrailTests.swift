import CLIHarness
import FailForward
import Foundation
import TestSupport
import Testing

extension Harness {
    /// A running experiment; returns its id and path.
    func running() throws -> (String, String) {
        let id = newReady()
        let r = ff("start", id)
        precondition(r.code == 0, "ff start failed: \(r.err)")
        return (id, try path(of: id))
    }

    /// Edits an experiment file in place, as a person with an editor would.
    func edit(_ path: String, _ from: String, _ to: String) throws {
        let text = try dir.read(path)
        precondition(text.contains(from), "\(from) is not in \(path)")
        try dir.write(path, text.replacingOccurrences(of: from, with: to))
    }
}

@Suite struct CheckTests {
    @Test func aCleanRepositoryPassesQuietly() throws {
        let h = try Harness()
        _ = try h.running()
        let r = h.ff("check")
        #expect(r.code == 0, "\(r.out)\(r.err)")
        #expect(r.out == "" && r.err == "")
    }

    @Test func aHandEditOfALockedFieldIsAnErrorAtItsKey() throws {
        let h = try Harness()
        let (id, path) = try h.running()
        let start = try h.git("rev-parse", "--short=7", "HEAD")
        try h.edit(path, "2 of 3 sponsors ask for a follow-up", "1 of 3 sponsors asks")
        let before = try h.dir.read(path)
        let r = h.ff("check")
        #expect(r.code == 1)
        #expect(r.out == "\(path):16:1: error: signals of running experiment \(id) changed since it started (commit \(start), 2026-11-28) without a declared deviation: declare it with ff amend \(id) --reason \"…\" (it records the field, reason, time and author under deviations:), or restore the pre-registered value\n")
        #expect(r.err == "ff check: 1 error, 0 warnings in 1 file\n")
        // Never rewrites a file.
        #expect(try h.dir.read(path) == before)

        let json = h.ff("check", "--format", "json")
        #expect(json.code == 1)
        let object = try JSONSerialization.jsonObject(with: Data(json.out.utf8)) as! [String: Any]
        #expect(object["errors"] as? Int == 1)
        let d = (object["diagnostics"] as! [[String: Any]])[0]
        #expect(d["path"] as? String == path && d["line"] as? Int == 16 && d["column"] as? Int == 1 && d["severity"] as? String == "error")

        // Paths are shown from the folder ff runs in, as git shows them.
        try FileManager.default.createDirectory(atPath: h.dir.file("docs"), withIntermediateDirectories: true)
        #expect(h.ff(["check"], in: "docs").out.hasPrefix("../\(path):16:1: error: "))
    }

    @Test func amendDeclaresAHandEditEvenOnceCommittedWithPlainGit() throws {
        let h = try Harness()
        let (id, path) = try h.running()
        try h.edit(path, "days: 14", "days: 21")
        try h.git("commit", "-q", "--no-verify", "-am", "longer")
        #expect(h.ff("check").code == 1)
        let a = h.ff("amend", id, "--reason", "Two sponsors were away for a week.")
        #expect(a.code == 0, "\(a.err)")
        #expect(try h.git.trailers() == ["FF-Experiment: \(id)", "FF-Action: amend", "FF-Deviation: timebox.days"])
        #expect(try h.file(of: id).contains("""
        deviations:
          - at: 2026-11-28T10:00:00Z
            field: timebox.days
            reason: Two sponsors were away for a week.
            by: Ana Lima <ana@example.com>
        """))
        let c = h.ff("check")
        #expect(c.code == 0, "\(c.out)")
    }

    @Test func stagedChecksTheIndexNotTheWorkingTree() throws {
        let h = try Harness()
        let (_, path) = try h.running()
        try h.edit(path, "Stop the demos.", "Keep going.")
        #expect(h.ff("check", "--staged").code == 0) // nothing staged
        try h.git("add", path)
        try h.edit(path, "Keep going.", "Stop the demos.") // the working tree is fine again
        #expect(h.ff("check").code == 0)
        let r = h.ff("check", "--staged")
        #expect(r.code == 1)
        #expect(r.out.hasPrefix("\(path):10:1: error: rollback of running experiment "))
    }

    /// The pre-commit hook refuses what a commit brings; what HEAD already has is for ff check.
    @Test func stagedReportsWhatHeadAlreadyHasAsAWarning() throws {
        let h = try Harness()
        let (id, path) = try h.running()
        try h.edit(path, "Stop the demos.", "Keep going.")
        try h.git("commit", "-q", "--no-verify", "-am", "rollback by hand")
        #expect(h.ff("check").code == 1)
        let note = h.ff("note", id, "Second demo.")
        #expect(note.code == 0, "\(note.err)")
        try h.edit(path, "Second demo.", "Second demo, two replies.")
        try h.git("add", path)
        let r = h.ff("check", "--staged")
        #expect(r.code == 0)
        #expect(r.out.contains("warning: rollback of running experiment \(id) changed since it started"))
        #expect(r.out.contains("(already so in HEAD: not brought by this commit)"))
    }

    @Test func deletingAStartedExperimentIsAnError() throws {
        let h = try Harness()
        let (id, path) = try h.running()
        try h.git("rm", "-q", path)
        let r = h.ff("check", "--staged")
        #expect(r.code == 1)
        #expect(r.out == "\(path): error: deletes running experiment \(id): started experiments are never deleted; stop it with ff abandon \(id) --reason \"…\"\n")
    }

    @Test func parseErrorsAndConflictMarkersAreLocated() throws {
        let h = try Harness()
        let (_, path) = try h.running()
        try h.edit(path, "timebox:\n", "<<<<<<< HEAD\ntimebox:\n")
        let r = h.ff("check", path)
        #expect(r.code == 1)
        #expect(r.out == "\(path):13:1: error: merge conflict markers: resolve the conflict in this file, then run ff again\n")
        #expect(h.ff("check", "experiments/nope.yaml").out == "experiments/nope.yaml: error: no such file\n")
    }

    /// A folder names the files under it, as a pathspec does (it was "Is a directory", exit 1);
    /// the repository's root is every file; a folder outside the repository is refused.
    @Test func aFolderStandsForTheExperimentFilesUnderIt() throws {
        let h = try Harness()
        let a = h.newReady("Alpha")
        try h.edit(h.path(of: a), "title: Alpha", "title: [Alpha")
        let whole = h.ff("check")
        #expect(whole.code == 1)
        for args in [["experiments"], ["experiments/"], ["."], ["experiments/" + (try h.path(of: a) as NSString).deletingLastPathComponent.split(separator: "/").last.map(String.init)!]] {
            let r = h.ff(["check"] + args)
            #expect(r.code == 1 && r.out == whole.out, "\(args): \(r.out) \(r.err)")
        }
        try FileManager.default.createDirectory(atPath: h.dir.file("experiments/empty"), withIntermediateDirectories: true)
        let empty = h.ff("check", "experiments/empty")
        #expect(empty.code == 0 && empty.out == "", "\(empty.err)")
        let outside = h.ff("check", "..")
        #expect(outside.code == 1 && outside.err.hasPrefix("ff: .. is outside the repository"), "\(outside.err)")
    }
}

@Suite struct LanguageTests {
    @Test func commandsWarnAndCheckLocates() throws {
        let h = try Harness()
        let (id, path) = try h.running()
        let n = h.ff("note", id, "Honestly I failed to prepare; \"a disaster\", she said.")
        #expect(n.code == 0)
        #expect(n.err == "ff: warning: the observation: \"I failed\" is identity-threat language; try a process-oriented rewrite: \"the experiment returned …\", \"the hypothesis was disproved\"\n")
        let c = h.ff("check")
        #expect(c.code == 0)
        #expect(c.out == "\(path):26:20: warning: \"I failed\" is identity-threat language; try a process-oriented rewrite: \"the experiment returned …\", \"the hypothesis was disproved\"\n")
    }

    @Test func levelErrorRefusesAndExtraAndAllowApply() throws {
        let h = try Harness()
        let (id, path) = try h.running()
        try h.dir.write(".ff/config.yaml", try h.dir.read(".ff/config.yaml").replacingOccurrences(
            of: "lint: {level: warning, extra: [], allow: []}", with: "lint: {level: error, extra: [went sideways], allow: [blame]}"))
        try h.git("commit", "-q", "-am", "stricter lint")
        let before = try h.dir.read(path)
        let r = h.ff("abandon", id, "--reason", "Scheduling went sideways.")
        #expect(r.code == 1)
        #expect(r.err.hasPrefix("ff: --reason: \"went sideways\" is on this repository's lint list (lint.extra in .ff/config.yaml); "))
        #expect(r.err.hasSuffix("(lint.level is error in .ff/config.yaml: rephrase it, or mark a quotation with \"…\" or a leading >; nothing was changed)\n"))
        #expect(try h.dir.read(path) == before)
        #expect(h.ff("note", id, "Nobody is to blame.").code == 0)
        let c = h.ff("conclude", id, "--outcome", "disproved", "--returned", "A fiasco.")
        #expect(c.code == 1)
        #expect(c.err.contains("--returned: \"fiasco\" is catastrophising language"))
    }
}

@Suite struct HookInstallTests {
    @Test func initInstallsAndAnExistingHookIsChainedAndRestored() throws {
        let h = try Harness(initialise: false)
        try h.git("init", "-q")
        let mine = "#!/bin/sh\necho mine >> .git/mine.log\n"
        try h.dir.write(".git/hooks/pre-commit", mine)
        chmod(h.dir.file(".git/hooks/pre-commit"), 0o750)
        let r = h.ff("init")
        #expect(r.code == 0, "\(r.err)")
        #expect(r.out.contains("Installed the pre-commit hook (\(h.dir.path)/.git/hooks/pre-commit); it runs your previous hook first, kept as pre-commit.ff-chained\n"))
        #expect(try h.dir.read(".git/hooks/pre-commit") == HookScripts.files["pre-commit"])
        #expect(try h.dir.read(".git/hooks/pre-commit.ff-chained") == mine)
        // The chained hook runs for ff's own commits too.
        _ = h.newReady()
        #expect(try h.dir.read(".git/mine.log") == "mine\nmine\n") // ff init's commit, then ff new's
        let status = h.ff("hooks", "status")
        #expect(status.out.contains("pre-commit: installed, running the previous hook first (pre-commit.ff-chained)\ncommit-msg: installed\npre-receive: not installed\n"))
        #expect(h.ff("hooks", "install").out == "pre-commit: already installed\ncommit-msg: already installed\n")

        let u = h.ff("hooks", "uninstall")
        #expect(u.code == 0)
        #expect(try h.dir.read(".git/hooks/pre-commit") == mine)
        var st = stat()
        stat(h.dir.file(".git/hooks/pre-commit"), &st)
        #expect(st.st_mode & 0o777 == 0o750)
        #expect(!FileManager.default.fileExists(atPath: h.dir.file(".git/hooks/commit-msg")))
        #expect(!FileManager.default.fileExists(atPath: h.dir.file(".git/hooks/pre-commit.ff-chained")))
    }

    @Test func hooksPathRelativeAbsoluteAndLinkedWorktrees() throws {
        let h = try Harness()
        #expect(h.ff("hooks", "uninstall").code == 0)
        try h.git("config", "core.hooksPath", ".githooks")
        #expect(h.ff("hooks", "install").code == 0)
        #expect(try h.git("rev-parse", "--git-path", "hooks") == ".githooks")
        #expect(try h.dir.read(".githooks/commit-msg") == HookScripts.files["commit-msg"])

        let elsewhere = TempDir("ff-hookspath")
        try h.git("config", "core.hooksPath", elsewhere.path)
        // A folder outside the repository may be other repositories' too: ff says what to
        // add there and writes nothing.
        let outside = h.ff("hooks", "install")
        #expect(outside.code == 0)
        #expect(outside.out.contains("ff installed no hooks: core.hooksPath is \(elsewhere.path), outside this repository"), "\(outside.out)")
        #expect(try FileManager.default.contentsOfDirectory(atPath: elsewhere.path) == [])
        try h.git("config", "core.hooksPath", ".githooks")

        // A linked worktree shares the hooks of the repository.
        try h.git("config", "--unset", "core.hooksPath")
        let wt = TempDir("ff-linked")
        try h.git("worktree", "add", "-q", wt.path + "/wt")
        let inWorktree = Git(wt.path + "/wt", environment: h.env)
        let hooksDir = try inWorktree("rev-parse", "--path-format=absolute", "--git-path", "hooks")
        #expect(h.ff(["-C", wt.path + "/wt", "hooks", "install"]).code == 0)
        #expect(hooksDir == h.dir.path + "/.git/hooks")
        #expect(try String(contentsOfFile: hooksDir + "/pre-commit", encoding: .utf8) == HookScripts.files["pre-commit"])
    }

    @Test func ownCommitsHonourAFailingHookAndNoVerify() throws {
        let h = try Harness()
        let (id, path) = try h.running()
        let hooks = TempDir("ff-user-hooks")
        try hooks.write("pre-commit", "#!/bin/sh\necho 'style check failed' >&2\nexit 1\n")
        chmod(hooks.file("pre-commit"), 0o755)
        try h.git("config", "core.hooksPath", hooks.path)
        let before = try h.dir.read(path)
        let head = try h.git("rev-parse", "HEAD")
        let r = h.ff("note", id, "Second demo.")
        #expect(r.code == 1)
        #expect(r.err == "style check failed\nff: the pre-commit hook refused the commit (exit status 1); nothing was committed and the file is as it was (the hook's output is above; --no-verify skips hooks)\n")
        #expect(try h.dir.read(path) == before)
        #expect(try h.git("rev-parse", "HEAD") == head)
        #expect(try h.git("status", "--porcelain") == "")
        #expect(h.ff("note", id, "Second demo.", "--no-verify").code == 0)
        #expect(try h.git("rev-parse", "HEAD~1") == head)
    }

    /// ff's own hooks, as `ff init` installs them, run in the ff process: a note passes, and
    /// an undeclared hand edit of a locked field that the note would commit is refused by the
    /// pre-commit check, with its message, as the hook run by git would refuse it.
    @Test func ffsOwnHooksCheckInProcess() throws {
        let h = try Harness()
        let (id, path) = try h.running()
        #expect(h.ff("hooks", "status").out.contains("pre-commit: installed"))
        let ok = h.ff("note", id, "First demo.")
        #expect(ok.code == 0, "\(ok.err)")
        let text = try h.dir.read(path)
        let lines = text.split(separator: "\n", omittingEmptySubsequences: false).map { line in
            line.hasPrefix("hypothesis: ") ? line + " Reworded after the start." : String(line)
        }
        try h.dir.write(path, lines.joined(separator: "\n"))
        let head = try h.git("rev-parse", "HEAD")
        let r = h.ff("note", id, "Second demo.")
        #expect(r.code == 1)
        #expect(r.err.contains("error: hypothesis of running experiment \(id) changed since it started"), "\(r.err)")
        #expect(r.err.contains("the pre-commit hook refused the commit"), "\(r.err)")
        #expect(try h.git("rev-parse", "HEAD") == head)
        #expect(h.ff("note", id, "Second demo.", "--no-verify").code == 0)
    }

    @Test func helpNamesTheNewCommands() throws {
        let h = try Harness()
        let help = h.ff("--help")
        #expect(help.out.contains("  check ") && help.out.contains("  hooks "))
        #expect(h.ff("note", "--help").out.contains("--no-verify"))
    }
}

@Suite struct CheckLinkTests {
    /// Checking one file of many reads only what its links lead to; the answers are the same.
    @Test func linksOfOneFileAmongMany() throws {
        let h = try Harness()
        for n in 0..<5 { #expect(h.ff("new", "Draft \(n)").code == 0) }
        let (a, aPath) = try h.running()
        #expect(h.ff("conclude", a, "--outcome", "disproved", "--returned", "One reply of three.", "--next-experiment", "Written update").code == 0)
        let b = h.lastID() // the follow-up, the last FF-Experiment of the conclusion
        let bPath = try h.path(of: b)
        #expect(h.ff("check", aPath).code == 0)
        #expect(h.ff("check", bPath).code == 0)
        try h.edit(bPath, "follows: \(a)", "follows: zzzz9999")
        let checkA = h.ff("check", aPath)
        #expect(checkA.code == 1)
        #expect(checkA.out.contains("error: next_experiment \(b) does not follow \(a) back: set follows: \(a) in \(bPath)"))
        #expect(h.ff("check", bPath).out.contains("error: follows zzzz9999, but no experiment has that id"))
        #expect(h.ff("check").out == h.ff(["check", aPath, bPath]).out)
    }

    @Test func aFollowUpAnywhereCountsAsTheNextTest() throws {
        let h = try Harness()
        for n in 0..<5 { #expect(h.ff("new", "Draft \(n)").code == 0) }
        let (a, aPath) = try h.running()
        #expect(h.ff("conclude", a, "--outcome", "inconclusive", "--returned", "Too few replies to tell.").code == 0)
        #expect(h.ff("check", aPath).out.contains("warning: concluded without a next test: publish one with ff new --follows \(a) \"<title>\""))
        #expect(h.ff("new", "Try again with more sponsors", "--follows", a).code == 0)
        #expect(!h.ff("check", aPath).out.contains("next test"))
    }
}

@Suite struct LockCacheTests {
    /// The cache is brought up to date when that saves work or records a start, not after
    /// every commit: rewriting its line per experiment costs more than walking a few commits.
    @Test func theCacheIsRewrittenWhenItSavesWorkOrRecordsAStart() throws {
        let h = try Harness()
        let (id, _) = try h.running()
        #expect(h.ff("check").code == 0)
        let cache = h.dir.file(".git/ff/lock-cache")
        let first = try String(contentsOfFile: cache, encoding: .utf8)
        let tip = try h.git("rev-parse", "HEAD")
        #expect(first.contains("tip \(tip)"))
        for n in 0..<3 { #expect(h.ff("note", id, "Note \(n).", "--no-verify").code == 0) }
        #expect(h.ff("check").code == 0)
        #expect(try String(contentsOfFile: cache, encoding: .utf8) == first)
        let (other, _) = try h.running()
        #expect(h.ff("check").code == 0)
        let after = try String(contentsOfFile: cache, encoding: .utf8)
        let head = try h.git("rev-parse", "HEAD")
        #expect(after.contains("\n\(other)\t") && after.contains("tip \(head)"))
    }
}

@Suite struct RewrittenHistoryTests {
    /// A start rewritten with other locked values is caught by the cache of what ff saw.
    @Test func aRewrittenStartIsReported() throws {
        let h = try Harness()
        let (id, path) = try h.running()
        let oldStart = try h.git("rev-parse", "--short=7", "HEAD")
        #expect(h.ff("check").code == 0) // records the start under .git/ff/
        try h.git("reset", "-q", "--hard", "HEAD~1")
        try h.edit(path, "status: draft", "status: running")
        try h.edit(path, "  days: 14\n", "  days: 14\n  started: 2026-11-28T10:00:00Z\n")
        try h.edit(path, "2 of 3 sponsors ask for a follow-up", "1 of 3 sponsors asks")
        try h.git("commit", "-q", "--no-verify", "-am", "Start, rewritten")
        let r = h.ff("check")
        #expect(r.code == 1)
        #expect(r.out == "\(path):16:1: error: signals of running experiment \(id) changed since it started (commit \(oldStart), 2026-11-28; a rewrite has since removed that commit from every branch) without a declared deviation: declare it with ff amend \(id) --reason \"…\" (it records the field, reason, time and author under deviations:), or restore the pre-registered value\n")
        // Still reported on the next run.
        #expect(h.ff("check").code == 1)
        // Declared, the change passes; so it does when the original start is on a branch
        // again (another branch's history, not a rewrite).
        #expect(h.ff("amend", id, "--reason", "One reply is the realistic bar.").code == 0)
        #expect(h.ff("check").code == 0)
        try h.git("reset", "-q", "--hard", "HEAD~1")
        #expect(h.ff("check").code == 1)
        try h.git("branch", "original", oldStart)
        #expect(h.ff("check").code == 0)
    }
}
