import FFWorkspace
import FailForward
import Foundation
import TestSupport
import Testing

/// `Setup` (what `ff init` does) without the command line.
@Suite struct SetupTests {
    @Test func setsUpARepositoryInOneCommitAndThenHasNothingToDo() throws {
        let f = try Fixture(setUp: false)
        let recorder = Recorder()
        let result = try Setup(forge: nil, experiments: nil, verify: true).run(f.environment, delegate: recorder)
        #expect(result.createdRepository == f.dir.path)
        #expect(result.config.experiments == "experiments")
        let committed = try #require(result.committed)
        #expect(committed.paths.contains(".ff/config.yaml") && committed.paths.contains("experiments/.gitkeep"))
        #expect(try f.git("show", "--name-only", "--format=", "HEAD").split(separator: "\n").map(String.init) == committed.paths.sorted())
        #expect(try f.git("rev-list", "--count", "HEAD") == "1")
        #expect(try f.git.trailers() == ["FF-Action: init"])
        #expect(try f.git("status", "--porcelain") == "")
        #expect(!result.hookLines.isEmpty)
        #expect(FileManager.default.isExecutableFile(atPath: f.dir.file(".git/hooks/pre-commit")))
        #expect(result.registeredMergeDriver)
        try f.git("fsck", "--strict")

        let again = try Setup(forge: nil, experiments: nil, verify: true).run(f.environment, delegate: recorder)
        #expect(again.committed == nil && again.createdRepository == nil)
        #expect(again.hookLines.isEmpty && !again.registeredMergeDriver)
        #expect(try f.git("rev-list", "--count", "HEAD") == "1")
        #expect(recorder.recoveries.isEmpty && recorder.warnings.isEmpty)

        #expect(throws: Setup.Refusal.folderAlreadyNamed("experiments")) {
            try Setup(forge: nil, experiments: "learning", verify: true).run(f.environment, delegate: recorder)
        }
        #expect(try f.git("rev-list", "--count", "HEAD") == "1")
    }

    @Test func anotherFolderIsNamedInTheConfig() throws {
        let f = try Fixture(setUp: false)
        try f.git("init", "-q")
        let result = try Setup(forge: nil, experiments: "docs/learning", verify: true).run(f.environment, delegate: f.recorder)
        #expect(result.createdRepository == nil)
        #expect(result.config.experiments == "docs/learning")
        let files = try f.git("ls-files").split(separator: "\n")
        #expect(files.contains(".ff/config.yaml") && files.contains("docs/learning/.gitkeep"))
        #expect(!files.contains { $0.hasPrefix("experiments/") })
        #expect(try f.open().config.experiments == "docs/learning")
        try f.git("fsck", "--strict")
    }
}
