import FailForward
import Foundation
import TestSupport
import Testing

/// The ways around the pre-registration lock and the trailers, closed, with real processes:
/// git runs the hooks, the hooks run the built ff, a push goes to a real bare repository.
@Suite struct LockWalkaroundTests {
    let ff = ffExecutable()

    struct Setup {
        let dir = TempDir("ff-walk")
        let home = TempDir("ff-walk-home")
        let server = TempDir("ff-walk-server")
        var env: [String: String]
        var git: Git { Git(dir.path, environment: env) }
        var bare: String { server.path + "/shared.git" }
    }

    func setUp() throws -> Setup {
        var s = Setup(env: [:])
        s.env = isolatedEnvironment(home: s.home.path)
        s.env["PATH"] = (ff as NSString).deletingLastPathComponent + ":" + (s.env["PATH"] ?? "/usr/bin:/bin")
        #expect(try run(ff, ["init"], in: s.dir.path, environment: s.env).status == 0)
        try TestSupport.run("/usr/bin/git", ["init", "-q", "--bare", s.bare], environment: s.env)
        #expect(try run(ff, ["-C", s.bare, "hooks", "install"], environment: s.env).status == 0)
        try s.git("remote", "add", "origin", s.bare)
        return s
    }

    func ffRun(_ s: Setup, _ args: String..., in dir: String? = nil) throws -> ProcessResult {
        try run(ff, args, in: dir ?? s.dir.path, environment: s.env)
    }

    /// A running experiment, pushed; its id and path.
    func running(_ s: Setup) throws -> (String, String) {
        let new = try ffRun(s, "new", "Weekly demo to sponsors", "--hypothesis", "If we demo weekly, two of three sponsors ask for a follow-up.",
                            "--success", "2 of 3 sponsors ask for a follow-up", "--failure", "no follow-up after two demos",
                            "--data", "follow-up requests: count replies", "--days", "14", "--reversible",
                            "--rollback", "Stop the demos.", "--stakeholder", "Priya (sponsor)")
        #expect(new.status == 0, "\(new.stderr)")
        let id = try s.git("log", "-1", "--format=%(trailers:key=FF-Experiment,valueonly)").trimmingCharacters(in: .whitespacesAndNewlines)
        #expect(try ffRun(s, "start", id).status == 0)
        try s.git("push", "-q", "origin", "HEAD:refs/heads/main")
        return (id, try s.git("ls-files", "experiments/*.yaml", "experiments/*/*.yaml"))
    }

    func statsJSON(_ s: Setup) throws -> [String: Any] {
        let r = try ffRun(s, "stats", "--json")
        #expect(r.status == 0, "\(r.stderr)")
        return try #require(try JSONSerialization.jsonObject(with: Data(r.stdout.utf8)) as? [String: Any])
    }

    func editSignal(_ s: Setup, _ path: String) throws {
        let text = try s.dir.read(path)
        #expect(text.contains("2 of 3 sponsors ask for a follow-up"))
        try s.dir.write(path, text.replacingOccurrences(of: "2 of 3 sponsors ask for a follow-up", with: "1 of 3 sponsors asks"))
    }

    // MARK: 1. Across folders, renames and config changes

    /// One plain commit that names another experiments folder in .ff/config.yaml, moves the
    /// file there and edits a locked signal: the lock follows the experiment by its id.
    @Test func aMoveToAnotherFolderWithTheConfigKeepsTheLock() throws {
        let s = try setUp()
        let (id, path) = try running(s)
        let head = try s.git("rev-parse", "HEAD")
        let config = try s.dir.read(".ff/config.yaml")
        try s.dir.write(".ff/config.yaml", config.replacingOccurrences(of: "experiments: experiments", with: "experiments: trials"))
        #expect(try s.dir.read(".ff/config.yaml").contains("experiments: trials"))
        try FileManager.default.createDirectory(atPath: s.dir.file("trials"), withIntermediateDirectories: true)
        let moved = "trials/" + (path as NSString).lastPathComponent
        try s.git("mv", path, moved)
        try editSignal(s, moved)
        try s.git("add", "-A")
        let changed = "\(moved):15:1: error: signals of running experiment \(id) changed since it started"

        // 1. The pre-commit hook.
        let commit = try s.git.run("commit", "-m", "Move the experiments")
        #expect(commit.status == 1)
        #expect(commit.stderr.contains(changed), "\(commit.stderr)")
        #expect(try s.git("rev-parse", "HEAD") == head)

        // 2. ff check.
        try s.git("commit", "-q", "--no-verify", "-m", "Move the experiments")
        let check = try ffRun(s, "check")
        #expect(check.status == 1)
        #expect(check.stdout.contains(changed), "\(check.stdout)")

        // 3. The shared repository's pre-receive hook.
        let push = try s.git.run("push", "origin", "HEAD:refs/heads/main")
        #expect(push.status != 0)
        #expect(push.stderr.contains("remote: \(changed)"), "\(push.stderr)")
        #expect(try Git(s.bare, environment: s.env)("rev-parse", "main") == head)

        // Declared, it goes through everywhere.
        let amend = try ffRun(s, "amend", id, "--reason", "One reply of three is the realistic bar.")
        #expect(amend.status == 0, "\(amend.stderr)")
        #expect(try ffRun(s, "check").status == 0)
        let again = try s.git.run("push", "origin", "HEAD:refs/heads/main")
        #expect(again.status == 0, "\(again.stderr)")
    }

    /// A file renamed by hand in the same folder, with a locked change: the same.
    @Test func aRenameWithALockedChangeKeepsTheLock() throws {
        let s = try setUp()
        let (id, path) = try running(s)
        let renamed = "experiments/demo.yaml"
        try s.git("mv", path, renamed)
        try editSignal(s, renamed)
        let changed = "\(renamed):15:1: error: signals of running experiment \(id) changed since it started"
        let commit = try s.git.run("commit", "-am", "Rename")
        #expect(commit.status == 1)
        #expect(commit.stderr.contains(changed), "\(commit.stderr)")
        try s.git("commit", "-q", "--no-verify", "-am", "Rename")
        let check = try ffRun(s, "check")
        #expect(check.status == 1)
        #expect(check.stdout.contains(changed), "\(check.stdout)")
        let push = try s.git.run("push", "origin", "HEAD:refs/heads/main")
        #expect(push.status != 0)
        #expect(push.stderr.contains("remote: \(changed)"), "\(push.stderr)")
    }

    /// A config that names another folder, leaving a running experiment behind: it is no
    /// longer an experiment for ff, which is a deletion of a started one.
    /// A started experiment's file that no longer parses cannot be checked against its lock:
    /// the pre-receive hook refuses it (it let it through, unread), as ff check does. A draft
    /// that does not parse is not a lock's business, and other YAML is not ff's.
    @Test func aStartedExperimentThatNoLongerParsesIsRefusedByPreReceive() throws {
        let s = try setUp()
        let (id, path) = try running(s)
        let head = try s.git("rev-parse", "HEAD")
        let text = try s.dir.read(path)
        try s.dir.write(path, text.replacingOccurrences(of: "2 of 3 sponsors ask for a follow-up", with: "[1 of 3 sponsors asks"))
        try s.git("commit", "-q", "--no-verify", "-am", "Lower the bar")
        #expect(try ffRun(s, "check").status == 1)
        let push = try s.git.run("push", "origin", "HEAD:refs/heads/main")
        #expect(push.status != 0)
        #expect(push.stderr.contains("remote: \(path):"), "\(push.stderr)")
        #expect(push.stderr.contains("; the file of a started experiment must stay readable for its lock to be checked: fix it, then push again"), "\(push.stderr)")
        #expect(push.stderr.contains("push rejected (refs/heads/main): the finding above says what to change"), "\(push.stderr)")
        #expect(!push.stderr.contains("ff amend"), "\(push.stderr)")
        #expect(try Git(s.bare, environment: s.env)("rev-parse", "main") == head)

        // Renamed away from its id as well: the record is gone as far as the push can read.
        try s.git("reset", "-q", "--hard", head)
        try s.git("mv", path, "experiments/demo.yaml")
        try s.dir.write("experiments/demo.yaml", text + "  - [unclosed\n")
        try s.git("commit", "-q", "--no-verify", "-am", "Rename and break")
        let renamed = try s.git.run("push", "origin", "HEAD:refs/heads/main")
        #expect(renamed.status != 0, "\(renamed.stderr)")
        #expect(renamed.stderr.contains("remote: \(path)") && renamed.stderr.contains("experiment \(id)"), "\(renamed.stderr)")

        // A draft that does not parse, and other YAML, are pushed as before.
        try s.git("reset", "-q", "--hard", head)
        let draft = try ffRun(s, "new", "Another draft")
        #expect(draft.status == 0, "\(draft.stderr)")
        let draftPath = try s.git("diff", "--name-only", "HEAD~1", "HEAD").trimmingCharacters(in: .whitespacesAndNewlines)
        try s.dir.write(draftPath, try s.dir.read(draftPath) + "title: [\n")
        try s.dir.write("experiments/model.yaml", "learning_rate: [0.1\n")
        try s.git("add", "-A")
        try s.git("commit", "-q", "--no-verify", "-m", "A broken draft and a tool's file")
        let ok = try s.git.run("push", "origin", "HEAD:refs/heads/main")
        #expect(ok.status == 0, "\(ok.stderr)")
    }

    @Test func aConfigThatLeavesAStartedExperimentBehindIsADeletion() throws {
        let s = try setUp()
        let (id, _) = try running(s)
        let head = try s.git("rev-parse", "HEAD")
        let config = try s.dir.read(".ff/config.yaml")
        try s.dir.write(".ff/config.yaml", config.replacingOccurrences(of: "experiments: experiments", with: "experiments: trials"))
        let commit = try s.git.run("commit", "-am", "Elsewhere")
        #expect(commit.status == 1)
        #expect(commit.stderr.contains("error: leaves running experiment \(id) outside the experiments folder (trials)"), "\(commit.stderr)")
        #expect(try s.git("rev-parse", "HEAD") == head)
        try s.git("commit", "-q", "--no-verify", "-am", "Elsewhere")
        let push = try s.git.run("push", "origin", "HEAD:refs/heads/main")
        #expect(push.status != 0)
        #expect(push.stderr.contains("error: leaves running experiment \(id) outside the experiments folder (trials)"), "\(push.stderr)")
    }

    // MARK: 2. Partial clones

    /// In a partial clone the versions of history are not there: the lock cannot be verified,
    /// which is an error that names the object and how to fetch it — never a pass, never
    /// cached — and once the objects are fetched the violation is reported.
    @Test func aPartialCloneCannotVerifyUntilTheObjectsArrive() throws {
        let s = try setUp()
        let (id, path) = try running(s)
        try s.git("config", "uploadpack.allowFilter", "true")
        // A config changed since: its first version is in no checkout.
        try s.dir.write(".ff/config.yaml", try s.dir.read(".ff/config.yaml") + "# Kept by the platform team.\n")
        try s.git("commit", "-q", "-am", "Say who keeps the config")
        try editSignal(s, path)
        try s.git("commit", "-q", "--no-verify", "-am", "Adjust the signals")
        let changed = "\(path):15:1: error: signals of running experiment \(id) changed since it started"
        let full = try ffRun(s, "check")
        #expect(full.status == 1)
        #expect(full.stdout.contains(changed))

        let partial = s.server.path + "/partial"
        try TestSupport.run("/usr/bin/git", ["clone", "-q", "--filter=blob:none", "file://" + s.dir.path, partial], environment: s.env)
        let pgit = Git(partial, environment: s.env)
        #expect(try pgit("config", "remote.origin.promisor") == "true")
        let check = try ffRun(s, "check", in: partial)
        #expect(check.status == 1, "\(check.stdout)\(check.stderr)")
        // First the config's first version, which may have named another folder.
        let config = try s.git("rev-parse", "HEAD~2:.ff/config.yaml")
        #expect(check.stdout.contains("\(path):1:1: error: cannot verify the pre-registration lock of running experiment \(id): this partial clone lacks blob \(config) (.ff/config.yaml in commit "), "\(check.stdout)")
        #expect(check.stdout.contains("which may name another experiments folder; fetch it with git cat-file -e \(config), or every version of the config with git log -p --format= -- .ff/config.yaml >/dev/null, and check again"))
        let gitDir = try pgit("rev-parse", "--absolute-git-dir")
        #expect(!FileManager.default.fileExists(atPath: gitDir + "/ff/lock-cache"))
        // The timeline says what it could not check, and keeps nothing of it.
        let timeline = try ffRun(s, "timeline", "--format", "json", in: partial)
        #expect(timeline.status == 0, "\(timeline.stderr)")
        #expect(timeline.stdout.contains("This is a partial clone without "), "\(timeline.stdout)")
        #expect(!FileManager.default.fileExists(atPath: gitDir + "/ff/timeline-cache"))

        // The pre-commit hook of the partial clone refuses what it cannot verify.
        #expect(try ffRun(s, "hooks", "install", in: partial).status == 0)
        let text = try String(contentsOfFile: partial + "/" + path, encoding: .utf8)
        try text.appending("tags: [demo]\n").write(toFile: partial + "/" + path, atomically: true, encoding: .utf8)
        let commit = try pgit.run("commit", "-am", "Tag it")
        #expect(commit.status == 1)
        #expect(commit.stderr.contains("cannot verify the pre-registration lock of running experiment \(id)"), "\(commit.stderr)")
        try pgit("checkout", "-q", "--", path)
        // ff amend cannot say what to declare either.
        let amend = try ffRun(s, "amend", id, "--reason", "One reply of three is the bar.", in: partial)
        #expect(amend.status == 1)
        #expect(amend.stderr.contains("cannot verify the pre-registration lock of running experiment \(id)") && amend.stderr.hasSuffix("; nothing was changed\n"), "\(amend.stderr)")
        #expect(try pgit("status", "--porcelain") == "")

        // The config's versions arrive, not the experiments': still nothing to go on.
        try pgit("cat-file", "-e", config)
        let half = try ffRun(s, "check", in: partial)
        #expect(half.status == 1)
        #expect(half.stdout.contains("\(path):1:1: error: cannot verify the pre-registration lock of running experiment \(id): this partial clone lacks blob "), "\(half.stdout)")
        #expect(half.stdout.contains(", which may hold its start; fetch it with git cat-file -e "))
        #expect(half.stdout.contains("or every version of the experiments with git log -p --format= -- experiments >/dev/null, and check again"))
        #expect(!FileManager.default.fileExists(atPath: gitDir + "/ff/lock-cache"))
        // Then the experiments': the violation a full clone reports.
        try pgit("log", "-p", "--format=", "--", "experiments")
        let after = try ffRun(s, "check", in: partial)
        #expect(after.status == 1)
        #expect(after.stdout.contains(changed), "\(after.stdout)")
        #expect(!after.stdout.contains("cannot verify"))
        #expect(FileManager.default.fileExists(atPath: gitDir + "/ff/lock-cache"))
        // And the timeline is the full clone's.
        let whole = try ffRun(s, "timeline", "--format", "json", in: partial)
        #expect(whole.stdout == (try ffRun(s, "timeline", "--format", "json")).stdout)
        #expect(!whole.stdout.contains("partial clone"))
        #expect(FileManager.default.fileExists(atPath: gitDir + "/ff/timeline-cache"))
    }

    /// A shared repository that is itself a partial clone refuses what it cannot verify.
    @Test func aPartialSharedRepositoryRefusesWhatItCannotVerify() throws {
        let s = try setUp()
        let (id, path) = try running(s)
        try s.git("config", "uploadpack.allowFilter", "true")
        let server = s.server.path + "/partial.git"
        try TestSupport.run("/usr/bin/git", ["clone", "-q", "--bare", "--filter=blob:none", "file://" + s.dir.path, server], environment: s.env)
        #expect(try run(ff, ["-C", server, "hooks", "install"], environment: s.env).status == 0)
        try s.git("remote", "add", "partial", server)
        try editSignal(s, path)
        try s.git("commit", "-q", "--no-verify", "-am", "Adjust the signals")
        let serverGit = Git(server, environment: s.env)
        let branch = "refs/heads/" + (try s.git("symbolic-ref", "--short", "HEAD"))
        let head = try serverGit("rev-parse", branch)

        // Not even the config is there: where the experiments are is not known.
        let config = try s.git("rev-parse", "HEAD:.ff/config.yaml")
        let push = try s.git.run("push", "partial", "HEAD:" + branch)
        #expect(push.status != 0)
        #expect(push.stderr.contains("remote: .ff/config.yaml:1:1: error: cannot verify the pushed commits: this partial clone lacks blob \(config) (.ff/config.yaml in commit "), "\(push.stderr)")
        #expect(push.stderr.contains("git cat-file -e \(config)"))
        // Then the versions of the experiment's history.
        try serverGit("cat-file", "-e", config)
        let again = try s.git.run("push", "partial", "HEAD:" + branch)
        #expect(again.status != 0)
        #expect(again.stderr.contains("remote: \(path):1:1: error: cannot verify the pre-registration lock of running experiment \(id): this partial clone lacks blob "), "\(again.stderr)")
        #expect(try serverGit("rev-parse", branch) == head)
        // Fetched, the violation itself.
        try serverGit("log", "-p", "--format=", "--", "experiments")
        let third = try s.git.run("push", "partial", "HEAD:" + branch)
        #expect(third.status != 0)
        #expect(third.stderr.contains("remote: \(path):15:1: error: signals of running experiment \(id) changed since it started"), "\(third.stderr)")
        #expect(!third.stderr.contains("cannot verify"))
    }

    // MARK: 3. Hand-written trailers

    /// A plain `git commit` whose message says the experiment concluded, validated, while the
    /// file says running: the timeline, ff log and the digest show the claim as a claim, and
    /// count no conclusion; the shared repository refuses it.
    @Test func handWrittenTrailersThatTheFileDoesNotHoldAreNotTrusted() throws {
        let s = try setUp()
        let (id, path) = try running(s)
        try s.dir.write(path, try s.dir.read(path) + "observations:\n  - at: 2026-12-01T17:02:00Z\n    text: First demo; one reply.\n")
        let message = "conclude \(id): Weekly demo to sponsors — hypothesis validated\n\nFF-Experiment: \(id)\nFF-Action: conclude\nFF-Transition: running -> concluded\nFF-Outcome: validated\n"
        // Through the real hooks: the file itself is a valid running experiment.
        let commit = try s.git.run("commit", "-a", "-m", message)
        #expect(commit.status == 0, "\(commit.stderr)")
        #expect(try s.git.trailers().contains("FF-Outcome: validated"))
        let forged = String(try s.git("rev-parse", "HEAD").prefix(7))
        // An empty commit with the same claim, which changes no file.
        try s.git("commit", "-q", "--allow-empty", "-m", message)
        let empty = String(try s.git("rev-parse", "HEAD").prefix(7))
        #expect(try ffRun(s, "check").status == 0)

        let json = try ffRun(s, "timeline", "--format", "json")
        #expect(json.status == 0, "\(json.stderr)")
        #expect(!json.stdout.contains(#""kind":"concluded""#), "\(json.stdout)")
        #expect(json.stdout.contains(#""kind":"claimed""#))
        let text = try ffRun(s, "timeline")
        #expect(text.stdout.contains("claimed by the message, not in the file"), "\(text.stdout)")
        #expect(text.stdout.contains("running -> concluded, validated"))

        let log = try ffRun(s, "log", id)
        #expect(log.status == 0)
        let lines = log.stdout.split(separator: "\n")
        for c in [forged, empty] {
            let line = lines.first { $0.hasPrefix(c) }.map(String.init) ?? ""
            #expect(line.contains("by hand"), "\(log.stdout)")
            #expect(line.contains("claimed by the message, not in the file: running -> concluded, validated"), "\(log.stdout)")
        }
        #expect(!log.stdout.contains("conclude running -> concluded"))

        let digest = try ffRun(s, "digest", "--since", "3650d")
        #expect(digest.status == 0, "\(digest.stderr)")
        #expect(digest.stdout.contains("0 concluded"), "\(digest.stdout)")
        #expect(!digest.stdout.contains("## Concluded"))
        #expect(digest.stdout.contains("Claimed by a commit message, not in the file"))
        let stats = try statsJSON(s)
        #expect((stats["outcomes"] as? [String: Any])?["validated"] as? Int == 0, "\(stats)")

        let push = try s.git.run("push", "origin", "HEAD:refs/heads/main")
        #expect(push.status != 0)
        #expect(push.stderr.contains("commit \(forged) claims FF-Transition running -> concluded and FF-Outcome validated for \(id), which its file there does not hold (it is running)"), "\(push.stderr)")
        #expect(push.stderr.contains("commit \(empty) claims"))
    }

    // MARK: 4. Hand edits riding along an ff commit

    /// A locked change committed inside `ff note --no-verify`: the commit's trailers say
    /// "note", the file says more, and the timeline flags it as ff check and the shared
    /// repository refuse it.
    @Test func aHandEditRidingAlongAnFFCommitIsFlagged() throws {
        let s = try setUp()
        let (id, path) = try running(s)
        try editSignal(s, path)
        // The pre-commit hook, which ff runs for its own commit.
        let refused = try ffRun(s, "note", id, "First demo; one reply.")
        #expect(refused.status == 1)
        #expect(refused.stderr.contains("error: signals of running experiment \(id) changed since it started"))
        let note = try ffRun(s, "note", id, "First demo; one reply.", "--no-verify")
        #expect(note.status == 0, "\(note.stderr)")
        #expect(try s.git.trailers().contains("FF-Action: note"))

        let json = try ffRun(s, "timeline", "--format", "json")
        #expect(json.status == 0)
        let events = try #require(try JSONSerialization.jsonObject(with: Data(json.stdout.utf8)) as? [String: Any])["events"] as? [[String: Any]]
        let observation = try #require(events?.first { $0["kind"] as? String == "observation" })
        #expect(observation["flagged"] as? Bool == true, "\(json.stdout)")
        #expect(observation["fields"] as? [String] == ["signals"])
        let stats = try statsJSON(s)
        #expect((stats["deviations"] as? [String: Any])?["undeclared"] as? Int == 1, "\(stats)")

        let check = try ffRun(s, "check")
        #expect(check.status == 1)
        #expect(check.stdout.contains("\(path):15:1: error: signals of running experiment \(id) changed since it started"))
        let push = try s.git.run("push", "origin", "HEAD:refs/heads/main")
        #expect(push.status != 0)
        #expect(push.stderr.contains("error: signals of running experiment \(id) changed since it started"))
    }
}
