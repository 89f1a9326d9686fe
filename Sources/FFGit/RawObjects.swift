import CLibgit2

/// Commits and trees read straight from the object database and parsed here. A history walk
/// touches every commit and its root tree; libgit2's objects would cost an allocation per
/// signature and per tree entry, and its object cache would keep them all.
final class RawObjects {
    private let odb: OpaquePointer

    init(_ repo: Repository) throws {
        var odb: OpaquePointer?
        try check("git_repository_odb") { git_repository_odb(&odb, repo.pointer) }
        self.odb = odb!
    }

    deinit { git_odb_free(odb) }

    func has(_ id: ObjectID) -> Bool {
        var oid = id.raw
        return git_odb_exists(odb, &oid) == 1
    }

    /// The object's bytes, or nil when the database does not have it.
    func read(_ id: ObjectID) throws -> [UInt8]? {
        try withObject(id) { Array($0) }
    }

    /// Calls `body` with the object's bytes, valid only during the call; nil when missing.
    func withObject<T>(_ id: ObjectID, _ body: (UnsafeRawBufferPointer) throws -> T) throws -> T? {
        var oid = id.raw
        var obj: OpaquePointer?
        let code = git_odb_read(&obj, odb, &oid)
        if code == GIT_ENOTFOUND.rawValue { return nil }
        if code < 0 { throw GitError.last(code, "git_odb_read") }
        defer { git_odb_object_free(obj) }
        let size = git_odb_object_size(obj)
        guard size > 0, let data = git_odb_object_data(obj) else { return try body(UnsafeRawBufferPointer(start: nil, count: 0)) }
        return try body(UnsafeRawBufferPointer(start: data, count: size))
    }

    func commit(_ id: ObjectID) throws -> RawCommit? {
        try read(id).flatMap { RawCommit(id: id, bytes: $0) }
    }

    /// The id of the sub-tree `path` (components, as bytes) under `tree`, or nil.
    func subtree(_ path: [[UInt8]], in tree: ObjectID) throws -> ObjectID? {
        var current = tree
        for name in path {
            guard let next = try withObject(current, { Self.entry(name, inTree: $0, wantTree: true) }) ?? nil else { return nil }
            current = next
        }
        return current
    }

    /// Scans a raw tree (`<mode> <name>\0<20-byte id>`…) for `name`.
    static func entry(_ name: [UInt8], inTree raw: UnsafeRawBufferPointer, wantTree: Bool) -> ObjectID? {
        var found: ObjectID?
        forEachEntry(raw) { entryName, id, mode in
            guard mode.isTree == wantTree && entryName.count == name.count else { return true }
            for k in 0..<name.count where raw[entryName.lowerBound + k] != name[k] { return true }
            found = ObjectID(rawBytes: UnsafeRawBufferPointer(rebasing: raw[id..<(id + 20)]))
            return false
        }
        return found
    }

    /// What an entry's mode says it is.
    private struct Mode {
        var isTree: Bool
        /// 100644, 100755 and 120000 (a link, a blob to git); 160000 is a submodule.
        var isBlob: Bool
    }

    /// Calls `body` with each entry of a raw tree, in order: where its name is, where its
    /// 20-byte id starts, and its mode, until `body` returns false. A truncated entry ends it.
    @inline(__always)
    private static func forEachEntry(_ raw: UnsafeRawBufferPointer, _ body: (Range<Int>, Int, Mode) -> Bool) {
        var i = 0
        let n = raw.count
        while i < n {
            var space = i
            while space < n && raw[space] != 0x20 { space += 1 }
            var nul = space + 1
            while nul < n && raw[nul] != 0 { nul += 1 }
            guard nul + 21 <= n else { return }
            let isTree = space - i == 5 && raw[i] == 0x34 && raw[i + 1] == 0x30 // "40000"
            let mode = Mode(isTree: isTree, isBlob: !isTree && raw[i] == 0x31 && !(raw[i + 1] == 0x36))
            guard body((space + 1)..<nul, nul + 1, mode) else { return }
            i = nul + 21
        }
    }

    /// One entry of a raw tree: where its name is, its id, and whether it is a tree.
    private struct Entry {
        var name: Range<Int>
        var id: ObjectID
        var isTree: Bool
        var isBlob: Bool
    }

    private static func entries(_ raw: UnsafeRawBufferPointer) -> [Entry] {
        var out: [Entry] = []
        forEachEntry(raw) { name, id, mode in
            out.append(Entry(name: name, id: ObjectID(rawBytes: UnsafeRawBufferPointer(rebasing: raw[id..<(id + 20)])),
                             isTree: mode.isTree, isBlob: mode.isBlob))
            return true
        }
        return out
    }

    /// Git's tree order: names byte by byte, a tree's name as if it ended in `/`.
    private static func order(_ a: Entry, _ ra: UnsafeRawBufferPointer, _ b: Entry, _ rb: UnsafeRawBufferPointer) -> Int {
        let la = a.name.count, lb = b.name.count
        let n = min(la, lb)
        for k in 0..<n {
            let x = ra[a.name.lowerBound + k], y = rb[b.name.lowerBound + k]
            if x != y { return x < y ? -1 : 1 }
        }
        let x: UInt8 = la > n ? ra[a.name.lowerBound + n] : (a.isTree ? 0x2F : 0)
        let y: UInt8 = lb > n ? rb[b.name.lowerBound + n] : (b.isTree ? 0x2F : 0)
        return x == y ? 0 : (x < y ? -1 : 1)
    }

    /// The files that differ between two trees, paths prefixed by `prefix`: a merge of the
    /// two sorted entry lists, reading only the sub-trees whose ids differ.
    func diff(_ old: ObjectID?, _ new: ObjectID?, prefix: String, into out: inout [ChangedFile]) throws {
        if old == new { return }
        try withTree(old) { ra in
            try withTree(new) { rb in
                let a = Self.entries(ra), b = Self.entries(rb)
                func path(_ e: Entry, _ r: UnsafeRawBufferPointer) -> String {
                    let name = String(decoding: UnsafeRawBufferPointer(rebasing: r[e.name]), as: UTF8.self)
                    return prefix.isEmpty ? name : prefix + "/" + name
                }
                func only(_ e: Entry, _ r: UnsafeRawBufferPointer, old side: Bool) throws {
                    if e.isTree {
                        try diff(side ? e.id : nil, side ? nil : e.id, prefix: path(e, r), into: &out)
                    } else if e.isBlob {
                        out.append(ChangedFile(path: path(e, r), old: side ? e.id : nil, new: side ? nil : e.id))
                    }
                }
                var i = 0, j = 0
                while i < a.count || j < b.count {
                    let o = i == a.count ? 1 : j == b.count ? -1 : Self.order(a[i], ra, b[j], rb)
                    if o < 0 {
                        try only(a[i], ra, old: true)
                        i += 1
                    } else if o > 0 {
                        try only(b[j], rb, old: false)
                        j += 1
                    } else {
                        let x = a[i], y = b[j]
                        i += 1
                        j += 1
                        if x.id == y.id { continue }
                        if x.isTree {
                            try diff(x.id, y.id, prefix: path(x, ra), into: &out)
                        } else if x.isBlob && y.isBlob {
                            out.append(ChangedFile(path: path(x, ra), old: x.id, new: y.id))
                        }
                    }
                }
            }
        }
    }

    /// `body` with the tree's bytes (empty for nil).
    private func withTree(_ id: ObjectID?, _ body: (UnsafeRawBufferPointer) throws -> Void) throws {
        guard let id else { return try body(UnsafeRawBufferPointer(start: nil, count: 0)) }
        guard try withObject(id, body) != nil else {
            throw GitError(code: GIT_ENOTFOUND.rawValue, message: "tree \(id) is missing", function: "git_odb_read")
        }
    }
}

/// A commit's header fields, parsed from its bytes; the signatures and message on demand.
struct RawCommit {
    let id: ObjectID
    let tree: ObjectID
    let parents: [ObjectID]
    private let bytes: [UInt8]
    private let authorLine: Range<Int>?
    private let committerLine: Range<Int>?
    private let messageStart: Int

    init?(id: ObjectID, bytes: [UInt8]) {
        self.id = id
        self.bytes = bytes
        var tree: ObjectID?
        var parents: [ObjectID] = []
        var author: Range<Int>?, committer: Range<Int>?
        var i = 0
        let n = bytes.count
        var start = n
        bytes.withUnsafeBytes { raw in
            while i < n {
                var end = i
                while end < n && raw[end] != 0x0A { end += 1 }
                if end == i {
                    start = i + 1
                    return
                }
                func keyIs(_ key: StaticString) -> Bool {
                    let k = key.utf8Start
                    let len = key.utf8CodeUnitCount
                    guard end - i > len, raw[i + len] == 0x20 else { return false }
                    for j in 0..<len where raw[i + j] != k[j] { return false }
                    return true
                }
                if keyIs("tree") {
                    tree = ObjectID(hexBytes: UnsafeRawBufferPointer(rebasing: raw[(i + 5)..<end]))
                } else if keyIs("parent"), let p = ObjectID(hexBytes: UnsafeRawBufferPointer(rebasing: raw[(i + 7)..<end])) {
                    parents.append(p)
                } else if keyIs("author") {
                    author = (i + 7)..<end
                } else if keyIs("committer") {
                    committer = (i + 10)..<end
                }
                i = end + 1
            }
        }
        guard let tree else { return nil }
        self.tree = tree
        self.parents = parents
        authorLine = author
        committerLine = committer
        messageStart = min(start, n)
    }

    var message: String { String(decoding: bytes[messageStart...], as: UTF8.self) }

    var author: Signature { Self.signature(bytes, authorLine) }
    var committer: Signature { Self.signature(bytes, committerLine) }

    /// `Name <email> 1764322440 +0100`
    static func signature(_ bytes: [UInt8], _ range: Range<Int>?) -> Signature {
        guard let range, let gt = bytes[range].lastIndex(of: 0x3E),
              let lt = bytes[range.lowerBound..<gt].lastIndex(of: 0x3C) else {
            return Signature(name: "", email: "", time: 0)
        }
        var nameEnd = lt
        while nameEnd > range.lowerBound && bytes[nameEnd - 1] == 0x20 { nameEnd -= 1 }
        let name = String(decoding: bytes[range.lowerBound..<nameEnd], as: UTF8.self)
        let email = String(decoding: bytes[(lt + 1)..<gt], as: UTF8.self)
        var j = gt + 1
        while j < range.upperBound && bytes[j] == 0x20 { j += 1 }
        var time: Int64 = 0
        var overflow = false
        while j < range.upperBound, bytes[j] >= 48, bytes[j] <= 57 {
            let (times, o1) = time.multipliedReportingOverflow(by: 10)
            let (next, o2) = times.addingReportingOverflow(Int64(bytes[j] - 48))
            overflow = overflow || o1 || o2
            time = next
            j += 1
        }
        // A time too long for 64 bits (a forged commit) reads as 0, as git shows it.
        if overflow { time = 0 }
        while j < range.upperBound && bytes[j] == 0x20 { j += 1 }
        var offset = 0
        if j + 5 <= range.upperBound, bytes[j] == 0x2B || bytes[j] == 0x2D {
            let d = bytes[(j + 1)..<(j + 5)].map { Int($0) - 48 }
            if d.allSatisfy({ (0...9).contains($0) }) {
                offset = (d[0] * 10 + d[1]) * 60 + d[2] * 10 + d[3]
                if bytes[j] == 0x2D { offset = -offset }
            }
        }
        return Signature(name: name, email: email, time: time, offsetMinutes: offset)
    }

    func record() -> CommitRecord {
        CommitRecord(id: id, parents: parents, author: author, committer: committer, message: message, tree: tree)
    }
}
