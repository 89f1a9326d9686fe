/// The debrief `ff conclude` opens in the editor (`templates/debrief.yaml`), and how what the
/// person saved is read back into a conclusion.
public enum DebriefTemplate {
    /// A field the saved debrief lacks or gets wrong.
    public enum Problem: Error, CustomStringConvertible, Equatable {
        case outcome
        case returned

        public var description: String {
            switch self {
            case .outcome: return "debrief: outcome must be validated, disproved or inconclusive"
            case .returned: return "debrief: say what the experiment returned"
            }
        }
    }

    /// The template for `e`, its id and title filled in.
    public static func text(for e: Experiment) -> String {
        (Templates.files["debrief.yaml"] ?? "")
            .replacingAll("{{id}}", with: e.id)
            .replacingAll("{{title}}", with: SafeText.line(e.title))
    }

    /// The conclusion the saved template gives (the signal ledger is asked for apart).
    public static func parse(_ text: String) throws -> Conclusion {
        let doc = try ExperimentDocument.parseMapping(text, path: "debrief")
        var c = Conclusion()
        guard let o = doc["outcome"], let outcome = Outcome(rawValue: o) else { throw Problem.outcome }
        c.outcome = outcome
        guard let returned = doc["returned"], !returned.isEmpty else { throw Problem.returned }
        c.returned = returned
        c.facts = doc["facts"]
        c.signal = doc["signal"]
        c.remediation = doc["remediation"]
        c.next = doc["next"]
        return c
    }
}
