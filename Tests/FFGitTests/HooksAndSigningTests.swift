import FFGit
import Foundation
import TestSupport
import Testing

/// A repository made by the adapter; the git CLI is the oracle for hooks and signatures.
private struct Fixture {
    let dir = TempDir("ffgit-hooks")
    let home = TempDir("ffgit-home")
    let repo: Repository
    var env: [String: String]
    var git: Git { Git(dir.path, environment: env) }
    let identity = Identity(
        author: Signature(name: "Ana Lima", email: "ana@example.com", time: 1_764_320_040, offsetMinutes: 0),
        committer: Signature(name: "Ana Lima", email: "ana@example.com", time: 1_764_320_100, offsetMinutes: 0)
    )
    let path = "experiments/2026-11/abcd1234-x.yaml"

    init() throws {
        repo = try Repository.create(at: dir.path)
        try repo.setConfig("user.name", "Ana Lima")
        try repo.setConfig("user.email", "ana@example.com")
        env = isolatedEnvironment(home: home.path)
        try dir.write("README", "hello\n")
        _ = try repo.commit(paths: ["README"], message: "first\n", identity: identity)
    }

    func hook(_ name: String, _ body: String, in folder: String = ".git/hooks") throws {
        try dir.write("\(folder)/\(name)", "#!/bin/sh\n" + body + "\n")
        chmod(dir.file("\(folder)/\(name)"), 0o755)
    }

    func commit(verify: Bool = true, inProcess: [String: InProcessHook] = [:],
                output: @escaping (String) -> Void = { _ in }) throws -> CommitResult {
        try dir.write(path, "ff: 1\nid: abcd1234\n# \(UUID())\n")
        var options = CommitOptions(runHooks: verify, environment: env, output: output)
        options.inProcess = inProcess
        return try repo.commit(paths: [path], message: "note abcd1234: x\n\nFF-Action: note\n", identity: identity,
                               options: options)
    }
}

@Suite struct HookTests {
    @Test func hooksSeeATemporaryIndexOfHeadPlusTheChangeLikeGitCommitOnly() throws {
        let f = try Fixture()
        try f.dir.write("staged.txt", "staged, not part of ff's commit\n")
        try f.git("add", "staged.txt")
        try f.hook("pre-commit", """
        echo "pre-commit ran"
        git diff --cached --name-only > .git/pre-commit.staged
        echo "$GIT_INDEX_FILE" > .git/pre-commit.index
        """)
        try f.hook("commit-msg", "git interpret-trailers --in-place --trailer 'Reviewed-by: the hook' \"$1\"")
        try f.hook("post-commit", "git rev-parse HEAD > .git/post-commit.head")
        var output = ""
        let r = try f.commit(output: { output += $0 })
        #expect(output == "pre-commit ran\n")
        #expect(try f.dir.read(".git/pre-commit.staged") == f.path + "\n")
        let indexFile = try f.dir.read(".git/pre-commit.index").trimmingCharacters(in: .newlines)
        #expect(indexFile.hasSuffix(".lock") && indexFile.contains("/.git/"))
        #expect(!FileManager.default.fileExists(atPath: indexFile))
        #expect(try f.git("log", "-1", "--format=%B").trimmingCharacters(in: .newlines) == "note abcd1234: x\n\nFF-Action: note\nReviewed-by: the hook")
        #expect(try f.dir.read(".git/post-commit.head") == r.id.hex + "\n")
        #expect(try f.git("status", "--porcelain") == "A  staged.txt")
        try f.git("fsck", "--strict")
    }

    /// A hook whose file is exactly the script ff knows, chaining nothing, runs in process;
    /// any other file — another script, or ff's with a chained hook — runs as a program.
    @Test func ownHooksRunInProcessOnlyWhenTheFileIsExactlyTheScript() throws {
        let f = try Fixture()
        // Run as a program, this script refuses every commit.
        let script = "#!/bin/sh\necho 'ran as a program' >&2\nexit 5\n"
        try f.dir.write(".git/hooks/pre-commit", script)
        chmod(f.dir.file(".git/hooks/pre-commit"), 0o755)
        final class Calls: @unchecked Sendable { var index: [String] = [] }
        let calls = Calls()
        let own = ["pre-commit": InProcessHook(script: script) { call in
            #expect(call.arguments.isEmpty)
            // No temporary index is written for a hook done in process: it gets the tree.
            #expect(call.environment["GIT_INDEX_FILE"] == nil)
            calls.index.append(call.tree.hex)
            return 0
        }]
        var output = ""
        let r = try f.commit(inProcess: own, output: { output += $0 })
        #expect(calls.index == [try f.git("rev-parse", "\(r.id.hex)^{tree}")])
        #expect(output.isEmpty)
        #expect(try f.git("status", "--porcelain") == "")
        #expect(try FileManager.default.contentsOfDirectory(atPath: f.dir.file(".git")).allSatisfy { !$0.hasPrefix("ff-next-index") })
        // nil from the hook: the script runs after all.
        let declining = ["pre-commit": InProcessHook(script: script) { _ in nil }]
        #expect(throws: HookError.failed(hook: "pre-commit", status: 5)) { try f.commit(inProcess: declining) }
        // A file that differs by one byte is someone else's hook.
        try f.dir.write(".git/hooks/pre-commit", script + "\n")
        #expect(throws: HookError.failed(hook: "pre-commit", status: 5)) { try f.commit(inProcess: own) }
        // ff's script with a chained hook: the script runs, as it runs the chained one first.
        try f.dir.write(".git/hooks/pre-commit", script)
        try f.hook("pre-commit.ff-chained", "exit 0")
        #expect(throws: HookError.failed(hook: "pre-commit", status: 5)) { try f.commit(inProcess: own) }
        #expect(calls.index.count == 1)
    }

    /// What a pre-commit hook stages in the temporary index is part of the commit, as with
    /// `git commit --only`; a hook that only reads leaves the tree as it was.
    @Test func whatAPreCommitHookStagesIsCommitted() throws {
        let f = try Fixture()
        func files(_ id: ObjectID) throws -> Set<String> {
            Set(try f.git("show", "--name-only", "--format=", id.hex).split(separator: "\n").map(String.init))
        }
        try f.hook("pre-commit", "git diff --cached --name-only > /dev/null")
        #expect(try files(f.commit().id) == [f.path])
        try f.dir.write("generated.txt", "made by the hook\n")
        try f.hook("pre-commit", "git add generated.txt")
        #expect(try files(f.commit().id) == [f.path, "generated.txt"])
        try f.git("fsck", "--strict")
    }

    @Test func aFailingHookAbortsAndNoVerifySkipsIt() throws {
        let f = try Fixture()
        let head = try f.git("rev-parse", "HEAD")
        try f.hook("pre-commit", "echo 'not today' >&2; exit 3")
        var output = ""
        #expect(throws: HookError.failed(hook: "pre-commit", status: 3)) { try f.commit(output: { output += $0 }) }
        #expect(output == "not today\n")
        #expect(try f.git("rev-parse", "HEAD") == head)
        try f.hook("pre-commit", "exit 0")
        try f.hook("commit-msg", "echo 'bad message' >&2; exit 1")
        #expect(throws: HookError.failed(hook: "commit-msg", status: 1)) { try f.commit() }
        #expect(try f.git("rev-parse", "HEAD") == head)
        _ = try f.commit(verify: false)
        #expect(try f.git("rev-parse", "HEAD") != head)
    }

    @Test func hooksPathRelativeAbsoluteAndNonExecutable() throws {
        let f = try Fixture()
        try f.git("config", "core.hooksPath", ".githooks")
        try f.hook("pre-commit", "exit 1", in: ".githooks")
        #expect(try f.repo.hooksDirectory(environment: f.env) == f.dir.path + "/.githooks")
        #expect(throws: HookError.failed(hook: "pre-commit", status: 1)) { try f.commit() }
        // git ignores a hook that is not executable; so does ff.
        chmod(f.dir.file(".githooks/pre-commit"), 0o644)
        _ = try f.commit()
        let elsewhere = TempDir("ffgit-hookspath")
        try f.git("config", "core.hooksPath", elsewhere.path)
        #expect(try f.repo.hooksDirectory(environment: f.env) == elsewhere.path)
        try f.git("config", "core.hooksPath", "~/hooks")
        #expect(try f.repo.hooksDirectory(environment: f.env) == f.home.path + "/hooks")
    }
}

@Suite struct SigningTests {
    @Test func sshSignatureVerifiedByGit() throws {
        let f = try Fixture()
        let key = f.home.file("id_ed25519")
        try run("/usr/bin/ssh-keygen", ["-q", "-t", "ed25519", "-N", "", "-C", "ana@example.com", "-f", key], environment: f.env)
        let pub = try f.home.read("id_ed25519.pub").trimmingCharacters(in: .newlines)
        try f.home.write("allowed_signers", "ana@example.com " + pub + "\n")
        try f.git("config", "gpg.format", "ssh")
        try f.git("config", "user.signingkey", key)
        try f.git("config", "commit.gpgsign", "true")
        try f.git("config", "gpg.ssh.allowedSignersFile", f.home.file("allowed_signers"))
        _ = try f.commit()
        #expect(try f.git.run("verify-commit", "HEAD").status == 0)
        #expect(try f.git("log", "-1", "--show-signature", "--format=%G?").contains("Good \"git\" signature for ana@example.com"))
        #expect(try f.git("log", "-1", "--format=%G?").hasSuffix("G"))
        #expect(try f.git("status", "--porcelain") == "")
        try f.git("fsck", "--strict")
    }

    @Test func aKeyThatNeedsAPassphraseFailsClearlyWithoutATerminal() throws {
        let f = try Fixture()
        let key = f.home.file("id_locked")
        try run("/usr/bin/ssh-keygen", ["-q", "-t", "ed25519", "-N", "a passphrase", "-f", key], environment: f.env)
        try f.git("config", "gpg.format", "ssh")
        try f.git("config", "user.signingkey", key)
        try f.git("config", "commit.gpgsign", "true")
        let head = try f.git("rev-parse", "HEAD")
        let started = Date()
        do {
            _ = try f.commit()
            Issue.record("a locked key signed without a passphrase")
        } catch let e as SigningError {
            guard case let .failed(program, _, needsPrompt) = e else { Issue.record("\(e)"); return }
            #expect(program == "ssh-keygen")
            #expect(needsPrompt)
            #expect(e.description.contains("the key needs a passphrase and there is no terminal to ask for it"))
        }
        #expect(Date().timeIntervalSince(started) < 10)
        #expect(try f.git("rev-parse", "HEAD") == head)
    }

    /// The program comes from `programSearchPath` (the PATH ff was given), not from the hooks'
    /// PATH with ff's folder first; a folder of that name is passed over, as git passes it over.
    @Test func theSigningProgramIsFoundOnTheGivenPathAndNeverAFolder() throws {
        let f = try Fixture()
        let tools = TempDir("ffgit-sign-tools")
        for (folder, marker) in [("planted", "planted-ran"), ("good", "good-ran")] {
            try tools.write("\(folder)/gpg", "#!/bin/sh\necho ran > '\(tools.file(marker))'\ncat > /dev/null\n"
                + "echo '[GNUPG:] SIG_CREATED D 22 8 00 1764320000 FAKE' >&2\nprintf -- '-----BEGIN PGP SIGNATURE-----\\n\\nZmFrZQ==\\n-----END PGP SIGNATURE-----\\n'\n")
            chmod(tools.file("\(folder)/gpg"), 0o755)
        }
        try FileManager.default.createDirectory(atPath: tools.file("early/gpg"), withIntermediateDirectories: true)
        try f.git("config", "commit.gpgsign", "true")
        var env = f.env
        env["PATH"] = tools.file("planted") + ":" + tools.file("early") + ":" + tools.file("good") + ":/usr/bin:/bin"
        var options = CommitOptions(runHooks: false, environment: env)
        options.programSearchPath = tools.file("early") + ":" + tools.file("good") + ":/usr/bin:/bin"
        try f.dir.write(f.path, "ff: 1\nid: abcd1234\n")
        _ = try f.repo.commit(paths: [f.path], message: "new abcd1234: x\n\nFF-Action: new\n", identity: f.identity, options: options)
        #expect(!FileManager.default.fileExists(atPath: tools.file("planted-ran")))
        #expect(FileManager.default.fileExists(atPath: tools.file("good-ran")))
        #expect(try f.git("cat-file", "commit", "HEAD").contains("gpgsig -----BEGIN PGP SIGNATURE-----"))
        try f.git("fsck", "--strict")

        options.programSearchPath = tools.file("early")
        try f.dir.write(f.path, "ff: 1\nid: abcd1234\n# again\n")
        #expect(throws: SigningError.notFound(program: "gpg", setting: "gpg.program")) {
            try f.repo.commit(paths: [f.path], message: "edit abcd1234: x\n\nFF-Action: edit\n", identity: f.identity, options: options)
        }
    }

    @Test func signingKeyMissingForSSH() throws {
        let f = try Fixture()
        try f.git("config", "gpg.format", "ssh")
        try f.git("config", "commit.gpgsign", "true")
        #expect(throws: SigningError.noKey(format: "ssh")) { try f.commit() }
    }

    @Test(.enabled(if: FileManager.default.isExecutableFile(atPath: "/usr/bin/gpg"), "gpg is not installed"))
    func openPGPSignatureVerifiedByGit() throws {
        var f = try Fixture()
        let gnupg = TempDir("ffgpg")
        chmod(gnupg.path, 0o700)
        var env = f.env
        env["GNUPGHOME"] = gnupg.path
        defer { _ = try? run("/usr/bin/gpgconf", ["--kill", "gpg-agent"], environment: env) }
        let gen = try run("/usr/bin/gpg", ["--batch", "--pinentry-mode", "loopback", "--passphrase", "",
                                            "--quick-gen-key", "Ana Lima <ana@example.com>", "ed25519", "sign", "never"], environment: env)
        #expect(gen.status == 0, "\(gen.stderr)")
        let locked = try run("/usr/bin/gpg", ["--batch", "--pinentry-mode", "loopback", "--passphrase", "secret",
                                               "--quick-gen-key", "Locked Key <locked@example.com>", "ed25519", "sign", "never"], environment: env)
        #expect(locked.status == 0, "\(locked.stderr)")
        f.env = env
        try f.git("config", "commit.gpgsign", "true")
        try f.git("config", "user.signingkey", "ana@example.com")
        _ = try f.commit()
        #expect(try f.git.run("verify-commit", "HEAD").status == 0)
        #expect(try f.git("log", "-1", "--format=%G? %GS") == "G Ana Lima <ana@example.com>")

        // A key with a passphrase, no terminal: gpg is told not to prompt, and ff says why.
        try f.git("config", "user.signingkey", "locked@example.com")
        let head = try f.git("rev-parse", "HEAD")
        let started = Date()
        #expect {
            _ = try f.commit()
        } throws: { e in
            guard let e = e as? SigningError, case let .failed(program, _, needsPrompt) = e else { return false }
            return program == "gpg" && needsPrompt
        }
        #expect(Date().timeIntervalSince(started) < 10)
        #expect(try f.git("rev-parse", "HEAD") == head)
    }
}


/// What fails around a commit is one of FFGit's errors, naming the file: never a Foundation
/// error, which would reach the user as `Error: The operation could not be completed`.
@Suite struct CommitFailureTests {
    /// The signing program's scratch folder cannot be made (a file stands where it goes).
    @Test func aScratchFolderThatCannotBeMadeIsASigningErrorThatNamesIt() throws {
        let f = try Fixture()
        let tools = TempDir("ffgit-sign-scratch")
        try tools.write("gpg", "#!/bin/sh\ncat > /dev/null\n"
            + "echo '[GNUPG:] SIG_CREATED D 22 8 00 1764320000 FAKE' >&2\nprintf -- '-----BEGIN PGP SIGNATURE-----\\n\\nZmFrZQ==\\n-----END PGP SIGNATURE-----\\n'\n")
        chmod(tools.file("gpg"), 0o755)
        try f.git("config", "commit.gpgsign", "true")
        try f.git("config", "gpg.program", tools.file("gpg"))
        // The first commit made the folder (for the index's stamp): a file takes its place.
        try FileManager.default.removeItem(atPath: f.dir.file(".git/ff"))
        try f.dir.write(".git/ff", "a file where ff's folder goes\n")
        let head = try f.git("rev-parse", "HEAD")
        do {
            _ = try f.commit(verify: false)
            Issue.record("the commit was made")
        } catch let error as SigningError {
            let folder = f.repo.gitDir + "/ff"
            #expect(error == .cannotPrepare(path: folder, reason: String(cString: strerror(EEXIST))))
            #expect(error.description == "cannot sign the commit: cannot create \(folder) for the signing program: File exists; nothing was committed")
        } catch {
            Issue.record("not a SigningError: \(type(of: error)): \(error)")
        }
        #expect(try f.git("rev-parse", "HEAD") == head)
    }

    /// A file that cannot be read: the path and the reason, as the other commit errors say it.
    @Test func anUnreadableFileNamesThePathAndTheReason() {
        #expect(CommitError.cannotRead(path: "experiments/x.yaml", reason: "Permission denied").description
            == "cannot read experiments/x.yaml: Permission denied; nothing was committed")
    }
}
