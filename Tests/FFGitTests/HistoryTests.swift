@testable import FFGit
import Foundation
import TestSupport
import Testing

@Suite struct HistoryTests {
    @Test func walksOldestFirstAndDiffsOnlyChangedSubtrees() throws {
        let dir = TempDir("ffgit-history"), home = TempDir("ffgit-history-home")
        let git = Git(dir.path, environment: isolatedEnvironment(home: home.path))
        try git("init", "-q", "-b", "main")
        try dir.write("experiments/2026-10/a.yaml", "a1\n")
        try dir.write("experiments/2026-11/b.yaml", "b1\n")
        try dir.write("src/code.txt", "c1\n")
        try git("add", ".")
        try git("commit", "-q", "-m", "first")
        try dir.write("src/code.txt", "c2\n")
        try git("commit", "-q", "-am", "code only")
        try dir.write("experiments/2026-11/b.yaml", "b2\n")
        try dir.write("experiments/2026-11/c.yaml", "c\n")
        try FileManager.default.removeItem(atPath: dir.file("experiments/2026-10/a.yaml"))
        try git("add", "-A")
        try git("commit", "-q", "-m", "subject line\n\nbody\n\nFF-Action: note")
        try git("checkout", "-q", "-b", "side", "HEAD~1")
        try dir.write("src/side.txt", "s\n")
        try git("add", ".")
        try git("commit", "-q", "-m", "side")
        try git("checkout", "-q", "main")
        try git("merge", "-q", "--no-ff", "-m", "merge side", "side")

        let repo = try Repository.open(containing: dir.path)
        var seen: [CommitRecord] = []
        try repo.walk { seen.append($0); return true }
        #expect(seen.map(\.subject) == ["first", "code only", "side", "subject line", "merge side"]
            || seen.map(\.subject) == ["first", "code only", "subject line", "side", "merge side"])
        #expect(seen.last!.isMerge)
        #expect(seen.first { $0.subject == "subject line" }!.message == "subject line\n\nbody\n\nFF-Action: note\n")
        let all = try git("rev-list", "HEAD").split(separator: "\n").map(String.init)
        #expect(Set(seen.map(\.id.hex)) == Set(all))

        let byName = Dictionary(uniqueKeysWithValues: seen.map { ($0.subject, $0) })
        let note = byName["subject line"]!, code = byName["code only"]!
        let exp = { (c: CommitRecord) in try repo.entryID(at: "experiments", inTree: c.tree) }
        #expect(try exp(code) == exp(byName["first"]!))
        #expect(try exp(note) != exp(code))
        let changes = try repo.changedFiles(from: exp(code), to: exp(note), prefix: "experiments")
        #expect(changes.map(\.path) == ["experiments/2026-10/a.yaml", "experiments/2026-11/b.yaml", "experiments/2026-11/c.yaml"])
        #expect(changes[0].new == nil && changes[2].old == nil)
        let blob = try git("rev-parse", "HEAD:experiments/2026-11/b.yaml")
        #expect(changes[1].new?.hex == blob)
        // Incremental: hide what was seen, walk only the rest.
        var later: [String] = []
        try repo.walk(hiding: [note.id]) { later.append($0.subject); return true }
        #expect(later == ["side", "merge side"])
    }
}

/// The raw commit reader, on times that do not fit 64 bits.
@Suite struct RawCommitTimeTests {
    @Test func aTimePast64BitsReadsAsZeroAsGitShowsIt() throws {
        let id = try #require(ObjectID(hex: String(repeating: "1", count: 40)))
        for (time, expected) in [("99999999999999999999", Int64(0)), ("9223372036854775808", 0), ("9223372036854775807", .max), ("1764322440", 1_764_322_440)] {
            let text = "tree \(String(repeating: "2", count: 40))\nauthor A <a@x> \(time) +0100\ncommitter C <c@x> \(time) -0500\n\nm\n"
            let commit = try #require(RawCommit(id: id, bytes: Array(text.utf8)))
            #expect(commit.author.time == expected, "\(time)")
            #expect(commit.committer.time == expected, "\(time)")
            #expect(commit.author.offsetMinutes == 60)
        }
    }
}
