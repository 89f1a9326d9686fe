import Foundation
import TestSupport
import Testing

/// ff's caches under `.git/ff/` are read without ever waiting: a FIFO or a device in place
/// of one counts as no cache, and is replaced (or left), never written through.
@Suite struct CacheEntryTests {
    let ff = ffExecutable()

    @Test func aFIFOOrADeviceInPlaceOfACacheNeitherBlocksNorChangesTheOutput() throws {
        let dir = TempDir("ff-cache-repo"), home = TempDir("ff-cache-home"), elsewhere = TempDir("ff-cache-else")
        let env = isolatedEnvironment(home: home.path)
        let binary = self.ff
        func ff(_ args: [String]) throws -> ProcessResult {
            try run(binary, args, in: dir.path, environment: env, timeout: 30)
        }
        #expect(try ff(["init"]).status == 0)
        let new = try ff(["new", "Weekly demo", "--hypothesis", "If we demo weekly, sponsors ask for more.", "--success", "2 of 3 ask",
                          "--failure", "none ask", "--data", "requests: count replies", "--days", "14", "--reversible",
                          "--rollback", "Stop.", "--stakeholder", "Priya"])
        #expect(new.status == 0, "\(new.stderr)")
        #expect(try ff(["start", "weekly-demo"]).status == 0)
        #expect(try ff(["note", "weekly-demo", "First demo; one reply."]).status == 0)
        let commands = [["list"], ["list", "--json"], ["status"], ["timeline"], ["timeline", "--format", "json"], ["check"]]
        let expected = try commands.map { try ff($0) }
        let cache = dir.file(".git/ff")
        #expect(mkfifo(elsewhere.file("fifo"), 0o644) == 0)
        try "keep\n".write(toFile: elsewhere.file("victim"), atomically: false, encoding: .utf8)
        for name in ["list-cache", "timeline-cache", "lock-cache"] {
            for kind in ["a FIFO", "a link to /dev/zero", "a link to a FIFO", "a link to a file", "a folder"] {
                let path = cache + "/" + name
                try? FileManager.default.removeItem(atPath: path)
                switch kind {
                case "a FIFO": #expect(mkfifo(path, 0o644) == 0)
                case "a link to /dev/zero": try FileManager.default.createSymbolicLink(atPath: path, withDestinationPath: "/dev/zero")
                case "a link to a FIFO": try FileManager.default.createSymbolicLink(atPath: path, withDestinationPath: elsewhere.file("fifo"))
                case "a link to a file": try FileManager.default.createSymbolicLink(atPath: path, withDestinationPath: elsewhere.file("victim"))
                default: try FileManager.default.createDirectory(atPath: path, withIntermediateDirectories: false)
                }
                for (command, want) in zip(commands, expected) {
                    let r = try ff(command)
                    #expect(!r.timedOut, "ff \(command.joined(separator: " ")) hung on \(kind) as \(name)")
                    #expect(r.status == want.status && r.stdout == want.stdout, "ff \(command.joined(separator: " ")) with \(kind) as \(name): \(r.stderr)")
                }
                // Replaced by a regular file, or left as it was; never written through.
                let now = fileType(path)
                #expect(now == S_IFREG || now == (kind == "a FIFO" ? S_IFIFO : kind == "a folder" ? S_IFDIR : S_IFLNK), "\(name): \(kind)")
                #expect(fileType(elsewhere.file("fifo")) == S_IFIFO)
                #expect(try String(contentsOfFile: elsewhere.file("victim"), encoding: .utf8) == "keep\n")
                try? FileManager.default.removeItem(atPath: path)
            }
        }
    }
}
