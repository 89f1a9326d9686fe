import FFWorkspace
import FailForward

/// Shell completion of experiment references: the ids and slugs of the repository the shell
/// is in (or that a `-C <path>` on the command line names), read from file names only.
enum RefCompletion {
    static func candidates(words: [String], prefix: String) -> [String] {
        var ctx = Context.live()
        var i = 0
        while i < words.count {
            if words[i] == "-C", i + 1 < words.count {
                ctx = ctx.changingDirectory(to: words[i + 1])
                i += 1
            }
            i += 1
        }
        guard let ws = try? Workspace.open(ctx) else { return [] }
        var out: [String] = []
        ws.store.walk(ws.store.folder) { _, name in
            guard let parts = ExperimentFileName.parts(String(decoding: name, as: UTF8.self)) else { return }
            if parts.id.hasPrefix(prefix) { out.append(parts.id) }
            if !parts.slug.isEmpty && parts.slug.hasPrefix(prefix) { out.append(parts.slug) }
        }
        return out.sorted()
    }
}
