/// What an ff commit did, as its `FF-Action` trailer names it: one word per command that
/// commits, and the words a hand-made commit is given for the same changes.
public enum Action: String, Sendable, CaseIterable {
    case `init`
    case new
    case start
    case note
    case amend
    case edit
    case conclude
    case abandon
    case review
    case migrate
}
