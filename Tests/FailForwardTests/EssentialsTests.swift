import FailForward
import Foundation
import Testing

/// FFEssentials does what ff took from Foundation, without Foundation: checked against
/// Foundation itself (which the tests may link) on many random strings and paths.
@Suite struct EssentialsTests {
    /// A reproducible stream of strings over an alphabet with the cases that differ between
    /// Characters and scalars: CR LF, combining marks, separators, wide and astral text.
    struct Strings {
        var state: UInt64
        static let alphabet: [String] = ["a", "b", " ", "\t", "\n", "\r", "\r\n", "\u{301}", "#", ":", "/", ".", "..", "e\u{301}", "é",
                                         "\u{00A0}", "\u{2028}", "\u{2029}", "\u{85}", "\u{3000}", "週", "🚀", "\u{FEFF}", "x", ",", "%"]
        mutating func next(_ bound: Int) -> Int {
            state = state &* 6364136223846793005 &+ 1442695040888963407
            return Int((state >> 33) % UInt64(bound))
        }
        mutating func string(_ maxLength: Int = 12) -> String {
            let n = next(maxLength + 1)
            return (0..<n).map { _ in Self.alphabet[next(Self.alphabet.count)] }.joined()
        }
    }

    @Test func textOperationsMatchFoundationsLiteralSearch() {
        var g = Strings(state: 42)
        for _ in 0..<3000 {
            let s = g.string(), target = g.string(3), replacement = g.string(2)
            #expect(s.trimmed() == s.trimmingCharacters(in: .whitespacesAndNewlines), "\(Array(s.unicodeScalars))")
            #expect(s.trimmed(.whitespaces) == s.trimmingCharacters(in: .whitespaces), "\(Array(s.unicodeScalars))")
            #expect(s.trimmed(.newlines) == s.trimmingCharacters(in: .newlines), "\(Array(s.unicodeScalars))")
            #expect(s.trimmed(scalars: "/ ") == s.trimmingCharacters(in: CharacterSet(charactersIn: "/ ")))
            guard !target.isEmpty else { continue }
            #expect(s.replacingAll(target, with: replacement) == s.replacingOccurrences(of: target, with: replacement, options: .literal),
                    "\(Array(s.unicodeScalars)) \(Array(target.unicodeScalars))")
            // Foundation's components(separatedBy:) compares canonically (é matches e + U+0301);
            // the pieces are literal: they join back to the text, and none holds the separator.
            let pieces = s.pieces(separatedBy: target)
            #expect(pieces.joined(separator: target) == s)
            #expect(pieces.allSatisfy { ($0 as NSString).range(of: target, options: .literal).location == NSNotFound },
                    "\(Array(s.unicodeScalars)) \(Array(target.unicodeScalars))")
            func offset(_ r: Range<String.Index>?) -> Int? { r.map { s.unicodeScalars.distance(from: s.startIndex, to: $0.lowerBound) } }
            let ns = s as NSString
            func nsOffset(_ r: NSRange) -> Int? {
                guard r.location != NSNotFound else { return nil }
                return ns.substring(to: r.location).unicodeScalars.count
            }
            #expect(offset(s.scalarRange(of: target)) == nsOffset(ns.range(of: target, options: .literal)), "\(Array(s.unicodeScalars)) \(Array(target.unicodeScalars))")
            #expect(offset(s.scalarRange(of: target, backwards: true)) == nsOffset(ns.range(of: target, options: [.literal, .backwards])),
                    "\(Array(s.unicodeScalars)) \(Array(target.unicodeScalars))")
        }
    }

    @Test func nfcIsFoundationsCanonicalComposition() {
        var g = Strings(state: 7)
        for _ in 0..<2000 {
            let s = g.string()
            #expect(Array(s.nfc.unicodeScalars) == Array(s.precomposedStringWithCanonicalMapping.unicodeScalars), "\(Array(s.unicodeScalars))")
        }
        #expect("e\u{301}".nfc.unicodeScalars.count == 1)
    }

    /// What NSString's path methods return for each case (documented behaviour; Foundation
    /// on Linux traps inside them on some short paths, `.` and `a` among them, so it is no
    /// oracle to call here).
    @Test func pathsReadAsNSStringsPathMethodsDo() {
        let cases: [(path: String, last: String, parent: String)] = [
            ("", "", ""), ("/", "/", "/"), ("a", "a", ""), ("/a", "a", "/"), ("a/b", "b", "a"), ("/a/b/", "b", "/a"),
            ("a/", "a", ""), ("a//", "a", ""), ("/a//", "a", "/"), ("x/y//", "y", "x"), ("//", "/", "/"), (".", ".", ""),
            ("..", "..", ""), ("a/./b", "b", "a/."), ("週/", "週", ""), ("週/ü", "ü", "週"), ("/週/🚀/", "🚀", "/週"),
        ]
        for c in cases {
            #expect(Paths.last(c.path) == c.last, "\(c.path)")
            #expect(Paths.parent(c.path) == c.parent, "\(c.path)")
        }
        for (path, component, joined) in [("", "b", "b"), ("a", "", "a"), ("a", "b", "a/b"), ("a/", "b", "a/b"), ("a//", "b", "a//b"), ("/", "b", "/b"), ("週", "ü", "週/ü")] {
            #expect(Paths.join(path, component) == joined, "\(path) + \(component)")
        }
        for (path, standard) in [("/a/./b//c/", "/a/b/c"), ("/a/../b", "/b"), ("/../a", "/a"), ("/", "/"), ("a/../b", "a/../b"), ("./a/", "a"), ("/週/../ü/./", "/ü")] {
            #expect(Paths.standardize(path) == standard, "\(path)")
        }
        #expect(Paths.expandingTilde("~/x", home: "/home/ana") == "/home/ana/x" && Paths.expandingTilde("~", home: "/h") == "/h"
                && Paths.expandingTilde("a/~", home: "/h") == "a/~" && Paths.expandingTilde("~/x", home: nil) == "~/x")
    }

    @Test func fixedPointTextMatchesPrintf() {
        var g = Strings(state: 11)
        for _ in 0..<3000 {
            let v = (Double(g.next(2_000_000)) - 1_000_000) / Double([1, 7, 1000, 3][g.next(4)])
            for digits in [0, 1, 2, 3, 5] {
                #expect(fixed(v, digits) == String(format: "%.\(digits)f", v) || abs(v * pow(10, Double(digits))).truncatingRemainder(dividingBy: 1) == 0.5,
                        "\(v) \(digits): \(fixed(v, digits)) vs \(String(format: "%.\(digits)f", v))")
            }
        }
        #expect(fixed(2.5, 0) == "3" && fixed(-0.0001, 2) == "-0.00" && fixed(.nan, 2) == "0")
    }

    @Test func foldersAreMadeAsMkdirP() throws {
        let base = NSTemporaryDirectory() + "ff-essentials-\(UUID().uuidString)"
        defer { try? FileManager.default.removeItem(atPath: base) }
        try Paths.makeFolders(base + "/a/b/c")
        #expect(Paths.isFolder(base + "/a/b/c") == true)
        try Paths.makeFolders(base + "/a/b")
        try "x".write(toFile: base + "/file", atomically: true, encoding: .utf8)
        #expect(Paths.isFolder(base + "/file") == false)
        #expect(Paths.isFolder(base + "/nothing") == nil)
        #expect(throws: SystemError.self) { try Paths.makeFolders(base + "/file/sub") }
        #expect(Paths.executable.map { FileManager.default.isExecutableFile(atPath: $0) } == true)
    }
}
