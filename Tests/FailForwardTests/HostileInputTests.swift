import Foundation
import FuzzChecks
import Testing
import FailForward

/// Hostile and broken files: each is refused fast with file:line:col, or read faithfully.
@Suite struct HostileInputTests {
    let head = "ff: 1\nid: abcd1234\ntitle: T\nstatus: draft\n"

    func error(_ text: String) -> FileError? {
        do {
            _ = try ExperimentDocument(path: "x.yaml", bytes: Array(text.utf8))
            return nil
        } catch let e as FileError {
            return e
        } catch {
            return FileError(path: "?", message: "\(error)")
        }
    }

    @Test func deepNestingIsRefusedWithoutRecursing() {
        let flow = head + "x: " + String(repeating: "[", count: 100_000) + String(repeating: "]", count: 100_000) + "\n"
        let e1 = error(flow)
        #expect(e1?.message.lowercased().contains("nesting") == true, "\(String(describing: e1))")
        #expect(e1?.line == 5)
        var block = head + "x:\n"
        for depth in 1...100 { block += String(repeating: " ", count: depth) + "k:\n" }
        #expect(error(block)?.message.contains("nesting is too deep") == true)
    }

    @Test func largeFilesAreRefusedAndLongFieldsRoundTrip() throws {
        let big = head + "hypothesis: " + String(repeating: "x", count: ExperimentDocument.maximumSize) + "\n"
        #expect(error(big)?.message == "the file is \(big.utf8.count) bytes; experiment files are limited to 16777216 bytes (16 MiB)")
        var e = Experiment(id: "abcd1234", title: "Long")
        e.hypothesis = String(repeating: "word ", count: 100_000).trimmed + "\nsecond line"
        let doc = ExperimentDocument(path: "x.yaml", creating: e)
        #expect(try ExperimentDocument(path: "x.yaml", bytes: doc.bytes).experiment == e)
    }

    /// No edit makes a file the reader refuses: over the size limit, or the node limit.
    @Test func anEditNeverWritesWhatTheReaderWouldRefuse() throws {
        var e = Experiment(id: "abcd1234", title: "Big")
        e.status = .running
        e.hypothesis = String(repeating: "x", count: ExperimentDocument.maximumSize - 200)
        var doc = try ExperimentDocument(path: "x.yaml", bytes: ExperimentDocument(path: "x.yaml", creating: e).bytes)
        let before = doc.text
        let noted = try e.noted(String(repeating: "y", count: 300), at: Date(timeIntervalSince1970: 1_764_320_000))
        let would = ExperimentDocument(path: "x.yaml", creating: noted).bytes.count
        #expect(would > ExperimentDocument.maximumSize)
        #expect {
            try doc.update(to: noted)
        } throws: { error in
            let message = (error as? FileError)?.message ?? ""
            return message.hasPrefix("this change would make the file \(would) bytes, over the 16777216-byte (16 MiB) limit")
        }
        #expect(doc.text == before && doc.experiment == e)

        // The node limit: a list one short of it, then one item too many.
        var many = Experiment(id: "abcd1234", title: "Many")
        let fixed = 11 // the root; ff, id, title, status (keys and values); the tags key and list
        many.tags = Array(repeating: "t", count: YAMLComposer.maximumNodes - fixed)
        var full = try ExperimentDocument(path: "x.yaml", bytes: ExperimentDocument(path: "x.yaml", creating: many).bytes)
        var more = many
        more.tags.append("u")
        #expect {
            try full.update(to: more)
        } throws: { error in
            (error as? FileError)?.message.contains("YAML nodes") == true && (error as? FileError)?.message.hasSuffix("nothing was written") == true
        }
        #expect(full.experiment == many)
    }

    /// A mapping with a great many keys (within the node limit) is read in linear time: the
    /// duplicate-key check must not compare each key with every other.
    @Test func hugeMappingsAreReadInLinearTime() throws {
        var text = head
        for i in 0..<100_000 { text += "k\(i): v\n" }
        let start = Date()
        let doc = try ExperimentDocument(path: "x.yaml", bytes: Array(text.utf8))
        #expect(doc.experiment.unknownKeys.count == 100_000)
        #expect(Date().timeIntervalSince(start) < 20, "\(Date().timeIntervalSince(start)) s")
        #expect(error(head + "a: 1\n" + (0..<100).map { "k\($0): v\n" }.joined() + "a: 2\n")?.message == "duplicate key 'a'")
    }

    @Test func nonUTF8IsRefusedAtItsPosition() {
        var bytes = Array((head + "hypothesis: caf").utf8)
        bytes += [0xC3, 0x28, 0x0A]
        do {
            _ = try ExperimentDocument(path: "x.yaml", bytes: bytes)
            Issue.record("expected an error")
        } catch let e as FileError {
            #expect(e.line == 5 && e.column == 16, "\(e)")
            #expect(e.message == "the file is not valid UTF-8")
        } catch {
            Issue.record("\(error)")
        }
    }

    @Test func tagsAnchorsAndSeveralDocumentsAreRefused() {
        #expect(error(head + "x: !!python/object:os.system ls\n")?.message.contains("YAML tags") == true)
        #expect(error(head + "a: &x 1\nb: *x\n")?.message.contains("anchors and aliases") == true)
        #expect(error(head + "---\nff: 1\n")?.message.contains("second YAML document") == true)
    }

    @Test func controlCharactersInFieldsAreKeptButNeverPrintedRaw() throws {
        let text = head + "hypothesis: \"\\e]0;title\\a\\e[2J and \\x9B31m\"\n"
        let e = try ExperimentDocument(path: "x.yaml", bytes: Array(text.utf8)).experiment
        #expect(e.hypothesis == "\u{1B}]0;title\u{07}\u{1B}[2J and \u{9B}31m")
        let shown = ShowView.render(StoredExperiment(experiment: e, path: "x.yaml"), now: Date(), painter: Painter(enabled: true))
        #expect(!shown.contains("\u{1B}]") && !shown.contains("\u{1B}[2J") && !shown.contains("\u{07}") && !shown.contains("\u{9B}"))
        // Written back, the characters stay escaped in the file.
        let written = ExperimentDocument(path: "x.yaml", creating: e).text
        #expect(!written.contains("\u{1B}") && written.contains("\\e]0;title\\x07"))
    }

    @Test func slugsCannotEscapeTheFolderOrNameAReservedFile() {
        #expect(Slug.make(from: "../../etc/passwd") == "etc-passwd")
        #expect(Slug.make(from: "/") == "experiment")
        #expect(Slug.make(from: ".git") == "git")
        #expect(Slug.make(from: "con") == "con")
        #expect(Slug.make(from: "Café au lait: déjà vu") == "café-au-lait-déjà-vu")
        #expect(Slug.make(from: String(repeating: "long ", count: 40)).count <= Slug.maximumLength)
        // Separators of other scripts, dots and look-alike slashes are not letters.
        #expect(Slug.make(from: "..／..∕etc。passwd") == "etc-passwd")
        #expect(Slug.make(from: "\u{202E}gpj.exe\u{200D}") == "gpj-exe")
        // However many marks a letter carries, the file name stays short.
        let zalgo = String(repeating: "a" + String(repeating: "\u{301}", count: 60), count: 30)
        #expect(Slug.make(from: zalgo).utf8.count <= Slug.maximumBytes)
        #expect(!Slug.make(from: zalgo).isEmpty)
    }

    /// Titles in any script keep their words (NFC, lowercased), cut between words.
    @Test func slugsKeepEveryScriptAndCutBetweenWords() {
        #expect(Slug.make(from: "週次デモをスポンサーに見せる") == "週次デモをスポンサーに見せる")
        #expect(Slug.make(from: "Еженедельная демонстрация спонсорам") == "еженедельная-демонстрация-спонсорам")
        #expect(Slug.make(from: "Ελληνικά: Δοκιμή") == "ελληνικά-δοκιμή")
        #expect(Slug.make(from: "हिन्दी परीक्षण") == "हिन्दी-परीक्षण")
        #expect(Slug.make(from: "🚀🎉") == "experiment")
        #expect(Slug.make(from: "🚀 Launch 🎉 day") == "launch-day")
        #expect(Slug.make(from: "Paired on-call for a new engineer's first rotation") == "paired-on-call-for-a-new-engineers-first")
        #expect(Slug.make(from: "L’été d’Anna, 'quoted'") == "lété-danna-quoted")
        // NFD input gives the NFC slug, so a title typed on any system names the same file.
        #expect(Slug.make(from: "Cafe\u{301}") == "café")
        #expect(Slug.make(from: "ÉTÉ İstanbul") == "été-i̇stanbul".precomposedStringWithCanonicalMapping)
        // Cut at the last whole word, never inside one.
        #expect(Slug.make(from: "Release notes inside the product instead of by email, region by region")
            == "release-notes-inside-the-product-instead-of-by")
        #expect(Slug.make(from: "Written weekly team update instead of the Monday status meeting")
            == "written-weekly-team-update-instead-of-the-monday")
        // One word longer than a slug (a sentence of Japanese) is cut between characters.
        let long = String(repeating: "実験", count: 40)
        #expect(Slug.make(from: long) == String(repeating: "実験", count: 24))
    }
}

/// Inputs the fuzzer found (fuzz/regressions/) and the seed corpus keep passing its checks.
@Test func fuzzFindingsStayFixed() throws {
    let root = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()
    var count = 0
    for folder in ["fuzz/regressions", "fuzz/corpus"] {
        let dir = root.appendingPathComponent(folder)
        for name in (try? FileManager.default.contentsOfDirectory(atPath: dir.path)) ?? [] where !name.hasPrefix(".") {
            FuzzChecks.run(Array(try Data(contentsOf: dir.appendingPathComponent(name))))
            count += 1
        }
    }
    #expect(count > 0)
}
