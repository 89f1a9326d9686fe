/// One finding of `ff check`, located as compilers locate theirs so that editors jump to it.
public struct Diagnostic: Equatable, Sendable, CustomStringConvertible {
    public enum Severity: String, Sendable, Comparable {
        case error, warning

        public static func < (a: Severity, b: Severity) -> Bool { a == .error && b == .warning }
    }

    public var path: String
    /// 1-based; nil when the finding is about the file as a whole.
    public var line: Int?
    /// 1-based, in Unicode scalars.
    public var column: Int?
    public var severity: Severity
    public var message: String
    /// What the finding is about, stable while the wording changes with the experiment's
    /// state (`locked:hypothesis`); nil where the message itself is the identity.
    public var key: String?

    /// The finding's identity, to tell whether two versions of a file have the same one.
    public var identity: String { key ?? message }

    public init(path: String, line: Int? = nil, column: Int? = nil, severity: Severity, message: String, key: String? = nil) {
        self.key = key
        self.path = path
        self.line = line
        self.column = column
        self.severity = severity
        self.message = message
    }

    public init(_ error: FileError) {
        self.init(path: error.path, line: error.line, column: error.column, severity: .error, message: error.message)
    }

    /// `path:line:col: error: message`; the path and the message made one safe line (a file
    /// name can hold terminal escapes and newlines too).
    public var description: String {
        var s = SafeText.line(path)
        if let line {
            s += ":\(line)"
            if let column { s += ":\(column)" }
        }
        return s + ": \(severity.rawValue): " + SafeText.line(message)
    }

    public var json: JSON {
        .object([
            ("path", .string(path)),
            ("line", line.map { .int($0) } ?? .null),
            ("column", column.map { .int($0) } ?? .null),
            ("severity", .string(severity.rawValue)),
            ("message", .string(message)),
        ])
    }
}
