import CLIHarness
import Foundation
import TestSupport
import Testing

/// Huge, negative and odd numbers, from a file that arrived with a commit and from flags: a
/// clear error that names the place and the range, never a crash.
@Suite struct NumberInputTests {
    static let extremes = ["9223372036854775807", "-9223372036854775808", "9223372036854775808", "106751991167300",
                           "1e308", "-1e308", "-0", "0", "-1", "1", "0.5", "36500", "36501", String(repeating: "9", count: 400)]

    /// `timebox.days` committed with plain git (as a `git pull` brings it, where no hook runs).
    @Test func aTimeboxOutOfRangeInAFileIsAnErrorAtItsPlace() throws {
        let h = try Harness()
        let id = h.newReady()
        #expect(h.ff("start", id).code == 0)
        let path = try h.path(of: id)
        let original = try h.dir.read(path)
        let lines = original.split(separator: "\n", omittingEmptySubsequences: false)
        let line = try #require(lines.firstIndex { $0.hasPrefix("  days: ") }) + 1
        for value in Self.extremes where !(Int(value).map { (1...36_500).contains($0) } ?? false) {
            let text = lines.map { $0.hasPrefix("  days: ") ? "  days: \(value)" : String($0) }.joined(separator: "\n")
            try h.dir.write(path, text)
            try h.git("commit", "-q", "--no-verify", "-am", "days: \(value)")
            let problem = "\(path):\(line):9: timebox.days must be a whole number of days from 1 to 36500, found '\(value.prefix(60))'"
            for command in [["list"], ["list", "--json"], ["status"], ["status", "--json"]] {
                let r = h.ff(command)
                #expect(r.code == 0, "\(command) \(value): \(r.err)")
                #expect(r.err == "ff: warning: skipped \(problem)\n", "\(command) \(value)")
            }
            for command in [["show", id], ["show", id, "--json"], ["log", id], ["note", id, "x"]] {
                let r = h.ff(command)
                #expect(r.code == 1, "\(command) \(value)")
                #expect(r.err == "ff: \(problem)\n", "\(command) \(value): \(r.err)")
            }
            let check = h.ff("check")
            #expect(check.code == 1)
            #expect(check.out.contains("\(path):\(line):9: error: timebox.days must be a whole number of days from 1 to 36500, found '\(value.prefix(60))'\n"),
                    "\(value): \(check.out)")
            for command in [["timeline"], ["timeline", "--format", "html"], ["timeline", "--format", "mermaid"], ["stats"], ["digest"]] {
                #expect(h.ff(command).code == 0, "\(command) \(value)")
            }
        }
        #expect(try h.git("status", "--porcelain") == "")
    }

    /// A commit dated at the end of 64 bits of seconds (a forged object, as a fetch can
    /// bring): shown at the last time the files can write, never a trap.
    @Test func aCommitAtTheEndOfTimeIsShownAtTheLastDay() throws {
        let h = try Harness()
        let id = h.newReady()
        #expect(h.ff("start", id).code == 0)
        let path = try h.path(of: id)
        try h.dir.write(path, try h.dir.read(path) + "observations:\n  - at: 2026-11-28T11:00:00Z\n    text: by hand\n")
        try h.git("commit", "-q", "--no-verify", "-am", "a note by hand")
        let forged = try h.git("cat-file", "commit", "HEAD").split(separator: "\n", omittingEmptySubsequences: false).map { line in
            guard line.hasPrefix("author ") || line.hasPrefix("committer ") else { return String(line) }
            var parts = line.split(separator: " ").map(String.init)
            parts[parts.count - 2] = "9223372036854775807"
            return parts.joined(separator: " ")
        }.joined(separator: "\n") + "\n"
        let commit = try h.git("hash-object", "-t", "commit", "-w", "--literally", "--stdin", stdin: forged)
        try h.git("update-ref", "HEAD", commit)
        let log = h.ff("log", id)
        #expect(log.code == 0, "\(log.err)")
        #expect(log.out.hasPrefix("\(commit.prefix(7)) 9999-12-31 Ana Lima  by hand  a note by hand\n"), "\(log.out)")
        let timeline = h.ff("timeline", "--format", "json")
        #expect(timeline.code == 0, "\(timeline.err)")
        #expect(timeline.out.contains("\"9999-12-31T23:59:59Z\""))
        for command in [["timeline"], ["timeline", "--format", "html"], ["timeline", "--format", "mermaid"], ["timeline", "--format", "markdown"],
                        ["stats"], ["digest"], ["check"], ["show", id], ["show", id, "--diff"], ["debrief", id], ["list"], ["status"]] {
            let r = h.ff(command)
            #expect(r.code == 0 || r.code == 1, "\(command): \(r.err)")
        }
    }

    @Test func aConfigWithHugeBoundsIsAnErrorAtItsPlace() throws {
        let h = try Harness()
        try h.dir.write(".ff/config.yaml", "experiments: experiments\ntimebox: {min_days: 7, max_days: 9223372036854775807}\n")
        let r = h.ff("list")
        #expect(r.code == 1)
        #expect(r.err == "ff: .ff/config.yaml:2:34: timebox.max_days must be a whole number of days from 1 to 36500\n", "\(r.err)")
    }

    /// Every numeric flag, with every extreme value: in range it works, out of range it is a
    /// usage error naming the flag and the range; nothing is committed by a refused one.
    @Test func numericFlagsAreRangeChecked() throws {
        let h = try Harness()
        let id = h.newReady()
        #expect(h.ff("start", id).code == 0)
        #expect(h.ff("review", id, "--comment", "a first note").code == 0)
        let days = "must be a whole number of days from 1 to 36500"
        let span = "a span goes back at most 36500 days (5214w, 876000h)"
        let flags: [(args: (String) -> [String], accepts: (String) -> Bool, error: (String) -> String)] = [
            ({ ["new", "T", "--days", $0] }, { Int($0).map { (1...36_500).contains($0) } ?? false },
             { "ff: the value '\($0)' is invalid for '--days <days>': \(days)" }),
            ({ ["edit", id, "--days", $0] }, { Int($0).map { (1...36_500).contains($0) } ?? false },
             { "ff: the value '\($0)' is invalid for '--days <days>': \(days)" }),
            ({ ["new", "T", "--prediction", "validated", "--confidence", $0] }, { Double($0).map { (0...1).contains($0) } ?? false },
             { "ff: the value '\($0)' is invalid for '--confidence <p>': must be a number from 0 to 1" }),
            ({ ["review", id, "--comment", "c", "--line", $0] }, { Int($0).map { $0 >= 1 } ?? false },
             { "ff: the value '\($0)' is invalid for '--line <n>': must be a whole number, 1 or more" }),
            ({ ["review", id, "--resolve", $0] }, { Int($0).map { $0 >= 1 } ?? false },
             { "ff: the value '\($0)' is invalid for '--resolve <n>': must be a whole number, 1 or more" }),
            ({ ["timeline", "--since", $0 + "d"] }, { Self.span($0, 36_500) },
             { "ff: --since: '\($0)d' is " + (Self.digits($0) ? "out of range: \(span)" : "not a date (2026-11-01), a time or a span like 30d") }),
            ({ ["timeline", "--until", $0 + "d"] }, { Self.span($0, 36_500) },
             { "ff: --until: '\($0)d' is " + (Self.digits($0) ? "out of range: \(span)" : "not a date (2026-11-01), a time or a span like 30d") }),
            ({ ["digest", "--since", $0 + "d"] }, { Self.span($0, 36_500) },
             { "ff: --since: '\($0)d' is " + (Self.digits($0) ? "out of range: \(span)" : "not a date (2026-11-01), a time or a span like 30d") }),
            ({ ["digest", "--until", $0 + "h"] }, { Self.span($0, 876_000) },
             { "ff: --until: '\($0)h' is " + (Self.digits($0) ? "out of range: \(span)" : "not a date (2026-11-01), a time or a span like 30d") }),
        ]
        for flag in flags {
            for value in Self.extremes {
                let before = try h.git("rev-list", "--count", "HEAD")
                let args = flag.args(value)
                let r = h.ff(args)
                if flag.accepts(value) {
                    #expect(r.code != 64, "\(args): \(r.err)")
                } else {
                    #expect(r.code == 64, "\(args): \(r.out) \(r.err)")
                    #expect(r.err.hasPrefix(flag.error(value) + "\n"), "\(args): \(r.err)")
                    #expect(try h.git("rev-list", "--count", "HEAD") == before, "\(args)")
                }
            }
        }
        try h.git("fsck", "--strict")
    }

    static func digits(_ s: String) -> Bool { !s.isEmpty && s.allSatisfy { $0.isASCII && $0.isNumber } }
    /// A span in the unit's range: digits only (`-0d` and `1e308d` are not spans).
    static func span(_ s: String, _ limit: Int) -> Bool { digits(s) && (Int(s).map { $0 <= limit } ?? false) }
}
