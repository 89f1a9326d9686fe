import FFGit
import FailForward

/// Where `-o PATH` may write. A document replaces a regular file, or makes a new one, by
/// renaming a temporary over it; renaming over anything else would destroy it (a device
/// node, a FIFO someone reads from), and inside a git directory it would corrupt the
/// repository (`.git/HEAD`, a ref, the index). So everything else is refused, naming what
/// the path is, and `-` means standard output.
public enum OutputPath {
    /// Where the document goes.
    public enum Target: Equatable {
        case standardOutput
        /// The file to rename over, absolute, with a final symbolic link followed (the
        /// regular file it names is the one replaced, the link stays).
        case file(String)
    }

    /// The target for `given` (relative to `cwd`), or an error saying why not and what to do.
    static func resolve(_ given: String, cwd: String, repo: Repository) throws -> Target {
        if given == "-" { return .standardOutput }
        guard !given.isEmpty else { throw refusal(given, "is empty") }
        let absolute = given.hasPrefix("/") ? given : Paths.join(cwd, given)
        var st = stat()
        var target = absolute
        if lstat(absolute, &st) == 0 {
            if (st.st_mode & S_IFMT) == S_IFLNK {
                guard stat(absolute, &st) == 0 else { throw refusal(given, "is a symbolic link to nothing") }
                guard (st.st_mode & S_IFMT) == S_IFREG else { throw refusal(given, "is a symbolic link to \(kind(st.st_mode))") }
                guard let real = realPath(absolute) else { throw refusal(given, "cannot be resolved") }
                target = real
            } else if (st.st_mode & S_IFMT) != S_IFREG {
                throw refusal(given, "is \(kind(st.st_mode))")
            }
        } else if errno != ENOENT {
            throw WorkspaceError.io("cannot write \(SafeText.line(given)): \(String(cString: strerror(errno)))")
        }
        // The folder, with every link in it resolved: `-o link/HEAD` with `link -> .git` is
        // inside the git directory too. A missing folder is left to the write to report.
        let folder = Paths.parent(target)
        if let realFolder = realPath(folder) {
            let final = (realFolder == "/" ? "" : realFolder) + "/" + Paths.last(target)
            for root in gitFolders(repo) where final == root || final.hasPrefix(root + "/") {
                throw refusal(given, "is inside the repository's git directory (\(SafeText.line(root)))", hint: "write it outside .git")
            }
        }
        return .file(target)
    }

    /// Every folder of git's own: this worktree's git directory, the common one, and the
    /// worktree's `.git` (a folder, or in a linked worktree the file that points to it).
    static func gitFolders(_ repo: Repository) -> [String] {
        var out = [repo.gitDir, repo.commonDir].compactMap(realPath)
        if let workdir = repo.workdir, let real = realPath(workdir) {
            out.append((real == "/" ? "" : real) + "/.git")
        }
        return out
    }

    public static func realPath(_ path: String) -> String? {
        guard let p = realpath(path, nil) else { return nil }
        defer { free(p) }
        return String(cString: p)
    }

    public static func kind(_ mode: mode_t) -> String {
        switch mode & S_IFMT {
        case S_IFDIR: return "a directory"
        case S_IFIFO: return "a FIFO"
        case S_IFCHR: return "a character device"
        case S_IFBLK: return "a block device"
        case S_IFSOCK: return "a socket"
        case S_IFLNK: return "a symbolic link"
        default: return "not a regular file"
        }
    }

    private static func refusal(_ given: String, _ what: String, hint: String = "give a regular file's path, or -o - for standard output") -> WorkspaceError {
        WorkspaceError.usage("-o \(SafeText.line(given)) \(what): \(hint); nothing was written")
    }
}

extension Workspace {
    /// Where `-o <file>` writes, checked before any work so that a refused path costs nothing.
    public func outputTarget(_ file: String) throws -> OutputPath.Target {
        try OutputPath.resolve(file, cwd: env.directory, repo: repo)
    }
}
