/// Writes `YAMLValue` trees as block YAML, two spaces an indent, sequences indented under
/// their key, prose in literal blocks with strip chomping (`|-`, so that every YAML reader
/// sees exactly the text, without a trailing newline), with an indentation indicator (`|2-`)
/// when the text's first line starts with a space, which a reader would otherwise take for
/// indentation and drop. Hand-written because ff must emit fragments that fit
/// into an existing file at a given indentation (to keep the reader's comments and layout),
/// which an emitter of whole documents cannot do.
public enum YAMLWriter {
    /// Prose longer than this is written as a literal block even on one line.
    static let longProse = 72

    /// The whole document for top-level `pairs`, ending in a newline.
    public static func document(_ pairs: [YAMLPair]) -> String {
        pairs.flatMap { lines(key: $0.key, value: $0.value, indent: 0) }.joined(separator: "\n") + "\n"
    }

    /// `key: value` at `indent` spaces, as one or more lines.
    public static func lines(key: String, value: YAMLValue, indent: Int) -> [String] {
        let pad = String(repeating: " ", count: indent)
        let k = inline(key, kind: .text, flow: false)
        switch value {
        case let .scalar(s, kind):
            if let block = literalBlock(s, kind: kind, contentIndent: indent + 2) {
                return ["\(pad)\(k): \(blockHeader(s))"] + block
            }
            return ["\(pad)\(k): \(inline(s, kind: kind, flow: false))"]
        case let .sequence(items, flow):
            if items.isEmpty { return ["\(pad)\(k): []"] }
            if flow, let inlineItems = flowItems(items) {
                return ["\(pad)\(k): [\(inlineItems)]"]
            }
            return ["\(pad)\(k):"] + items.flatMap { itemLines($0, indent: indent + 2) }
        case let .mapping(pairs):
            if pairs.isEmpty { return ["\(pad)\(k): {}"] }
            return ["\(pad)\(k):"] + pairs.flatMap { lines(key: $0.key, value: $0.value, indent: indent + 2) }
        }
    }

    /// One sequence item whose dash stands at `indent` spaces.
    public static func itemLines(_ value: YAMLValue, indent: Int) -> [String] {
        let pad = String(repeating: " ", count: indent)
        switch value {
        case let .scalar(s, kind):
            if let block = literalBlock(s, kind: kind, contentIndent: indent + 2) {
                return ["\(pad)- \(blockHeader(s))"] + block
            }
            return ["\(pad)- \(inline(s, kind: kind, flow: false))"]
        case let .mapping(pairs) where !pairs.isEmpty:
            var out = pairs.flatMap { lines(key: $0.key, value: $0.value, indent: indent + 2) }
            out[0] = pad + "- " + out[0].dropFirst(indent + 2)
            return out
        case .mapping:
            return ["\(pad)- {}"]
        case let .sequence(items, _):
            if items.isEmpty { return ["\(pad)- []"] }
            var out = items.flatMap { itemLines($0, indent: indent + 2) }
            out[0] = pad + "- " + out[0].dropFirst(indent + 2)
            return out
        }
    }

    private static func flowItems(_ items: [YAMLValue]) -> String? {
        var parts: [String] = []
        for item in items {
            guard case let .scalar(s, kind) = item else { return nil }
            parts.append(inline(s, kind: kind == .prose ? .text : kind, flow: true))
        }
        return parts.joined(separator: ", ")
    }

    /// `|-`, or `|2-` when the first line that is not empty starts with a space or a tab: the
    /// content then stands two columns right of its key or dash, as ff always writes it, and
    /// the reader keeps the space instead of taking it for indentation.
    static func blockHeader(_ s: String) -> String {
        let first = s.unicodeScalars.first { $0 != "\n" }
        return first == " " || first == "\t" ? "|2-" : "|-"
    }

    /// The lines of a literal block for `s`, or nil when `s` should stay inline.
    static func literalBlock(_ s: String, kind: YAMLValue.ScalarKind, contentIndent: Int) -> [String]? {
        guard kind == .prose, s.contains("\n") || s.count > longProse else { return nil }
        let pad = String(repeating: " ", count: contentIndent)
        var out: [String] = []
        for line in s.split(separator: "\n", omittingEmptySubsequences: false) {
            if line.isEmpty {
                out.append("")
                continue
            }
            // A whitespace-only line would lose its spaces; a non-printable character can't be
            // written in a block at all.
            if line.allSatisfy({ $0 == " " || $0 == "\t" }) { return nil }
            guard line.unicodeScalars.allSatisfy({ $0 == "\t" || isPrintable($0) }) else { return nil }
            out.append(pad + line)
        }
        if out.last?.isEmpty == true { return nil }
        return out
    }

    /// A scalar on one line: plain when that is safe in any YAML 1.2 reader, else double-quoted.
    public static func inline(_ s: String, kind: YAMLValue.ScalarKind, flow: Bool) -> String {
        if kind == .raw && !s.isEmpty && isPlainSafe(s, flow: flow, allowScalarLook: true) { return s }
        if isPlainSafe(s, flow: flow, allowScalarLook: false) { return s }
        return doubleQuoted(s)
    }

    static func isPlainSafe(_ s: String, flow: Bool, allowScalarLook: Bool) -> Bool {
        guard let first = s.unicodeScalars.first, let last = s.unicodeScalars.last else { return false }
        if first == " " || last == " " { return false }
        if "-?:,[]{}#&*!|>'\"%@`".unicodeScalars.contains(first) && !(allowScalarLook && first == "-") { return false }
        if s.hasPrefix("...") || last == ":" { return false }
        if s.contains(": ") || s.contains(" #") { return false }
        for c in s.unicodeScalars {
            if c == "\t" || !isPrintable(c) { return false }
            // In a flow collection libyaml refuses `:` before `,?[]{}`; other readers differ on
            // `:` anywhere inside, so a flow item with a colon is quoted.
            if flow && ",[]{}:".unicodeScalars.contains(c) { return false }
        }
        if allowScalarLook { return true }
        // Anything another reader could take for a null, boolean, number or date stays a string.
        let lower = s.lowercased()
        if ["null", "~", "true", "false", "yes", "no", "on", "off", "y", "n"].contains(lower) { return false }
        if lower.hasPrefix(".inf") || lower.hasPrefix(".nan") { return false }
        return !looksLikeNumberOrDate(lower)
    }

    /// Numbers in any notation YAML 1.1 or 1.2 reads (`1e5`, `0x1F`, `0o17`, `1_000`, `1:20`)
    /// and dates (`2026-11-28`): left plain, another reader would not see a string.
    static func looksLikeNumberOrDate(_ s: String) -> Bool {
        let u = Array(s.utf8)
        func isDigit(_ c: UInt8) -> Bool { c >= 48 && c <= 57 }
        if Double(s.replacingAll("_", with: "")) != nil { return true }
        if u.count > 2, u[0] == 48, u[1] == 120 || u[1] == 111 || u[1] == 98 { return true } // 0x, 0o, 0b
        if u.count >= 8, u[0..<4].allSatisfy(isDigit), u[4] == 45 { return true } // 2026-…
        if u.contains(58), u.allSatisfy({ isDigit($0) || $0 == 58 || $0 == 46 || $0 == 95 }) { return true } // 1:20
        return false
    }

    /// YAML's printable set, without the byte-order mark and the Unicode line separators.
    static func isPrintable(_ c: Unicode.Scalar) -> Bool {
        switch c.value {
        case 0x20...0x7E: return true
        case 0xA0...0xD7FF: return c.value != 0x2028 && c.value != 0x2029
        case 0xE000...0xFFFD: return c.value != 0xFEFF
        case 0x10000...0x10FFFF: return true
        default: return false
        }
    }

    public static func doubleQuoted(_ s: String) -> String {
        var out = "\""
        for c in s.unicodeScalars {
            switch c {
            case "\"": out += "\\\""
            case "\\": out += "\\\\"
            case "\n": out += "\\n"
            case "\t": out += "\\t"
            case "\r": out += "\\r"
            case "\0": out += "\\0"
            case "\u{1B}": out += "\\e"
            default:
                if isPrintable(c) {
                    out.unicodeScalars.append(c)
                } else if c.value <= 0xFF {
                    out += "\\x" + hex(c.value, width: 2)
                } else if c.value <= 0xFFFF {
                    out += "\\u" + hex(c.value, width: 4)
                } else {
                    out += "\\U" + hex(c.value, width: 8)
                }
            }
        }
        return out + "\""
    }

    private static func hex(_ v: UInt32, width: Int) -> String {
        let s = String(v, radix: 16, uppercase: true)
        return String(repeating: "0", count: max(0, width - s.count)) + s
    }
}
