import FFWorkspace
import FailForward
import Foundation
import TestSupport
import Testing

/// The pre-receive check, fed the lines git gives the hook: `<old> <new> <ref>`.
@Suite struct PushCheckTests {
    let id = "k7q2m9x4"
    let zero = String(repeating: "0", count: 40)

    func receive(_ f: Fixture, _ lines: [String]) throws -> (rejected: [String], diagnostics: [Diagnostic]) {
        var pending = lines
        var diagnostics: [Diagnostic] = []
        let result = try PushCheck.receive(f.environment, readLine: { pending.isEmpty ? nil : pending.removeFirst() },
                                           report: { diagnostics.append($0) })
        #expect(result.findings == diagnostics.count)
        return (result.rejected, diagnostics)
    }

    @Test func aChangedLockedFieldIsRefusedAndANoteIsNot() throws {
        let f = try Fixture()
        let path = try f.addReady(id, "Weekly demo")
        try f.start(id)
        let started = try f.git("rev-parse", "HEAD")
        try f.note(id, "A reply.")
        let noted = try f.git("rev-parse", "HEAD")
        #expect(try receive(f, ["\(started) \(noted) refs/heads/main"]).rejected == [])
        #expect(try receive(f, ["\(zero) \(noted) refs/heads/new"]).rejected == [])

        try f.dir.write(path, try f.dir.read(path).replacingOccurrences(of: "2 of 3 sponsors ask for a follow-up", with: "1 of 3 sponsors asks"))
        try f.git("commit", "-q", "--no-verify", "-am", "Lower the bar")
        let lowered = try f.git("rev-parse", "HEAD")
        let r = try receive(f, ["\(noted) \(zero) refs/heads/gone", "\(noted) \(lowered) refs/tags/v1",
                                "\(noted) \(lowered) refs/heads/main"])
        #expect(r.rejected == ["refs/heads/main"])
        #expect(!r.diagnostics.isEmpty)
        #expect(r.diagnostics.allSatisfy { $0.path == path && $0.severity == .error })
        #expect(r.diagnostics.contains { $0.message.contains(id) && $0.message.hasSuffix(PushCheck.pushAgain) })
    }

    @Test func aDeletedStartedExperimentIsRefused() throws {
        let f = try Fixture()
        let path = try f.addReady(id, "Weekly demo")
        try f.start(id)
        let started = try f.git("rev-parse", "HEAD")
        try f.git("rm", "-q", path)
        try f.git("commit", "-q", "--no-verify", "-m", "Remove it")
        let removed = try f.git("rev-parse", "HEAD")
        let r = try receive(f, ["\(started) \(removed) refs/heads/main"])
        #expect(r.rejected == ["refs/heads/main"])
        #expect(r.diagnostics.contains { $0.severity == .error && $0.message.contains(id) })
    }
}
