import ArgumentParser
import FFWorkspace
import FailForward

/// Where a document goes: stdout (also for `-o -`), or a file written atomically with `-o`.
struct DocumentOutput: ParsableArguments {
    @Option(name: [.customShort("o"), .customLong("output")], help: ArgumentHelp("Write to this file (atomically) instead of stdout; - is stdout. Only a regular file outside .git is replaced.", valueName: "file"))
    var file: String?

    /// Whether the document goes to stdout (and may be coloured for a terminal).
    var toStandardOutput: Bool { file == nil || file == "-" }

    /// Checks the `-o` path before any work, so that a refused one costs nothing.
    func target(_ ws: Workspace) throws -> OutputPath.Target {
        guard let file else { return .standardOutput }
        return try ws.outputTarget(file)
    }

    /// Writes what `produce` hands its sink, piece by piece; with `-o`, says where on stdout
    /// (on stderr with `sayingOnStandardError`, for output meant for other programs: then
    /// stdout stays empty).
    func emit(to target: OutputPath.Target, in ctx: Context, what: String, sayingOnStandardError: Bool = false,
              _ produce: (([UInt8]) -> Void) -> Void) throws {
        guard case let .file(path) = target else {
            produce { ctx.console.write($0) }
            return
        }
        let out = try AtomicFile(path, keepingModeOf: path)
        produce { out.write($0) }
        try out.commit()
        let said = "Wrote \(what) to \(SafeText.line(file ?? path))\n"
        if sayingOnStandardError { ctx.console.err(said) } else { ctx.console.out(said) }
    }
}
