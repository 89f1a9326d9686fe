import CLibgit2

/// `[includeIf "hasconfig:…"]` sections of the configuration files git reads, which libgit2
/// 1.5 skips: whatever they set is invisible to ff. Read only to explain a missing setting.
public struct UnsupportedInclude: Equatable, Sendable {
    /// The condition, as written (`hasconfig:remote.*.url:git@example.com:acme/**`).
    public var condition: String
    /// The file that holds the section.
    public var file: String
    /// What the included file sets, by key (`user.name`), as far as it is read.
    public var values: [String: String]

    /// The hasconfig includes of the files git reads: system (`GIT_CONFIG_SYSTEM`, else
    /// /etc/gitconfig; none with `GIT_CONFIG_NOSYSTEM`), global (`GIT_CONFIG_GLOBAL`, else
    /// `$XDG_CONFIG_HOME/git/config` and `~/.gitconfig`), then `repositoryConfig` (with the files
    /// each includes); paths and HOME from `environment`.
    public static func find(environment env: [String: String], repositoryConfig: String? = nil) -> [UnsupportedInclude] {
        var files: [String] = []
        if !isTrue(env["GIT_CONFIG_NOSYSTEM"]) { files.append(env["GIT_CONFIG_SYSTEM"] ?? "/etc/gitconfig") }
        if let global = env["GIT_CONFIG_GLOBAL"] {
            files.append(global)
        } else {
            if let xdg = env["XDG_CONFIG_HOME"], !xdg.isEmpty {
                files.append(xdg + "/git/config")
            } else if let home = env["HOME"] {
                files.append(home + "/.config/git/config")
            }
            if let home = env["HOME"] { files.append(home + "/.gitconfig") }
        }
        if let repositoryConfig { files.append(repositoryConfig) }
        var found: [UnsupportedInclude] = []
        var seen = Set<String>()
        for file in files { collect(file, home: env["HOME"], seen: &seen, into: &found) }
        return found
    }

    /// The hasconfig includes in `file` and in what it includes (libgit2 reads the includes
    /// it supports and lists every include directive as a variable).
    private static func collect(_ file: String, home: String?, seen: inout Set<String>, into found: inout [UnsupportedInclude]) {
        guard !file.isEmpty, seen.insert(file).inserted, FileManager.default.fileExists(atPath: file) else { return }
        let base = Paths.parent(file)
        for (name, value) in entries(of: file) {
            let prefix = "includeif.hasconfig:", suffix = ".path"
            guard name.hasPrefix(prefix), name.hasSuffix(suffix), name.count > prefix.count + suffix.count else { continue }
            let condition = String(name.dropFirst("includeif.".count).dropLast(suffix.count))
            let target = resolve(value, base: base, home: home)
            var values: [String: String] = [:]
            if FileManager.default.fileExists(atPath: target) {
                for (key, value) in entries(of: target) { values[key] = value }
            }
            found.append(UnsupportedInclude(condition: condition, file: file, values: values))
        }
    }

    /// Every variable of one config file (with what it includes), by normalised name; empty
    /// when it cannot be read.
    private static func entries(of file: String) -> [(String, String)] {
        guard (try? LibGit2.setUp()) != nil else { return [] }
        var cfg: OpaquePointer?
        guard git_config_open_ondisk(&cfg, file) == 0 else { return [] }
        defer { git_config_free(cfg) }
        var iterator: OpaquePointer?
        guard git_config_iterator_new(&iterator, cfg) == 0 else { return [] }
        defer { git_config_iterator_free(iterator) }
        var out: [(String, String)] = []
        var entry: UnsafeMutablePointer<git_config_entry>?
        while git_config_next(&entry, iterator) == 0, let e = entry {
            guard let name = e.pointee.name else { continue }
            out.append((String(cString: name), e.pointee.value.map { String(cString: $0) } ?? ""))
        }
        return out
    }

    /// An include's path as git takes it: `~/` from HOME, relative to the including file.
    private static func resolve(_ path: String, base: String, home: String?) -> String {
        if path.hasPrefix("~/"), let home { return home + path.dropFirst(1) }
        if path.hasPrefix("/") { return path }
        return base + "/" + path
    }

    /// git's boolean environment values: 1, true, yes, on (or any non-zero number).
    private static func isTrue(_ value: String?) -> Bool {
        guard let v = value?.trimmed(.whitespaces).lowercased(), !v.isEmpty else { return false }
        if let n = Int(v) { return n != 0 }
        return ["true", "yes", "on"].contains(v)
    }
}
