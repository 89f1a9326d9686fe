import Foundation
import TestSupport
import Testing

/// ff under real git use: git running in a second terminal, kills, odd index and repository
/// settings. The invariants are checked with the git CLI: every observation ff reports as
/// committed is at the tip of the branch it named, no ff commit removes anything its parent
/// had, no lock is left behind, and `git fsck --strict` is clean.
@Suite struct RepositorySafetyTests {
    let ff = ffExecutable()

    struct Repo {
        let dir: TempDir
        let home: TempDir
        let env: [String: String]
        let id: String
        let path: String
        var git: Git { Git(dir.path, environment: env) }
    }

    func repo(branch: String = "main") throws -> Repo {
        let dir = TempDir("ff-safe"), home = TempDir("ff-safe-home")
        var env = isolatedEnvironment(home: home.path)
        // The hooks that git runs for its own commits find the built ff.
        env["PATH"] = (ff as NSString).deletingLastPathComponent + ":" + (env["PATH"] ?? "/usr/bin:/bin")
        let git = Git(dir.path, environment: env)
        try git("init", "-q", "-b", branch)
        #expect(try run(ff, ["init"], in: dir.path, environment: env).status == 0)
        #expect(try run(ff, ["new", "Safety target", "--hypothesis", "h", "--success", "s", "--failure", "f", "--data", "d: how",
                             "--days", "7", "--reversible", "--rollback", "r", "--stakeholder", "p"], in: dir.path, environment: env).status == 0)
        let id = try git("log", "-1", "--format=%(trailers:key=FF-Experiment,valueonly)").trimmingCharacters(in: .whitespacesAndNewlines)
        #expect(try run(ff, ["start", id], in: dir.path, environment: env).status == 0)
        let path = try git("ls-files", "experiments/*.yaml")
        try dir.write("code.txt", "code\n")
        try git("add", "code.txt")
        try git("commit", "-q", "--no-verify", "-m", "code")
        return Repo(dir: dir, home: home, env: env, id: id, path: path)
    }

    /// Leaves a merge that lost its race as a person would: aborted. git's merge reads the
    /// index before it takes the index lock; when an ff commit lands in between, the merge
    /// writes back the index it read (the older version of the file) and stops, and
    /// `git merge --abort` then refuses the file as not up to date. What is left is git's own:
    /// the merge is dropped and the index set back to HEAD, the working tree kept.
    /// While ff still runs, a step can find the index locked by it and is left to the next
    /// round; at the end (`finally`) every step must succeed.
    static func abortMerge(_ git: Git, finally: Bool = false) throws {
        _ = try git.run("update-index", "-q", "--refresh")
        guard try git.run("merge", "--abort").status != 0 else { return }
        if finally {
            try git("merge", "--quit")
            try git("reset", "-q")
        } else if try git.run("reset", "-q").status == 0 {
            _ = try git.run("merge", "--quit")
        }
    }

    /// The observation lines of a version of the experiment file.
    static func observations(_ text: String) -> [String] {
        text.split(separator: "\n").filter { $0.hasPrefix("    text: ") }.map(String.init)
    }

    // MARK: 1. The unit of work holds git's own lock

    enum Racer: String, CaseIterable {
        case checkout, reset, pull, commit
    }

    /// 30 `ff note`s while another process runs git in a loop (at least 90 times).
    @Test(arguments: Racer.allCases)
    func notesRacingGitLandWhereTheySayAndRemoveNothing(racer: Racer) throws {
        let r = try repo()
        let git = r.git
        try git("branch", "other")
        var side: Git?
        let wt = TempDir("ff-safe-side")
        if racer == .pull {
            try FileManager.default.removeItem(atPath: wt.path)
            try git("worktree", "add", "-q", "-b", "side", wt.path)
            side = Git(wt.path, environment: r.env)
        }
        let notes = 30
        final class Notes: @unchecked Sendable {
            let lock = NSLock()
            var results: [(text: String, result: ProcessResult)] = []
            var finished = false
        }
        let box = Notes()
        let ff = self.ff, id = r.id, dir = r.dir.path, env = r.env
        let writer = Thread {
            for i in 0..<notes {
                let text = "race note \(i)"
                guard let result = try? run(ff, ["note", id, text], in: dir, environment: env) else { continue }
                box.lock.lock(); box.results.append((text, result)); box.lock.unlock()
            }
            box.lock.lock(); box.finished = true; box.lock.unlock()
        }
        writer.start()
        var runs = 0, i = 0
        while true {
            box.lock.lock(); let stop = box.finished; box.lock.unlock()
            if stop && runs >= 90 { break }
            i += 1
            switch racer {
            case .checkout:
                // To the other branch each time (a checkout of the branch one is on, with a
                // view of the index from before ff's commit, can put the file back; ff then
                // refuses to commit over that older version, and says so).
                let current = try git("symbolic-ref", "--short", "HEAD")
                _ = try git.run("checkout", "-q", current == "main" ? "other" : "main")
            case .reset:
                _ = try git.run("reset", "-q", "--hard")
            case .pull:
                try "side \(i)\n".write(toFile: side!.dir + "/side.txt", atomically: true, encoding: .utf8)
                _ = try side!.run("add", "side.txt")
                _ = try side!.run("commit", "-q", "--no-verify", "-m", "side \(i)")
                // A pull that loses a race (git's own merge, against ff's commit) is left as a
                // person would leave it: aborted.
                if try git.run("pull", "-q", "--no-rebase", "--no-edit", ".", "side").status != 0 {
                    try Self.abortMerge(git)
                }
            case .commit:
                try "code \(i)\n".write(toFile: r.dir.file("code.txt"), atomically: true, encoding: .utf8)
                if try git.run("add", "code.txt").status == 0 {
                    _ = try git.run("commit", "-q", "-m", "code \(i)")
                }
            }
            runs += 1
        }
        while !writer.isFinished { usleep(1_000) }
        let results = box.results
        #expect(runs >= 90)
        if racer == .checkout { _ = try git.run("checkout", "-q", "main") }
        if racer == .pull && FileManager.default.fileExists(atPath: r.dir.file(".git/MERGE_HEAD")) {
            // The racer's last pull, left as a person would leave it: aborted.
            try Self.abortMerge(git, finally: true)
        }

        // Every note ff reports as committed is at the tip of the branch it names.
        var committed = 0
        for (text, result) in results where result.status == 0 {
            committed += 1
            guard let open = result.stdout.range(of: "  ["), let space = result.stdout[open.upperBound...].firstIndex(of: " ") else {
                Issue.record("no branch in \(result.stdout)")
                continue
            }
            let branch = String(result.stdout[open.upperBound..<space])
            let tip = try git("show", "\(branch):\(r.path)")
            if !Self.observations(tip).contains("    text: \(text)") {
                // git's own race, which ff cannot close: a `git reset` that read HEAD before
                // ff's commit and took the index lock after it moves the branch back over the
                // commit (as it would over a `git commit`). The reflog shows it; anything else
                // is a lost note.
                let id = String(result.stdout[result.stdout.index(after: space)...].prefix { $0.isHexDigit })
                let undone = try git("reflog", "--format=%H %gs", branch).split(separator: "\n").contains { entry in
                    entry.contains(" reset: moving to ") && (try? git("merge-base", "--is-ancestor", id, String(entry.prefix(40)))) == nil
                        && (try? git("merge-base", "--is-ancestor", String(entry.prefix(40)), id)) != nil
                }
                if !(racer == .reset && undone) {
                    Issue.record("\(text) reported on \(branch) is not there: \(try git("reflog", "-n", "12", branch))")
                }
            }
        }
        for (_, result) in results where result.status != 0 {
            // A refusal is one line that says what to do, and changed nothing (checked below).
            #expect(result.stderr.hasPrefix("ff: ") && result.stderr.split(separator: "\n").count == 1, "\(result.stderr)")
        }
        #expect(committed >= notes / 3, "only \(committed) of \(notes) notes were committed: \(Set(results.map { $0.result.stderr }))")
        // No ff commit removes anything its parent had.
        for commit in try git("rev-list", "--all", "--grep=^FF-Action: note", "--", r.path).split(separator: "\n") {
            let child = Self.observations(try git("show", "\(commit):\(r.path)"))
            let parent = Self.observations(try git("show", "\(commit)^:\(r.path)"))
            #expect(parent.allSatisfy(child.contains), "\(commit) removed an observation")
            #expect(child.count == parent.count + 1, "\(commit) is not exactly one more observation")
        }
        // Every observation in the working tree and the index is committed: nothing half-done.
        #expect(!FileManager.default.fileExists(atPath: r.dir.file(".git/index.lock")))
        let status = try git("status", "--porcelain")
        if status.contains(r.path) { Issue.record("\(status)\n\(try git("diff", "HEAD", "--", r.path))") }
        try git("fsck", "--strict")
    }

    /// What a git command with a view of the index from before ff's last commit leaves when it
    /// writes the index back: the file and the index at an older version than HEAD's. ff does
    /// not commit over it (that would undo the commit); a staged edit of one's own is kept.
    @Test func anOlderVersionLeftByGitIsNotCommittedOverAndAStagedEditIs() throws {
        let r = try repo()
        #expect(try run(ff, ["note", r.id, "first"], in: r.dir.path, environment: r.env).status == 0)
        try r.git("checkout", "HEAD~1", "--", r.path)
        // As old as a finished git command's index (ff waits while a younger one settles).
        _ = try run("/usr/bin/touch", ["-d", "10 seconds ago", r.dir.file(".git/index")], environment: r.env)
        let before = try r.dir.read(r.path), head = try r.git("rev-parse", "HEAD")
        let refused = try run(ff, ["note", r.id, "second"], in: r.dir.path, environment: r.env)
        #expect(refused.status == 1)
        #expect(refused.stderr.hasPrefix("ff: \(r.path) holds an older version than HEAD's") && refused.stderr.contains("git checkout HEAD -- \(r.path)"), "\(refused.stderr)")
        #expect(try r.dir.read(r.path) == before)
        #expect(try r.git("rev-parse", "HEAD") == head)
        // Following the advice, the note goes on from HEAD's version.
        try r.git("checkout", "HEAD", "--", r.path)
        #expect(try run(ff, ["note", r.id, "second"], in: r.dir.path, environment: r.env).status == 0)
        #expect(Self.observations(try r.git("show", "HEAD:\(r.path)")) == ["    text: first", "    text: second"])
        // A staged edit of one's own is committed with the note, as git commit --only would.
        try r.dir.write(r.path, try r.dir.read(r.path) + "# my own staged edit\n")
        try r.git("add", r.path)
        _ = try run("/usr/bin/touch", ["-d", "10 seconds ago", r.dir.file(".git/index")], environment: r.env)
        let kept = try run(ff, ["note", r.id, "third"], in: r.dir.path, environment: r.env)
        #expect(kept.status == 0, "\(kept.stderr)")
        #expect(try r.git("show", "HEAD:\(r.path)").contains("# my own staged edit"))
        #expect(try r.git("status", "--porcelain") == "")
    }

    // MARK: 2. Crash recovery never overwrites newer work

    @Test func aKillThenAHandEditKeepsTheHandEdit() throws {
        let r = try repo()
        let head = try r.git("rev-parse", "HEAD")
        var faulty = r.env
        faulty["FF_FAULT"] = "file-written"
        #expect(try run(ff, ["note", r.id, "interrupted note"], in: r.dir.path, environment: faulty).status != 0)
        // The kill left git's lock; the person types on in the file meanwhile.
        let typed = try r.dir.read(r.path) + "# typed after the crash\n"
        try r.dir.write(r.path, typed)
        let next = try run(ff, ["note", r.id, "next note"], in: r.dir.path, environment: r.env)
        #expect(next.status == 0, "\(next.stderr)")
        #expect(next.stderr.contains("the file has changed since; ff kept it"), "\(next.stderr)")
        let now = try r.dir.read(r.path)
        #expect(now.contains("# typed after the crash"))
        #expect(now.contains("text: next note"))
        #expect(try r.git("rev-list", "--count", "\(head)..HEAD") == "1")
        #expect(!FileManager.default.fileExists(atPath: r.dir.file(".git/index.lock")))
        try r.git("fsck", "--strict")
    }

    @Test func aKillIsSettledInItsOwnWorktreeOnly() throws {
        let r = try repo()
        let wt = TempDir("ff-safe-wt")
        try FileManager.default.removeItem(atPath: wt.path)
        try r.git("worktree", "add", "-q", "-b", "second", wt.path)
        let other = Git(wt.path, environment: r.env)
        // Killed in the linked worktree, on the same commit as the main one.
        var faulty = r.env
        faulty["FF_FAULT"] = "file-written"
        #expect(try run(ff, ["note", r.id, "killed in the worktree"], in: wt.path, environment: faulty).status != 0)
        // A hand edit in the main worktree, then an ff command there: nothing of the other
        // worktree's kill is replayed here.
        let edited = try r.dir.read(r.path) + "# main worktree edit\n"
        try r.dir.write(r.path, edited)
        let main = try run(ff, ["show", r.id], in: r.dir.path, environment: r.env)
        #expect(main.status == 0)
        let mainNote = try run(ff, ["note", r.id, "in main"], in: r.dir.path, environment: r.env)
        #expect(mainNote.status == 0, "\(mainNote.stderr)")
        #expect(!mainNote.stderr.contains("interrupted"), "\(mainNote.stderr)")
        #expect(try r.dir.read(r.path).contains("# main worktree edit"))
        // In its own worktree the kill is settled: the note was never committed, so it goes.
        let second = try run(ff, ["note", r.id, "after the kill"], in: wt.path, environment: r.env)
        #expect(second.status == 0, "\(second.stderr)")
        #expect(second.stderr.contains("recovered from an interrupted ff command"), "\(second.stderr)")
        let text = try String(contentsOfFile: wt.path + "/" + r.path, encoding: .utf8)
        #expect(!text.contains("killed in the worktree"))
        #expect(try other("status", "--porcelain") == "")
        try r.git("fsck", "--strict")
    }

    @Test func aJournalNamingAPathOutsideTheExperimentsIsRefused() throws {
        let r = try repo()
        let outside = TempDir("ff-safe-outside")
        try outside.write("x", "precious\n")
        let rel = "../" + (outside.path as NSString).lastPathComponent + "/x"
        // A journal entry saying ff created the file, with its exact hash: replaying it would
        // delete the file.
        let hash = try r.git("hash-object", outside.file("x"))
        let head = try r.git("rev-parse", "HEAD")
        for path in [rel, "experiments/../" + rel, "/" + outside.file("x"), ".git/config"] {
            try FileManager.default.createDirectory(atPath: r.dir.file(".git/ff"), withIntermediateDirectories: true)
            try r.dir.write(".git/ff/journal", "ff-journal 2\nhead \(head)\nfile\t\(path)\t-\t\(hash)\t-\n")
            let out = try run(ff, ["note", r.id, "after a forged journal"], in: r.dir.path, environment: r.env)
            #expect(out.status == 0, "\(out.stderr)")
            #expect(out.stderr.contains("ignored a journal entry"), "\(out.stderr)")
            #expect(try outside.read("x") == "precious\n")
        }
        #expect(FileManager.default.fileExists(atPath: r.dir.file(".git/config")))
        try r.git("fsck", "--strict")
    }

    @Test func killedRunsLeaveNoLitter() throws {
        let r = try repo()
        // A pid that is certainly dead: a process that has exited.
        let p = Process()
        p.executableURL = URL(fileURLWithPath: "/bin/true")
        try p.run()
        p.waitUntilExit()
        let dead = p.processIdentifier
        try FileManager.default.createDirectory(atPath: r.dir.file(".git/ff"), withIntermediateDirectories: true)
        for litter in [".git/ff-next-index-\(dead).lock", ".git/ff-index-\(dead).lock", ".git/ff-COMMIT_EDITMSG-\(dead)",
                       ".git/ff/.dat.nosync1234.abcdef", ".git/ff/journal.\(dead).ff-tmp"] {
            try r.dir.write(litter, "x")
        }
        // A kill while the index was held leaves git's lock too.
        var faulty = r.env
        faulty["FF_FAULT"] = "commit-written"
        #expect(try run(ff, ["note", r.id, "killed"], in: r.dir.path, environment: faulty).status != 0)
        #expect(FileManager.default.fileExists(atPath: r.dir.file(".git/index.lock")))
        let next = try run(ff, ["note", r.id, "next"], in: r.dir.path, environment: r.env)
        #expect(next.status == 0, "\(next.stderr)")
        let gitDir = try FileManager.default.contentsOfDirectory(atPath: r.dir.file(".git"))
        let ffDir = try FileManager.default.contentsOfDirectory(atPath: r.dir.file(".git/ff"))
        #expect(!gitDir.contains { $0.hasPrefix("ff-") || $0 == "index.lock" }, "\(gitDir)")
        #expect(!ffDir.contains { $0.hasPrefix(".dat.nosync") || $0.hasSuffix(".ff-tmp") || $0 == "journal" }, "\(ffDir)")
        let folder = (r.dir.file(r.path) as NSString).deletingLastPathComponent
        #expect(try FileManager.default.contentsOfDirectory(atPath: folder).allSatisfy { !$0.hasPrefix(".") })
        #expect(try r.git("status", "--porcelain") == "")
    }

    /// A git process that holds the index makes ff wait, then refuse, changing nothing.
    @Test func aHeldIndexLockIsWaitedForThenRefused() throws {
        let r = try repo()
        let before = try r.dir.read(r.path), head = try r.git("rev-parse", "HEAD")
        try r.dir.write(".git/index.lock", "")
        let out = try run(ff, ["note", r.id, "x"], in: r.dir.path, environment: r.env)
        #expect(out.status == 1)
        #expect(out.stderr.contains("index.lock exists: another git process is running"), "\(out.stderr)")
        #expect(try r.dir.read(r.path) == before)
        #expect(try r.git("rev-parse", "HEAD") == head)
        // ff never removes a lock it did not create.
        #expect(FileManager.default.fileExists(atPath: r.dir.file(".git/index.lock")))
    }

    // MARK: 3. Refuse where git refuses

    enum InProgress: String, CaseIterable {
        case merge, cherryPick, rebase, mergeResolvedButNotCommitted
    }

    @Test(arguments: InProgress.allCases)
    func noPartialCommitWhileGitIsMidOperation(state: InProgress) throws {
        let r = try repo()
        let git = r.git
        try git("checkout", "-q", "-b", "topic")
        try r.dir.write("code.txt", "topic\n")
        try git("commit", "-q", "--no-verify", "-am", "topic")
        try git("checkout", "-q", "main")
        try r.dir.write("code.txt", "main\n")
        try git("commit", "-q", "--no-verify", "-am", "main")
        let expected: String
        switch state {
        case .merge:
            #expect(try git.run("merge", "topic").status != 0)
            expected = "a merge is in progress"
        case .mergeResolvedButNotCommitted:
            #expect(try git.run("merge", "topic").status != 0)
            try r.dir.write("code.txt", "both\n")
            try git("add", "code.txt")
            expected = "a merge is in progress"
        case .cherryPick:
            #expect(try git.run("cherry-pick", "topic").status != 0)
            expected = "a cherry-pick is in progress"
        case .rebase:
            #expect(try git.run("rebase", "topic").status != 0)
            expected = "the index has unmerged paths"
        }
        let before = try r.dir.read(r.path), head = try git("rev-parse", "HEAD")
        let status = try git("status", "--porcelain")
        let out = try run(ff, ["note", r.id, "during \(state)"], in: r.dir.path, environment: r.env)
        #expect(out.status == 1)
        #expect(out.stderr.hasPrefix("ff: " + expected) && out.stderr.split(separator: "\n").count == 1, "\(out.stderr)")
        #expect(out.stderr.contains("nothing was changed"))
        #expect(try r.dir.read(r.path) == before)
        #expect(try git("rev-parse", "HEAD") == head)
        #expect(try git("status", "--porcelain") == status)
        #expect(!FileManager.default.fileExists(atPath: r.dir.file(".git/index.lock")))
        if state == .rebase {
            try git("rebase", "--abort")
            #expect(try git("log", "-1", "--format=%s") == "main")
        }
    }

    // MARK: 4. Formats libgit2 1.5 cannot write back faithfully

    enum Unsupported: String, CaseIterable {
        case splitIndex, sparseIndex, sha256, worktreeConfig, corruptIndex
    }

    @Test(arguments: Unsupported.allCases)
    func unsupportedFormatsAreRefusedBeforeAnythingIsTouched(format: Unsupported) throws {
        let r = try repo()
        let git = r.git
        var expected: String
        switch format {
        case .splitIndex:
            try git("config", "core.splitIndex", "true")
            try git("update-index", "--split-index")
            expected = "core.splitIndex"
        case .sparseIndex:
            try git("sparse-checkout", "set", "--cone", "experiments", ".ff")
            try git("config", "index.sparse", "true")
            try git("sparse-checkout", "reapply")
            expected = "index.sparse"
        case .worktreeConfig:
            try git("config", "core.repositoryformatversion", "1")
            try git("config", "extensions.worktreeConfig", "true")
            expected = "extensions.worktreeConfig"
        case .sha256:
            let dir = TempDir("ff-sha256")
            try Git(dir.path, environment: r.env)("init", "-q", "--object-format=sha256")
            let out = try run(ff, ["init"], in: dir.path, environment: r.env)
            #expect(out.status == 1)
            #expect(out.stderr.hasPrefix("ff: this repository uses SHA-256 object names (extensions.objectFormat = sha256)"), "\(out.stderr)")
            #expect(out.stderr.split(separator: "\n").count == 1)
            #expect(try Git(dir.path, environment: r.env)("status", "--porcelain") == "")
            return
        case .corruptIndex:
            var bytes = [UInt8](try Data(contentsOf: URL(fileURLWithPath: r.dir.file(".git/index"))))
            bytes[bytes.count / 2] ^= 0xFF
            try Data(bytes).write(to: URL(fileURLWithPath: r.dir.file(".git/index")))
            expected = "the index (\(r.dir.path)/.git/index) cannot be read"
        }
        let before = try r.dir.read(r.path), head = try git("rev-parse", "HEAD")
        let index = try Data(contentsOf: URL(fileURLWithPath: r.dir.file(".git/index")))
        let out = try run(ff, ["note", r.id, "refused"], in: r.dir.path, environment: r.env)
        #expect(out.status == 1)
        #expect(out.stderr.hasPrefix("ff: ") && out.stderr.contains(expected), "\(out.stderr)")
        #expect(out.stderr.split(separator: "\n").count == 1, "\(out.stderr)")
        #expect(try r.dir.read(r.path) == before)
        #expect(try git("rev-parse", "HEAD") == head)
        #expect(try Data(contentsOf: URL(fileURLWithPath: r.dir.file(".git/index"))) == index)
        #expect(!FileManager.default.fileExists(atPath: r.dir.file(".git/index.lock")))
    }

    enum Supported: String, CaseIterable {
        case indexV4, untrackedCache, fsmonitor, sparseCheckout, linkedWorktree
    }

    @Test(arguments: Supported.allCases)
    func indexFormatsLibgit2HandlesKeepWorking(format: Supported) throws {
        let r = try repo()
        var git = r.git
        var dir = r.dir.path
        let wt = TempDir("ff-safe-linked")
        switch format {
        case .indexV4:
            try git("update-index", "--index-version", "4")
        case .untrackedCache:
            try git("config", "core.untrackedCache", "true")
            try git("update-index", "--untracked-cache")
            _ = try git("status", "--porcelain")
        case .fsmonitor:
            // A hook that says everything may have changed: git still writes its extension.
            try r.dir.write(".git/fsmonitor-all", "#!/bin/sh\nprintf 'token\\0/\\0'\n")
            chmod(r.dir.file(".git/fsmonitor-all"), 0o755)
            try git("config", "core.fsmonitor", r.dir.file(".git/fsmonitor-all"))
            try git("config", "core.fsmonitorHookVersion", "2")
            _ = try git("status", "--porcelain")
        case .sparseCheckout:
            try FileManager.default.createDirectory(atPath: r.dir.file("lib"), withIntermediateDirectories: true)
            try r.dir.write("lib/code.txt", "lib\n")
            try git("add", "lib")
            try git("commit", "-q", "--no-verify", "-m", "lib")
            try git("sparse-checkout", "set", "--cone", "experiments", ".ff")
            #expect(!FileManager.default.fileExists(atPath: r.dir.file("lib/code.txt")))
        case .linkedWorktree:
            try FileManager.default.removeItem(atPath: wt.path)
            try git("worktree", "add", "-q", "-b", "linked", wt.path)
            git = Git(wt.path, environment: r.env)
            dir = wt.path
        }
        let out = try run(ff, ["note", r.id, "with \(format)"], in: dir, environment: r.env)
        #expect(out.status == 0, "\(out.stderr)")
        #expect(!out.stderr.contains("warning"), "\(out.stderr)")
        #expect(try git("status", "--porcelain") == "")
        #expect(try git("show", "HEAD:\(r.path)").contains("text: with \(format)"))
        // A plain git commit afterwards is built from an index that has ff's entry.
        try "more\n".write(toFile: dir + "/more.txt", atomically: true, encoding: .utf8)
        try git("add", "more.txt")
        try git("commit", "-q", "--no-verify", "-m", "more")
        #expect(try git("show", "HEAD:\(r.path)").contains("text: with \(format)"))
        try git("fsck", "--strict")
    }

    // MARK: 5. A failure leaves the file byte-identical

    /// On a file system with only a little room left, at every level from none to enough: ff
    /// either commits, or fails leaving the file, HEAD and the index as they were. The next
    /// note never commits an observation that was not committed before.
    @Test func aNearlyFullDiskNeverKeepsAnUncommittedObservation() throws {
        let mountPoint = TempDir("ff-safe-mnt")
        guard try run("/bin/mount", ["-t", "tmpfs", "-o", "size=6m", "tmpfs", mountPoint.path], environment: [:]).status == 0 else {
            print("RepositorySafetyTests: cannot mount a tmpfs here; the nearly-full disk case is not run")
            return
        }
        defer { _ = try? run("/bin/umount", ["-l", mountPoint.path], environment: [:]) }
        let repoDir = mountPoint.path + "/repo"
        try FileManager.default.createDirectory(atPath: repoDir, withIntermediateDirectories: true)
        let home = TempDir("ff-safe-mnt-home")
        let env = isolatedEnvironment(home: home.path)
        let git = Git(repoDir, environment: env)
        #expect(try run(ff, ["init"], in: repoDir, environment: env).status == 0)
        #expect(try run(ff, ["new", "Disk", "--hypothesis", "h", "--success", "s", "--failure", "f", "--data", "d: how",
                             "--days", "7", "--reversible", "--rollback", "r", "--stakeholder", "p"], in: repoDir, environment: env).status == 0)
        let id = try git("log", "-1", "--format=%(trailers:key=FF-Experiment,valueonly)").trimmingCharacters(in: .whitespacesAndNewlines)
        #expect(try run(ff, ["start", id], in: repoDir, environment: env).status == 0)
        let path = try git("ls-files", "experiments/*.yaml")
        // A file of some size, so that writing it takes several pages.
        for i in 0..<3 {
            #expect(try run(ff, ["note", id, "note \(i) " + String(repeating: "x", count: 6000)], in: repoDir, environment: env).status == 0)
        }
        var failures = 0
        for freePages in 0...24 {
            let before = try Data(contentsOf: URL(fileURLWithPath: repoDir + "/" + path))
            let head = try git("rev-parse", "HEAD")
            // Fill the disk, then free the given number of pages.
            let filler = mountPoint.path + "/filler"
            _ = try run("/bin/dd", ["if=/dev/zero", "of=\(filler)", "bs=4k"], environment: [:])
            var st = stat()
            stat(filler, &st)
            _ = truncate(filler, max(0, off_t(st.st_size) - off_t(freePages * 4096)))
            let text = "full \(freePages) " + String(repeating: "y", count: 7000)
            let out = try run(ff, ["note", id, text], in: repoDir, environment: env)
            unlink(filler)
            if out.status == 0 {
                #expect(try git("show", "HEAD:\(path)").contains(text))
            } else {
                failures += 1
                #expect(out.stderr.hasPrefix("ff: "), "\(out.stderr)")
                #expect(try Data(contentsOf: URL(fileURLWithPath: repoDir + "/" + path)) == before, "the file changed at \(freePages) free pages")
                #expect(try git("rev-parse", "HEAD") == head)
            }
            try git("fsck", "--strict")
            #expect(!FileManager.default.fileExists(atPath: repoDir + "/.git/index.lock"))
        }
        #expect(failures > 0)
        // With room again, the next note commits only itself.
        let head = try git("rev-parse", "HEAD")
        let parentObservations = Self.observations(try git("show", "HEAD:\(path)"))
        #expect(try run(ff, ["note", id, "room again"], in: repoDir, environment: env).status == 0)
        let observations = Self.observations(try git("show", "HEAD:\(path)"))
        #expect(observations == parentObservations + ["    text: room again"])
        #expect(try git("rev-list", "--count", "\(head)..HEAD") == "1")
        #expect(try git("status", "--porcelain") == "")
    }

    /// The object store mounted read-only under a writable working tree: refused before the
    /// file is touched.
    @Test func aReadOnlyObjectStoreIsRefusedBeforeTheFileIsTouched() throws {
        let r = try repo()
        let objects = r.dir.file(".git/objects")
        guard try run("/bin/mount", ["--bind", objects, objects], environment: [:]).status == 0 else {
            print("RepositorySafetyTests: cannot bind-mount here; the read-only object store case is not run")
            return
        }
        defer { _ = try? run("/bin/umount", ["-l", objects], environment: [:]) }
        #expect(try run("/bin/mount", ["-o", "remount,bind,ro", objects], environment: [:]).status == 0)
        let before = try r.dir.read(r.path), head = try r.git("rev-parse", "HEAD")
        let out = try run(ff, ["note", r.id, "x"], in: r.dir.path, environment: r.env)
        #expect(out.status == 1)
        #expect(out.stderr.hasPrefix("ff: the object store (") && out.stderr.contains("is read-only here"), "\(out.stderr)")
        #expect(try r.dir.read(r.path) == before)
        #expect(try r.git("rev-parse", "HEAD") == head)
        #expect(!FileManager.default.fileExists(atPath: r.dir.file(".git/index.lock")))
    }
}
