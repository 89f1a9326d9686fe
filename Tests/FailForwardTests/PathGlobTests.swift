import Foundation
import Testing
import FailForward

@Suite struct PathGlobTests {
    private func m(_ pattern: String, _ path: String) -> Bool { PathGlob(pattern).matches(path) }

    @Test func aPlainPathMatchesItselfAndWhatIsUnderIt() {
        #expect(m("src", "src"))
        #expect(m("src", "src/a.swift"))
        #expect(m("src/", "src/deep/a.swift"))
        #expect(m("./src", "src/a.swift"))
        #expect(!m("src", "srcs/a.swift"))
        #expect(!m("src/a", "src"))
        #expect(m(".", "anything/at/all"))
    }

    @Test func starAndQuestionMarkStayInOneFolder() {
        #expect(m("src/*.swift", "src/a.swift"))
        #expect(!m("src/*.swift", "src/deep/a.swift"))
        #expect(m("src/?.swift", "src/a.swift"))
        #expect(!m("src/?.swift", "src/ab.swift"))
        #expect(!m("src?a", "src/a"))
        #expect(!m("src/*", "src/deep/a.swift"), "a glob matches whole paths only, as git's :(glob)")
        #expect(m("Sou**es/x", "Sources/x"), "stars not next to a slash are one star")
    }

    @Test func doubleStarCrossesFolders() {
        #expect(m("**/a.swift", "a.swift"))
        #expect(m("**/a.swift", "x/y/a.swift"))
        #expect(m("src/**/a.swift", "src/a.swift"))
        #expect(m("src/**/a.swift", "src/x/y/a.swift"))
        #expect(!m("src/**/a.swift", "srcx/a.swift"))
        #expect(m("src/**", "src/x/y"))
        #expect(!m("src/**", "other/x"))
        #expect(m("**", "a/b/c"))
    }

    @Test func setsOfCharacters() {
        #expect(m("[ab].c", "a.c"))
        #expect(!m("[ab].c", "c.c"))
        #expect(m("[!ab].c", "c.c"))
        #expect(m("[^ab].c", "c.c"))
        #expect(m("[a-c]x", "bx"))
        #expect(m("[]]x", "]x"))
        #expect(m("[[:digit:]]x", "7x"))
        #expect(!m("[!a]x", "/x"), "a set never matches a slash")
        #expect(m("a\\*b", "a*b"))
        #expect(!m("a\\*b", "aXb"))
    }

    @Test func whatGitRefusesMatchesNothing() {
        for bad in ["[", "src/[ab", "a\\", "[[:nope:]]", "[[:alpha:"] {
            #expect(!PathGlob(bad).isValid, "\(bad)")
            #expect(!m(bad, "["))
            #expect(!m(bad, "src/a"))
        }
    }

    @Test func hostilePatternsRunInLinearTime() {
        let deep = Array(repeating: "**", count: 2_000).joined(separator: "/") + "/a"
        let path = Array(repeating: "b", count: 2_000).joined(separator: "/") + "/c"
        let stars = String(repeating: "*a", count: 2_000) + "b"
        let clock = ContinuousClock()
        let took = clock.measure {
            #expect(!m(deep, path))
            #expect(m(deep, path.dropLast() + "a"))
            #expect(!m(stars, String(repeating: "a", count: 4_000)))
            #expect(!m(String(repeating: "[", count: 10_000), String(repeating: "[", count: 10_000)))
        }
        #expect(took < .seconds(20))
    }
}
