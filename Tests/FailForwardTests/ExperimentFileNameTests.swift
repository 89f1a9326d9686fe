import Testing
import FailForward

@Suite struct ExperimentFileNameTests {
    /// One rule for every reader: YAML below the folder, nothing hidden below it. A dot-file
    /// (an editor's swap file, a tool's `.draft.yaml`) is not an experiment, whatever reads it.
    @Test func experimentFilesAreYAMLBelowTheFolderWithNothingHidden() {
        let yes = ["experiments/2026-11/k7q2m9x4-a.yaml", "experiments/a.yml", "experiments/x/y/z.yaml",
                   "experiments/a.b.yaml", "experiments/a./b.yaml"]
        let no = ["experiments/.k7q2m9x4-a.yaml", "experiments/2026-11/.a.yaml", "experiments/.hidden/a.yaml",
                  "experiments/a/.b/c.yaml", "experiments/.yaml", "experiments/a.yaml.swp", "experiments/a.txt",
                  "experiments.yaml", "experiments/", "experimentsX/a.yaml", "other/a.yaml", "a.yaml"]
        for p in yes { #expect(ExperimentFileName.isExperimentPath(p, folder: "experiments"), "\(p)") }
        for p in no { #expect(!ExperimentFileName.isExperimentPath(p, folder: "experiments"), "\(p)") }
    }

    /// Only what is below the folder counts: a hidden folder chosen to hold the experiments holds them.
    @Test func aHiddenExperimentsFolderStillHoldsExperiments() {
        #expect(ExperimentFileName.isExperimentPath(".ff-experiments/a.yaml", folder: ".ff-experiments"))
        #expect(ExperimentFileName.isExperimentPath("docs/.exp/2026-11/a.yml", folder: "docs/.exp"))
        #expect(!ExperimentFileName.isExperimentPath("docs/.exp/.a.yml", folder: "docs/.exp"))
    }

    @Test func aFileNameIsAnExperimentsWhenYAMLAndNotHidden() {
        for name in ["a.yaml", "k7q2m9x4-weekly-demo.yml", "a.b.yaml"] {
            #expect(ExperimentFileName.isExperimentName(Array(name.utf8)), "\(name)")
        }
        for name in [".a.yaml", ".yaml", ".yml", "yaml", "a.yaml~", "a.json", ""] {
            #expect(!ExperimentFileName.isExperimentName(Array(name.utf8)), "\(name)")
        }
    }

    @Test func theNameCarriesTheIDAndTheSlug() {
        #expect(ExperimentFileName.parts("experiments/2026-11/k7q2m9x4-weekly-demo.yaml").map { [$0.id, $0.slug] } == ["k7q2m9x4", "weekly-demo"])
        #expect(ExperimentFileName.parts("k7q2m9x4.yml").map { [$0.id, $0.slug] } == ["k7q2m9x4", ""])
        #expect(ExperimentFileName.parts("experiments/k7q2m9x4_weekly.yaml") == nil)
        #expect(ExperimentFileName.parts("experiments/short-x.yaml") == nil)
        #expect(ExperimentFileName.parts("experiments/.k7q2m9x4-x.yaml") == nil)
    }

    @Test func aNewFileIsNamedByItsIDAndTitle() {
        let name = ExperimentFileName.name(id: "k7q2m9x4", title: "Weekly demo")
        #expect(name == "k7q2m9x4-\(Slug.make(from: "Weekly demo")).yaml")
        #expect(ExperimentFileName.parts(name).map { [$0.id, $0.slug] } == ["k7q2m9x4", Slug.make(from: "Weekly demo")])
    }
}
