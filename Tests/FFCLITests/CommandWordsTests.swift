import ArgumentParser
import CLIHarness
@testable import FFCLI
import FailForward
import Foundation
import TestSupport
import Testing

/// Text that begins with a dash is text, as in `git commit -m "- item"`; real options, `--`,
/// `-C`, `--help` and `-h` keep working; nothing a user types can crash ff.
@Suite struct DashTextTests {
    /// What ff prints after a commit: `[<branch> <short id>]`.
    func head(_ h: Harness) throws -> String { "[\(try h.git("branch", "--show-current")) \(try h.git("rev-parse", "--short=7", "HEAD"))]" }

    /// The observations of an experiment as `ff show --json` reads them back.
    func observations(_ h: Harness, _ id: String) throws -> [String] {
        let r = h.ff("show", id, "--json")
        let json = try JSONSerialization.jsonObject(with: Data(r.out.utf8)) as? [String: Any]
        return (json?["observations"] as? [[String: Any]] ?? []).compactMap { $0["text"] as? String }
    }

    func json(_ h: Harness, _ id: String) throws -> [String: Any] {
        try JSONSerialization.jsonObject(with: Data(h.ff("show", id, "--json").out.utf8)) as? [String: Any] ?? [:]
    }

    @Test func notesThatBeginWithADashAreRecordedAsWritten() throws {
        let h = try Harness()
        let id = h.newReady()
        #expect(h.ff("start", id).code == 0)
        let notes = ["- 3 of 4 said yes", "-> shipped", "-5% churn", "--version=1", "--version", "-help", "---", "-", "--no such flag",
                     "-h is what they typed"]
        for (n, text) in notes.enumerated() {
            let r = h.ff("note", id, text)
            #expect(r.code == 0, "\(text): \(r.err)")
            #expect(r.out == "Noted on \(id) (\(n + 1) observation\(n == 0 ? "" : "s"))  \(try head(h))\n", "\(text)")
            #expect(r.err == "", "\(text)")
        }
        #expect(try observations(h, id) == notes)
        // In the committed file, each exactly as written (quoted: a plain scalar cannot start so).
        let file = try h.git("show", "HEAD:" + h.path(of: id))
        let items = notes.map { "  - at: 2026-11-28T10:00:00Z\n    text: \"\($0)\"" }.joined(separator: "\n")
        #expect(file.hasSuffix("observations:\n" + items), "\(file)")
        // After --, even the words that are options here are text.
        for text in ["--help", "-h", "--no-verify", "-C"] {
            #expect(h.ff("note", id, "--", text).code == 0, "\(text)")
        }
        #expect(try observations(h, id).suffix(4) == ["--help", "-h", "--no-verify", "-C"])
        try h.git("fsck", "--strict")
        #expect(try h.git("status", "--porcelain") == "")
    }

    /// A value that begins with a combining mark or a zero-width joiner: recorded as written
    /// (joined to its option with `=`, it made one Character that argument-parser would not
    /// split, and the option was "unknown").
    @Test func valuesThatBeginWithACombiningMarkAreRecordedAsWritten() throws {
        let h = try Harness()
        let made = h.ff(["new", "Accents", "--success", "\u{301}x lands", "--tag", "\u{200D}team", "--hypothesis", "\u{301}If a then b."])
        #expect(made.code == 0, "\(made.err)")
        let id = h.lastID()
        let e = try json(h, id)
        #expect(e["tags"] as? [String] == ["\u{200D}team"])
        #expect(e["hypothesis"] as? String == "\u{301}If a then b.")
        #expect(((e["signals"] as? [String: Any])?["success"] as? [String]) == ["\u{301}x lands"], "\(e)")
    }

    @Test func titlesAndOptionValuesThatBeginWithADashAreRecordedAsWritten() throws {
        let h = try Harness()
        let r = h.ff("new", "- dash start")
        #expect(r.code == 0, "\(r.err)")
        let first = h.lastID()
        #expect(r.out.hasPrefix("Created \(first) - dash start (draft): experiments/2026-11/\(first)-dash-start.yaml  \(try head(h))\n"))
        #expect(try h.git("show", "HEAD:" + h.path(of: first)).contains("\ntitle: \"- dash start\"\n"))
        #expect(try json(h, first)["title"] as? String == "- dash start")

        let values = ["--hypothesis", "- looks like a list item", "--success", "-5% churn", "--success", "--help",
                      "--failure", "-h", "--data", "-x: -y", "--rollback", "--version", "--stakeholder", "-- Priya",
                      "--tag", "-t"]
        let made = h.ff(["new", "x", "--days", "14", "--reversible"] + values)
        #expect(made.code == 0, "\(made.err)")
        #expect(made.err == "")
        let id = h.lastID()
        #expect(try h.git("show", "HEAD:" + h.path(of: id)).hasSuffix("""
        tags: ["-t"]
        hypothesis: "- looks like a list item"
        reversible: true
        rollback: "--version"
        stakeholders:
          - "-- Priya"
        timebox:
          days: 14
        signals:
          success:
            - "-5% churn"
            - "--help"
          failure:
            - "-h"
        data:
          - what: "-x"
            how: "-y"
        """))
        let e = try json(h, id)
        #expect(e["hypothesis"] as? String == "- looks like a list item")
        #expect((e["signals"] as? [String: Any])?["success"] as? [String] == ["-5% churn", "--help"])

        // Every command's free text: edit, amend, conclude, abandon, review.
        #expect(h.ff("edit", id, "--title", "- renamed").code == 0)
        #expect(try json(h, id)["title"] as? String == "- renamed")
        #expect(h.ff("start", id).code == 0)
        #expect(h.ff("amend", id, "--reason", "-- a typo", "--hypothesis", "-- If a, then b.").code == 0)
        #expect(try json(h, id)["hypothesis"] as? String == "-- If a, then b.")
        #expect(h.ff("review", id, "--comment", "- nit: say which sponsors").code == 0)
        let c = h.ff("conclude", id, "--outcome", "validated", "--returned", "-2 points of churn", "--met", "-5% churn",
                     "--not-met", "-h", "--next", "--help", "--facts", "-", "--signal", "->", "--remediation", "--- none")
        #expect(c.code == 0, "\(c.err)")
        let done = try json(h, id)
        let conclusion = done["conclusion"] as? [String: Any] ?? [:]
        #expect(conclusion["returned"] as? String == "-2 points of churn")
        #expect(conclusion["next"] as? String == "--help")
        #expect(conclusion["facts"] as? String == "-")
        #expect(conclusion["signal"] as? String == "->")
        #expect(conclusion["remediation"] as? String == "--- none")
        #expect((conclusion["ledger"] as? [[String: Any]])?.map { $0["observed"] as? String ?? "" } == ["met", "not-measured", "not-met"])
        #expect((done["reviews"] as? [[String: Any]])?.first?["text"] as? String == "- nit: say which sponsors")

        let other = h.newReady("Other")
        #expect(h.ff("abandon", other, "--reason", "-- not now").code == 0)
        #expect(try json(h, other)["abandoned"].flatMap { ($0 as? [String: Any])?["reason"] as? String } == "-- not now")
        try h.git("fsck", "--strict")
    }

    @Test func realOptionsHelpAndSeparatorsStillWork() throws {
        let h = try Harness()
        let id = h.newReady()
        #expect(h.ff("start", id).code == 0)
        try FileManager.default.createDirectory(atPath: h.dir.file("sub"), withIntermediateDirectories: true)
        // -C and --no-verify among text that begins with a dash.
        let r = h.ff(["note", "-C", h.dir.path, "--no-verify", id, "- with -C"], in: "sub")
        #expect(r.code == 0, "\(r.err)")
        let joined = h.ff(["note", "-C=" + h.dir.path, id, "-- joined -C"], in: "sub")
        #expect(joined.code == 0, "\(joined.err)")
        #expect(try observations(h, id) == ["- with -C", "-- joined -C"])

        let usage = "USAGE: ff note [-C <path> ...] [--no-verify] [--here] <ref> <text>\n"
        for help in [["note", "--help"], ["note", id, "-h"], ["note", id, "--help"], ["note", "-h", id, "text"]] {
            let r = h.ff(help)
            #expect(r.code == 0, "\(help)")
            #expect(r.out.hasPrefix("OVERVIEW: Record an observation on a running experiment.\n\n" + usage), "\(help): \(r.out)")
        }
        // `-help` is not an option of status: argument-parser reads its `h` as help, never a crash.
        for args in [["status", "-help"], ["list", "-help"], ["show", "-help"], ["hooks", "status", "-help"]] {
            let r = h.ff(args)
            #expect(r.code == 0, "\(args): \(r.err)")
            #expect(r.out.hasPrefix("OVERVIEW: "), "\(args)")
        }
        // Where no text is taken, an option the command does not define is a usage error.
        let unknown = h.ff("show", id, "--bogus")
        #expect(unknown.code == 64)
        #expect(unknown.err == """
        ff: unknown option '--bogus'
        Usage: ff show [-C <path> ...] <ref> [--diff] [--format <format>] [--json]

        """)
        // Where the text is already given, a word is an option: the root's --version, as
        // argument-parser gives it to every subcommand, and nothing is recorded.
        let version = h.ff("note", id, "text", "--version")
        #expect(version.code == 0)
        #expect(version.out == "\(FFVersion.current)\n")
        // A second word for a one-word text is an error, and nothing is recorded.
        let two = h.ff("note", id, "--bogus", "text")
        #expect(two.code == 64)
        #expect(two.err.hasPrefix("ff: unexpected argument 'text'\n"), "\(two.err)")
        // An option's missing value is still said.
        let missing = h.ff("new", "T", "--hypothesis")
        #expect(missing.code == 64)
        #expect(missing.err.hasPrefix("ff: missing value for '--hypothesis <hypothesis>'\n"), "\(missing.err)")
        #expect(try observations(h, id) == ["- with -C", "-- joined -C"])
        // The root's own flags.
        #expect(h.ff("--version").out == "\(FFVersion.current)\n")
        #expect(h.ff("--help").out.hasPrefix("OVERVIEW: Fail forward"))
        #expect(h.ff("help", "note").out.hasPrefix("OVERVIEW: Record an observation"))
    }
}

/// The rule itself, word by word, on a made-up command.
@Suite struct CommandWordsTests {
    let shape = CommandWords.Shape(flags: ["--flag", "-v"], options: ["--days", "-C"], text: ["--text"], positionals: [.value, .text])

    @Test func wordsAreArrangedAsTheRuleSays() {
        let cases: [([String], [String])] = [
            (["ref", "text"], ["ref", "text"]),
            (["ref", "- item"], ["--", "ref", "- item"]),
            (["ref", "--version=1"], ["--", "ref", "--version=1"]),
            (["ref", "-help"], ["--", "ref", "-help"]),
            (["-help"], ["-help"]),
            (["--bogus", "x"], ["--bogus", "--", "x"]),
            (["ref", "text", "--bogus"], ["--bogus", "--", "ref", "text"]),
            (["ref", "--flag", "- x"], ["--flag", "--", "ref", "- x"]),
            (["ref", "-h"], ["-h", "--", "ref"]),
            (["ref", "-hv"], ["-hv", "--", "ref"]),
            (["-C", "dir", "ref", "x"], ["-C=dir", "--", "ref", "x"]),
            (["-C=dir", "ref"], ["-C=dir", "--", "ref"]),
            (["--text", "--help", "ref"], ["--text=--help", "--", "ref"]),
            (["--text", "--", "ref"], ["--text=--", "--", "ref"]),
            (["--text=- a", "ref"], ["--text=- a", "--", "ref"]),
            (["--days", "-5"], ["--days=-5"]),
            (["--days", "--flag"], ["--days", "--flag"]),
            (["--days", "--"], ["--days"]),
            (["--days"], ["--days"]),
            (["--text"], ["--text"]),
            (["- a", "--text"], ["--text"]),
            (["ref", "x", "--days"], ["--days"]),
            (["ref", "--", "--help", "-h"], ["--", "ref", "--help", "-h"]),
            (["--", "-C"], ["--", "-C"]),
            (["---"], ["--", "---"]),
            (["-"], ["--", "-"]),
            (["-5", "-> x"], ["--", "-5", "-> x"]),
            (["-Cdir"], ["-Cdir"]),
            (["ref", "-Cdir"], ["--", "ref", "-Cdir"]),
            (["-é"], ["--", "-é"]),
            (["a", "b c"], ["a", "b c"]),
        ]
        for (words, expected) in cases {
            #expect(CommandWords.arrange(words, shape: shape) == expected, "\(words)")
        }
    }

    /// Each command's description, as argument-parser reads the declarations, with its text arguments.
    static func declaredShapes() throws -> [String: (shape: CommandWords.Shape, dump: String)] {
        var out: [String: (CommandWords.Shape, String)] = [:]
        for (name, sub) in FFMain.subcommands where name != "hooks" {
            let dump = sub.dump()
            out[name] = (try CommandWords.Shape(dump: dump, textArguments: sub.textArguments), dump)
        }
        for leaf in FFCommand.Hooks.configuration.subcommands {
            let dump = leaf._dumpHelp()
            let text = (leaf as? any FFRunnable.Type).map { $0.textArguments } ?? []
            out["hooks " + leaf._commandName] = (try CommandWords.Shape(dump: dump, textArguments: text), dump)
        }
        return out
    }

    /// The table the command line is read with is what the commands declare.
    @Test func shapesMatchTheDeclarations() throws {
        let declared = try Self.declaredShapes()
        #expect(Set(CommandWords.shapes.keys) == Set(declared.keys))
        for (name, d) in declared.sorted(by: { $0.key < $1.key }) {
            #expect(CommandWords.shapes[name] == d.shape, "CommandShapes.swift should say: \"\(name)\": \(d.shape.literal),")
        }
        let note = try #require(CommandWords.shapes["note"])
        #expect(note.long == ["--no-verify": .nothing, "--here": .nothing, "--help": .nothing])
        #expect(note.short == ["C": .nextWordUnlessOption, "h": .nothing])
        #expect(note.positionals == [.value, .text])
        #expect(CommandWords.shapes["new"]?.long["--version"] == nil)
        #expect(CommandWords.shapes["check"]?.isText(slot: 3) == false)
    }

    /// Every option that takes text takes the next word unconditionally, and every text
    /// argument a command names is one of its positionals.
    @Test func everyTextOptionTakesTheNextWordAndTextArgumentsExist() throws {
        let textValueNames: Set<String> = ["hypothesis", "signal", "what: how", "rollback", "name", "tag", "reason", "title",
                                           "returned", "facts", "remediation", "next", "text"]
        for (command, d) in try Self.declaredShapes() {
            let info = try #require(try JSONSerialization.jsonObject(with: Data(d.dump.utf8)) as? [String: Any])
            let arguments = (info["command"] as? [String: Any])?["arguments"] as? [[String: Any]] ?? []
            let positionals = Set(arguments.filter { $0["kind"] as? String == "positional" }.compactMap { $0["valueName"] as? String })
            let text: Set<String> = FFMain.subcommands[command].map { $0.textArguments } ?? []
            #expect(text.isSubset(of: positionals), "\(command)")
            for a in arguments where a["kind"] as? String == "option" {
                guard let value = a["valueName"] as? String, textValueNames.contains(value) else { continue }
                #expect(a["parsingStrategy"] as? String == "unconditional", "\(command) <\(value)>")
            }
        }
    }
}
