/// `ff check`'s findings in the formats CI systems read natively: GitHub Actions workflow
/// commands, SARIF 2.1.0 (code scanning, editors' SARIF viewers) and JUnit XML (test reports
/// in GitLab, Jenkins and most others). Paths are the repository-relative ones of the
/// findings: every CI system resolves them against the checkout's root.
public enum CheckFormats {
    /// The rule a finding belongs to: the stable part of its key (`locked:hypothesis` →
    /// `locked`), else `record` for an error (a file that breaks the format or a record
    /// rule) and `advice` for a warning.
    public static func rule(of d: Diagnostic) -> String {
        if let key = d.key, let head = key.split(separator: ":", maxSplits: 1).first, !head.isEmpty { return String(head) }
        return d.severity == .error ? "record" : "advice"
    }

    /// What each rule is about, for SARIF's rule descriptions.
    static let ruleDescriptions: [String: String] = [
        "record": "The file must be a valid experiment and keep the record rules (required fields for its state, links both ways, started experiments never deleted).",
        "advice": "Something worth a look that does not break the record.",
        "locked": "A pre-registered field of a started experiment changed without a declared deviation (ff amend --reason).",
        "lint": "Neutral language: a word that judges people or outcomes instead of describing the experiment.",
        "overdue": "A running experiment is past its timebox.",
        "no-next-test": "A concluded experiment publishes no next test.",
        "ledger-missing": "A declared signal has no entry in the conclusion's signal ledger.",
        "ledger-undeclared": "The signal ledger names a signal that was not declared.",
        "outcome": "The outcome does not follow from the signal ledger.",
        "missing": "A date of the experiment's state is missing.",
        "unknown-key": "A key ff does not know (kept, but not read).",
        "format": "The file is in an earlier format (ff migrate upgrades it).",
        "file-name-id": "The file name and the experiment's id disagree.",
        "timebox-bounds": "The timebox is outside the bounds set in .ff/config.yaml.",
        "shallow": "The commit that started the experiment is not in this shallow clone.",
    ]

    // MARK: GitHub Actions

    /// One workflow command per finding: `::error file=…,line=…,col=…,title=ff check::…`.
    /// Values are escaped as the runner reads them (`%`, CR, LF; in properties also `:` and
    /// `,`), so no text of a file can end the command or start another.
    public static func github(_ diagnostics: [Diagnostic]) -> String {
        var out = ""
        for d in diagnostics {
            var props = ["file=" + escapeData(d.path, property: true)]
            if let line = d.line {
                props.append("line=\(line)")
                if let column = d.column { props.append("col=\(column)") }
            }
            props.append("title=" + escapeData("ff check (\(rule(of: d)))", property: true))
            out += "::\(d.severity == .error ? "error" : "warning") \(props.joined(separator: ","))::\(escapeData(SafeText.line(d.message)))\n"
        }
        return out
    }

    /// A value of a workflow command, escaped as the runner reads it: `%`, CR and LF, in a
    /// property also `:` and `,`; any other control but the tab percent-encoded too (a path
    /// stays exact, so the annotation finds its file, and nothing ends the command).
    static func escapeData(_ s: String, property: Bool = false) -> String {
        var out = ""
        for c in s.unicodeScalars {
            switch c {
            case ":" where property: out += "%3A"
            case "," where property: out += "%2C"
            case "%", "\r", "\n", "\u{7F}", "\u{0}"..."\u{8}", "\u{A}"..."\u{1F}":
                out += "%" + (c.value < 0x10 ? "0" : "") + String(c.value, radix: 16, uppercase: true)
            default: out.unicodeScalars.append(c)
            }
        }
        return out
    }

    // MARK: SARIF 2.1.0

    /// A SARIF 2.1.0 log with one run: the rules the findings use, and one result per
    /// finding located by a relative URI under `%SRCROOT%`. Columns count Unicode scalars,
    /// as ff's do (`columnKind: unicodeCodePoints`).
    public static func sarif(_ diagnostics: [Diagnostic], version: String) -> JSON {
        var rules: [String] = []
        for d in diagnostics where !rules.contains(rule(of: d)) { rules.append(rule(of: d)) }
        let results: [JSON] = diagnostics.map { d in
            var region: [(String, JSON)] = []
            if let line = d.line {
                region.append(("startLine", .int(line)))
                if let column = d.column { region.append(("startColumn", .int(column))) }
            }
            var physical: [(String, JSON)] = [
                ("artifactLocation", .object([("uri", .string(uri(d.path))), ("uriBaseId", .string("%SRCROOT%"))])),
            ]
            if !region.isEmpty { physical.append(("region", .object(region))) }
            return .object([
                ("ruleId", .string(rule(of: d))),
                ("ruleIndex", .int(rules.firstIndex(of: rule(of: d)) ?? 0)),
                ("level", .string(d.severity == .error ? "error" : "warning")),
                ("message", .object([("text", .string(SafeText.line(d.message)))])),
                ("locations", .array([.object([("physicalLocation", .object(physical))])])),
            ])
        }
        let driver: JSON = .object([
            ("name", .string("ff")),
            ("version", .string(version)),
            ("rules", .array(rules.map { id in
                .object([
                    ("id", .string(id)),
                    ("shortDescription", .object([("text", .string(ruleDescriptions[id] ?? "A finding of ff check."))])),
                ])
            })),
        ])
        return .object([
            ("$schema", .string("https://json.schemastore.org/sarif-2.1.0.json")),
            ("version", .string("2.1.0")),
            ("runs", .array([.object([
                ("tool", .object([("driver", driver)])),
                ("columnKind", .string("unicodeCodePoints")),
                ("results", .array(results)),
            ])])),
        ])
    }

    /// A relative path as a URI reference: every byte outside RFC 3986's unreserved set and
    /// `/` percent-encoded (UTF-8), so spaces, `#`, `?` and any script survive.
    public static func uri(_ path: String) -> String {
        var out = ""
        for b in path.utf8 {
            switch b {
            case UInt8(ascii: "a")...UInt8(ascii: "z"), UInt8(ascii: "A")...UInt8(ascii: "Z"), UInt8(ascii: "0")...UInt8(ascii: "9"),
                 UInt8(ascii: "-"), UInt8(ascii: "."), UInt8(ascii: "_"), UInt8(ascii: "~"), UInt8(ascii: "/"):
                out.unicodeScalars.append(Unicode.Scalar(b))
            default:
                let hex = Array("0123456789ABCDEF".unicodeScalars)
                out += "%"
                out.unicodeScalars.append(hex[Int(b >> 4)])
                out.unicodeScalars.append(hex[Int(b & 0x0F)])
            }
        }
        return out
    }

    // MARK: JUnit XML

    /// One test case per checked file (`files`, with the findings' files added): a file
    /// with errors fails, with its errors in the failure and its warnings in `system-out`.
    public static func junit(_ diagnostics: [Diagnostic], files: [String]) -> String {
        var byFile: [String: [Diagnostic]] = [:]
        for d in diagnostics { byFile[d.path, default: []].append(d) }
        var all = files
        for path in byFile.keys.sorted() where !all.contains(path) { all.append(path) }
        let failures = all.filter { byFile[$0]?.contains { $0.severity == .error } == true }.count
        var out = "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n"
        out += "<testsuites name=\"ff check\" tests=\"\(all.count)\" failures=\"\(failures)\" errors=\"0\">\n"
        out += "  <testsuite name=\"ff check\" tests=\"\(all.count)\" failures=\"\(failures)\" errors=\"0\" skipped=\"0\">\n"
        for path in all {
            let found = byFile[path] ?? []
            let errors = found.filter { $0.severity == .error }
            let warnings = found.filter { $0.severity == .warning }
            out += "    <testcase classname=\"ff check\" name=\"\(Escape.xml(path, attribute: true))\" file=\"\(Escape.xml(path, attribute: true))\""
            if errors.isEmpty && warnings.isEmpty { out += "/>\n"; continue }
            out += ">\n"
            if let first = errors.first {
                let summary = errors.count == 1 ? SafeText.line(first.message) : "\(errors.count) errors; the first: \(SafeText.line(first.message))"
                out += "      <failure type=\"ff check\" message=\"\(Escape.xml(summary, attribute: true))\">"
                out += Escape.xml(errors.map(\.description).joined(separator: "\n"))
                out += "</failure>\n"
            }
            if !warnings.isEmpty {
                out += "      <system-out>" + Escape.xml(warnings.map(\.description).joined(separator: "\n")) + "</system-out>\n"
            }
            out += "    </testcase>\n"
        }
        out += "  </testsuite>\n</testsuites>\n"
        return out
    }
}
