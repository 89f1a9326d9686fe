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
}
