/// Which of an experiment's declared signals a conclusion names: `s1`, `f2`, a signal's whole
/// text, or the start of it, case aside. The rule of `ff conclude --met/--not-met/--not-measured`.
public struct SignalLedger: Sendable {
    /// The declared signals, numbered as `ff show` numbers them: `s1`… success, `f1`… failure.
    public let signals: [(number: String, text: String)]
    public let id: String

    public init(_ e: Experiment) {
        id = e.id
        signals = e.signals.success.enumerated().map { ("s\($0.offset + 1)", $0.element) }
            + e.signals.failure.enumerated().map { ("f\($0.offset + 1)", $0.element) }
    }

    /// A reference that names no signal or several, or a signal marked two ways.
    public enum Problem: Error, CustomStringConvertible, Equatable {
        case names(ref: String, matches: Int, id: String, list: String)
        case markedTwice(String)

        public var description: String {
            switch self {
            case let .names(ref, matches, id, list):
                return "'\(SafeText.line(ref))' names \(matches == 0 ? "no" : "more than one") signal of \(id) (\(list))"
            case let .markedTwice(number):
                return "signal \(number) is marked twice"
            }
        }
    }

    /// The signal (its number and text) that `ref` names.
    public func resolve(_ ref: String) throws -> (number: String, text: String) {
        let key = ref.trimmed(.whitespaces).lowercased()
        let found = signals.filter { $0.number == key || $0.text.lowercased() == key }
        let matches = found.isEmpty ? signals.filter { $0.text.lowercased().hasPrefix(key) } : found
        guard matches.count == 1 else {
            let list = signals.map { "\($0.number) \(SafeText.line($0.text))" }.joined(separator: "; ")
            throw Problem.names(ref: ref, matches: matches.count, id: id, list: list)
        }
        return matches[0]
    }

    /// What was observed of each signal the references name, by the signal's text. The same
    /// signal named twice the same way is one mark; two ways is a problem.
    public func marks(met: [String], notMet: [String], notMeasured: [String]) throws -> [String: Observed] {
        var marks: [String: Observed] = [:]
        for (refs, observed) in [(met, Observed.met), (notMet, .notMet), (notMeasured, .notMeasured)] {
            for ref in refs {
                let signal = try resolve(ref)
                if let previous = marks[signal.text], previous != observed { throw Problem.markedTwice(signal.number) }
                marks[signal.text] = observed
            }
        }
        return marks
    }
}
