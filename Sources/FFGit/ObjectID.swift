import CLibgit2

/// A git object id (SHA-1), copied out of libgit2 into a fixed-size value (no allocation:
/// ff handles one per experiment file and per commit of a long history).
public struct ObjectID: Hashable, Sendable, CustomStringConvertible, Comparable {
    private var a: UInt64
    private var b: UInt64
    private var c: UInt32

    init(_ oid: git_oid) {
        var copy = oid
        (a, b, c) = withUnsafeBytes(of: &copy.id) { raw in
            (raw.loadUnaligned(fromByteOffset: 0, as: UInt64.self).bigEndian,
             raw.loadUnaligned(fromByteOffset: 8, as: UInt64.self).bigEndian,
             raw.loadUnaligned(fromByteOffset: 16, as: UInt32.self).bigEndian)
        }
    }

    init(_ pointer: UnsafePointer<git_oid>) {
        self.init(pointer.pointee)
    }

    /// Parses 40 hex digits (either case).
    public init?(hex: String) {
        var digits = [UInt8]()
        digits.reserveCapacity(40)
        for ch in hex.utf8 {
            switch ch {
            case 48...57: digits.append(ch - 48)
            case 97...102: digits.append(ch - 87)
            case 65...70: digits.append(ch - 55)
            default: return nil
            }
        }
        guard digits.count == 40 else { return nil }
        func word(_ from: Int, _ count: Int) -> UInt64 {
            var v: UInt64 = 0
            for i in from..<(from + count) { v = v << 4 | UInt64(digits[i]) }
            return v
        }
        a = word(0, 16)
        b = word(16, 16)
        c = UInt32(word(32, 8))
    }

    /// The 20 raw bytes.
    public var bytes: [UInt8] {
        var out = [UInt8]()
        out.reserveCapacity(20)
        for i in stride(from: 56, through: 0, by: -8) { out.append(UInt8(truncatingIfNeeded: a >> UInt64(i))) }
        for i in stride(from: 56, through: 0, by: -8) { out.append(UInt8(truncatingIfNeeded: b >> UInt64(i))) }
        for i in stride(from: 24, through: 0, by: -8) { out.append(UInt8(truncatingIfNeeded: c >> UInt32(i))) }
        return out
    }

    var raw: git_oid {
        var oid = git_oid()
        let bytes = self.bytes
        withUnsafeMutableBytes(of: &oid.id) { dst in
            for i in 0..<20 { dst[i] = bytes[i] }
        }
        return oid
    }

    public var hex: String {
        let digits: [UInt8] = Array("0123456789abcdef".utf8)
        var out = [UInt8]()
        out.reserveCapacity(40)
        for byte in bytes {
            out.append(digits[Int(byte >> 4)])
            out.append(digits[Int(byte & 0x0f)])
        }
        return String(decoding: out, as: UTF8.self)
    }

    public var description: String { hex }

    public static func < (lhs: ObjectID, rhs: ObjectID) -> Bool {
        (lhs.a, lhs.b, lhs.c) < (rhs.a, rhs.b, rhs.c)
    }
}
