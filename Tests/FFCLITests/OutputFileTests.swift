import CLIHarness
import Foundation
import TestSupport
import Testing

/// `-o PATH` renames a finished document over its target: only ever over a regular file (or
/// a new one) outside the repository's git directories.
@Suite struct OutputFileTests {
    @Test func dashORefusesAnythingButARegularFileOutsideGit() throws {
        let h = try Harness()
        _ = h.newReady()
        let head = try h.dir.read(".git/HEAD")
        let branch = try h.git("symbolic-ref", "HEAD")
        let tip = try h.git("rev-parse", "HEAD")
        #expect(mkfifo(h.dir.file("pipe"), 0o644) == 0)
        try FileManager.default.createDirectory(atPath: h.dir.file("folder"), withIntermediateDirectories: true)
        for (link, target) in [("null-link", "/dev/null"), ("folder-link", "folder"), ("git-link", ".git"), ("head-link", ".git/HEAD")] {
            try FileManager.default.createSymbolicLink(atPath: h.dir.file(link), withDestinationPath: target)
        }
        let inside = "is inside the repository's git directory"
        let cases: [(String, String)] = [
            (".git/HEAD", inside), (".git/" + branch, inside), (".git/refs/../config", inside), ("git-link/HEAD", inside),
            ("head-link", inside), (".git", "is a directory"), ("pipe", "is a FIFO"), ("folder", "is a directory"),
            ("folder-link", "is a symbolic link to a directory"), ("null-link", "is a symbolic link to a character device"),
        ]
        for (path, why) in cases {
            for command in ["timeline", "digest"] {
                let r = h.ff(command, "-o", path)
                #expect(r.code == 1, "\(command) -o \(path): \(r.out)")
                #expect(r.out == "")
                #expect(r.err.hasPrefix("ff: -o \(path) \(why)"), "\(command) -o \(path): \(r.err)")
                #expect(r.err.hasSuffix("; nothing was written\n") && r.err.filter { $0 == "\n" }.count == 1, "\(r.err)")
            }
        }
        #expect(try h.dir.read(".git/HEAD") == head)
        #expect(try h.git("rev-parse", "HEAD") == tip)
        #expect(fileType(h.dir.file("pipe")) == S_IFIFO)
        #expect(fileType(h.dir.file("null-link")) == S_IFLNK && fileType("/dev/null") == S_IFCHR)
        #expect(fileType(h.dir.file("folder")) == S_IFDIR)
        #expect(try h.git.run("fsck", "--strict").status == 0)
        // No temporary was left anywhere.
        let git = try FileManager.default.subpathsOfDirectory(atPath: h.dir.file(".git"))
        #expect(!git.contains { $0.contains(".ff-") }, "\(git.filter { $0.contains(".ff-") })")
        let made = Set(["pipe", "folder/", "null-link", "folder-link", "git-link", "head-link"].map { "?? " + $0 })
        let status = try h.git("status", "--porcelain").split(separator: "\n").map(String.init)
        #expect(status.allSatisfy(made.contains), "\(status)")
    }

    @Test func aLinkedWorktreesGitFileAndFoldersAreRefusedToo() throws {
        let h = try Harness()
        _ = h.newReady()
        let wt = TempDir("ff-linked")
        try h.git("worktree", "add", "-q", wt.path + "/tree")
        let gitFile = try String(contentsOfFile: wt.path + "/tree/.git", encoding: .utf8)
        let own = try h.git("-C", wt.path + "/tree", "rev-parse", "--absolute-git-dir")
        for path in [".git", own + "/HEAD", h.dir.file(".git/config"), "../../" + (h.dir.path as NSString).lastPathComponent + "/.git/HEAD"] {
            let r = h.ff(["-C", wt.path + "/tree", "timeline", "-o", path])
            #expect(r.code == 1, "-o \(path)")
            #expect(r.err.contains("is inside the repository's git directory"), "-o \(path): \(r.err)")
        }
        #expect(try String(contentsOfFile: wt.path + "/tree/.git", encoding: .utf8) == gitFile)
        #expect(try h.git("-C", wt.path + "/tree", "status", "--porcelain") == "")
    }

    @Test func dashIsStandardOutputAndALinkToAFileReplacesTheFile() throws {
        let h = try Harness()
        _ = h.newReady()
        let plain = h.ff("timeline")
        let dash = h.ff("timeline", "-o", "-")
        #expect(dash.code == 0 && dash.out == plain.out && !dash.out.isEmpty)
        #expect(h.ff("digest", "-o", "-").out == h.ff("digest").out)
        try h.dir.write("out/report.md", "old\n")
        chmod(h.dir.file("out/report.md"), 0o600)
        try FileManager.default.createSymbolicLink(atPath: h.dir.file("report-link"), withDestinationPath: "out/report.md")
        let r = h.ff("digest", "-o", "report-link")
        #expect(r.code == 0, "\(r.err)")
        #expect(r.out == "Wrote the digest to report-link\n")
        #expect(fileType(h.dir.file("report-link")) == S_IFLNK)
        #expect(try h.dir.read("out/report.md") == h.ff("digest").out)
        var st = stat()
        #expect(stat(h.dir.file("out/report.md"), &st) == 0 && st.st_mode & 0o777 == 0o600)
    }
}
