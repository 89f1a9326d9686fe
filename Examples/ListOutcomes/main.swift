// An example of ff's engine used as a library, without the command line: every experiment
// of the repository around the given folder (default: the current one), with its status and
// outcome, as one JSON array on stdout.
//
//   swift run list-outcomes [folder]
import FFWorkspace
import FailForward

/// One line on stderr.
func warn(_ text: String) {
    let bytes = Array("list-outcomes: \(text)\n".utf8)
    bytes.withUnsafeBytes { buf in
        if let base = buf.baseAddress { _ = systemWrite(2, base, buf.count) }
    }
}

let folder = CommandLine.arguments.dropFirst().first ?? FileManager.default.currentDirectoryPath
do {
    let ws = try Workspace.open(Environment(variables: ProcessInfo.processInfo.environment, directory: folder),
                                delegate: SilentDelegate())
    let (experiments, problems) = ws.store.loadAll()
    let rows: [JSON] = experiments.sorted { $0.experiment.id < $1.experiment.id }.map { stored in
        let e = stored.experiment
        return .object([
            ("id", .string(e.id)),
            ("title", .string(e.title)),
            ("status", .string(e.status.rawValue)),
            ("outcome", .string(e.conclusion?.outcome?.rawValue)),
            ("returned", .string(e.conclusion?.returned)),
            ("path", .string(stored.path)),
        ])
    }
    print(JSON.array(rows).render(pretty: true))
    for p in problems { warn("skipped \(p)") }
} catch {
    warn("\(error)")
    exit(1)
}
