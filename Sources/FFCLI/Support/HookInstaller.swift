import FFGit
import FailForward
import Foundation

/// Installs ff's hooks (compiled in from `hooks/`) into the folder git runs hooks from,
/// chaining rather than replacing what is there: an existing hook is moved aside to
/// `<hook>.ff-chained` — bytes, mode and symbolic link kept — and ff's script runs it first.
/// Uninstalling moves it back, so the folder is exactly as it was.
enum HookInstaller {
    static let clientHooks = ["pre-commit", "commit-msg"]
    static let serverHooks = ["pre-receive"]
    static let chainSuffix = ".ff-chained"

    struct Line {
        var text: String
        var changed: Bool
    }

    enum State: Equatable {
        case missing
        /// ff's script; `current` when it is the one this ff carries.
        case ours(current: Bool)
        case foreign
    }

    /// The hooks that fit the repository: a bare one receives pushes, others make commits.
    static func hooks(for repo: Repository) -> [String] {
        repo.isBare ? serverHooks : clientHooks
    }

    static func state(of path: String, hook: String) -> State {
        var st = stat()
        guard lstat(path, &st) == 0 else { return .missing }
        guard (st.st_mode & S_IFMT) == S_IFREG, let data = FileManager.default.contents(atPath: path) else { return .foreign }
        let text = String(decoding: data, as: UTF8.self)
        guard text.contains("\n# ff-hook: \(hook)\n") else { return .foreign }
        return .ours(current: text == HookScripts.files[hook])
    }

    static func exists(_ path: String) -> Bool {
        var st = stat()
        return lstat(path, &st) == 0
    }

    /// Where ff may put its hooks: only into a folder of this repository that git does not
    /// track. A `core.hooksPath` from the user's global or system config is shared by every
    /// repository of theirs, one outside the repository may be, and a tracked one (husky's
    /// `.husky/`) is the project's files.
    enum Placement: Equatable {
        case own(String)
        /// The folder, and why ff leaves it alone.
        case notOurs(String, String)
    }

    static func placement(_ repo: Repository, environment: [String: String]) throws -> Placement {
        let dir = try repo.hooksDirectory(environment: environment)
        let config = try repo.config()
        guard config.string("core.hooksPath").map({ !$0.isEmpty }) ?? false else { return .own(dir) }
        switch config.level("core.hooksPath") {
        case .global?: return .notOurs(dir, "set in your global git config, so every repository of yours runs the hooks there")
        case .system?: return .notOurs(dir, "set in the system's git config, so every repository on this machine runs the hooks there")
        default: break
        }
        func inside(_ folder: String) -> Bool { dir == folder || dir.hasPrefix(folder + "/") }
        if inside(repo.gitDir) || inside(repo.commonDir) { return .own(dir) }
        guard let workdir = repo.workdir, inside(workdir) else {
            return .notOurs(dir, "outside this repository, so other repositories may use it too")
        }
        let rel = dir == workdir ? "" : String(dir.dropFirst(workdir.count + 1)) + "/"
        if let tracked = try? repo.indexEntries(under: rel).entries, !tracked.isEmpty {
            return .notOurs(dir, "a folder git tracks, so its files belong to the project")
        }
        return .own(dir)
    }

    /// What to do by hand when ff leaves the hooks folder alone: exactly what to add.
    static func instructions(_ dir: String, reason: String, hooks: [String]) -> [Line] {
        var out = [Line(text: "ff installed no hooks: core.hooksPath is \(dir), \(reason).", changed: true)]
        out.append(Line(text: "To run ff's checks on commits here (ff's hooks pass silently in repositories without ff):", changed: true))
        for hook in hooks {
            let path = dir + "/" + hook
            let args = hook == "commit-msg" ? " \"$1\"" : ""
            if exists(path) {
                out.append(Line(text: "  add this line to \(path): ff hooks run \(hook)\(args) || exit $?", changed: true))
            } else {
                out.append(Line(text: "  ff hooks script \(hook) > \(path) && chmod +x \(path)", changed: true))
            }
        }
        out.append(Line(text: "Or give this repository hooks of its own: git config core.hooksPath .git/hooks && ff hooks install", changed: true))
        return out
    }

    static func install(_ repo: Repository, environment: [String: String], hooks: [String]) throws -> [Line] {
        let dir: String
        switch try placement(repo, environment: environment) {
        case let .own(d): dir = d
        case let .notOurs(d, reason): return instructions(d, reason: reason, hooks: hooks)
        }
        do {
            try FileManager.default.createDirectory(atPath: dir, withIntermediateDirectories: true)
        } catch {
            throw FFError.io("cannot create the hooks folder \(dir): \(error.localizedDescription)")
        }
        var out: [Line] = []
        for hook in hooks {
            let path = dir + "/" + hook, chained = path + chainSuffix
            switch state(of: path, hook: hook) {
            case .ours(current: true):
                out.append(Line(text: "\(hook): already installed", changed: false))
                continue
            case .ours(current: false):
                try write(hook, to: path)
                out.append(Line(text: "Updated the \(hook) hook (\(path))", changed: true))
            case .foreign:
                guard !exists(chained) else {
                    throw FFError.io("cannot install the \(hook) hook: \(chained) already exists (left by an earlier install); move one of them away, then run ff hooks install again")
                }
                guard rename(path, chained) == 0 else {
                    throw FFError.io("cannot move \(path) aside: \(String(cString: strerror(errno)))")
                }
                do {
                    try write(hook, to: path)
                } catch {
                    _ = rename(chained, path)
                    throw error
                }
                out.append(Line(text: "Installed the \(hook) hook (\(path)); it runs your previous hook first, kept as \((chained as NSString).lastPathComponent)", changed: true))
            case .missing:
                try write(hook, to: path)
                out.append(Line(text: "Installed the \(hook) hook (\(path))", changed: true))
            }
        }
        return out
    }

    static func uninstall(_ repo: Repository, environment: [String: String], hooks: [String]) throws -> [Line] {
        let dir: String
        switch try placement(repo, environment: environment) {
        case let .own(d): dir = d
        case let .notOurs(d, reason): return [Line(text: "ff changed nothing: core.hooksPath is \(d), \(reason); remove ff's hooks there by hand", changed: false)]
        }
        var out: [Line] = []
        for hook in hooks {
            let path = dir + "/" + hook, chained = path + chainSuffix
            switch state(of: path, hook: hook) {
            case .ours:
                guard unlink(path) == 0 else { throw FFError.io("cannot remove \(path): \(String(cString: strerror(errno)))") }
                if exists(chained) {
                    guard rename(chained, path) == 0 else { throw FFError.io("cannot restore \(path): \(String(cString: strerror(errno)))") }
                    out.append(Line(text: "Removed the \(hook) hook and put back the one it chained", changed: true))
                } else {
                    out.append(Line(text: "Removed the \(hook) hook", changed: true))
                }
            case .foreign:
                out.append(Line(text: "\(hook): not ff's hook, left as it is\(exists(chained) ? " (\(chained) is still there)" : "")", changed: false))
            case .missing:
                if exists(chained) {
                    guard rename(chained, path) == 0 else { throw FFError.io("cannot restore \(path): \(String(cString: strerror(errno)))") }
                    out.append(Line(text: "Put back the \(hook) hook that ff's had chained", changed: true))
                } else {
                    out.append(Line(text: "\(hook): not installed", changed: false))
                }
            }
        }
        return out
    }

    static func status(_ repo: Repository, environment: [String: String]) throws -> [String] {
        let dir = try repo.hooksDirectory(environment: environment)
        var out = ["Hooks folder: \(dir)"]
        if case let .notOurs(_, reason) = try placement(repo, environment: environment) {
            out.append("  (core.hooksPath: \(reason); ff installs nothing there, ff hooks install says what to add)")
        }
        for hook in clientHooks + serverHooks {
            let path = dir + "/" + hook, chained = path + chainSuffix
            let chain = exists(chained) ? ", running the previous hook first (\(hook)\(chainSuffix))" : ""
            let expected = hooks(for: repo).contains(hook)
            switch state(of: path, hook: hook) {
            case .ours(current: true):
                out.append("\(hook): installed\(chain)")
            case .ours(current: false):
                out.append("\(hook): installed, from another version of ff\(chain): run ff hooks install to update it")
            case .foreign:
                out.append("\(hook): another hook is installed, not ff's\(expected ? ": run ff hooks install to chain it" : "")")
            case .missing:
                out.append("\(hook): not installed\(expected ? " (ff hooks install)" : "")")
            }
        }
        let ff = which("ff", path: environment["PATH"])
        out.append(ff.map { "ff on PATH: \($0)" } ?? "ff is not on PATH: the hooks cannot run it; install ff (make install) or add its folder to PATH")
        return out
    }

    /// Writes the script atomically, executable.
    private static func write(_ hook: String, to path: String) throws {
        let tmp = path + ".ff-\(getpid()).tmp"
        guard FileManager.default.createFile(atPath: tmp, contents: Data(HookScripts.files[hook]!.utf8),
                                             attributes: [.posixPermissions: 0o755]) else {
            throw FFError.io("cannot write \(path): \(String(cString: strerror(errno)))")
        }
        chmod(tmp, 0o755)
        guard rename(tmp, path) == 0 else {
            unlink(tmp)
            throw FFError.io("cannot write \(path): \(String(cString: strerror(errno)))")
        }
    }
}

/// The program `name` on `path` (colon-separated), as the shell finds it.
func which(_ name: String, path: String?) -> String? {
    for dir in (path ?? "").split(separator: ":") {
        let candidate = String(dir) + "/" + name
        var st = stat()
        if stat(candidate, &st) == 0, (st.st_mode & S_IFMT) == S_IFREG, access(candidate, X_OK) == 0 { return candidate }
    }
    return nil
}
