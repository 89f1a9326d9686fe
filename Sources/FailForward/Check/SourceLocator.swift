/// Where the keys and values of an experiment file stand in its text, so that `ff check`
/// reports `file:line:col` at the offending key rather than at the top of the file.
public struct SourceLocator: Sendable {
    public enum Step: Sendable, Equatable {
        case key(String)
        case index(Int)
    }

    let root: YAMLNode?
    let lines: [Substring]

    /// `observations[2].text`: a path as a stable name.
    public static func describe(_ path: [Step]) -> String {
        var out = ""
        for step in path {
            switch step {
            case let .key(k): out += out.isEmpty ? k : "." + k
            case let .index(i): out += "[\(i)]"
            }
        }
        return out
    }

    public init(text: String) {
        root = try? YAMLComposer.compose(text, path: "")
        lines = text.split(separator: "\n", omittingEmptySubsequences: false)
    }

    /// The node at `path` (the value of a key, or a list item).
    public func node(_ path: [Step]) -> YAMLNode? {
        var node = root
        for step in path {
            guard let current = node else { return nil }
            switch step {
            case let .key(k):
                node = current[k]
            case let .index(i):
                guard case let .sequence(s) = current, s.items.indices.contains(i) else { return nil }
                node = s.items[i]
            }
        }
        return node
    }

    /// The position of the key (for a key step) or the item (for an index step) at `path`;
    /// when it is missing, the position of the nearest ancestor that exists, else 1:1.
    public func mark(_ path: [Step]) -> YAMLNode.Mark {
        var best = YAMLNode.Mark(line: 1, column: 1)
        var node = root
        for step in path {
            guard let current = node else { break }
            switch step {
            case let .key(k):
                guard case let .mapping(m) = current,
                      let pair = m.items.first(where: { if case let .scalar(s) = $0.key { return s.string == k } else { return false } })
                else { return best }
                best = pair.key.start
                node = pair.value
            case let .index(i):
                guard case let .sequence(s) = current, s.items.indices.contains(i) else { return best }
                best = s.items[i].start
                node = s.items[i]
            }
        }
        return best
    }

    /// The text of the scalar at `path`, as the YAML parser gives it.
    public func scalar(_ path: [Step]) -> String? {
        guard case let .scalar(s)? = node(path), !YAMLNode.scalar(s).isNull else { return nil }
        return s.string
    }

    /// The position in the file of a lint finding in the scalar at `path`. The scalar's text
    /// differs from its source by quoting, folding and indentation, but not by its words: the
    /// finding is the k-th occurrence of its first word in the value, so it is the k-th in
    /// the source too.
    public func position(of finding: LanguageLint.Finding, inScalarAt path: [Step]) -> YAMLNode.Mark {
        guard case let .scalar(s)? = node(path) else { return mark(path) }
        let valueTokens = LanguageLint.tokens(in: s.string)
        guard let first = valueTokens.first(where: { $0.start == finding.start }) else { return s.start }
        let k = valueTokens.filter { $0.text == first.text && $0.start < finding.start }.count
        // The source region of the scalar: from its start mark to its end mark.
        let startLine = s.start.line, endLine = min(s.end.line, lines.count)
        guard startLine >= 1, startLine <= lines.count else { return s.start }
        var region: [String] = []
        for n in startLine...max(startLine, endLine) {
            var line = Array(lines[n - 1].unicodeScalars)
            if n == endLine && n != startLine { line = Array(line.prefix(max(0, s.end.column - 1))) }
            if n == startLine { line = Array(line.dropFirst(s.start.column - 1)) }
            var view = String.UnicodeScalarView()
            view.append(contentsOf: line)
            region.append(String(view))
        }
        let sourceTokens = LanguageLint.tokens(in: region.joined(separator: "\n")).filter { $0.text == first.text }
        guard k < sourceTokens.count else { return s.start }
        let t = sourceTokens[k]
        return YAMLNode.Mark(line: startLine + t.line - 1, column: t.line == 1 ? s.start.column + t.column - 1 : t.column)
    }
}
