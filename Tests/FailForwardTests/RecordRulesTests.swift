import Testing
import FailForward

/// A started experiment is a record: the rule `ff check` and the pre-receive check share.
@Suite struct RecordRulesTests {
    private func experiment(_ status: Status) -> Experiment {
        var e = Experiment(id: "k7q2m9x4", title: "Shorter standup")
        e.status = status
        return e
    }

    @Test func onlyAStartedExperimentThatIsGoneIsALostRecord() {
        #expect(RecordRules.deleted(experiment(.draft), at: "experiments/a.yaml", remains: false, stage: .commit) == nil)
        #expect(RecordRules.deleted(experiment(.running), at: "experiments/a.yaml", remains: true, stage: .commit) == nil)
        let commit = RecordRules.deleted(experiment(.running), at: "experiments/a.yaml", remains: false, stage: .commit)
        #expect(commit?.severity == .error)
        #expect(commit?.message == "deletes running experiment k7q2m9x4: started experiments are never deleted; stop it with ff abandon k7q2m9x4 --reason \"…\"")
        let push = RecordRules.deleted(experiment(.concluded), at: "experiments/a.yaml", remains: false, stage: .push(pushAgain: ", then push again"))
        #expect(push?.message == "deletes concluded experiment k7q2m9x4: started experiments are never deleted (ff abandon stops a running one)")
    }

    @Test func aStartedExperimentLeftOutsideTheFolderIsNamedWithWhatToDo() {
        let d = RecordRules.leftOutside(experiment(.concluded), at: "old/a.yaml", folder: "experiments", stage: .push(pushAgain: ", then push again"))
        #expect(d.path == "old/a.yaml" && d.severity == .error)
        #expect(d.message.hasPrefix("leaves concluded experiment k7q2m9x4 outside the experiments folder (experiments)"))
        #expect(d.message.hasSuffix(", then push again"))
        let c = RecordRules.leftOutside(experiment(.running), at: "old/a.yaml", folder: "experiments", stage: .commit)
        #expect(c.message.hasSuffix("; started experiments are never dropped (ff abandon k7q2m9x4 --reason \"…\" stops one)"))
    }
}
