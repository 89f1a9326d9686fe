import FFWorkspace
import Testing

@Suite struct SnapshotPathTests {
    @Test func experimentFilesAreYAMLBelowTheFolderWithNoHiddenPart() {
        let yes = ["experiments/2026-11/k7q2m9x4-a.yaml", "experiments/a.yml", "experiments/x/y/z.yaml"]
        let no = ["experiments.yaml", "experiments/", "experiments/.a.yaml", "experiments/2026-11/.k7.yaml",
                  "experiments/.hidden/a.yaml", "experiments/a/.b/c.yaml", "experiments/a.txt", "other/a.yaml",
                  "experimentsX/a.yaml"]
        for p in yes { #expect(Snapshot.isExperimentFile(p, folder: "experiments"), "\(p)") }
        for p in no { #expect(!Snapshot.isExperimentFile(p, folder: "experiments"), "\(p)") }
        #expect(Snapshot.isExperimentFile("docs/exp/a.b.yaml", folder: "docs/exp"))
    }
}
