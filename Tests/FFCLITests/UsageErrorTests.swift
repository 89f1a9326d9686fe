import CLIHarness
@testable import FFCLI
import Foundation
import TestSupport
import Testing

/// Usage errors read like the rest of ff's errors: `ff: what, what to do` first, then the
/// usage of the subcommand concerned, exit 64; a near miss gets a "did you mean".
@Suite struct UsageErrorTests {
    @Test(arguments: [
        (["shwo"], "ff: 'shwo' is not an ff command; did you mean show? (ff --help lists them)\nUsage: ff <subcommand>\n"),
        (["help", "bogus"], "ff: 'bogus' is not an ff command (ff --help lists them)\nUsage: ff <subcommand>\n"),
        (["hooks", "instal"], "ff: 'instal' is not an ff hooks command; did you mean install? (ff hooks --help lists them)\nUsage: ff hooks <subcommand>\n"),
        (["new"], "ff: give a title: ff new \"<title>\"\nUsage: ff new [<options>] [<title>]\n"),
        (["list", "--jsn"], "ff: unknown option '--jsn'; did you mean --json?\nUsage: ff list [-C <path> ...] [--status <status> ...] [--overdue] [--tag <tag> ...] [--owner <text>] [--all-branches] [--format <format>] [--json]\n"),
        (["note", "abcd"], "ff: missing expected argument '<text>'\nUsage: ff note [-C <path> ...] [--no-verify] [--here] <ref> <text>\n"),
    ])
    func usageErrorsAreOneFFLineThenTheUsage(args: [String], expected: String) throws {
        let h = try Harness()
        let r = h.ff(args)
        #expect(r.code == 64)
        #expect(r.out == "")
        #expect(r.err == expected)
    }

    @Test func concludeWithoutAnOutcomeShowsConcludesUsage() throws {
        let h = try Harness()
        let id = h.newReady()
        #expect(h.ff("start", id).code == 0)
        let r = h.ff("conclude", id)
        #expect(r.code == 64)
        #expect(r.err == "ff: give --outcome validated, disproved or inconclusive\nUsage: ff conclude [<options>] <ref>\n")
    }

    @Test func helpForACommandIsStillHelp() throws {
        let h = try Harness()
        let r = h.ff("help", "note")
        #expect(r.code == 0)
        #expect(r.out.hasPrefix("OVERVIEW: Record an observation on a running experiment.\n"))
    }

    /// The built binary, as a user runs it: the same text on stderr, nothing on stdout.
    @Test func theBinaryReportsUsageErrorsTheSameWay() throws {
        let dir = TempDir("ff-usage"), home = TempDir("ff-usage-home")
        let r = try run(ffExecutable(), ["shwo"], in: dir.path, environment: isolatedEnvironment(home: home.path, extra: ["NO_COLOR": "1"]))
        #expect(r.status == 64)
        #expect(r.stdout == "")
        #expect(r.stderr == "ff: 'shwo' is not an ff command; did you mean show? (ff --help lists them)\nUsage: ff <subcommand>\n")
    }

    @Test(arguments: [("shwo", "show", 1), ("show", "show", 0), ("sohw", "show", 1), ("conclued", "conclude", 1), ("shwo", "list", 4), ("", "new", 3)])
    func editDistance(a: String, b: String, d: Int) {
        #expect(Suggestion.distance(a, b) == d)
    }
}
