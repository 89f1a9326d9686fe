import MCP

/// One argument of a tool: its JSON type, and the command-line word it becomes.
struct Parameter: Sendable {
    enum Kind: Sendable, Equatable {
        /// A string given to `flag` (or the positional, with no flag).
        case string
        /// A list of strings: the repeatable option once per item (or the positionals).
        case strings
        /// A whole number or a number, handed to ff as written so that ff's own checks of
        /// numbers give their messages.
        case integer, number
        /// One of `values`.
        case choice([String])
        /// Several of `values`.
        case choices([String])
        /// true gives `flag`; false gives nothing.
        case flag
        /// true gives `flag`, false `negation` (`--reversible`, `--irreversible`).
        case toggle(negation: String)
    }

    var name: String
    var kind: Kind
    /// `--name`; nil for a positional argument.
    var flag: String?
    var description: String
    var required = false

    static func option(_ name: String, _ kind: Kind, _ description: String, required: Bool = false, flag: String? = nil) -> Parameter {
        Parameter(name: name, kind: kind, flag: flag ?? "--" + name.replacingOccurrences(of: "_", with: "-"),
                  description: description, required: required)
    }

    static func positional(_ name: String, _ kind: Kind, _ description: String, required: Bool = true) -> Parameter {
        Parameter(name: name, kind: kind, flag: nil, description: description, required: required)
    }

    /// Its JSON Schema.
    var schema: Value {
        var s: [String: Value] = ["description": .string(description)]
        switch kind {
        case .string: s["type"] = "string"
        case .strings: s["type"] = "array"; s["items"] = ["type": "string"]
        case .integer: s["type"] = "integer"
        case .number: s["type"] = "number"
        case let .choice(values): s["type"] = "string"; s["enum"] = .array(values.map { .string($0) })
        case let .choices(values): s["type"] = "array"; s["items"] = ["type": "string", "enum": .array(values.map { .string($0) })]
        case .flag, .toggle: s["type"] = "boolean"
        }
        return .object(s)
    }
}

/// A tool: the ff command it runs, and how its arguments become that command's words.
struct ToolSpec: Sendable {
    enum Effect: Sendable { case reads, commits }
    var name: String
    var title: String
    var description: String
    /// The subcommand and the words always given (`["list", "--json"]`).
    var command: [String]
    var parameters: [Parameter]
    var effect: Effect
    /// The argument naming the experiment a change is about (shown after it).
    var refParameter: String? { effect == .commits ? parameters.first { $0.flag == nil && $0.name == "ref" }?.name : nil }

    var tool: Tool {
        var properties: [String: Value] = [:]
        for p in parameters { properties[p.name] = p.schema }
        let required = parameters.filter(\.required).map { Value.string($0.name) }
        return Tool(
            name: name, title: title, description: description,
            inputSchema: ["type": "object", "properties": .object(properties), "required": .array(required),
                          "additionalProperties": false],
            annotations: .init(title: title, readOnlyHint: effect == .reads, destructiveHint: false,
                               idempotentHint: effect == .reads, openWorldHint: false)
        )
    }

    /// The command line for `arguments`: options first, each joined to its value
    /// (`--title=…`), then `--`, then the positionals, so that no text is read as an option.
    func words(_ arguments: [String: Value]) throws(ToolError) -> [String] {
        let known = Set(parameters.map(\.name))
        if let unknown = arguments.keys.sorted().first(where: { !known.contains($0) }) {
            throw ToolError("unknown argument '\(unknown)' for \(name); it takes \(parameters.map(\.name).joined(separator: ", "))")
        }
        var options: [String] = [], positionals: [String] = []
        for p in parameters {
            guard let value = arguments[p.name], value != .null else {
                if p.required { throw ToolError("\(name) needs '\(p.name)': \(p.description)") }
                continue
            }
            let items = try p.texts(value, tool: name)
            if let flag = p.flag {
                switch p.kind {
                case .flag: if value.boolValue == true { options.append(flag) }
                case let .toggle(negation): options.append(value.boolValue == true ? flag : negation)
                default: options += items.map { "\(flag)=\($0)" }
                }
            } else {
                positionals += items
            }
        }
        return command + options + (positionals.isEmpty ? [] : ["--"] + positionals)
    }
}

extension Parameter {
    /// The words `value` stands for, or an error that names the argument and what it takes.
    func texts(_ value: Value, tool: String) throws(ToolError) -> [String] {
        func wrong(_ takes: String) -> ToolError { ToolError("'\(name)' of \(tool) takes \(takes)") }
        switch kind {
        case .flag, .toggle:
            guard value.boolValue != nil else { throw wrong("true or false") }
            return []
        case .string, .choice:
            guard let s = value.stringValue else { throw wrong("a string") }
            return [s]
        case .strings, .choices:
            if let s = value.stringValue { return [s] }
            guard let list = value.arrayValue else { throw wrong("a list of strings") }
            return try list.map { item throws(ToolError) in
                guard let s = item.stringValue else { throw wrong("a list of strings") }
                return s
            }
        case .integer, .number:
            switch value {
            case let .int(n): return [String(n)]
            case let .double(d): return [d.isFinite && d == d.rounded() && abs(d) < 1e15 ? String(Int(d)) : String(d)]
            case let .string(s): return [s]
            default: throw wrong(kind == .integer ? "a whole number" : "a number")
            }
        }
    }
}

/// A request the server cannot turn into a command: answered as a tool error.
struct ToolError: Error, CustomStringConvertible {
    var description: String
    init(_ text: String) { description = text }
}

/// The tools, each the command it is named after.
enum ToolCatalog {
    static let statuses = ["draft", "running", "concluded", "abandoned"]
    static let outcomes = ["validated", "disproved", "inconclusive"]
    static let ref = Parameter.positional("ref", .string, "The experiment: an id (or a prefix of 4+ characters), its slug, or its file path.")

    /// The fields of a plan, as `ff new` and `ff amend` take them.
    static let planFields: [Parameter] = [
        .option("hypothesis", .string, "What you believe and what would show it: \"If …, then … within …\"."),
        .option("success", .strings, "Success signals, decided in advance."),
        .option("failure", .strings, "Diagnostic failure signals, decided in advance."),
        .option("data", .strings, "Data to capture, each \"what: how\"."),
        .option("days", .integer, "The timebox in days."),
        .option("reversible", .toggle(negation: "--irreversible"), "Whether the change can be undone (true needs a rollback)."),
        .option("rollback", .string, "How to undo the change."),
        .option("stakeholder", .strings, "Who observes the experiment."),
        .option("tag", .strings, "Tags."),
        .option("touches", .strings, "Paths or globs of the code the experiment concerns, from the repository's top (git pathspec glob syntax)."),
        .option("prediction", .choice(outcomes), "Your forecast."),
        .option("confidence", .number, "How sure you are of the forecast, 0 to 1."),
    ]

    static let all: [ToolSpec] = [
        ToolSpec(name: "list_experiments", title: "List experiments",
                 description: "The experiments of the repository, as `ff list --json`: each with its plan, status, days left and conclusion. Filters combine.",
                 command: ["list", "--json"],
                 parameters: [
                     .option("status", .choices(statuses), "Only these statuses."),
                     .option("tag", .strings, "Only experiments with any of these tags."),
                     .option("owner", .string, "Only experiments whose owner contains this text."),
                     .option("overdue", .flag, "Only running experiments past their timebox."),
                 ], effect: .reads),
        ToolSpec(name: "show_experiment", title: "Show an experiment",
                 description: "One experiment, as `ff show --json`: plan, observations, deviations, conclusion, reviews.",
                 command: ["show", "--json"], parameters: [ref], effect: .reads),
        ToolSpec(name: "why", title: "Experiments that touch a path",
                 description: "Before changing code: the experiments whose touches: match these paths, most recent first, with what each returned and the next test (`ff why --json`).",
                 command: ["why", "--json"],
                 parameters: [
                     .positional("paths", .strings, "Files or folders, relative to the folder the server runs in."),
                     .option("history", .flag, "Also the experiments that were running while a commit changed the path."),
                 ], effect: .reads),
        ToolSpec(name: "timeline", title: "Learning timeline",
                 description: "The learning timeline derived from the commit history (`ff timeline --json`).",
                 command: ["timeline", "--json"],
                 parameters: [
                     .option("since", .string, "Only events from this date on, or this far back: 2026-11-01, 30d, 2w, 12h."),
                     .option("until", .string, "Only events before this: a date (the whole day included), a time, or a span back."),
                     .option("experiment", .strings, "Only these experiments (id, prefix, slug or path)."),
                     .option("author", .string, "Only events whose author's name or address contains this text."),
                     .option("outcome", .choices(outcomes), "Only experiments that concluded with these outcomes."),
                 ], effect: .reads),
        ToolSpec(name: "stats", title: "Learning statistics",
                 description: "Learning velocity, outcomes and calibration, from the history (`ff stats --json`).",
                 command: ["stats", "--json"], parameters: [], effect: .reads),
        ToolSpec(name: "check", title: "Check experiment files",
                 description: "The method's rules on the experiment files and their history (`ff check --json`): findings are the answer, not an error.",
                 command: ["check", "--json"],
                 parameters: [.positional("paths", .strings, "Experiment files to check (default: all).", required: false)],
                 effect: .reads),
        ToolSpec(name: "new_experiment", title: "Create a draft experiment",
                 description: "Creates a draft and commits it (`ff new`). A draft may lack fields; start_experiment says what it still needs.",
                 command: ["new"],
                 parameters: [Parameter.positional("title", .string, "The experiment's title.")] + planFields
                     + [.option("follows", .string, "The experiment this one is the next test of (id, slug or path).")],
                 effect: .commits),
        ToolSpec(name: "start_experiment", title: "Start an experiment",
                 description: "Checks the plan is complete, locks it and starts the timebox, in one commit (`ff start`).",
                 command: ["start"], parameters: [ref], effect: .commits),
        ToolSpec(name: "add_note", title: "Record an observation",
                 description: "Records an observation on a running experiment, in one commit (`ff note`).",
                 command: ["note"],
                 parameters: [ref, .positional("text", .string, "What you observed.")], effect: .commits),
        ToolSpec(name: "amend_experiment", title: "Change a locked field",
                 description: "Changes locked fields of a running experiment, recorded as deviations with the reason, in one commit (`ff amend`). The only way to change a started plan.",
                 command: ["amend"],
                 parameters: [ref, .option("reason", .string, "Why the plan changes.", required: true)] + planFields,
                 effect: .commits),
        ToolSpec(name: "conclude_experiment", title: "Conclude an experiment",
                 description: "Concludes a running experiment: outcome, debrief, signal ledger and next test, in one commit (`ff conclude`).",
                 command: ["conclude"],
                 parameters: [
                     ref,
                     .option("outcome", .choice(outcomes), "The outcome.", required: true),
                     .option("returned", .string, "What the experiment returned, in a sentence or two."),
                     .option("facts", .string, "The facts, owned: what happened, with numbers."),
                     .option("signal", .string, "What the experiment revealed, and why it matters."),
                     .option("remediation", .string, "Steps taken to stabilise any impact."),
                     .option("next", .string, "The next test, in words."),
                     .option("next_experiment", .string, "Create the follow-up draft with this title, linked both ways."),
                     .option("met", .strings, "Signals that were met (s1, f2, or their text)."),
                     .option("not_met", .strings, "Signals that were not met."),
                     .option("not_measured", .strings, "Signals that were not measured."),
                     .option("review", .flag, "Commit on a new branch debrief/<id>-<slug>, checked out, for a pull request."),
                 ], effect: .commits),
        ToolSpec(name: "abandon_experiment", title: "Abandon an experiment",
                 description: "Abandons a draft or running experiment with the reason, in one commit (`ff abandon`).",
                 command: ["abandon"],
                 parameters: [ref, .option("reason", .string, "Why it stops here.", required: true)], effect: .commits),
    ]

    static func tools(readOnly: Bool) -> [ToolSpec] {
        readOnly ? all.filter { $0.effect == .reads } : all
    }
}
