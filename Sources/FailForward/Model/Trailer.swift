/// The `FF-` trailers ff writes at the end of its commit messages (the SPEC lists them).
public enum Trailer {
    /// A trailer's key as ff writes it; readers compare keys in any case.
    public enum Key: String, Sendable, CaseIterable {
        /// An experiment the commit changes (one line each; the one acted on first).
        case experiment = "FF-Experiment"
        /// What was done: an `Action`'s word.
        case action = "FF-Action"
        /// `<from> -> <to>`, when the state changed (`none` for a new experiment).
        case transition = "FF-Transition"
        /// The outcome a conclusion records.
        case outcome = "FF-Outcome"
        /// A locked field an amendment changed (one line each).
        case deviation = "FF-Deviation"
        /// `git`: the trailers were added by the hook to a commit made by hand.
        case via = "FF-Via"
        /// `comment <n>` or `resolve <n>`: a review note.
        case review = "FF-Review"
    }
}
