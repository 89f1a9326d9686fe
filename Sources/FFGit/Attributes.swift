extension Repository {
    /// True only when no git setting or attributes file could convert `path` on its way into
    /// the repository: no `core.autocrlf`/`core.eol`, and no attributes file that mentions a
    /// converting attribute at all (a conservative word scan, not a parse).
    public func noFilterCanApply(to path: String, workdir: String) -> Bool {
        guard let config = try? self.config() else { return false }
        if let autocrlf = config.string("core.autocrlf"), autocrlf.lowercased() != "false" { return false }
        if config.string("core.eol") != nil { return false }
        var files = [gitDir + "/info/attributes", commonDir + "/info/attributes"]
        if let custom = config.string("core.attributesFile") { files.append(Paths.expandingTilde(custom, home: ProcessInfo.processInfo.environment["HOME"])) }
        let env = ProcessInfo.processInfo.environment
        let xdg = env["XDG_CONFIG_HOME"].map { $0 + "/git/attributes" } ?? env["HOME"].map { $0 + "/.config/git/attributes" }
        if let xdg { files.append(xdg) }
        var dir = workdir
        files.append(dir + "/.gitattributes")
        for component in path.split(separator: "/").dropLast() {
            dir += "/" + component
            files.append(dir + "/.gitattributes")
        }
        let converting = ["text", "eol", "crlf", "filter", "ident", "working-tree-encoding"]
        for file in files {
            guard let bytes = try? readRegularFile(file) else { continue }
            let words = String(decoding: bytes, as: UTF8.self).split { !($0.isLetter || $0 == "-") }
            if words.contains(where: { converting.contains($0.lowercased()) }) { return false }
        }
        return true
    }
}
