import CLIHarness
@testable import FFCLI
import FFGit
import FailForward
import Foundation
import TestSupport
import Testing

/// Every error reaches the user as one `ff: ` line, and the core's and the adapter's errors
/// say only the facts: the command line's table adds the flags and commands that help.
@Suite struct ErrorReportTests {
    /// A folder that vanishes while ff commits (a hook replaces it with a file), so that the
    /// signing program's scratch file cannot be written: an `ff: ` line that names it.
    @Test func aSigningFolderThatCannotBeMadeIsAnFFLine() throws {
        let h = try Harness()
        let id = h.newReady()
        let tools = TempDir("ff-sign-scratch")
        try tools.write("gpg", fakeGPG(marker: tools.file("ran")))
        chmod(tools.file("gpg"), 0o755)
        try h.git("config", "commit.gpgsign", "true")
        try h.git("config", "gpg.program", tools.file("gpg"))
        try h.dir.write(".git/hooks/pre-commit", "#!/bin/sh\nrm -rf .git/ff && echo 'not a folder' > .git/ff\n")
        chmod(h.dir.file(".git/hooks/pre-commit"), 0o755)
        let head = try h.git("rev-parse", "HEAD")
        let r = h.ff("start", id)
        #expect(r.code == 1)
        let folder = try h.git("rev-parse", "--absolute-git-dir") + "/ff"
        let lines = r.err.split(separator: "\n", omittingEmptySubsequences: false)
        #expect(!r.err.contains("Error: "), "\(r.err)")
        #expect(lines.contains("ff: cannot sign the commit: cannot create \(folder) for the signing program: File exists; nothing was committed"), "\(r.err)")
        #expect(try h.git("rev-parse", "HEAD") == head)
        #expect(!FileManager.default.fileExists(atPath: tools.file("ran")))
    }

    /// The errors whose line names a flag or an ff command: their descriptions (what a
    /// library user gets) state the fact, and the line ff prints is the fact with the hint.
    static let withHints: [any Error] = [
        LifecycleError.invalidTransition(id: "k7q2m9x4", action: .note, status: .abandoned),
        LifecycleError.notReady(id: "k7q2m9x4", missing: ["a stakeholder"]),
        LifecycleError.emptyText(what: "what the experiment returned", field: .returned),
        LifecycleError.emptyText(what: "the reason", field: .reason),
        LifecycleError.timeboxOutOfBounds(days: 45, bounds: 7...30),
        LifecycleError.lockedFieldsChanged(id: "k7q2m9x4", fields: ["signals"]),
        LifecycleError.nothingLockedChanged(id: "k7q2m9x4"),
        ReviewError.noSuchNote(id: "k7q2m9x4", number: 3, count: 1),
        ReviewError.lineOutOfRange(path: "experiments/2026-11/k7q2m9x4-x.yaml", line: 400, lines: 22),
        ReviewError.notConcluded(id: "k7q2m9x4", status: .draft),
        HookError.failed(hook: "pre-commit", status: 1),
    ]

    @Test(arguments: withHints.indices)
    func descriptionsStateFactsAndTheLineAddsTheHint(_ i: Int) throws {
        let error = Self.withHints[i]
        let fact = String(describing: error)
        #expect(!fact.contains("--"), "\(fact)")
        let commands = FFCommand.configuration.subcommands.map { "ff " + ($0.configuration.commandName ?? $0._commandName) }
        #expect(!commands.contains { fact.contains($0) }, "\(fact)")
        let line = try #require(ErrorReport.message(for: error))
        #expect(line != fact)
        #expect(line.contains("--") || commands.contains { line.contains($0) }, "\(line)")
    }

    /// A blank prose field names the flag that gives it, as ff said before the core stopped
    /// naming flags; the core says which field it is.
    @Test func blankProseNamesItsFlag() throws {
        let returned = LifecycleError.emptyText(what: "what the experiment returned", field: .returned)
        #expect(returned.description == "what the experiment returned is empty")
        #expect(ErrorReport.message(for: returned) == "what the experiment returned (--returned) is empty")
        #expect(ErrorReport.message(for: LifecycleError.emptyText(what: "the reason", field: .reason)) == "the reason (--reason) is empty")
        #expect(ErrorReport.message(for: LifecycleError.emptyText(what: "the reason")) == "the reason is empty")
    }
}
