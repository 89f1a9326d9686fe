
/// A commit signature that could not be made; nothing is committed then.
public enum SigningError: Error, CustomStringConvertible, Equatable {
    case noKey(format: String)
    case failed(program: String, detail: String, needsPrompt: Bool)
    case timedOut(program: String, seconds: Int)
    case notFound(program: String, setting: String)
    /// The folder or file the signing program is given could not be made.
    case cannotPrepare(path: String, reason: String)

    public var description: String {
        switch self {
        case let .noKey(format):
            return "commit.gpgsign is on with gpg.format \(format) but user.signingkey is not set: set it (git config user.signingkey <key>) or turn signing off (git config commit.gpgsign false)"
        case let .failed(program, detail, needsPrompt):
            let hint = needsPrompt
                ? ": the key needs a passphrase and there is no terminal to ask for it; unlock it first (ssh-add, or gpg-agent), or run ff on a terminal"
                : ""
            return "cannot sign the commit: \(program) failed\(detail.isEmpty ? "" : " (\(detail))")\(hint); nothing was committed"
        case let .notFound(program, setting):
            return "cannot sign the commit: no program '\(program)' on PATH: install it, or name it with git config \(setting) <path>; nothing was committed"
        case let .cannotPrepare(path, reason):
            return "cannot sign the commit: cannot create \(path) for the signing program: \(reason); nothing was committed"
        case let .timedOut(program, seconds):
            return "cannot sign the commit: \(program) did not finish within \(seconds) s (waiting for a passphrase?); nothing was committed"
        }
    }
}

/// Signing a commit the way git does with `commit.gpgsign`: the user's own `gpg`,
/// `gpgsm` or `ssh-keygen`, chosen by `gpg.format`, with `user.signingkey`.
public struct CommitSigner {
    public enum Format: String { case openpgp, x509, ssh }

    public let format: Format
    public let program: String
    public let key: String?

    /// The signer git would use for a commit in this repository, or nil when
    /// `commit.gpgsign` is off.
    public static func configured(_ config: Config) -> CommitSigner? {
        guard config.bool("commit.gpgsign") == true else { return nil }
        let format = Format(rawValue: config.string("gpg.format") ?? "openpgp") ?? .openpgp
        let program: String
        switch format {
        case .openpgp: program = config.string("gpg.openpgp.program") ?? config.string("gpg.program") ?? "gpg"
        case .x509: program = config.string("gpg.x509.program") ?? "gpgsm"
        case .ssh: program = config.string("gpg.ssh.program") ?? "ssh-keygen"
        }
        let key = config.string("user.signingkey").flatMap { $0.isEmpty ? nil : $0 }
        return CommitSigner(format: format, program: program, key: key)
    }

    /// How long a signing program may take when nobody is at a terminal to answer it.
    static let deadline: TimeInterval = 60

    /// The detached signature of `buffer`. Without a terminal the program runs in a new
    /// session with nothing to read a passphrase from, so a locked key fails at once rather
    /// than waiting; a deadline stops anything else that hangs.
    func sign(_ buffer: String, committer: Signature, options: CommitOptions, scratch: String) throws -> String {
        do { try Paths.makeFolders(scratch) } catch { throw SigningError.cannotPrepare(path: scratch, reason: error.description) }
        let stem = scratch + "/sign-\(getpid())-\(UInt32.random(in: 0...UInt32.max))"
        defer {
            for suffix in ["", ".sig", ".pub"] { unlink(stem + suffix) }
        }
        guard FileManager.default.createFile(atPath: stem, contents: Data(buffer.utf8), attributes: [.posixPermissions: 0o600]) else {
            throw SigningError.failed(program: program, detail: "cannot write \(stem)", needsPrompt: false)
        }
        var env = options.environment
        if let path = options.programSearchPath { env["PATH"] = path }
        // As git: a bare name on PATH (a folder of that name never matches), `~/` from HOME.
        var program = self.program
        if program.hasPrefix("~/"), let home = env["HOME"] { program = home + program.dropFirst(1) }
        guard Subprocess.resolve(program, path: env["PATH"]) != nil else {
            throw SigningError.notFound(program: program, setting: setting)
        }
        let timeout: TimeInterval? = options.interactive ? nil : Self.deadline
        let name = Paths.last(program)

        switch format {
        case .openpgp, .x509:
            // git: `gpg --status-fd=2 -bsau <key>`; without a key, the committer's identity.
            var args = [program, "--status-fd=2"]
            if !options.interactive && format == .openpgp { args += ["--batch", "--no-tty", "--pinentry-mode", "error"] }
            args += ["-bsau", key ?? "\(committer.name) <\(committer.email)>"]
            let r = try Subprocess.run(args, environment: env, stdinFile: stem, newSession: !options.interactive, timeout: timeout)
            if r.timedOut { throw SigningError.timedOut(program: name, seconds: Int(Self.deadline)) }
            let status = String(decoding: r.stderr, as: UTF8.self)
            guard r.status == 0, status.contains("[GNUPG:] SIG_CREATED "), !r.stdout.isEmpty else {
                let detail = Self.summary(status)
                let prompt = !options.interactive && (status.contains("pinentry") || status.contains("Inappropriate ioctl")
                    || status.contains("No passphrase") || status.contains("PINENTRY") || status.contains("Bad passphrase"))
                throw SigningError.failed(program: name, detail: detail, needsPrompt: prompt)
            }
            return String(decoding: r.stdout, as: UTF8.self)
        case .ssh:
            guard var keyFile = key else { throw SigningError.noKey(format: "ssh") }
            var args = [program, "-Y", "sign", "-n", "git", "-f"]
            if keyFile.hasPrefix("key::") || keyFile.hasPrefix("ssh-") {
                // A literal public key: the private half is in ssh-agent.
                let literal = keyFile.hasPrefix("key::") ? String(keyFile.dropFirst(5)) : keyFile
                _ = FileManager.default.createFile(atPath: stem + ".pub", contents: Data((literal + "\n").utf8))
                keyFile = stem + ".pub"
                args += [keyFile, "-U"]
            } else {
                if keyFile.hasPrefix("~/"), let home = env["HOME"] { keyFile = home + keyFile.dropFirst(1) }
                args.append(keyFile)
            }
            args.append(stem)
            if !options.interactive && env["SSH_ASKPASS_REQUIRE"] == nil { env["SSH_ASKPASS_REQUIRE"] = "never" }
            let r = try Subprocess.run(args, environment: env, newSession: !options.interactive, timeout: timeout)
            if r.timedOut { throw SigningError.timedOut(program: name, seconds: Int(Self.deadline)) }
            guard r.status == 0, let sig = FileManager.default.contents(atPath: stem + ".sig"), !sig.isEmpty else {
                let text = String(decoding: r.stderr, as: UTF8.self)
                let prompt = !options.interactive && (text.contains("passphrase") || text.contains("/dev/tty"))
                throw SigningError.failed(program: name, detail: Self.summary(text), needsPrompt: prompt)
            }
            return String(decoding: sig, as: UTF8.self)
        }
    }

    /// The setting that names the program for this format.
    var setting: String {
        switch format {
        case .openpgp: return "gpg.program"
        case .x509: return "gpg.x509.program"
        case .ssh: return "gpg.ssh.program"
        }
    }

    /// The program's own complaint, one line, without gpg's machine-readable status lines.
    static func summary(_ stderr: String) -> String {
        stderr.split(separator: "\n")
            .map { $0.trimmed(.whitespaces) }
            .filter { !$0.isEmpty && !$0.hasPrefix("[GNUPG:]") }
            .prefix(3)
            .joined(separator: "; ")
    }
}
