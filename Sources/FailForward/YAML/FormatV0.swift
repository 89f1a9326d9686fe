
/// Format 0, the layout before `ff: 1` (docs/FORMAT.md, "Earlier formats"): `version: 0`,
/// `state` with other names, flat timebox and signal keys, `notes` and `result`. ff reads it
/// so that old files keep working, and `ff migrate` rewrites them in the current format.
struct FormatV0 {
    let decoder: ExperimentDecoder

    static let keys: Set<String> = [
        "version", "id", "title", "state", "owner", "created", "follows", "tags", "hypothesis", "reversible",
        "rollback", "stakeholders", "timebox_days", "started", "success_signals", "failure_signals", "data",
        "notes", "prediction", "result", "dropped",
    ]

    func decode(keys: [String: YAMLNode], root: YAMLNode) throws -> Experiment {
        let d = decoder
        func value(_ key: String) -> YAMLNode? {
            guard let v = keys[key], !v.isNull else { return nil }
            return v
        }
        guard let idNode = value("id") else { throw d.fail(root, "missing 'id:'") }
        let id = try d.string(idNode, "id")
        guard ExperimentID.isValid(id) else {
            throw d.fail(idNode, "id '\(SafeText.line(id))' is not 8 lowercase Crockford base32 characters")
        }
        guard let titleNode = value("title") else { throw d.fail(root, "missing 'title:'") }
        var e = Experiment(id: id, title: try d.string(titleNode, "title"))
        e.schema = 0
        guard let stateNode = value("state") else { throw d.fail(root, "missing 'state:' (format 0)") }
        switch try d.string(stateNode, "state") {
        case "draft": e.status = .draft
        case "active": e.status = .running
        case "done": e.status = .concluded
        case "dropped": e.status = .abandoned
        default: throw d.fail(stateNode, "state must be one of draft, active, done, dropped (format 0)")
        }
        e.owner = try value("owner").map { try d.string($0, "owner") }
        e.created = try value("created").map { try d.date($0, "created") }
        e.follows = try value("follows").map { try d.string($0, "follows") }
        e.tags = try value("tags").map { try d.strings($0, "tags") } ?? []
        e.hypothesis = try value("hypothesis").map { try d.string($0, "hypothesis") }
        e.reversible = try value("reversible").map { try d.bool($0, "reversible") }
        e.rollback = try value("rollback").map { try d.string($0, "rollback") }
        e.stakeholders = try value("stakeholders").map { try d.strings($0, "stakeholders") } ?? []
        e.timebox.days = try value("timebox_days").map { try d.int($0, "timebox_days") }
        e.timebox.started = try value("started").map { try d.date($0, "started") }
        e.signals.success = try value("success_signals").map { try d.strings($0, "success_signals") } ?? []
        e.signals.failure = try value("failure_signals").map { try d.strings($0, "failure_signals") } ?? []
        // Format 0 kept data plans as "what: how" strings.
        e.data = try value("data").map { try d.strings($0, "data") }?.map { line in
            guard let r = line.scalarRange(of: ": ") else { return DataPlan(what: line) }
            return DataPlan(what: line[..<r.lowerBound].trimmed, how: line[r.upperBound...].trimmed)
        } ?? []
        e.observations = try value("notes").map { n in
            try d.items(n, "notes").map { item in
                let m = try d.mapping(item, "note", known: ["at", "text"])
                guard let at = m["at"], let text = m["text"] else { throw d.fail(item, "a note needs 'at:' and 'text:'") }
                return Observation(at: try d.date(at, "notes.at"), text: try d.string(text, "notes.text"))
            }
        } ?? []
        if let p = value("prediction") {
            e.prediction = Prediction(outcome: try d.enumValue(p, "prediction"))
        }
        if let r = value("result") {
            let m = try d.mapping(r, "result", known: ["at", "outcome", "summary", "next"])
            var c = Conclusion()
            c.at = try m["at"].map { try d.date($0, "result.at") }
            c.outcome = try m["outcome"].map { try d.enumValue($0, "result.outcome") }
            c.returned = try m["summary"].map { try d.string($0, "result.summary") }
            c.next = try m["next"].map { try d.string($0, "result.next") }
            e.conclusion = c
        }
        if let a = value("dropped") {
            let m = try d.mapping(a, "dropped", known: ["at", "reason"])
            e.abandoned = Abandonment(at: try m["at"].map { try d.date($0, "dropped.at") },
                                      reason: try m["reason"].map { try d.string($0, "dropped.reason") })
        }
        e.unknownKeys = keys.keys.filter { !Self.keys.contains($0) }.sorted()
        return e
    }
}
