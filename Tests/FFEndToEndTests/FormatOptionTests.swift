import CLIHarness
import Foundation
import TestSupport
import Testing

/// Every command that prints data takes `--json` and `--format json`, the same way.
@Suite struct FormatOptionTests {
    let ff = ffExecutable()

    @Test func jsonAndFormatJSONAreOneThingOnEveryDataCommand() throws {
        let h = try Harness()
        let id = h.newReady()
        #expect(h.ff("start", id).code == 0)
        let done = h.newReady("Concluded one")
        h.ff("start", done)
        #expect(h.ff("conclude", done, "--outcome", "validated", "--returned", "It worked.", "--met", "s1", "--not-met", "f1").code == 0)
        var env = h.env
        env["NO_COLOR"] = "1"
        func ff(_ args: [String]) throws -> ProcessResult { try run(self.ff, args, in: h.dir.path, environment: env) }
        let commands: [[String]] = [["status"], ["list"], ["show", id], ["log", id], ["stats"], ["timeline"], ["debrief", done]]
        for command in commands {
            let json = try ff(command + ["--json"])
            let format = try ff(command + ["--format", "json"])
            let both = try ff(command + ["--json", "--format", "json"])
            #expect(json.status == 0, "\(command) --json: \(json.stderr)")
            #expect(format.status == 0, "\(command) --format json: \(format.stderr)")
            #expect(both.status == 0, "\(command) --json --format json: \(both.stderr)")
            #expect(format.stdout == json.stdout && both.stdout == json.stdout, "\(command)")
            #expect((try? JSONSerialization.jsonObject(with: Data(json.stdout.utf8))) != nil, "\(command): \(json.stdout.prefix(200))")
            // Two different formats asked for is a usage error, naming both.
            let standard = command[0] == "debrief" ? "markdown" : "text"
            let clash = try ff(command + ["--json", "--format", standard])
            #expect(clash.status == 64, "\(command)")
            #expect(clash.stdout == "")
            #expect(clash.stderr.contains("--json and --format \(standard) ask for different formats: give one of them"), "\(clash.stderr)")
            // Without either, the command prints what it always printed.
            #expect(try ff(command).stdout == ff(command + ["--format", standard]).stdout, "\(command)")
        }
        // The timeline's other formats are unchanged.
        #expect(try ff(["timeline", "--format", "markdown"]).stdout.hasPrefix("# Learning timeline"))
    }
}
