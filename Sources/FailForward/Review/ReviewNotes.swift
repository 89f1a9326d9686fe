
/// A review note that cannot be added or resolved. The description states the facts; a
/// front end adds how to go on in its own terms.
public enum ReviewError: Error, CustomStringConvertible, Equatable {
    case noSuchNote(id: String, number: Int, count: Int)
    case alreadyResolved(id: String, number: Int)
    case lineOutOfRange(path: String, line: Int, lines: Int)
    case notConcluded(id: String, status: Status)

    public var description: String {
        switch self {
        case let .noSuchNote(id, number, count):
            let has = count == 0 ? "has no review notes" : "has review notes 1–\(count)"
            return "\(id) \(has), not \(number)"
        case let .alreadyResolved(id, number):
            return "review note \(number) of \(id) is already resolved"
        case let .lineOutOfRange(path, line, lines):
            return "line \(line) is past the end of \(path) (\(lines) lines)"
        case let .notConcluded(id, status):
            return "\(id) is \(status.rawValue): a debrief follows its conclusion"
        }
    }
}

extension Experiment {
    /// Adds a review note. Any experiment can be reviewed, whatever its state: a plan before
    /// the start as much as a debrief after the conclusion.
    public func reviewed(_ text: String, line: Int?, by person: String?, at time: Date) throws -> Experiment {
        guard !text.trimmed.isEmpty else { throw LifecycleError.emptyText(what: "the review comment") }
        let t = text.withoutTrailingLineBreaks
        var e = self
        e.reviews.append(ReviewNote(at: Timestamp.wholeSeconds(time), by: person, line: line, text: t))
        return e
    }

    /// Marks review note `number` (1-based, as `ff show` numbers them) resolved.
    public func resolvingReview(_ number: Int) throws -> Experiment {
        // Compared, not subtracted: `number` comes from a flag and may be Int.min.
        guard number >= 1 && number <= reviews.count else {
            throw ReviewError.noSuchNote(id: id, number: number, count: reviews.count)
        }
        guard !reviews[number - 1].resolved else { throw ReviewError.alreadyResolved(id: id, number: number) }
        var e = self
        e.reviews[number - 1].resolved = true
        return e
    }

    /// The review notes not yet resolved.
    public var openReviews: [ReviewNote] { reviews.filter { !$0.resolved } }
}
