import Foundation
import TestSupport
import Testing

/// The built binary: streams, exit codes, and no progress when stderr is not a terminal.
@Suite struct TimelineProcessTests {
    @Test func theBinaryPrintsOnlyTheDocumentAndExitsLikeTheOtherCommands() throws {
        let ff = ffExecutable()
        let dir = TempDir("ff-timeline-proc"), home = TempDir("ff-timeline-proc-home")
        let env = isolatedEnvironment(home: home.path)
        #expect(try run(ff, ["init"], in: dir.path, environment: env).status == 0)
        #expect(try run(ff, ["new", "Bare one"], in: dir.path, environment: env).status == 0)
        let json = try run(ff, ["timeline", "--format", "json"], in: dir.path, environment: env)
        #expect(json.status == 0 && json.stderr == "")
        let root = try JSONSerialization.jsonObject(with: Data(json.stdout.utf8)) as! [String: Any]
        #expect((root["events"] as! [[String: Any]]).map { $0["kind"] as? String } == ["created"])
        let help = try run(ff, ["--help"], environment: env)
        for cmd in ["timeline", "stats", "digest"] { #expect(help.stdout.contains("  \(cmd) "), "\(cmd) missing from --help") }
        let usage = try run(ff, ["timeline", "--format", "pdf"], in: dir.path, environment: env)
        #expect(usage.status == 64 && usage.stdout == "")
        let error = try run(ff, ["digest", "nowhere..HEAD"], in: dir.path, environment: env)
        #expect(error.status == 1)
        #expect(error.stderr == "ff: 'nowhere' does not name a commit\n")
        let outside = TempDir("ff-timeline-nowhere")
        let none = try run(ff, ["stats"], in: outside.path, environment: env.merging(["GIT_CEILING_DIRECTORIES": outside.path]) { $1 })
        #expect(none.status == 1 && none.stderr.hasPrefix("ff: not a git repository"))
    }
}
