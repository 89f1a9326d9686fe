extension ExperimentDocument {
    /// A mapping of plain keys to text (the debrief template): values trimmed, empty ones left out.
    public static func parseMapping(_ text: String, path: String) throws -> [String: String] {
        try precheck(text, path: path)
        guard let node = try YAMLComposer.compose(text, path: path) else { return [:] }
        guard case let .mapping(map) = node else {
            throw FileError(path: path, line: 1, column: 1, message: "expected keys like 'outcome: …'")
        }
        var out: [String: String] = [:]
        for pair in map.items {
            guard case let .scalar(ks) = pair.key, case let .scalar(vs) = pair.value else {
                throw FileError(path: path, line: pair.value.start.line, column: pair.value.start.column, message: "expected text")
            }
            let value = vs.string.trimmed()
            if !value.isEmpty && !pair.value.isNull { out[ks.string] = value }
        }
        return out
    }
}

