import CLIHarness
import FailForward
import Foundation
import TestSupport
import Testing

/// `ff init`'s review and collaboration set-up: the merge driver and the forge templates.
@Suite struct InitReviewTests {
    @Test func initRegistersTheMergeDriverAndCommitsTheAttributes() throws {
        let h = try Harness(initialise: false)
        let r = h.ff("init")
        #expect(r.code == 0, "\(r.err)")
        #expect(r.out.contains("Registered the merge driver"))
        #expect(try h.dir.read(".gitattributes").hasSuffix("experiments/** merge=ff\n"))
        #expect(try h.git("check-attr", "merge", "experiments/2026-11/abcd1234-x.yaml") == "experiments/2026-11/abcd1234-x.yaml: merge: ff")
        #expect(try h.git("config", "merge.ff.driver") == "ff merge-driver %O %A %B %P")
        #expect(try h.git("config", "merge.ff.name") != "")
        #expect(try h.git("status", "--porcelain") == "")
        // Idempotent: nothing to register, nothing to commit.
        let again = h.ff("init")
        #expect(!again.out.contains("Registered"))
        #expect(again.out.contains("already set up"))
        #expect(try h.git("rev-list", "--count", "HEAD") == "1")
    }

    @Test func existingAttributesAreKeptAndExtendedOnce() throws {
        let h = try Harness(initialise: false)
        try h.git("init", "-q")
        try h.dir.write(".gitattributes", "*.png binary")
        try h.git("add", ".gitattributes")
        try h.git("commit", "-qm", "attributes")
        #expect(h.ff("init").code == 0)
        let text = try h.dir.read(".gitattributes")
        #expect(text.hasPrefix("*.png binary\n# "))
        #expect(text.hasSuffix("\nexperiments/** merge=ff\n"))
        #expect(try h.git("show", "--name-only", "--format=", "HEAD").contains(".gitattributes"))
        #expect(h.ff("init").code == 0)
        #expect(try h.dir.read(".gitattributes") == text)
    }

    @Test func aFreshCloneRegistersTheDriverAgainWithoutACommit() throws {
        let h = try Harness()
        let clone = TempDir("ff-clone")
        try h.git("clone", "-q", h.dir.path, clone.path + "/c")
        let git = Git(clone.path + "/c", environment: h.env)
        #expect(try git.run("config", "merge.ff.driver").status == 1)
        let before = try git("rev-parse", "HEAD")
        let r = h.ff("-C", clone.path + "/c", "init")
        #expect(r.code == 0, "\(r.err)")
        #expect(r.out.contains("Registered the merge driver"))
        #expect(try git("config", "merge.ff.driver") == "ff merge-driver %O %A %B %P")
        #expect(try git("rev-parse", "HEAD") == before)
    }

    @Test func forgeTemplatesAreInstalledAndCommittedOnce() throws {
        let h = try Harness()
        for forge in Forge.allCases {
            let r = h.ff("init", "--forge", forge.rawValue)
            #expect(r.code == 0, "\(r.err)")
            #expect(try h.dir.read(forge.templatePath) == forge.template)
            let files = [forge.templatePath] + (forge.checkWorkflow.map { [$0.path] } ?? [])
            #expect(try h.git("show", "--name-only", "--format=", "HEAD") == files.sorted().joined(separator: "\n"))
            if let workflow = forge.checkWorkflow { #expect(try h.dir.read(workflow.path) == workflow.text) }
            #expect(try h.git.trailers() == ["FF-Action: init"])
            let count = try h.git("rev-list", "--count", "HEAD")
            #expect(h.ff("init", "--forge", forge.rawValue).out.contains("already set up"))
            #expect(try h.git("rev-list", "--count", "HEAD") == count)
        }
        #expect(try h.git("status", "--porcelain") == "")
        // A template the team changed is kept.
        try h.dir.write(Forge.github.templatePath, "Our own template\n")
        try h.git("commit", "-qam", "our template")
        let r = h.ff("init", "--forge", "github")
        #expect(r.err.contains("exists and differs"))
        #expect(try h.dir.read(Forge.github.templatePath) == "Our own template\n")
        let bad = h.ff("init", "--forge", "sourcehut")
        #expect(bad.code == 64)
    }

    @Test func forgeTemplatesAskTheMethodsReviewQuestions() {
        for forge in Forge.allCases {
            #expect(forge.template.contains(ReviewQuestions.checklist), "\(forge) template lacks the review questions")
            #expect(forge.template.contains("ff debrief <id>"))
        }
        #expect(Set(Forge.allCases.map(\.templatePath)).count == 3)
    }
}
