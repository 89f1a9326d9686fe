// On every command's path: each function is @_optimize(speed), since a release build compiles
// the rest of this module for size (Package.swift, sizeOptimized).
import CYaml

/// A YAML tree with the positions of every node, composed straight from libyaml's events.
///
/// ff reads YAML through libyaml (the system's C library) rather than through a Swift library such as Yams'
/// `Node`: composing Yams nodes cost about 170 µs for a 1 KB experiment file here (a tag and
/// resolver object per scalar), libyaml's events about a tenth of that, and the cold
/// `ff list` of 10,000 files depends on it. The events also give what Yams' nodes lose: the
/// style of collections, the end of every node, and anchors and aliases (refused here).
public indirect enum YAMLNode: Sendable {
    case scalar(Scalar)
    case sequence(Collection<YAMLNode>)
    case mapping(Collection<Pair>)

    public struct Mark: Equatable, Sendable {
        /// 1-based.
        public var line: Int
        /// 1-based, counted in Unicode scalars.
        public var column: Int
    }

    public enum Style: Sendable { case plain, singleQuoted, doubleQuoted, literal, folded }

    public struct Scalar: Sendable {
        public var string: String
        public var style: Style
        public var start: Mark
        public var end: Mark
    }

    public struct Pair: Sendable {
        public var key: YAMLNode
        public var value: YAMLNode
    }

    public struct Collection<Element: Sendable>: Sendable {
        public var items: [Element]
        public var flow: Bool
        public var start: Mark
        public var end: Mark
    }

    @_optimize(speed) public var start: Mark {
        switch self {
        case let .scalar(s): return s.start
        case let .sequence(s): return s.start
        case let .mapping(m): return m.start
        }
    }

    @_optimize(speed) public var end: Mark {
        switch self {
        case let .scalar(s): return s.end
        case let .sequence(s): return s.end
        case let .mapping(m): return m.end
        }
    }

    /// A plain empty, `~` or `null` scalar.
    @_optimize(speed) public var isNull: Bool {
        guard case let .scalar(s) = self, s.style == .plain else { return false }
        return s.string.isEmpty || s.string == "~" || s.string == "null" || s.string == "Null" || s.string == "NULL"
    }

    /// The value for a scalar key, in a mapping.
    @_optimize(speed) public subscript(key: String) -> YAMLNode? {
        guard case let .mapping(m) = self else { return nil }
        return m.items.first { if case let .scalar(k) = $0.key { return k.string == key } else { return false } }?.value
    }
}

/// Builds `YAMLNode` trees from libyaml's event stream, iteratively (deep nesting cannot
/// exhaust the stack), refusing anchors, aliases and tags, duplicate keys and documents with
/// more nodes than `nodeBudget`.
public enum YAMLComposer {
    /// Experiment files nest four levels deep; a deeper tree is refused rather than built
    /// (freeing a very deep tree recurses, and could exhaust the stack).
    public static let maximumDepth = 64

    /// The most nodes a document may have: five times the 50,000 of an experiment with 10,000
    /// observations (16 MiB of paragraph-long observations has about as many), and a bound on
    /// what a hostile file costs to read.
    public static let maximumNodes = 250_000

    @_optimize(speed) public static func compose(_ text: String, path: String, nodeBudget: Int = maximumNodes) throws -> YAMLNode? {
        var bytes = Array(text.utf8)
        if bytes.isEmpty { return nil }
        return try bytes.withUnsafeMutableBufferPointer { buf in
            var parser = yaml_parser_t()
            guard yaml_parser_initialize(&parser) == 1 else {
                throw FileError(path: path, message: "out of memory")
            }
            defer { yaml_parser_delete(&parser) }
            yaml_parser_set_input_string(&parser, buf.baseAddress, buf.count)
            yaml_parser_set_encoding(&parser, YAML_UTF8_ENCODING)
            return try run(&parser, path: path, nodeBudget: nodeBudget)
        }
    }

    /// A collection being built. A struct mutated in place on the stack: an enum payload would
    /// be copied out and back for every element, copying its array each time.
    private struct Open {
        var isMapping: Bool
        var flow: Bool
        var start: YAMLNode.Mark
        var items: [YAMLNode] = []
        var pairs: [YAMLNode.Pair] = []
        var pendingKey: YAMLNode?
        /// The keys so far, once there are enough that a linear search would cost more (a
        /// hostile mapping of 200,000 keys would otherwise take minutes).
        var keys: Set<String>?
    }

    @_optimize(speed) private static func run(_ parser: inout yaml_parser_t, path: String, nodeBudget: Int) throws -> YAMLNode? {
        var stack: [Open] = []
        var root: YAMLNode?
        var documents = 0
        var nodes = 0
        var event = yaml_event_t()

        @_optimize(speed) func fail(_ mark: yaml_mark_t, _ message: String) -> FileError {
            FileError(path: path, line: Int(mark.line) + 1, column: Int(mark.column) + 1, message: message)
        }
        @_optimize(speed) func mark(_ m: yaml_mark_t) -> YAMLNode.Mark { .init(line: Int(m.line) + 1, column: Int(m.column) + 1) }

        /// Adds a finished node to the open collection (or makes it the root).
        @_optimize(speed) func add(_ node: YAMLNode) throws {
            let top = stack.count - 1
            guard top >= 0 else {
                root = node
                return
            }
            if !stack[top].isMapping {
                stack[top].items.append(node)
            } else if let key = stack[top].pendingKey {
                stack[top].pairs.append(.init(key: key, value: node))
                stack[top].pendingKey = nil
            } else {
                guard case let .scalar(k) = node else {
                    throw FileError(path: path, line: node.start.line, column: node.start.column, message: "keys must be plain words")
                }
                let duplicate: Bool
                if stack[top].keys == nil && stack[top].pairs.count < 16 {
                    duplicate = stack[top].pairs.contains(where: { if case let .scalar(e) = $0.key { return e.string == k.string } else { return false } })
                } else {
                    if stack[top].keys == nil {
                        stack[top].keys = Set(stack[top].pairs.compactMap { if case let .scalar(e) = $0.key { return e.string } else { return nil } })
                    }
                    duplicate = stack[top].keys?.insert(k.string).inserted == false
                }
                if duplicate {
                    throw FileError(path: path, line: k.start.line, column: k.start.column,
                                    message: "duplicate key '\(SafeText.line(k.string))'")
                }
                stack[top].pendingKey = node
            }
        }

        while true {
            guard yaml_parser_parse(&parser, &event) == 1 else {
                let problem = parser.problem.map { String(cString: $0) } ?? "cannot parse"
                let context = parser.context.map { " " + String(cString: $0) } ?? ""
                let m = parser.problem_mark
                throw fail(m, "invalid YAML: \(problem)\(context)")
            }
            defer { yaml_event_delete(&event) }
            let start = event.start_mark, end = event.end_mark
            switch event.type {
            case YAML_STREAM_END_EVENT:
                return root
            case YAML_DOCUMENT_START_EVENT:
                documents += 1
                if documents > 1 { throw fail(start, "a file holds one experiment: remove the second YAML document ('---')") }
            case YAML_ALIAS_EVENT:
                throw fail(start, "YAML anchors and aliases (&name, *name) are not allowed in experiment files")
            case YAML_SCALAR_EVENT, YAML_SEQUENCE_START_EVENT, YAML_MAPPING_START_EVENT:
                nodes += 1
                if nodes > nodeBudget {
                    throw fail(start, "the file has more than \(nodeBudget) YAML nodes, the most ff reads in an experiment file")
                }
                let (anchor, tag): (UnsafeMutablePointer<yaml_char_t>?, UnsafeMutablePointer<yaml_char_t>?) =
                    event.type == YAML_SCALAR_EVENT ? (event.data.scalar.anchor, event.data.scalar.tag)
                    : event.type == YAML_SEQUENCE_START_EVENT ? (event.data.sequence_start.anchor, event.data.sequence_start.tag)
                    : (event.data.mapping_start.anchor, event.data.mapping_start.tag)
                if anchor != nil {
                    throw fail(start, "YAML anchors and aliases (&name, *name) are not allowed in experiment files")
                }
                if let tag, String(cString: tag) != "tag:yaml.org,2002:str" {
                    throw fail(start, "YAML tags (!…) are not allowed in experiment files")
                }
                if event.type == YAML_SCALAR_EVENT {
                    let s = event.data.scalar
                    let value = String(decoding: UnsafeBufferPointer(start: s.value, count: s.length), as: UTF8.self)
                    let style: YAMLNode.Style
                    switch s.style {
                    case YAML_SINGLE_QUOTED_SCALAR_STYLE: style = .singleQuoted
                    case YAML_DOUBLE_QUOTED_SCALAR_STYLE: style = .doubleQuoted
                    case YAML_LITERAL_SCALAR_STYLE: style = .literal
                    case YAML_FOLDED_SCALAR_STYLE: style = .folded
                    default: style = .plain
                    }
                    try add(.scalar(.init(string: value, style: style, start: mark(start), end: mark(end))))
                } else if stack.count >= maximumDepth {
                    throw fail(start, "nesting is too deep for an experiment file (more than \(maximumDepth) levels)")
                } else if event.type == YAML_SEQUENCE_START_EVENT {
                    stack.append(Open(isMapping: false, flow: event.data.sequence_start.style == YAML_FLOW_SEQUENCE_STYLE, start: mark(start)))
                } else {
                    stack.append(Open(isMapping: true, flow: event.data.mapping_start.style == YAML_FLOW_MAPPING_STYLE, start: mark(start)))
                }
            case YAML_SEQUENCE_END_EVENT:
                guard let open = stack.popLast(), !open.isMapping else { throw fail(start, "invalid YAML") }
                try add(.sequence(.init(items: open.items, flow: open.flow, start: open.start, end: mark(end))))
            case YAML_MAPPING_END_EVENT:
                guard let open = stack.popLast(), open.isMapping else { throw fail(start, "invalid YAML") }
                try add(.mapping(.init(items: open.pairs, flow: open.flow, start: open.start, end: mark(end))))
            default:
                break
            }
        }
    }
}
