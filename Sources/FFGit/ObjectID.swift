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
        var copy = hex
        guard let parsed = copy.withUTF8({ ObjectID(hexBytes: $0) }) else { return nil }
        self = parsed
    }

    /// Parses 40 hex digits from bytes, allocating nothing (cache files hold one per line).
    public init?(hexBytes bytes: UnsafeBufferPointer<UInt8>) {
        guard bytes.count == 40 else { return nil }
        var words: (UInt64, UInt64, UInt64) = (0, 0, 0)
        for i in 0..<40 {
            let ch = bytes[i]
            let d: UInt64
            switch ch {
            case 48...57: d = UInt64(ch - 48)
            case 97...102: d = UInt64(ch - 87)
            case 65...70: d = UInt64(ch - 55)
            default: return nil
            }
            if i < 16 { words.0 = words.0 << 4 | d } else if i < 32 { words.1 = words.1 << 4 | d } else { words.2 = words.2 << 4 | d }
        }
        a = words.0
        b = words.1
        c = UInt32(words.2)
    }

    /// Parses 40 lowercase or uppercase hex digits at the start of `hex`; nil when they aren't.
    init?(hexBytes hex: UnsafeRawBufferPointer) {
        guard hex.count >= 40 else { return nil }
        func nibble(_ c: UInt8) -> UInt64? {
            switch c {
            case 48...57: return UInt64(c - 48)
            case 97...102: return UInt64(c - 87)
            case 65...70: return UInt64(c - 55)
            default: return nil
            }
        }
        var w0: UInt64 = 0, w1: UInt64 = 0, w2: UInt64 = 0
        for i in 0..<16 {
            guard let v = nibble(hex[i]) else { return nil }
            w0 = w0 << 4 | v
        }
        for i in 16..<32 {
            guard let v = nibble(hex[i]) else { return nil }
            w1 = w1 << 4 | v
        }
        for i in 32..<40 {
            guard let v = nibble(hex[i]) else { return nil }
            w2 = w2 << 4 | v
        }
        a = w0
        b = w1
        c = UInt32(w2)
    }

    /// Reads 20 raw bytes (as a tree entry stores an id).
    init(rawBytes p: UnsafeRawBufferPointer) {
        a = p.loadUnaligned(fromByteOffset: 0, as: UInt64.self).bigEndian
        b = p.loadUnaligned(fromByteOffset: 8, as: UInt64.self).bigEndian
        c = p.loadUnaligned(fromByteOffset: 16, as: UInt32.self).bigEndian
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
        withUnsafeMutableBytes(of: &oid.id) { dst in
            dst.storeBytes(of: a.bigEndian, toByteOffset: 0, as: UInt64.self)
            dst.storeBytes(of: b.bigEndian, toByteOffset: 8, as: UInt64.self)
            dst.storeBytes(of: c.bigEndian, toByteOffset: 16, as: UInt32.self)
        }
        return oid
    }

    public var hex: String {
        let digits: StaticString = "0123456789abcdef"
        return String(unsafeUninitializedCapacity: 40) { out in
            let d = digits.utf8Start
            func put(_ v: UInt64, _ nibbles: Int, _ at: Int) {
                for i in 0..<nibbles { out[at + i] = d[Int((v >> UInt64(4 * (nibbles - 1 - i))) & 0xF)] }
            }
            put(a, 16, 0)
            put(b, 16, 16)
            put(UInt64(c), 8, 32)
            return 40
        }
    }

    public var description: String { hex }

    public static func < (lhs: ObjectID, rhs: ObjectID) -> Bool {
        (lhs.a, lhs.b, lhs.c) < (rhs.a, rhs.b, rhs.c)
    }
}
