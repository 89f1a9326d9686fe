import Foundation
import TestSupport
import Testing

/// The built ff with a HOME whose identity lives under `includeIf "hasconfig:…"`, which
/// libgit2 1.5 skips: git commits with that identity, ff says why it has none and how to set it.
@Suite struct IdentityIncludeTests {
    @Test func anIdentityUnderAHasconfigIncludeIsExplainedInOneLine() throws {
        let ff = ffExecutable()
        let dir = TempDir("ff-identity-repo"), home = TempDir("ff-identity-home")
        #expect(try run(ff, ["init"], in: dir.path, environment: isolatedEnvironment(home: home.path)).status == 0)
        try home.write(".gitconfig", "[includeIf \"hasconfig:remote.*.url:git@example.com:acme/**\"]\n\tpath = .gitconfig-acme\n")
        try home.write(".gitconfig-acme", "[user]\n\tname = Ana Lima\n\temail = ana@acme.example\n")
        let env = isolatedEnvironment(home: home.path, identity: false)
        let git = Git(dir.path, environment: env)
        try git("remote", "add", "origin", "git@example.com:acme/app.git")
        // git evaluates the include.
        #expect(try git("var", "GIT_AUTHOR_IDENT").hasPrefix("Ana Lima <ana@acme.example> "))
        let head = try git("rev-parse", "HEAD")

        let r = try run(ff, ["new", "Weekly demo"], in: dir.path, environment: env)
        #expect(r.status == 1)
        #expect(r.stderr == "ff: no identity: user.name and user.email are set under includeIf \"hasconfig:remote.*.url:git@example.com:acme/**\" in ~/.gitconfig, which ff cannot evaluate (libgit2 does not support hasconfig:); set them in this repository with git config user.name \"Ana Lima\" and git config user.email \"ana@acme.example\", or set GIT_AUTHOR_NAME, GIT_AUTHOR_EMAIL, GIT_COMMITTER_NAME and GIT_COMMITTER_EMAIL\n")
        #expect(try git("rev-parse", "HEAD") == head)
        #expect(try git("status", "--porcelain", "--untracked-files=all") == "")

        // Doing what it says works.
        try git("config", "user.name", "Ana Lima")
        try git("config", "user.email", "ana@acme.example")
        let retry = try run(ff, ["new", "Weekly demo"], in: dir.path, environment: env)
        #expect(retry.status == 0, "\(retry.stderr)")
        #expect(try git("log", "-1", "--format=%an <%ae>") == "Ana Lima <ana@acme.example>")
    }
}
