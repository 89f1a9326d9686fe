import Foundation
import TestSupport
import Testing

/// The example in Examples/ListOutcomes uses the library alone (FFWorkspace and FailForward,
/// no command line): it lists a repository's experiments and their outcomes as JSON.
@Suite struct LibraryExampleTests {
    let ff = ffExecutable()

    @Test func theExampleListsExperimentsAndOutcomesAsJSON() throws {
        let example = (ff as NSString).deletingLastPathComponent + "/list-outcomes"
        try #require(FileManager.default.isExecutableFile(atPath: example), "the example was not built beside ff")
        let dir = TempDir("ff-example"), home = TempDir("ff-example-home")
        let env = isolatedEnvironment(home: home.path)
        let git = Git(dir.path, environment: env)
        #expect(try run(ff, ["init"], in: dir.path, environment: env).status == 0)
        #expect(try run(ff, ["new", "Shorter standup", "--hypothesis", "h", "--success", "s", "--failure", "f", "--data", "d: how",
                             "--days", "7", "--reversible", "--rollback", "r", "--stakeholder", "p"], in: dir.path, environment: env).status == 0)
        let id = try git("log", "-1", "--format=%(trailers:key=FF-Experiment,valueonly)").trimmingCharacters(in: .whitespacesAndNewlines)
        #expect(try run(ff, ["start", id], in: dir.path, environment: env).status == 0)
        #expect(try run(ff, ["conclude", id, "--outcome", "validated", "--returned", "Ten minutes saved.", "--next", "Keep it."],
                        in: dir.path, environment: env).status == 0)
        #expect(try run(ff, ["new", "A second draft"], in: dir.path, environment: env).status == 0)

        let out = try run(example, [dir.path], environment: env)
        #expect(out.status == 0, "\(out.stderr)")
        let rows = try #require(try JSONSerialization.jsonObject(with: Data(out.stdout.utf8)) as? [[String: Any]])
        #expect(rows.count == 2)
        let concluded = try #require(rows.first { $0["id"] as? String == id })
        #expect(concluded["status"] as? String == "concluded")
        #expect(concluded["outcome"] as? String == "validated")
        #expect(concluded["returned"] as? String == "Ten minutes saved.")
        #expect(rows.contains { $0["status"] as? String == "draft" && $0["outcome"] is NSNull })
        // Outside a repository: one line, exit 1, nothing on stdout.
        let outside = TempDir("ff-example-none")
        let none = try run(example, [outside.path], environment: env)
        #expect(none.status == 1 && none.stdout.isEmpty && none.stderr.hasPrefix("list-outcomes: not a git repository"), "\(none.stderr)")
    }
}
