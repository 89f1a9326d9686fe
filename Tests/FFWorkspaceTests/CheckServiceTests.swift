import FFWorkspace
import FailForward
import Foundation
import TestSupport
import Testing

/// `ff check`'s work without the command line: the working tree's files, or what is staged.
@Suite struct CheckServiceTests {
    let broken = "experiments/2026-11/b4db4db4-broken.yaml"
    let brokenText = "ff: 1\nid: b4db4db4\ntitle: Broken\nstatus: sideways\n"
    /// Where the bad value is: the line of `status:`, the column after it.
    var badValue: (line: Int, column: Int) {
        let lines = brokenText.split(separator: "\n")
        return ((lines.firstIndex { $0.hasPrefix("status: ") } ?? -1) + 1, "status: ".count + 1)
    }

    @Test func anErrorInABrokenFileIsFoundAtItsLine() throws {
        let f = try Fixture()
        let good = try f.addReady("k7q2m9x4", "Weekly demo")
        let ws = try f.open()
        let clean = try CheckService(ws: ws).run(paths: [], staged: false)
        #expect(clean.diagnostics.filter { $0.severity == .error } == [])
        #expect(clean.files == 1)

        try f.dir.write(broken, brokenText)
        let report = try CheckService(ws: ws).run(paths: [], staged: false)
        let errors = report.diagnostics.filter { $0.severity == .error }
        #expect(errors.count == 1)
        #expect(errors.first?.path == broken && errors.first?.line == badValue.line && errors.first?.column == badValue.column)
        #expect(errors.first?.message.contains("'sideways'") == true)
        #expect(report.files == 2)
        // Only the file asked for.
        #expect(try CheckService(ws: ws).run(paths: [good], staged: false).diagnostics.filter { $0.severity == .error } == [])
    }

    @Test func theStagedVersionIsWhatAStagedCheckReads() throws {
        let f = try Fixture()
        try f.addReady("k7q2m9x4", "Weekly demo")
        try f.dir.write(broken, brokenText)
        // Not staged: nothing of ff's is about to be committed.
        #expect(try CheckService(ws: f.open()).run(paths: [], staged: true).diagnostics == [])
        try f.git("add", broken)
        #expect(try f.git("diff", "--cached", "--name-only") == broken)
        // A workspace reads the index as it is when opened, as each hook run opens its own.
        let staged = try CheckService(ws: f.open()).run(paths: [], staged: true)
        #expect(staged.diagnostics.filter { $0.severity == .error }.map(\.path) == [broken])
        // The staged version counts, not the working tree's.
        try f.dir.write(broken, Fixture.ready("b4db4db4", "Broken"))
        #expect(try CheckService(ws: f.open()).run(paths: [], staged: true).diagnostics.filter { $0.severity == .error }.map(\.path) == [broken])
    }
}
