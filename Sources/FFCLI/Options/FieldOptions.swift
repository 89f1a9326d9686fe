import ArgumentParser
import FailForward

enum Reversibility: String, EnumerableFlag {
    case reversible, irreversible

    static func help(for value: Reversibility) -> ArgumentHelp? {
        value == .reversible ? "The change can be undone (give --rollback)." : "The change cannot be undone."
    }
}

/// The flags that set an experiment's plan, shared by `new`, `edit` and `amend`. A list flag
/// given at least once replaces the whole list.
struct FieldOptions: ParsableArguments {
    @Option(parsing: .unconditional, help: "What you believe and what would show it: \"If …, then … within …\".")
    var hypothesis: String?

    @Option(parsing: .unconditionalSingleValue, help: ArgumentHelp("A success signal, decided in advance (repeatable).", valueName: "signal"))
    var success: [String] = []

    @Option(parsing: .unconditionalSingleValue, help: ArgumentHelp("A diagnostic failure signal, decided in advance (repeatable).", valueName: "signal"))
    var failure: [String] = []

    @Option(parsing: .unconditionalSingleValue, help: ArgumentHelp("Data to capture, as \"what: how\" (repeatable).", valueName: "what: how"))
    var data: [String] = []

    @Option(help: "The timebox in days.", transform: NumberArgument.days)
    var days: Int?

    @Flag var reversibility: Reversibility?

    @Option(parsing: .unconditional, help: "How to undo the change.")
    var rollback: String?

    @Option(parsing: .unconditionalSingleValue, help: ArgumentHelp("Who observes the experiment (repeatable).", valueName: "name"))
    var stakeholder: [String] = []

    @Option(parsing: .unconditionalSingleValue, help: ArgumentHelp("A tag (repeatable).", valueName: "tag"))
    var tag: [String] = []

    @Option(parsing: .unconditionalSingleValue, help: ArgumentHelp("A path or glob of the code the experiment concerns, as git takes it from the repository's top (repeatable).", valueName: "glob"))
    var touches: [String] = []

    @Option(help: ArgumentHelp("Your forecast: validated, disproved or inconclusive.", valueName: "outcome"))
    var prediction: Outcome?

    @Option(help: ArgumentHelp("How sure you are of the forecast, 0 to 1.", valueName: "p"), transform: NumberArgument.probability)
    var confidence: Double?

    var isEmpty: Bool {
        hypothesis == nil && success.isEmpty && failure.isEmpty && data.isEmpty && days == nil && reversibility == nil
            && rollback == nil && stakeholder.isEmpty && tag.isEmpty && touches.isEmpty && prediction == nil && confidence == nil
    }

    func validate() throws {
        if confidence != nil && prediction == nil {
            throw ValidationError("--confidence needs --prediction")
        }
        for d in data where d.trimmed(.whitespaces).isEmpty {
            throw ValidationError("--data needs text, as \"what: how\"")
        }
        for (flag, values) in [("--success", success), ("--failure", failure), ("--stakeholder", stakeholder), ("--tag", tag), ("--touches", touches)] {
            if values.contains(where: { $0.trimmed().isEmpty }) {
                throw ValidationError("\(flag) needs text")
            }
        }
    }

    func apply(to e: Experiment) -> Experiment {
        var e = e
        func clean(_ s: String) -> String { s.trimmed() }
        // Prose keeps its text byte for byte (indentation too), less a final newline.
        if let hypothesis { e.hypothesis = hypothesis.withoutTrailingLineBreaks }
        if !success.isEmpty { e.signals.success = success.map(clean) }
        if !failure.isEmpty { e.signals.failure = failure.map(clean) }
        if !data.isEmpty {
            e.data = data.map { d in
                // "what: how" — the first ': ' (or ':') splits them.
                if let r = d.scalarRange(of: ": ") ?? d.scalarRange(of: ":") {
                    let what = clean(String(d[..<r.lowerBound])), how = clean(String(d[r.upperBound...]))
                    return DataPlan(what: what.isEmpty ? clean(d) : what, how: how.isEmpty ? nil : how)
                }
                return DataPlan(what: clean(d))
            }
        }
        if let days { e.timebox.days = days }
        if let reversibility { e.reversible = reversibility == .reversible }
        if let rollback { e.rollback = rollback.withoutTrailingLineBreaks }
        if !stakeholder.isEmpty { e.stakeholders = stakeholder.map(clean) }
        if !tag.isEmpty { e.tags = tag.map(clean) }
        if !touches.isEmpty { e.touches = touches.map(clean) }
        if let prediction { e.prediction = Prediction(outcome: prediction, confidence: confidence) }
        return e
    }
}

extension Outcome: ExpressibleByArgument {}
extension Status: ExpressibleByArgument {}
