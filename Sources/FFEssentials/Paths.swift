/// File paths as text, as Foundation's `NSString` path methods read them (without
/// Foundation): `/` separates components, repeated and trailing slashes are not components.
public enum Paths {
    /// The last component: `/a/b/` → `b`, `/` → `/`, `` → ``.
    public static func last(_ path: String) -> String {
        let parts = path.split(separator: "/", omittingEmptySubsequences: true)
        if let last = parts.last { return String(last) }
        return path.hasPrefix("/") ? "/" : ""
    }

    /// The path without its last component: `/a/b` → `/a`, `/a` → `/`, `a` → ``, `/` → `/`.
    public static func parent(_ path: String) -> String {
        var parts = path.split(separator: "/", omittingEmptySubsequences: true)
        let absolute = path.hasPrefix("/")
        guard !parts.isEmpty else { return absolute ? "/" : "" }
        parts.removeLast()
        let joined = parts.joined(separator: "/")
        return absolute ? "/" + joined : joined
    }

    /// `component` appended after a slash: `a` + `b` → `a/b`, `a/` + `b` → `a/b`, `` + `b`
    /// → `b` (slashes already there are kept, as `appendingPathComponent` keeps them).
    public static func join(_ path: String, _ component: String) -> String {
        if path.isEmpty { return component }
        if component.isEmpty { return path }
        return path.hasSuffix("/") ? path + component : path + "/" + component
    }

    /// `~` and `~/…` expanded with `home`; anything else as it is.
    public static func expandingTilde(_ path: String, home: String?) -> String {
        guard let home, path == "~" || path.hasPrefix("~/") else { return path }
        return join(home, String(path.dropFirst(2)))
    }

    /// The path with `.` components, repeated and trailing slashes removed, and in an
    /// absolute path `..` applied to the component before it (never above `/`), as
    /// `standardizingPath` does for paths without `~` and links.
    public static func standardize(_ path: String) -> String {
        let absolute = path.hasPrefix("/")
        var out: [Substring] = []
        for part in path.split(separator: "/", omittingEmptySubsequences: true) {
            switch part {
            case ".": continue
            case "..":
                if !absolute { out.append(part) } else if !out.isEmpty { out.removeLast() }
            default: out.append(part)
            }
        }
        let joined = out.joined(separator: "/")
        if absolute { return "/" + joined }
        return joined.isEmpty ? (path.isEmpty ? "" : ".") : joined
    }
}

extension Paths {
    /// Whether `path` names a folder (following links, as `FileManager.fileExists(atPath:
    /// isDirectory:)` does); nil when nothing is there.
    public static func isFolder(_ path: String) -> Bool? {
        var st = stat()
        guard stat(path, &st) == 0 else { return nil }
        return (st.st_mode & S_IFMT) == S_IFDIR
    }
}
