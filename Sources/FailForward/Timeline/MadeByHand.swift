/// Whether a commit that changed an experiment was made by hand (a plain `git commit`) or by
/// ff: the one rule for `ff log`, `ff debrief` and the timeline. By hand unless an ff commit's
/// trailers name the experiment: the block ff's commit-msg hook adds to a plain commit
/// (`FF-Via: git`) does not count, the blocks of squashed ff commits do, and the commit's own
/// trailers do not when they claim a state or outcome the file does not hold. A merge (or the
/// edge of a shallow clone) is neither.
public enum MadeByHand {
    public static func isByHand(message: String, experiment id: String, isMerge: Bool, isShallowBoundary: Bool = false,
                                claimIsUnbacked: Bool) -> Bool {
        if isMerge || isShallowBoundary { return false }
        return !ffBlocks(MessageParts(message), unbacked: claimIsUnbacked).contains { $0.experiments.contains(id) }
    }

    /// The trailer blocks of ff's own commits in a message: squashed commits' blocks, and the
    /// commit's own unless its claim is unbacked; never a hook's (`FF-Via`).
    static func ffBlocks(_ m: MessageParts, unbacked: Bool) -> [MessageParts.Block] {
        var blocks = m.inner
        if m.hasOwnTrailers && !m.own.experiments.isEmpty && !unbacked { blocks.append(m.own) }
        return blocks.filter { $0.via == nil }
    }
}
