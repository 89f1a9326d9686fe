import CLIHarness
import FailForward
import Foundation
import TestSupport
import Testing

/// Tables and lists fitted to the terminal: the built binary at fixed `COLUMNS` (and
/// `NO_COLOR`), its whole output pinned. Titles are cut with `…` between characters, wide
/// characters count two columns, ids are never cut; piped without `COLUMNS`, nothing is cut.
@Suite struct TerminalWidthTests {
    let ff = ffExecutable()

    struct Fixture {
        let h: Harness
        let weekly: String, plain: String, cjk: String, overdue: String, cafe: String, gone: String, ready: String
        /// Each experiment's creation day: the binary runs on the real clock, so the repository
        /// is made around it (a minute apart, and 20 days back for the overdue one).
        let created: [String: String]
    }

    /// Seven experiments in every state, with long, wide (CJK), emoji and combining titles.
    static func fixture() throws -> Fixture {
        let h = try Harness()
        let now = Timestamp.wholeSeconds(Date())
        var created: [String: String] = [:]
        var minute = -20.0
        func next(_ back: TimeInterval = 0) {
            let t = now.addingTimeInterval(minute * 60 - back)
            minute += 1
            h.at(Timestamp.format(t))
        }
        func made(_ id: String) -> String {
            created[id] = Timestamp.day(h.now)
            return id
        }
        next(20 * 86_400)
        let overdue = made(h.newReady("Paired on-call for a new engineer's first rotation"))
        #expect(h.ff("start", overdue).code == 0)
        h.env["GIT_AUTHOR_NAME"] = "Priya Shah"
        next()
        let weekly = made(h.newReady("Weekly one-page written update to sponsors instead of a live demo"))
        h.ff("start", weekly)
        h.ff("conclude", weekly, "--outcome", "validated", "--returned", "Two of three asked.", "--met", "s1", "--not-met", "f1",
             "--next", "Try it monthly.")
        next()
        let plain = made(h.newReady("Plain-text onboarding email on day 2"))
        h.ff("start", plain)
        h.ff("conclude", plain, "--outcome", "inconclusive", "--returned", "Too few sign-ups.", "--not-measured", "s1", "--not-measured", "f1")
        h.env["GIT_AUTHOR_NAME"] = "Tom Becker"
        next()
        let cjk = made(h.newReady("週次デモをスポンサーに見せる実験の第二回目を行う"))
        #expect(h.ff("start", cjk).code == 0)
        next()
        // "déjà" with combining accents: a cut never separates a letter from its accent.
        #expect(h.ff("new", "Cafe\u{301} 🚀 de\u{301}ja\u{300} vu: release notes inside the product instead of by email").code == 0)
        let cafe = made(h.lastID())
        h.env["GIT_AUTHOR_NAME"] = "Ana Lima"
        next()
        let gone = made(h.newReady("Recorded walkthrough"))
        h.ff("abandon", gone, "--reason", "The team moved.")
        next()
        let ready = made(h.newReady("Monthly 20-minute sponsor Q&A instead of the quarterly review"))
        return Fixture(h: h, weekly: weekly, plain: plain, cjk: cjk, overdue: overdue, cafe: cafe, gone: gone, ready: ready, created: created)
    }

    func expectOutput(_ f: Fixture, _ args: [String], columns: Int?, _ expected: String, sourceLocation: SourceLocation = #_sourceLocation) throws {
        let out = try ff(f, args, columns: columns)
        #expect(out == expected, "ff \(args.joined(separator: " ")) at \(columns.map(String.init) ?? "no limit") printed:\n\(out)",
                sourceLocation: sourceLocation)
    }

    func ff(_ f: Fixture, _ args: [String], columns: Int?) throws -> String {
        var env = f.h.env
        env["NO_COLOR"] = "1"
        env["COLUMNS"] = columns.map(String.init)
        let r = try run(ff, args, in: f.h.dir.path, environment: env)
        #expect(r.status == 0, "\(args): \(r.stderr)")
        #expect(r.stderr == "", "\(args)")
        return r.stdout
    }

    @Test func listFitsSixtyEightyAndOneHundredTwentyColumns() throws {
        let f = try Self.fixture()
        let (o, w, p, c, e, g, r) = (f.overdue, f.weekly, f.plain, f.cjk, f.cafe, f.gone, f.ready)
        let d = f.created
        // 60: the creation date and the owner are left out; the title has the rest.
        try expectOutput(f, ["list"], columns: 60, """
        ID        STATUS     PROGRESS      TITLE
        \(o)  running    6d over       Paired on-call for a new…
        \(w)  concluded  validated     Weekly one-page written…
        \(p)  concluded  inconclusive  Plain-text onboarding em…
        \(c)  running    14d left      週次デモをスポンサーに見…
        \(e)  draft                    Café 🚀 déjà vu: release…
        \(g)  abandoned                Recorded walkthrough
        \(r)  draft                    Monthly 20-minute sponso…

        """)
        // 80: the owner comes back, whole; the date still does not fit.
        try expectOutput(f, ["list"], columns: 80, """
        ID        STATUS     PROGRESS      TITLE                              OWNER
        \(o)  running    6d over       Paired on-call for a new enginee…  Ana Lima
        \(w)  concluded  validated     Weekly one-page written update t…  Priya Shah
        \(p)  concluded  inconclusive  Plain-text onboarding email on d…  Priya Shah
        \(c)  running    14d left      週次デモをスポンサーに見せる実験…  Tom Becker
        \(e)  draft                    Café 🚀 déjà vu: release notes i…  Tom Becker
        \(g)  abandoned                Recorded walkthrough               Ana Lima
        \(r)  draft                    Monthly 20-minute sponsor Q&A in…  Ana Lima

        """)
        try expectOutput(f, ["list"], columns: 120, """
        ID        STATUS     CREATED     PROGRESS      TITLE                                                          OWNER
        \(o)  running    \(d[o]!)  6d over       Paired on-call for a new engineer's first rotation             Ana Lima
        \(w)  concluded  \(d[w]!)  validated     Weekly one-page written update to sponsors instead of a live…  Priya Shah
        \(p)  concluded  \(d[p]!)  inconclusive  Plain-text onboarding email on day 2                           Priya Shah
        \(c)  running    \(d[c]!)  14d left      週次デモをスポンサーに見せる実験の第二回目を行う               Tom Becker
        \(e)  draft      \(d[e]!)                Café 🚀 déjà vu: release notes inside the product instead of…  Tom Becker
        \(g)  abandoned  \(d[g]!)                Recorded walkthrough                                           Ana Lima
        \(r)  draft      \(d[r]!)                Monthly 20-minute sponsor Q&A instead of the quarterly review  Ana Lima

        """)
        // Piped without COLUMNS: every title whole.
        let piped = try ff(f, ["list"], columns: nil)
        #expect(piped.contains("  Weekly one-page written update to sponsors instead of a live demo      Priya Shah\n"))
        #expect(piped.contains("Café 🚀 déjà vu: release notes inside the product instead of by email"))
    }

    @Test func statusFitsSixtyEightyAndOneHundredTwentyColumns() throws {
        let f = try Self.fixture()
        let (o, p, c, e, r) = (f.overdue, f.plain, f.cjk, f.cafe, f.ready)
        try expectOutput(f, ["status"], columns: 60, """
        Running (1)
          \(c)  週次デモをスポンサーに見せる実…  ·  14 days left

        Overdue (1)
          \(o)  Paired on-call for a new engineer's first rotat…
                    6 days over: ff conclude \(o)

        Drafts (2)
          \(r)  Monthly 20-minute sponsor Q&A instead of the qu…
                    ready: ff start \(r)
          \(e)  Café 🚀 déjà vu: release notes inside the produ…
                    missing hypothesis, a success signal,
                    a failure signal, a data plan,
                    reversibility (reversible: true or false),
                    a rollback plan, a stakeholder, a timebox (days)

        Concluded without a next test (1)
          \(p)  Plain-text onboarding email on day 2
                    publish one: ff new --follows \(p)

        2 drafts, 2 running, 2 concluded, 1 abandoned

        """)
        try expectOutput(f, ["status"], columns: 80, """
        Running (1)
          \(c)  週次デモをスポンサーに見せる実験の第二回目を行う  ·  14 days left

        Overdue (1)
          \(o)  Paired on-call for a new engi…  ·  6 days over: ff conclude \(o)

        Drafts (2)
          \(r)  Monthly 20-minute sponsor Q&A instead…  ·  ready: ff start \(r)
          \(e)  Café 🚀 déjà vu: release notes inside the product instead of by ema…
                    missing hypothesis, a success signal, a failure signal, a data plan,
                    reversibility (reversible: true or false), a rollback plan,
                    a stakeholder, a timebox (days)

        Concluded without a next test (1)
          \(p)  Plain-text onboarding em…  ·  publish one: ff new --follows \(p)

        2 drafts, 2 running, 2 concluded, 1 abandoned

        """)
        try expectOutput(f, ["status"], columns: 120, """
        Running (1)
          \(c)  週次デモをスポンサーに見せる実験の第二回目を行う  ·  14 days left

        Overdue (1)
          \(o)  Paired on-call for a new engineer's first rotation  ·  6 days over: ff conclude \(o)

        Drafts (2)
          \(r)  Monthly 20-minute sponsor Q&A instead of the quarterly review  ·  ready: ff start \(r)
          \(e)  Café 🚀 déjà vu: release notes inside the product instead of by email
                    missing hypothesis, a success signal, a failure signal, a data plan,
                    reversibility (reversible: true or false), a rollback plan, a stakeholder, a timebox (days)

        Concluded without a next test (1)
          \(p)  Plain-text onboarding email on day 2  ·  publish one: ff new --follows \(p)

        2 drafts, 2 running, 2 concluded, 1 abandoned

        """)
        // Piped without COLUMNS: one line each, as before.
        #expect(try ff(f, ["status"], columns: nil).contains("  \(e)  Café 🚀 déjà vu: release notes inside the product instead of by email  ·  missing hypothesis, a success signal, a failure signal, a data plan, reversibility (reversible: true or false), a rollback plan, a stakeholder, a timebox (days)\n"))
    }

    /// Columns on a terminal, counted apart from ff's own table, for the characters the
    /// fixture uses: CJK and emoji two, combining accents none (a Character holds them).
    static func columns(_ s: String) -> Int {
        s.reduce(0) { n, c in
            let v = c.unicodeScalars.first!.value
            let wide = (0x2E80...0xA4CF).contains(v) || (0xAC00...0xD7A3).contains(v) || (0xFF00...0xFF60).contains(v)
                || (0x1F300...0x1F64F).contains(v) || (0x1F680...0x1F6FF).contains(v)
            return n + (wide ? 2 : 1)
        }
    }

    @Test func timelineAndLogLinesFitAndNeverCutAnId() throws {
        let f = try Self.fixture()
        let ids = [f.weekly, f.plain, f.cjk, f.overdue, f.cafe, f.gone, f.ready]
        for width in [60, 80, 120] {
            let timeline = try ff(f, ["timeline"], columns: width)
            let log = try ff(f, ["log", f.cjk], columns: width)
            for line in (timeline + log).split(separator: "\n").map(String.init) {
                #expect(Self.columns(line) <= width, "\(width): \(line)")
            }
            // Every event names its experiment whole; the long titles are cut at \(width).
            let events = timeline.split(separator: "\n").filter { $0.hasPrefix("  ") && $0.dropFirst(2).first != " " }
            #expect(events.count >= 14)
            for e in events { #expect(ids.contains { e.contains(" \($0)  ") }, "\(e)") }
            #expect(timeline.contains("…"))
            #expect(log.split(separator: "\n").count == 2)
        }
        // Piped, the timeline keeps each title whole.
        #expect(try ff(f, ["timeline"], columns: nil).contains("  Weekly one-page written update to sponsors instead of a live demo  · Priya Shah\n"))
    }

    /// Without `COLUMNS`, on a terminal: the terminal's own width (a 70-column tmux pane).
    @Test(.enabled(if: TerminalEditorTests.hasTmux, "tmux (and bash) are not installed"))
    func aTerminalWithoutCOLUMNSIsMeasured() throws {
        let f = try Self.fixture()
        var env = f.h.env
        env["NO_COLOR"] = "1"
        let tty = try TerminalSession(environment: env)
        try tty.call("resize-window", "-x", "70", "-y", "40")
        let done = tty.tmp.file("done")
        let script = tty.tmp.file("list.sh")
        let exports = env.sorted { $0.key < $1.key }.map { "export \($0.key)=\(shellQuoted($0.value))" }
        try (["cd \(shellQuoted(f.h.dir.path)) || exit 1", "unset COLUMNS LINES"] + exports
             + ["clear", "\(shellQuoted(ff)) list", "touch \(shellQuoted(done))"]).joined(separator: "\n").appending("\n")
            .write(toFile: script, atomically: true, encoding: .utf8)
        try tty.call("send-keys", "-l", "bash \(shellQuoted(script))")
        try tty.call("send-keys", "Enter")
        try tty.waitUntil("ff list to finish") { FileManager.default.fileExists(atPath: done) }
        // Joined: a line the terminal had to wrap would show here whole, and too wide.
        let screen = try tty.call("capture-pane", "-p", "-J")
        let table = screen.split(separator: "\n").map(String.init).filter { $0.hasPrefix("ID ") || f.created.keys.contains(String($0.prefix(8))) }
        #expect(table.count == 8, "\(screen)")
        #expect(table.first == "ID        STATUS     PROGRESS      TITLE                      OWNER", "\(screen)")
        for line in table { #expect(Self.columns(line) <= 70, "\(line)") }
        #expect(table.contains("\(f.weekly)  concluded  validated     Weekly one-page written…   Priya S…"), "\(screen)")
    }
}
