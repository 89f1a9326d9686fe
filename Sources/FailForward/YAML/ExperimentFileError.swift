/// A problem with an experiment (or config) file, located as `file:line:col`.
public struct FileError: Error, CustomStringConvertible, Equatable, Sendable {
    public var path: String
    public var line: Int?
    public var column: Int?
    public var message: String
    /// The file has no top-level `ff:` (or `version:`) and `id:` keys: other YAML in the
    /// experiments folder, which ff skips rather than refuses.
    public var notAnExperiment: Bool

    public init(path: String, line: Int? = nil, column: Int? = nil, message: String, notAnExperiment: Bool = false) {
        self.path = path
        self.line = line
        self.column = column
        self.message = message
        self.notAnExperiment = notAnExperiment
    }

    /// `path:line:col`, as compilers write it so that editors jump there.
    public var location: String {
        var s = path
        if let line { s += ":\(line)" }
        if let line, line > 0, let column { s += ":\(column)" }
        return s
    }

    public var description: String { "\(location): \(message)" }
}
