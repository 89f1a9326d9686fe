import FFGit
import Foundation
import TestSupport
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

/// An identity set under `includeIf "hasconfig:…"`, which libgit2 1.5 skips: git has it (the
/// oracle), ff cannot read it and says where it is and what to do.
@Suite struct HasconfigIdentityTests {
    let include = """
        [includeIf "hasconfig:remote.*.url:git@example.com:acme/**"]
        \tpath = ~/.gitconfig-acme

        """
    let acme = "[user]\n\tname = Ana Lima\n\temail = \"ana@acme.example\"  # work\n"

    func expected(_ keys: [String], file: String = "~/.gitconfig") -> IdentityError {
        let all = ["user.name": "Ana Lima", "user.email": "ana@acme.example"]
        return .underUnsupportedInclude(keys: keys, values: all.filter { keys.contains($0.key) },
                                        condition: "hasconfig:remote.*.url:git@example.com:acme/**", file: file)
    }

    @Test func gitReadsItAndFFSaysWhereItIs() throws {
        let home = TempDir("ffgit-home"), repo = TempDir("ffgit-repo")
        try home.write(".gitconfig", include)
        try home.write(".gitconfig-acme", acme)
        let env = isolatedEnvironment(home: home.path, identity: false)
        let git = Git(repo.path, environment: env)
        try git("init", "-q")
        try git("remote", "add", "origin", "git@example.com:acme/app.git")
        #expect(try git("config", "user.name") == "Ana Lima")

        let error = expected(["user.name", "user.email"])
        #expect(throws: error) { try Identity.resolve(environment: env, config: { _ in nil }) }
        #expect(error.description == "no identity: user.name and user.email are set under includeIf \"hasconfig:remote.*.url:git@example.com:acme/**\" in ~/.gitconfig, which ff cannot evaluate (libgit2 does not support hasconfig:); set them in this repository with git config user.name \"Ana Lima\" and git config user.email \"ana@acme.example\", or set GIT_AUTHOR_NAME, GIT_AUTHOR_EMAIL, GIT_COMMITTER_NAME and GIT_COMMITTER_EMAIL")
        // Only what is missing is named.
        #expect(throws: expected(["user.email"])) {
            try Identity.resolve(environment: env, config: { $0 == "user.name" ? "Someone" : nil })
        }
        // With the identity set elsewhere, nothing is in the way.
        #expect(try Identity.resolve(environment: env, config: { ["user.name": "A", "user.email": "a@x"][$0] }).author.person == "A <a@x>")
    }

    @Test func everyFileGitReadsIsLookedAt() throws {
        let home = TempDir("ffgit-home"), other = TempDir("ffgit-other")
        try home.write(".gitconfig-acme", acme)
        let env = isolatedEnvironment(home: home.path, identity: false)
        func error(_ env: [String: String], repositoryConfig: String? = nil) -> IdentityError? {
            do {
                _ = try Identity.resolve(environment: env, config: { _ in nil }, repositoryConfig: repositoryConfig)
                return nil
            } catch {
                return error as? IdentityError
            }
        }
        // XDG_CONFIG_HOME/git/config.
        try home.write(".config/git/config", include)
        #expect(error(env) == expected(["user.name", "user.email"], file: "~/.config/git/config"))
        // GIT_CONFIG_GLOBAL replaces both global files.
        try other.write("global", "[user]\n\tname = Global\n")
        #expect(error(env.merging(["GIT_CONFIG_GLOBAL": other.file("global")]) { $1 }) == .missing(role: "author", what: "name"))
        try FileManager.default.removeItem(atPath: home.file(".config/git/config"))
        // A file that the global one includes.
        try home.write(".gitconfig", "[include]\n\tpath = .gitconfig-work\n")
        try home.write(".gitconfig-work", include)
        #expect(error(env) == expected(["user.name", "user.email"]))
        try FileManager.default.removeItem(atPath: home.file(".gitconfig"))
        // The system file: GIT_CONFIG_SYSTEM, unless GIT_CONFIG_NOSYSTEM.
        try other.write("system", include)
        var system = env
        system["GIT_CONFIG_SYSTEM"] = other.file("system")
        system["GIT_CONFIG_NOSYSTEM"] = "0"
        #expect(error(system) == expected(["user.name", "user.email"], file: other.file("system")))
        system["GIT_CONFIG_NOSYSTEM"] = "true"
        #expect(error(system) == .missing(role: "author", what: "name"))
        // The repository's own config.
        try other.write("repo/.git/config", include)
        #expect(error(env, repositoryConfig: other.file("repo/.git/config")) == expected(["user.name", "user.email"], file: other.file("repo/.git/config")))
        // An include that sets no identity is no explanation.
        try home.write(".gitconfig-acme", "[core]\n\tautocrlf = false\n")
        #expect(error(env, repositoryConfig: other.file("repo/.git/config")) == .missing(role: "author", what: "name"))
    }
}
