import FFGit
import Foundation
import Testing

@Suite struct IdentityTests {
    let config: [String: String] = ["user.name": "Config User", "user.email": "config@example.com"]

    @Test func configIsTheDefaultAndEnvironmentWins() throws {
        let now = Date(timeIntervalSince1970: 1_700_000_000)
        let a = try Identity.resolve(environment: [:], config: { config[$0] }, now: now)
        #expect(a.author.person == "Config User <config@example.com>")
        #expect(a.author.time == 1_700_000_000)
        let b = try Identity.resolve(environment: [
            "GIT_AUTHOR_NAME": "Env Author", "GIT_AUTHOR_EMAIL": "a@example.com",
            "GIT_COMMITTER_NAME": "Env Committer", "GIT_COMMITTER_EMAIL": "c@example.com",
            "GIT_AUTHOR_DATE": "2026-11-28T09:14:00+01:00", "GIT_COMMITTER_DATE": "@1795857240 +0000",
        ], config: { config[$0] }, now: now)
        #expect(b.author == Signature(name: "Env Author", email: "a@example.com", time: 1_795_853_640, offsetMinutes: 60))
        #expect(b.committer == Signature(name: "Env Committer", email: "c@example.com", time: 1_795_857_240, offsetMinutes: 0))
    }

    @Test func gitDateFormats() {
        #expect(GitDate.parse("1795857240 +0100")! == (1_795_857_240, 60))
        #expect(GitDate.parse("2026-11-28 09:14:00 -0530")! == (1_795_877_040, -330))
        #expect(GitDate.parse("Fri, 28 Nov 2026 09:14:00 +0000")! == (1_795_857_240, 0))
        #expect(GitDate.parse("2026-11-28T09:14:00Z")! == (1_795_857_240, 0))
        #expect(GitDate.parse("yesterday") == nil)
    }

    /// Dates from the environment outside the years 0000–9999, or with fields too long for
    /// 64 bits, are not dates (and never trap).
    @Test func gitDatesOutOfRangeAreRefused() {
        for text in ["@9223372036854775807", "@-9223372036854775808", "99999999999999999999 +0000", "@253402300800",
                     "Thu, 07 Apr 9223372036854775807 22:13:13 +0200", "Thu, 07 Apr 2005 9223372036854775807:13:13 +0200",
                     "Thu, 07 Apr 2005 22:9223372036854775807:13 +0200", "Thu, 9223372036854775807 Apr 2005 22:13:13 +0200",
                     "Thu, 07 Apr 2005 -1:13:13 +0200", "Thu, 07 Apr -9223372036854775808 22:13:13 +0200"] {
            #expect(GitDate.parse(text) == nil, "\(text)")
        }
        #expect(GitDate.parse("@253402300799")! == (253_402_300_799, 0))
        #expect(GitDate.parse("Fri, 31 Dec 9999 23:59:59 +0000")! == (253_402_300_799, 0))
        #expect(throws: IdentityError.self) {
            try Identity.resolve(environment: ["GIT_AUTHOR_DATE": "@9223372036854775807"], config: { $0 == "user.name" ? "A" : "a@x" })
        }
    }

    @Test func missingIdentitySaysHowToSetIt() {
        #expect(throws: IdentityError.missing(role: "author", what: "name")) {
            try Identity.resolve(environment: [:], config: { _ in nil })
        }
        #expect(throws: IdentityError.missing(role: "committer", what: "email")) {
            try Identity.resolve(environment: ["GIT_AUTHOR_NAME": "A", "GIT_AUTHOR_EMAIL": "a@x", "GIT_COMMITTER_NAME": "C"], config: { _ in nil })
        }
        let text = IdentityError.missing(role: "author", what: "name").description
        #expect(text.contains("git config --global user.name"))
        #expect(throws: IdentityError.badDate(variable: "GIT_AUTHOR_DATE", value: "soon")) {
            try Identity.resolve(environment: ["GIT_AUTHOR_DATE": "soon"], config: { config[$0] })
        }
    }
}
