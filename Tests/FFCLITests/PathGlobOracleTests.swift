import CLIHarness
import FailForward
import Foundation
import TestSupport
import Testing

/// `PathGlob` against git's own `:(glob)` pathspec matching, on the same tracked files.
@Suite struct PathGlobOracleTests {
    @Test func globsMatchWhatGitLsFilesLists() throws {
        let h = try Harness()
        let files = ["src/a.swift", "src/deep/b.swift", "src/deep/er/c.swift", "srcs/d.swift", "docs/[x].md",
                     "docs/guide.md", "a.swift", "tests/t1.py", "tests/t2.py", "tests/tx.py", "Sources/FFCLI/List.swift"]
        for f in files { try h.dir.write(f, "x\n") }
        try h.git("add", "-A")
        try h.git("commit", "-qm", "files")
        let tracked = try h.git.run("ls-files", "-z").stdout.split(separator: "\0").map(String.init)
        let patterns = ["src", "src/", "src/*.swift", "src/**/*.swift", "**/*.swift", "src/**", "**/c.swift",
                        "tests/t[0-9].py", "tests/t[!0-9].py", "tests/t?.py", "docs/\\[x\\].md", "Sour*es/FF*/List.swift",
                        "src/deep", "src/de", "*.swift", "**", "Sou**es/FFCLI/List.swift", "src/*/c.swift", "src/**/er/c.swift"]
        for p in patterns {
            let git = try h.git.run("ls-files", "-z", "--", ":(glob)" + p).stdout.split(separator: "\0").map(String.init)
            let glob = PathGlob(p)
            #expect(tracked.filter { glob.matches($0) } == git, "\(p)")
        }
    }
}
