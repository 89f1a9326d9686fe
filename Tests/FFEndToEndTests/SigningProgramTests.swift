import Foundation
import TestSupport
import Testing

/// The signing program is looked up as git looks it up: on the PATH ff was given, never in
/// ff's own folder first (which ff puts first for the hooks only), and never a folder.
@Suite struct SigningProgramTests {
    @Test func aGpgBesideTheBinaryOrAFolderNamedGpgIsNeverRun() throws {
        let tools = TempDir("ff-sign-tools"), dir = TempDir("ff-sign-repo"), home = TempDir("ff-sign-home")
        // A copy of ff, with a gpg planted beside it.
        try FileManager.default.createDirectory(atPath: tools.file("ff-bin"), withIntermediateDirectories: true)
        try FileManager.default.copyItem(atPath: ffExecutable(), toPath: tools.file("ff-bin/ff"))
        try tools.write("ff-bin/gpg", fakeGPG(marker: tools.file("planted-ran")))
        try tools.write("good/gpg", fakeGPG(marker: tools.file("good-ran")))
        chmod(tools.file("ff-bin/gpg"), 0o755)
        chmod(tools.file("good/gpg"), 0o755)
        // A folder named gpg, earlier on PATH than the real one.
        try FileManager.default.createDirectory(atPath: tools.file("early/gpg"), withIntermediateDirectories: true)
        var env = isolatedEnvironment(home: home.path)
        env["PATH"] = tools.file("early") + ":" + tools.file("good") + ":/usr/bin:/bin"
        let ff = tools.file("ff-bin/ff")
        #expect(try run(ff, ["init"], in: dir.path, environment: env).status == 0)
        let git = Git(dir.path, environment: env)
        try git("config", "commit.gpgsign", "true")
        let r = try run(ff, ["new", "Signed"], in: dir.path, environment: env, timeout: 60)
        #expect(r.status == 0, "\(r.stderr)")
        #expect(!FileManager.default.fileExists(atPath: tools.file("planted-ran")), "the gpg beside ff ran")
        #expect(FileManager.default.fileExists(atPath: tools.file("good-ran")))
        #expect(try git("cat-file", "commit", "HEAD").contains("gpgsig -----BEGIN PGP SIGNATURE-----"))
        #expect(try git("status", "--porcelain") == "")

        // Nothing on PATH but the folder: one clear line, nothing committed.
        let head = try git("rev-parse", "HEAD")
        env["PATH"] = tools.file("early")
        let missing = try run(ff, ["new", "Unsigned"], in: dir.path, environment: env, timeout: 60)
        #expect(missing.status == 1)
        #expect(missing.stderr == "ff: cannot sign the commit: no program 'gpg' on PATH: install it, or name it with git config gpg.program <path>; nothing was committed\n", "\(missing.stderr)")
        #expect(!FileManager.default.fileExists(atPath: tools.file("planted-ran")))
        #expect(try git("rev-parse", "HEAD") == head)
        #expect(try git("status", "--porcelain") == "")
    }
}
