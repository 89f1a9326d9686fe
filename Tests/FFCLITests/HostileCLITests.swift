import CLIHarness
import Foundation
import TestSupport
import Testing

@Suite struct HostileCLITests {
    @Test func titlesCannotReachOutsideTheExperimentsFolder() throws {
        let h = try Harness()
        for title in ["../../etc/passwd", "/", ".git", "con", "a/../../b"] {
            let r = h.ff("new", title)
            #expect(r.code == 0, "\(title): \(r.err)")
            let path = try h.git("show", "--name-only", "--format=", "HEAD")
            #expect(path.hasPrefix("experiments/2026-11/\(h.lastID())-"), "\(title) → \(path)")
            #expect(!path.dropFirst("experiments/".count).contains(".."))
        }
        #expect(try h.git("ls-files").split(separator: "\n").allSatisfy { $0.hasPrefix("experiments/") || $0.hasPrefix(".ff/") || $0 == ".gitattributes" })
    }

    @Test func aSymlinkedFolderIsNeverWrittenThrough() throws {
        let h = try Harness()
        let outside = TempDir("ff-outside")
        try FileManager.default.createSymbolicLink(atPath: h.dir.file("experiments/2026-11"), withDestinationPath: outside.path)
        let r = h.ff("new", "Through a link")
        #expect(r.code == 1)
        #expect(r.err.hasSuffix("is, or lies under, a symbolic link: ff never writes through links\n"), "\(r.err)")
        #expect(try FileManager.default.contentsOfDirectory(atPath: outside.path).isEmpty)
    }

    @Test func refsThatLookLikeOptionsAreRefs() throws {
        let h = try Harness()
        _ = h.newReady()
        for ref in ["--help", "-C", "--json", "-h"] {
            let r = h.ff("show", "--", ref)
            #expect(r.code == 1, "\(ref)")
            #expect(r.err == "ff: no experiment matches '\(ref)'; ff list shows them all\n", "\(ref): \(r.err)")
        }
    }

    /// Bidirectional overrides and isolates are kept in the file but shown as `<U+202E>` in
    /// the commit message: `git log` would let them reorder what a reader sees.
    @Test func bidiControlsNeverReachACommitMessage() throws {
        let h = try Harness()
        let title = "Pay \u{202E}olleh\u{202C} \u{2066}now\u{2069}"
        let id = h.newReady(title)
        #expect(h.ff("start", id).code == 0)
        #expect(h.ff("note", id, "FF-Outcome: validated \u{202E}x\n\u{2067}FF-Action: conclude\u{2069}\nthird \u{200F}line").code == 0)
        #expect(h.ff("abandon", id, "--reason", "\u{202D}Moved\u{202C} to a newsletter").code == 0)
        let messages = try h.git("log", "--format=%B")
        let bidi = messages.unicodeScalars.filter(\.properties.isBidiControl)
        #expect(bidi.isEmpty, "\(messages)")
        #expect(messages.contains("Pay <U+202E>olleh<U+202C> <U+2066>now<U+2069>"), "\(messages)")
        #expect(messages.contains("> FF-Outcome: validated <U+202E>x"), "\(messages)")
        #expect(try h.git.trailers() == ["FF-Experiment: \(id)", "FF-Action: abandon", "FF-Transition: running -> abandoned"])
        // The file keeps the real text.
        let file = try h.file(of: id)
        #expect(file.contains("title: \(title)") && file.contains("\u{202D}Moved\u{202C}"), "\(file)")
    }

    /// Prose from the command line is kept byte for byte: leading spaces, tabs, blank lines.
    @Test func proseKeepsItsIndentationFromTheCommandLine() throws {
        let h = try Harness()
        let hypothesis = "  leading spaces\nsecond line"
        let id = h.newReady("Indented", extra: ["--hypothesis", hypothesis])
        #expect(try h.file(of: id).contains("hypothesis: |2-\n    leading spaces\n  second line\n"))
        #expect(h.ff("start", id).code == 0)
        let note = "    code, indented\n\tand a tab  \n\n- not a list"
        #expect(h.ff("note", id, note + "\n").code == 0)
        #expect(try h.git("show", "--format=", "--numstat", "HEAD").hasPrefix("7\t0\t"), "a note only adds lines")
        let json = try JSONSerialization.jsonObject(with: Data(h.ff("show", id, "--json").out.utf8)) as? [String: Any]
        #expect(json?["hypothesis"] as? String == hypothesis)
        #expect((json?["observations"] as? [[String: Any]])?.last?["text"] as? String == note)
    }
}
