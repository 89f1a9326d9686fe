/// The shape ff writes: a small YAML tree whose mappings keep their key order.
public indirect enum YAMLValue: Equatable, Sendable {
    case scalar(String, ScalarKind)
    case sequence([YAMLValue], flow: Bool)
    case mapping([YAMLPair])

    /// How a scalar may be written.
    public enum ScalarKind: Equatable, Sendable {
        /// A value ff formats itself (ids, enums, numbers, booleans, times): written as is.
        case raw
        /// A short string: plain when that reads back as the same string, else double-quoted.
        case text
        /// Prose: a literal block (`|`) when it spans lines or is long.
        case prose
    }

    public var pairs: [YAMLPair]? {
        if case let .mapping(p) = self { return p }
        return nil
    }

    public var items: [YAMLValue]? {
        if case let .sequence(items, _) = self { return items }
        return nil
    }
}

public struct YAMLPair: Equatable, Sendable {
    public var key: String
    public var value: YAMLValue
    public init(_ key: String, _ value: YAMLValue) {
        self.key = key
        self.value = value
    }
}

extension Array where Element == YAMLPair {
    public subscript(key: String) -> YAMLValue? {
        first(where: { $0.key == key })?.value
    }
}
