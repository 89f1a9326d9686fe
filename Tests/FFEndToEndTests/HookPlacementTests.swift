import Foundation
import TestSupport
import Testing

/// ff's hooks in a code repository: invisible to every commit that is not about experiments,
/// never installed where other repositories or the project's own files would be touched, and
/// an `ff init` that fails leaves nothing behind.
@Suite struct HookPlacementTests {
    let ff = ffExecutable()

    struct Repo {
        let dir: TempDir
        let home: TempDir
        /// A folder with an `ff` that logs each start, then runs the real one.
        let spy: TempDir
        let env: [String: String]
        var git: Git { Git(dir.path, environment: env) }
        var starts: [String] { ((try? spy.read("log")) ?? "").split(separator: "\n").map(String.init) }
    }

    func repo(initialise: Bool = true, extraEnv: [String: String] = [:]) throws -> Repo {
        let dir = TempDir("ff-hookp"), home = TempDir("ff-hookp-home"), spy = TempDir("ff-hookp-spy")
        try spy.write("log", "")
        try spy.write("ff", "#!/bin/sh\necho \"$*\" >> \(spy.path)/log\nexec \(ff) \"$@\"\n")
        chmod(spy.file("ff"), 0o755)
        var env = isolatedEnvironment(home: home.path, extra: extraEnv)
        env["PATH"] = spy.path + ":" + (env["PATH"] ?? "/usr/bin:/bin")
        let git = Git(dir.path, environment: env)
        try git("init", "-q", "-b", "main")
        try dir.write("README.md", "readme\n")
        try git("add", "README.md")
        try git("commit", "-q", "-m", "readme")
        if initialise {
            let out = try run(ff, ["init"], in: dir.path, environment: env)
            #expect(out.status == 0, "\(out.stderr)")
        }
        try spy.write("log", "")
        return Repo(dir: dir, home: home, spy: spy, env: env)
    }

    @Test func aCommitOfCodeNeverStartsFFAndAnExperimentCommitIsChecked() throws {
        let r = try repo()
        try r.dir.write("README.md", "changed\n")
        try r.git("add", "README.md")
        try r.git("commit", "-q", "-m", "code only")
        #expect(r.starts == [], "ff was started for a commit of code: \(r.starts)")
        // A broken experiment file staged: the hook starts ff, which refuses it.
        try FileManager.default.createDirectory(atPath: r.dir.file("experiments/2026-12"), withIntermediateDirectories: true)
        try r.dir.write("experiments/2026-12/abcd2345-x.yaml", "ff: 1\nid: abcd2345\ntitle: x\nstatus: finished\n")
        try r.git("add", "experiments")
        let refused = try r.git.run("commit", "-q", "-m", "bad experiment")
        #expect(refused.status != 0)
        #expect(refused.stderr.contains("status"), "\(refused.stderr)")
        #expect(r.starts.contains("check --staged"), "\(r.starts)")
    }

    @Test func noConfigOnTheBranchMeansNoChecksAndNoBlock() throws {
        let r = try repo()
        // A hotfix branch made before ff init: no .ff/config.yaml there.
        try r.git("checkout", "-q", "-b", "hotfix", "HEAD~1")
        #expect(!FileManager.default.fileExists(atPath: r.dir.file(".ff/config.yaml")))
        try FileManager.default.createDirectory(atPath: r.dir.file("experiments"), withIntermediateDirectories: true)
        try r.dir.write("experiments/notes.yaml", "anything: [")
        try r.dir.write("README.md", "hotfix\n")
        try r.git("add", "-A")
        let out = try r.git.run("commit", "-q", "-m", "hotfix")
        #expect(out.status == 0, "\(out.stderr)")
        #expect(out.stderr == "")
        #expect(r.starts == [])
    }

    @Test func withoutFFOnPathOnlyExperimentCommitsFailAndSaySo() throws {
        let r = try repo()
        var env = r.env
        env["PATH"] = "/usr/bin:/bin"
        let git = Git(r.dir.path, environment: env)
        try r.dir.write("README.md", "ide commit\n")
        try git("add", "README.md")
        let code = try git.run("commit", "-q", "-m", "from an IDE")
        #expect(code.status == 0, "\(code.stderr)")
        #expect(code.stderr == "")
        let path = try git("ls-files", "experiments")
        try r.dir.write("experiments/2026-12/abcd2345-x.yaml", "ff: 1\nid: abcd2345\ntitle: x\nstatus: draft\n")
        try git("add", "experiments")
        let exp = try git.run("commit", "-q", "-m", "an experiment")
        #expect(exp.status != 0)
        #expect(exp.stderr.contains("this commit changes experiment files, but ff is not on the PATH git was given"), "\(exp.stderr) \(path)")
    }

    @Test func aGlobalHooksPathIsNeverInstalledInto() throws {
        let home = TempDir("ff-hookp-global")
        let shared = home.path + "/githooks"
        try FileManager.default.createDirectory(atPath: shared, withIntermediateDirectories: true)
        try home.write(".gitconfig", "[core]\n\thooksPath = \(shared)\n")
        let r = try repo(initialise: false, extraEnv: ["HOME": home.path, "XDG_CONFIG_HOME": home.path + "/.config"])
        let out = try run(ff, ["init"], in: r.dir.path, environment: r.env)
        #expect(out.status == 0, "\(out.stderr)")
        #expect(try FileManager.default.contentsOfDirectory(atPath: shared) == [])
        #expect(out.stdout.contains("ff installed no hooks: core.hooksPath is \(shared), set in your global git config"), "\(out.stdout)")
        #expect(out.stdout.contains("  ff hooks script pre-commit > \(shared)/pre-commit && chmod +x \(shared)/pre-commit"))
        // Another repository of the same user still commits.
        let other = TempDir("ff-hookp-other")
        let g = Git(other.path, environment: r.env)
        try g("init", "-q")
        try other.write("a", "a\n")
        try g("add", "a")
        #expect(try g.run("commit", "-q", "-m", "a").status == 0)
        // Following the printed advice: ff's scripts in the shared folder check this
        // repository and pass silently in the other.
        for hook in ["pre-commit", "commit-msg"] {
            let script = try run(ff, ["hooks", "script", hook], environment: r.env)
            try script.stdout.write(toFile: shared + "/" + hook, atomically: true, encoding: .utf8)
            chmod(shared + "/" + hook, 0o755)
        }
        try other.write("a", "b\n")
        try g("add", "a")
        let quiet = try g.run("commit", "-q", "-m", "b")
        #expect(quiet.status == 0 && quiet.stderr == "", "\(quiet.stderr)")
        try r.dir.write("experiments/2026-12/abcd2345-x.yaml", "ff: 1\nid: abcd2345\ntitle: x\nstatus: finished\n")
        try r.git("add", "experiments")
        #expect(try r.git.run("commit", "-q", "-m", "bad").status != 0)
        let status = try run(ff, ["hooks", "status"], in: r.dir.path, environment: r.env)
        #expect(status.stdout.contains("set in your global git config"), "\(status.stdout)")
    }

    @Test func aTrackedHooksFolderIsLeftAsItIsAndTheLineToAddIsPrinted() throws {
        let r = try repo(initialise: false)
        try FileManager.default.createDirectory(atPath: r.dir.file(".husky"), withIntermediateDirectories: true)
        let husky = "#!/bin/sh\necho husky ran >> \(r.spy.path)/husky\n"
        try r.dir.write(".husky/pre-commit", husky)
        chmod(r.dir.file(".husky/pre-commit"), 0o755)
        try r.git("add", ".husky")
        try r.git("commit", "-q", "-m", "husky")
        try r.git("config", "core.hooksPath", ".husky")
        let out = try run(ff, ["init"], in: r.dir.path, environment: r.env)
        #expect(out.status == 0, "\(out.stderr)")
        #expect(try r.dir.read(".husky/pre-commit") == husky)
        #expect(try r.git("status", "--porcelain", "--", ".husky") == "")
        let line = "ff hooks run pre-commit || exit $?"
        #expect(out.stdout.contains("  add this line to \(r.dir.path)/.husky/pre-commit: \(line)"), "\(out.stdout)")
        // The printed line works.
        try r.dir.write(".husky/pre-commit", husky + line + "\n")
        try r.dir.write("experiments/2026-12/abcd2345-x.yaml", "ff: 1\nid: abcd2345\ntitle: x\nstatus: finished\n")
        try r.git("add", "experiments")
        let refused = try r.git.run("commit", "-q", "-m", "bad")
        #expect(refused.status != 0, "\(refused.stderr)")
        #expect(try r.spy.read("husky").contains("husky ran"))
    }

    @Test func aFailedInitLeavesTheRepositoryAsItWasAndARerunCompletesIt() throws {
        let r = try repo(initialise: false)
        let hook = "#!/bin/sh\n[ -f \(r.spy.path)/allow ] || { echo 'team hook: no' >&2; exit 1; }\n"
        try r.dir.write(".git/hooks/pre-commit", hook)
        chmod(r.dir.file(".git/hooks/pre-commit"), 0o755)
        let before = try FileManager.default.contentsOfDirectory(atPath: r.dir.path).sorted()
        let hooksBefore = try FileManager.default.contentsOfDirectory(atPath: r.dir.file(".git/hooks")).sorted()
        let config = try r.dir.read(".git/config")
        let failed = try run(ff, ["init"], in: r.dir.path, environment: r.env)
        #expect(failed.status == 1)
        #expect(failed.stderr.contains("pre-commit"), "\(failed.stderr)")
        #expect(try FileManager.default.contentsOfDirectory(atPath: r.dir.path).sorted() == before)
        #expect(try FileManager.default.contentsOfDirectory(atPath: r.dir.file(".git/hooks")).sorted() == hooksBefore)
        #expect(try r.dir.read(".git/hooks/pre-commit") == hook)
        #expect(try r.dir.read(".git/config") == config)
        #expect(try r.git("status", "--porcelain") == "")
        #expect(try r.git("rev-list", "--count", "HEAD") == "1")
        // The hook allows it now: a rerun does all of it.
        try r.spy.write("allow", "")
        let rerun = try run(ff, ["init"], in: r.dir.path, environment: r.env)
        #expect(rerun.status == 0, "\(rerun.stderr)")
        #expect(try r.git("show", "--name-only", "--format=", "HEAD").split(separator: "\n").contains("experiments/.gitkeep"))
        #expect(try r.dir.read(".git/hooks/pre-commit.ff-chained") == hook)
        #expect(try r.git("config", "merge.ff.driver") != "")
        #expect(try r.git("status", "--porcelain") == "")
    }

    @Test func initLeavesAFolderOfOtherYAMLAlone() throws {
        let r = try repo(initialise: false)
        try FileManager.default.createDirectory(atPath: r.dir.file("experiments"), withIntermediateDirectories: true)
        try r.dir.write("experiments/resnet.yaml", "model: resnet50\nlr: 0.1\n")
        try r.git("add", "experiments")
        try r.git("commit", "-q", "-m", "ml config")
        let refused = try run(ff, ["init"], in: r.dir.path, environment: r.env)
        #expect(refused.status == 64)
        #expect(refused.stderr.contains("experiments/ already holds 1 YAML file that is not ff's (no 'ff:' key, e.g. experiments/resnet.yaml): give ff a folder of its own with ff init --experiments <folder>"), "\(refused.stderr)")
        #expect(!FileManager.default.fileExists(atPath: r.dir.file(".ff")))
        let out = try run(ff, ["init", "--experiments", "learning"], in: r.dir.path, environment: r.env)
        #expect(out.status == 0, "\(out.stderr)")
        #expect(try r.dir.read(".ff/config.yaml").contains("\nexperiments: learning\n"))
        #expect(FileManager.default.fileExists(atPath: r.dir.file("learning/.gitkeep")))
        // The ML config keeps being committed as before.
        try r.dir.write("experiments/resnet.yaml", "model: resnet50\nlr: 0.01\n")
        try r.git("add", "experiments")
        let commit = try r.git.run("commit", "-q", "-m", "lower lr")
        #expect(commit.status == 0, "\(commit.stderr)")
        let new = try run(ff, ["new", "In its own folder", "--hypothesis", "h"], in: r.dir.path, environment: r.env)
        #expect(new.status == 0, "\(new.stderr)")
        #expect(try r.git("show", "--name-only", "--format=", "HEAD").hasPrefix("learning/"))
    }

    /// YAML in the experiments folder that is not an experiment (no 'ff:' and 'id:' keys) is
    /// never blocked — not by the pre-commit hook, not by ff check --staged, not by a shared
    /// repository's pre-receive hook — and ff check reports it once, as a warning; ff list,
    /// status and timeline skip it without a word. What was an experiment stays one.
    @Test func otherYAMLInTheExperimentsFolderIsNeverBlocked() throws {
        let r = try repo()
        let server = TempDir("ff-hookp-server")
        let bare = server.path + "/shared.git"
        try TestSupport.run("/usr/bin/git", ["init", "-q", "--bare", bare], environment: r.env)
        #expect(try run(ff, ["-C", bare, "hooks", "install"], environment: r.env).status == 0)
        try r.git("remote", "add", "origin", bare)
        let new = try run(ff, ["new", "Weekly demo to sponsors", "--hypothesis", "If we demo weekly, two of three sponsors ask for a follow-up.",
                               "--success", "2 of 3 sponsors ask for a follow-up", "--failure", "no follow-up after two demos",
                               "--data", "follow-up requests: count replies", "--days", "14", "--reversible",
                               "--rollback", "Stop the demos.", "--stakeholder", "Priya (sponsor)"], in: r.dir.path, environment: r.env)
        #expect(new.status == 0, "\(new.stderr)")
        let id = try r.git("log", "-1", "--format=%(trailers:key=FF-Experiment,valueonly)").trimmingCharacters(in: .whitespacesAndNewlines)
        #expect(try run(ff, ["start", id], in: r.dir.path, environment: r.env).status == 0)
        let path = try r.git("ls-files", "experiments/*/*.yaml")

        // Other YAML: a tool's config, one with an 'id:' but no 'ff:', one that is not YAML at all.
        try r.dir.write("experiments/ml/config.yaml", "model: resnet50\nlr: 0.1\n")
        try r.dir.write("experiments/ml/run.yml", "id: 7\nepochs: [1, 2\n")
        try r.dir.write("experiments/ml/raw.yaml", "\u{1}\u{2} not: yaml: at all\n")
        try r.git("add", "experiments")
        let first = try r.git.run("commit", "-q", "-m", "ML configs")
        #expect(first.status == 0, "\(first.stderr)")
        #expect(first.stdout + first.stderr == "")
        try r.dir.write("experiments/ml/config.yaml", "model: resnet50\nlr: 0.01\n")
        try r.git("add", "experiments")
        let staged = try run(ff, ["check", "--staged"], in: r.dir.path, environment: r.env)
        #expect(staged.status == 0 && staged.stdout == "" && staged.stderr == "", "\(staged.stdout)\(staged.stderr)")
        let second = try r.git.run("commit", "-q", "-m", "Lower the learning rate")
        #expect(second.status == 0 && second.stdout + second.stderr == "", "\(second.stderr)")
        let push = try r.git.run("push", "-q", "origin", "HEAD:refs/heads/main")
        #expect(push.status == 0, "\(push.stderr)")

        // ff check: once each, as a warning; the experiment is checked as ever.
        let check = try run(ff, ["check"], in: r.dir.path, environment: r.env)
        #expect(check.status == 0, "\(check.stdout)")
        #expect(check.stdout == ["config.yaml", "raw.yaml", "run.yml"].map {
            "experiments/ml/\($0): warning: not an experiment (no 'ff:' and 'id:' keys), skipped\n"
        }.joined(), "\(check.stdout)")
        for args in [["list"], ["status"], ["timeline"], ["list", "--all-branches"], ["migrate", "--check"]] {
            let v = try run(ff, args, in: r.dir.path, environment: r.env)
            #expect(v.stderr == "", "ff \(args.joined(separator: " ")): \(v.stderr)")
            #expect(!v.stdout.contains("experiments/ml"), "ff \(args.joined(separator: " ")): \(v.stdout)")
        }
        #expect(try run(ff, ["list"], in: r.dir.path, environment: r.env).stdout.contains(id))

        // An experiment that loses its 'ff:' line is a broken experiment, not other YAML.
        let text = try r.dir.read(path)
        try r.dir.write(path, text.replacingOccurrences(of: "ff: 1\n", with: ""))
        #expect(try run(ff, ["check"], in: r.dir.path, environment: r.env).stdout.contains("\(path):1:1: error: missing 'ff:'"))
        try r.git("add", path)
        let refused = try r.git.run("commit", "-q", "-m", "Drop the format line")
        #expect(refused.status != 0)
        #expect(refused.stderr.contains("\(path):1:1: error: missing 'ff:'"), "\(refused.stderr)")
        // Committed past the hook, under its name: ff check, in CI, still refuses it.
        try r.git("commit", "-q", "--no-verify", "-m", "Drop the format line")
        let ci = try run(ff, ["check"], in: r.dir.path, environment: r.env)
        #expect(ci.status == 1)
        #expect(ci.stdout.contains("\(path):1:1: error: missing 'ff:'"), "\(ci.stdout)")
        #expect(!ci.stdout.contains("\(path): warning: not an experiment"))
    }
}
