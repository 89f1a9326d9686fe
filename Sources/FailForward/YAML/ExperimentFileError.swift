/// A problem with an experiment (or config) file, located as `file:line:col`.
public struct FileError: Error, CustomStringConvertible, Equatable, Sendable {
    public var path: String
    public var line: Int?
    public var column: Int?
    public var message: String

    public init(path: String, line: Int? = nil, column: Int? = nil, message: String) {
        self.path = path
        self.line = line
        self.column = column
        self.message = message
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
