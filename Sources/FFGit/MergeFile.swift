import CLibgit2

/// A three-way merge of one file's text, with git's conflict markers where the sides
/// disagree (libgit2's xdiff, the same code as `git merge-file`), in process.
public enum TextMerge {
    public enum Style: Sendable { case merge, diff3, zdiff3 }

    public struct Result: Sendable {
        /// False when the text holds conflict markers.
        public let clean: Bool
        public let bytes: [UInt8]
    }

    /// Merges `ours` and `theirs` against `base`; the markers carry the labels.
    public static func merge(base: [UInt8], ours: [UInt8], theirs: [UInt8],
                             labels: (ours: String, base: String, theirs: String) = ("ours", "base", "theirs"),
                             style: Style = .merge, markerSize: Int = 7) throws -> Result {
        try LibGit2.setUp()
        var opts = git_merge_file_options()
        try check("git_merge_file_options_init") { git_merge_file_options_init(&opts, UInt32(GIT_MERGE_FILE_OPTIONS_VERSION)) }
        switch style {
        case .merge: opts.flags = GIT_MERGE_FILE_STYLE_MERGE.rawValue
        case .diff3: opts.flags = GIT_MERGE_FILE_STYLE_DIFF3.rawValue
        case .zdiff3: opts.flags = GIT_MERGE_FILE_STYLE_ZDIFF3.rawValue
        }
        opts.marker_size = UInt16(clamping: markerSize)
        var out = git_merge_file_result()
        defer { git_merge_file_result_free(&out) }
        // The inputs' buffers and labels must outlive the call: everything happens inside the closures.
        try base.withUnsafeBufferPointer { b in
            try ours.withUnsafeBufferPointer { o in
                try theirs.withUnsafeBufferPointer { t in
                    try labels.ours.withCString { ourLabel in
                        try labels.base.withCString { baseLabel in
                            try labels.theirs.withCString { theirLabel in
                                opts.our_label = ourLabel
                                opts.ancestor_label = baseLabel
                                opts.their_label = theirLabel
                                var bi = input(b), oi = input(o), ti = input(t)
                                try check("git_merge_file") { git_merge_file(&out, &bi, &oi, &ti, &opts) }
                            }
                        }
                    }
                }
            }
        }
        let bytes = out.ptr.map { Array(UnsafeRawBufferPointer(start: $0, count: out.len)) } ?? []
        return Result(clean: out.automergeable != 0, bytes: bytes)
    }

    private static func input(_ buffer: UnsafeBufferPointer<UInt8>) -> git_merge_file_input {
        var i = git_merge_file_input()
        i.version = UInt32(GIT_MERGE_FILE_INPUT_VERSION)
        // An empty array may have no address; libgit2 wants a pointer, even with size 0.
        let empty: StaticString = ""
        i.ptr = UnsafeRawPointer(buffer.baseAddress ?? empty.utf8Start).assumingMemoryBound(to: CChar.self)
        i.size = buffer.count
        return i
    }
}
