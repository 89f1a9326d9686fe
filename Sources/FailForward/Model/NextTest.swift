extension Experiment {
    /// The draft of this experiment's next test (`ff new --follows`, `ff conclude
    /// --next-experiment`): it follows this one and inherits where it is shown (tags) and who
    /// watches it (stakeholders); its plan starts empty. The title is made one line and the
    /// creation time whole seconds, as every new experiment's.
    public func nextTest(id: String, title: String, owner: String?, created: Date) -> Experiment {
        var next = Experiment(id: id, title: CommitMessage.oneLine(title))
        next.owner = owner
        next.created = Timestamp.wholeSeconds(created)
        next.follows = self.id
        next.tags = tags
        next.stakeholders = stakeholders
        return next
    }
}
