import FFGit
import FailForward

/// What ff's hook scripts ask of ff: the trailers of a commit made by hand, and the check
/// of pushed ref updates.
extension Workspace {
    /// The `FF-` trailers for the staged change, for the commit-msg hook.
    public func stagedTrailers() throws -> [(key: String, value: String)] {
        let changes = try stagedChanges()
        func experiment(_ path: String, _ blob: ObjectID?) -> Experiment? {
            guard let blob, let bytes = try? repo.blobContents(blob) else { return nil }
            return try? ExperimentDocument(path: path, bytes: bytes).experiment
        }
        let hand = changes.map { HandCommit.Change(path: $0.path, old: experiment($0.path, $0.old), new: experiment($0.path, $0.new)) }
        return HandCommit.trailers(for: hand).map { ($0.key, $0.value) }
    }
}

/// Runs programs the way git runs hooks and editors: on ff's terminal, in its process group.
public enum TerminalProgram {
    /// Runs `arguments` and returns the exit status.
    public static func run(_ arguments: [String], environment: [String: String], directory: String? = nil) throws -> Int32 {
        try Subprocess.runOnTerminal(arguments, environment: environment, directory: directory)
    }
}

extension PushCheck {
    /// The pre-receive hook's work: reads `<old> <new> <ref>` lines and checks each branch
    /// update, reporting each finding as it is found. Returns the refused refs and how many
    /// findings there were.
    public static func receive(_ env: Environment, readLine: () -> String?, report: (Diagnostic) -> Void) throws -> (rejected: [String], findings: Int) {
        let repo = try Workspace.openRepository(env)
        // The pushed objects are still in git's quarantine folder.
        let variables = env.variables
        try repo.addObjectDirectories([variables["GIT_OBJECT_DIRECTORY"] ?? ""]
            + (variables["GIT_ALTERNATE_OBJECT_DIRECTORIES"] ?? "").split(separator: ":").map(String.init))
        var rejected: [String] = []
        var findings = 0
        while let line = readLine() {
            let parts = line.split(separator: " ")
            // An all-zero id is a ref that does not exist on that side (a deletion, a new branch).
            func id(_ s: Substring) -> ObjectID? { s.allSatisfy { $0 == "0" } ? nil : ObjectID(hex: String(s)) }
            guard parts.count == 3, let new = id(parts[1]) else { continue }
            let ref = String(parts[2])
            guard ref.hasPrefix("refs/heads/") else { continue }
            let old = id(parts[0])
            let problems = try PushCheck(repo: repo).check(old: old, new: new)
            guard !problems.isEmpty else { continue }
            for d in problems { report(d) }
            findings += problems.count
            rejected.append(ref)
        }
        return (rejected, findings)
    }
}
