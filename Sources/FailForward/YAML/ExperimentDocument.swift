// On every command's path: each function is @_optimize(speed), since a release build compiles
// the rest of this module for size (Package.swift, sizeOptimized).

/// An experiment file: its text and the experiment it holds. The text is the source of truth;
/// `update(to:)` changes only the keys whose values changed, in place, so comments, order and
/// layout of everything else survive, and a `note` only adds lines.
public struct ExperimentDocument: Sendable {
    public let path: String
    public private(set) var experiment: Experiment
    /// The text with LF line ends and no byte-order mark.
    public private(set) var text: String
    private let crlf: Bool
    private let bom: Bool

    /// Files larger than this are refused before parsing, and never written: 16 MiB holds
    /// some 40,000 observations of a paragraph each, far more than any experiment gathers,
    /// while a hostile file still costs a bounded time and memory to read.
    public static let maximumSize = 16 << 20

    /// The refusal of a file of `size` bytes (its real size, not how much of it was read).
    @_optimize(speed) public static func tooLarge(path: String, size: Int) -> FileError {
        FileError(path: path, message: "the file is \(size) bytes; experiment files are limited to \(maximumSize) bytes (16 MiB)")
    }

    /// Whether a file claims to be an experiment at all: a top-level `ff:` (or format 0's
    /// `version:`) key and an `id:` key. Other YAML that happens to sit in the experiments
    /// folder (a tool's config) is not ff's, and is never refused as a broken experiment.
    @_optimize(speed) public static func looksLikeExperiment(_ bytes: [UInt8]) -> Bool {
        var hasFormat = false, hasID = false
        var text = bytes[...]
        if text.starts(with: [0xEF, 0xBB, 0xBF]) { text = text.dropFirst(3) }
        for line in text.split(separator: 0x0A, omittingEmptySubsequences: true) {
            if line.starts(with: Array("ff:".utf8)) || line.starts(with: Array("version:".utf8)) { hasFormat = true }
            if line.starts(with: Array("id:".utf8)) { hasID = true }
            if hasFormat && hasID { return true }
        }
        return false
    }

    /// Parses a file's bytes. Conflict markers, bad UTF-8, bad YAML or a bad field are a
    /// `FileError` at the offending line and column; for a file that does not claim to be an
    /// experiment (`looksLikeExperiment`), one marked `notAnExperiment`.
    @_optimize(speed) public init(path: String, bytes: [UInt8]) throws {
        do {
            try self.init(parsing: path, bytes: bytes)
        } catch var error as FileError {
            if !Self.looksLikeExperiment(bytes) { error.notAnExperiment = true }
            throw error
        }
    }

    @_optimize(speed) private init(parsing path: String, bytes: [UInt8]) throws {
        self.path = path
        guard bytes.count <= Self.maximumSize else { throw Self.tooLarge(path: path, size: bytes.count) }
        var b = bytes[...]
        bom = b.starts(with: [0xEF, 0xBB, 0xBF])
        if bom { b = b.dropFirst(3) }
        let (normalised, hadCRLF) = Self.normaliseLineEnds(b)
        crlf = hadCRLF
        guard let s = String(validating: normalised, as: UTF8.self) else {
            let (line, col) = Self.position(ofInvalidUTF8In: normalised)
            throw FileError(path: path, line: line, column: col, message: "the file is not valid UTF-8")
        }
        text = s
        experiment = try Self.parse(s, path: path).1
    }

    /// The file rewritten in the current format, in canonical layout, keeping keys ff does
    /// not know (for `ff migrate`).
    @_optimize(speed) public func migrated() throws -> ExperimentDocument {
        var e = experiment
        e.schema = Experiment.currentSchema
        var doc = self
        doc.text = try canonicalText(for: e)
        doc.experiment = try Self.parse(doc.text, path: path).1
        try doc.checkWritable()
        return doc
    }

    /// A new file for `experiment`, in canonical layout.
    @_optimize(speed) public init(path: String, creating experiment: Experiment) {
        self.path = path
        self.experiment = experiment
        text = YAMLWriter.document(experiment.yamlTree)
        crlf = false
        bom = false
    }

    /// The bytes to write, with the file's original line ends and byte-order mark.
    @_optimize(speed) public var bytes: [UInt8] {
        var out: [UInt8] = bom ? [0xEF, 0xBB, 0xBF] : []
        if crlf {
            for b in text.utf8 {
                if b == 0x0A { out.append(0x0D) }
                out.append(b)
            }
        } else {
            out.append(contentsOf: text.utf8)
        }
        return out
    }

    /// Rewrites the file to hold `new`, touching only what changed.
    @_optimize(speed) public mutating func update(to new: Experiment) throws {
        guard new != experiment else { return }
        guard experiment.schema == Experiment.currentSchema else {
            throw FileError(path: path, message: "this file is in format \(experiment.schema): run ff migrate to upgrade it before changing it")
        }
        var updated = self
        if let edited = try? surgicalEdit(to: new), let check = try? Self.parse(edited, path: path).1, check == new {
            updated.text = edited
        } else {
            // The in-place edit could not be made safely (flow style, odd layout): write the
            // whole file in canonical form, keeping keys ff does not know.
            let full = try canonicalText(for: new)
            let check: Experiment
            do {
                check = try Self.parse(full, path: path).1
            } catch let e as FileError {
                // Over a reading limit (the node count): ff never writes what it would refuse.
                throw FileError(path: path, message: "this change would make the file unreadable (\(e.message)); nothing was written")
            }
            guard check == new else {
                throw FileError(path: path, message: "internal error: ff could not write this experiment faithfully; the file was left as it was")
            }
            updated.text = full
        }
        updated.experiment = new
        try updated.checkWritable()
        self = updated
    }

    /// Refuses to hand out bytes that the reader would refuse: a file over `maximumSize`
    /// could no longer be noted on, concluded or abandoned.
    @_optimize(speed) private func checkWritable() throws {
        var size = text.utf8.count + (bom ? 3 : 0)
        if crlf {
            var copy = text
            size += copy.withUTF8 { u in u.reduce(0) { $0 + ($1 == 0x0A ? 1 : 0) } }
        }
        guard size <= Self.maximumSize else {
            throw FileError(path: path, message: "this change would make the file \(size) bytes, over the \(Self.maximumSize)-byte (16 MiB) limit for an experiment file; nothing was written: shorten the text, or continue in a follow-up experiment")
        }
    }

    // MARK: Parsing

    @_optimize(speed) static func parse(_ text: String, path: String) throws -> (YAMLNode, Experiment) {
        try precheck(text, path: path)
        guard let root = try YAMLComposer.compose(text, path: path) else {
            throw FileError(path: path, line: 1, column: 1, message: "the file is empty")
        }
        return (root, try ExperimentDecoder(path: path).decode(root))
    }

    /// A cheap refusal before the YAML parser sees the text: conflict markers at a line start.
    /// (Deep nesting is refused by the composer, which counts its open collections.)
    @_optimize(speed) static func precheck(_ text: String, path: String) throws {
        var copy = text
        try copy.withUTF8 { try precheck(bytes: $0, path: path) }
    }

    @_optimize(speed) private static func precheck(bytes u: UnsafeBufferPointer<UInt8>, path: String) throws {
        guard let base = u.baseAddress else { return }
        var lineNo = 1
        var i = 0
        let n = u.count
        while i < n {
            let c = u[i]
            if c == 0x3C || c == 0x3E || c == 0x7C || c == 0x3D, i + 7 <= n {
                var same = true
                for k in 1..<7 where u[i + k] != c { same = false; break }
                let next: UInt8 = i + 7 == n ? 0x0A : u[i + 7]
                if same && (next == 0x0A || (next == 0x20 && c != 0x3D)) {
                    throw FileError(path: path, line: lineNo, column: 1,
                                    message: "merge conflict markers: resolve the conflict in this file, then run ff again")
                }
            }
            // Jump to the next line start.
            guard let nl = memchr(base + i, 0x0A, n - i) else { return }
            i = base.distance(to: nl.assumingMemoryBound(to: UInt8.self)) + 1
            lineNo += 1
        }
    }

    @_optimize(speed) static func normaliseLineEnds(_ bytes: ArraySlice<UInt8>) -> ([UInt8], Bool) {
        guard bytes.contains(0x0D) else { return (Array(bytes), false) }
        var out = [UInt8]()
        out.reserveCapacity(bytes.count)
        var crlfs = 0, lfs = 0
        var i = bytes.startIndex
        while i < bytes.endIndex {
            let b = bytes[i]
            if b == 0x0D {
                out.append(0x0A)
                if i + 1 < bytes.endIndex, bytes[i + 1] == 0x0A { i += 1; crlfs += 1 }
            } else {
                if b == 0x0A { lfs += 1 }
                out.append(b)
            }
            i += 1
        }
        return (out, crlfs > lfs)
    }

    @_optimize(speed) static func position(ofInvalidUTF8In bytes: [UInt8]) -> (Int, Int) {
        var line = 1, lineStart = 0
        var i = 0
        while i < bytes.count {
            let b = bytes[i]
            let len = b < 0x80 ? 1 : b >> 5 == 0b110 ? 2 : b >> 4 == 0b1110 ? 3 : b >> 3 == 0b11110 ? 4 : 0
            if len == 0 || i + len > bytes.count || String(validating: bytes[i..<(i + len)], as: UTF8.self) == nil {
                let col = String(decoding: bytes[lineStart..<i], as: UTF8.self).unicodeScalars.count + 1
                return (line, col)
            }
            if b == 0x0A { line += 1; lineStart = i + 1 }
            i += len
        }
        return (line, 1)
    }

    // MARK: Writing

    @_optimize(speed) private func canonicalText(for new: Experiment) throws -> String {
        var out = YAMLWriter.document(new.yamlTree)
        guard !new.unknownKeys.isEmpty else { return out }
        let (root, _) = try Self.parse(text, path: path)
        guard case let .mapping(map) = root else { return out }
        for pair in map.items {
            guard case let .scalar(ks) = pair.key, new.unknownKeys.contains(ks.string) else { continue }
            out += YAMLWriter.lines(key: ks.string, value: pair.value.yamlValue, indent: 0).joined(separator: "\n") + "\n"
        }
        return out
    }

    /// One change of whole lines: `lines` replace `start..<end`.
    struct LineEdit {
        var start: Int
        var end: Int
        var lines: [String]
        var order: Int
    }

    /// A key of a block mapping as it stands in the file.
    struct FileKey {
        var key: String
        var keyNode: YAMLNode
        var value: YAMLNode
    }

    @_optimize(speed) private func surgicalEdit(to new: Experiment) throws -> String {
        let (root, _) = try Self.parse(text, path: path)
        var lines = text.split(separator: "\n", omittingEmptySubsequences: false).map(String.init)
        guard case let .mapping(map) = root, !map.flow else { throw EditAbandoned() }
        let keys = try fileKeys(map)
        var edits: [LineEdit] = []
        var order = 0
        try editMapping(file: keys, parentEnd: lines.count, old: experiment.yamlTree, new: new.yamlTree,
                        indent: 0, emptyInsertAt: lines.count, lines: lines, edits: &edits, order: &order)
        edits.sort { $0.start != $1.start ? $0.start > $1.start : $0.order > $1.order }
        for e in edits {
            lines.replaceSubrange(e.start..<e.end, with: e.lines)
        }
        return lines.joined(separator: "\n")
    }

    struct EditAbandoned: Error {}

    @_optimize(speed) private func fileKeys(_ map: YAMLNode.Collection<YAMLNode.Pair>) throws -> [FileKey] {
        try map.items.map { pair in
            guard case let .scalar(ks) = pair.key else { throw EditAbandoned() }
            return FileKey(key: ks.string, keyNode: pair.key, value: pair.value)
        }
    }

    /// The lines of `file[i]`: its first line, the last line that belongs to it (trailing blank
    /// lines and comments at or left of the key's column belong to what follows), its column.
    @_optimize(speed) private func region(_ file: [FileKey], _ i: Int, parentEnd: Int, lines: [String]) -> (start: Int, last: Int, indent: Int) {
        let start = file[i].keyNode.start.line - 1
        let indent = file[i].keyNode.start.column - 1
        let end = i + 1 < file.count ? file[i + 1].keyNode.start.line - 1 : parentEnd
        var last = start
        var l = end - 1
        while l > start {
            let line = lines[l]
            let trimmed = line.drop(while: { $0 == " " })
            let lineIndent = line.count - trimmed.count
            if !trimmed.isEmpty && !(trimmed.hasPrefix("#") && lineIndent <= indent) {
                last = l
                break
            }
            l -= 1
        }
        return (start, last, indent)
    }

    @_optimize(speed) private func editMapping(
        file: [FileKey], parentEnd: Int, old: [YAMLPair], new: [YAMLPair], indent: Int, emptyInsertAt: Int,
        lines: [String], edits: inout [LineEdit], order: inout Int
    ) throws {
        var keys = new.map(\.key)
        for p in old where !keys.contains(p.key) { keys.append(p.key) }
        for key in keys {
            let oldValue = old[key], newValue = new[key]
            if oldValue == newValue { continue }
            order += 1
            let index = file.firstIndex { $0.key == key }
            guard let index else {
                guard let newValue else { continue }
                // Insert after the nearest key that precedes this one in canonical order.
                let before = new.prefix(while: { $0.key != key }).map(\.key)
                var at = file.isEmpty ? emptyInsertAt : file[0].keyNode.start.line - 1
                if let prev = file.indices.filter({ before.contains(file[$0].key) }).max(by: {
                    before.firstIndex(of: file[$0].key)! < before.firstIndex(of: file[$1].key)!
                }) {
                    at = region(file, prev, parentEnd: parentEnd, lines: lines).last + 1
                }
                edits.append(LineEdit(start: at, end: at, lines: YAMLWriter.lines(key: key, value: newValue, indent: indent), order: order))
                continue
            }
            let r = region(file, index, parentEnd: parentEnd, lines: lines)
            guard let newValue else {
                edits.append(LineEdit(start: r.start, end: r.last + 1, lines: [], order: order))
                continue
            }
            let valueNode = file[index].value
            // A one-line value replaced by a one-line value: only the value's characters change.
            if r.last == r.start, case let .scalar(s) = valueNode,
               case let .scalar(str, kind) = newValue, YAMLWriter.literalBlock(str, kind: kind, contentIndent: r.indent + 2) == nil,
               let line = replaceInline(lines[r.start], keyNode: file[index].keyNode, scalar: s,
                                        with: YAMLWriter.inline(str, kind: kind, flow: false)) {
                edits.append(LineEdit(start: r.start, end: r.start + 1, lines: [line], order: order))
                continue
            }
            // Items appended to a block list: new lines after the last item, nothing else.
            if case let .sequence(seq) = valueNode, !seq.flow, let oldItems = oldValue?.items,
               let newItems = newValue.items, !oldItems.isEmpty, seq.items.count == oldItems.count,
               newItems.count > oldItems.count, Array(newItems.prefix(oldItems.count)) == oldItems {
                let dash = dashColumn(of: seq, lines: lines) ?? r.indent + 2
                let added = newItems.dropFirst(oldItems.count).flatMap { YAMLWriter.itemLines($0, indent: dash) }
                edits.append(LineEdit(start: r.last + 1, end: r.last + 1, lines: added, order: order))
                continue
            }
            // A block mapping: edit its keys one by one.
            if case let .mapping(m) = valueNode, !m.flow, !m.items.isEmpty, let oldPairs = oldValue?.pairs,
               let newPairs = newValue.pairs {
                let nested = try fileKeys(m)
                if nested.allSatisfy({ $0.keyNode.start.line - 1 > r.start }) {
                    try editMapping(file: nested, parentEnd: r.last + 1, old: oldPairs, new: newPairs,
                                    indent: nested[0].keyNode.start.column - 1, emptyInsertAt: r.last + 1,
                                    lines: lines, edits: &edits, order: &order)
                    continue
                }
            }
            // Anything else: the key's lines are written anew, keeping a comment on its first line.
            var rendered = YAMLWriter.lines(key: key, value: newValue, indent: r.indent)
            if let comment = trailingComment(lines[r.start], keyNode: file[index].keyNode, value: valueNode) {
                rendered[0] += "  " + comment
            }
            edits.append(LineEdit(start: r.start, end: r.last + 1, lines: rendered, order: order))
        }
    }

    /// The line with the scalar that starts at the value's mark replaced by `replacement`,
    /// keeping what follows it (a comment). Nil when the layout is not the simple one.
    @_optimize(speed) private func replaceInline(_ line: String, keyNode: YAMLNode, scalar: YAMLNode.Scalar, with replacement: String) -> String? {
        let u = Array(line.unicodeScalars)
        if YAMLNode.scalar(scalar).isNull {
            // A null value: keep the key and any comment, put the value after the colon.
            guard let colon = colonAfterKey(u, keyNode: keyNode) else { return nil }
            let rest = String(String.UnicodeScalarView(u[(colon + 1)...])).trimmed(.whitespaces)
            let prefix = String(String.UnicodeScalarView(u[...colon]))
            if rest.isEmpty { return prefix + " " + replacement }
            if rest.hasPrefix("#") { return prefix + " " + replacement + "  " + rest }
            if ["~", "null", "Null", "NULL"].contains(rest) { return prefix + " " + replacement }
            if let hash = rest.scalarRange(of: " #"), ["~", "null", "Null", "NULL"].contains(rest[..<hash.lowerBound].trimmed(.whitespaces)) {
                return prefix + " " + replacement + "  " + rest[rest.index(after: hash.lowerBound)...]
            }
            return nil
        }
        let start = scalar.start.column - 1
        guard start < u.count else { return nil }
        var end: Int?
        switch scalar.style {
        case .plain:
            var j = start
            var stop = u.count
            while j < u.count {
                if u[j] == "#" && j > start && (u[j - 1] == " " || u[j - 1] == "\t") { stop = j; break }
                j += 1
            }
            var e = stop
            while e > start && (u[e - 1] == " " || u[e - 1] == "\t") { e -= 1 }
            end = e
        case .doubleQuoted:
            guard u[start] == "\"" else { return nil }
            var j = start + 1
            while j < u.count {
                if u[j] == "\\" { j += 2; continue }
                if u[j] == "\"" { end = j + 1; break }
                j += 1
            }
        case .singleQuoted:
            guard u[start] == "'" else { return nil }
            var j = start + 1
            while j < u.count {
                if u[j] == "'" {
                    if j + 1 < u.count && u[j + 1] == "'" { j += 2; continue }
                    end = j + 1
                    break
                }
                j += 1
            }
        default:
            return nil
        }
        guard let end else { return nil }
        return String(String.UnicodeScalarView(u[..<start])) + replacement + String(String.UnicodeScalarView(u[end...]))
    }

    @_optimize(speed) private func colonAfterKey(_ u: [Unicode.Scalar], keyNode: YAMLNode) -> Int? {
        guard case let .scalar(k) = keyNode, k.style == .plain else { return nil }
        let after = k.start.column - 1 + k.string.unicodeScalars.count
        guard after < u.count else { return nil }
        var j = after
        while j < u.count && u[j] == " " { j += 1 }
        return j < u.count && u[j] == ":" ? j : nil
    }

    /// A comment on the key's own line, when the value is null or starts on a later line.
    @_optimize(speed) private func trailingComment(_ line: String, keyNode: YAMLNode, value: YAMLNode) -> String? {
        let u = Array(line.unicodeScalars)
        guard let colon = colonAfterKey(u, keyNode: keyNode) else { return nil }
        let rest = String(String.UnicodeScalarView(u[(colon + 1)...]))
        guard !rest.contains("\""), !rest.contains("'") else { return nil }
        if value.start.line == keyNode.start.line {
            // The value starts on this line: only a block scalar header may precede a comment.
            if case let .scalar(s) = value, s.style != .literal && s.style != .folded && !s.string.isEmpty { return nil }
            if case .sequence = value { return nil }
            if case .mapping = value { return nil }
        }
        guard let hash = rest.scalarRange(of: " #") ?? (rest.hasPrefix("#") ? rest.scalarRange(of: "#") : nil) else { return nil }
        return String(rest[rest.index(hash.lowerBound, offsetBy: rest[hash.lowerBound] == " " ? 1 : 0)...])
    }

    /// The column of the dash of a block sequence's first item.
    @_optimize(speed) private func dashColumn(of seq: YAMLNode.Collection<YAMLNode>, lines: [String]) -> Int? {
        guard let mark = seq.items.first?.start else { return nil }
        let u = Array(lines[mark.line - 1].unicodeScalars)
        var j = min(mark.column - 2, u.count - 1)
        while j >= 0 && u[j] == " " { j -= 1 }
        guard j >= 0, u[j] == "-" else { return nil }
        return j
    }
}

extension YAMLNode {
    /// The node as a tree ff can write (for keys ff does not know, kept through a rewrite).
    @_optimize(speed) var yamlValue: YAMLValue {
        switch self {
        case let .scalar(s):
            return .scalar(s.string, s.string.contains("\n") ? .prose : .text)
        case let .sequence(seq):
            return .sequence(seq.items.map(\.yamlValue), flow: seq.flow)
        case let .mapping(m):
            return .mapping(m.items.compactMap { pair in
                guard case let .scalar(k) = pair.key else { return nil }
                return YAMLPair(k.string, pair.value.yamlValue)
            })
        }
    }
}
