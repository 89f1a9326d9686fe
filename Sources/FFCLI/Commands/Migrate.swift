import ArgumentParser
import FFWorkspace
import FailForward

extension FFCommand {
    struct Migrate: WorkspaceCommand {
        static let configuration = CommandConfiguration(
            abstract: "Upgrade experiment files written in an earlier format, in one commit.",
            discussion: "Files already in the current format are left alone, so running it again does nothing."
        )
        @OptionGroup var global: GlobalOptions
        @Flag(help: "Only list the files that need upgrading; change nothing (exit 1 if any do).")
        var check = false

        func run(_ ws: Workspace, in ctx: Context) throws {
            let actor = check ? nil : try ws.actor()
            let lock = check ? nil : try ws.lock()
            defer { _ = lock }
            var writes: [Workspace.Write] = []
            var migrated: [Experiment] = []
            let files = ws.store.files()
            var experiments = 0
            let progress = ws.delegate
            let shows = progress.wantsProgress
            for (n, rel) in files.enumerated() {
                if shows && n % 200 == 0 { progress.progress(.files(read: n, of: files.count)) }
                let original = try ws.store.read(rel)
                let doc: ExperimentDocument
                do {
                    doc = try ExperimentDocument(path: rel, bytes: original)
                } catch let e as FileError where e.notAnExperiment {
                    continue // other YAML in the folder: not ff's to upgrade
                }
                experiments += 1
                guard doc.experiment.schema < Experiment.currentSchema else { continue }
                let upgraded = try doc.migrated()
                writes.append(.init(path: rel, bytes: upgraded.bytes, original: original))
                migrated.append(upgraded.experiment)
            }
            if shows && !files.isEmpty { progress.progress(.done) }
            guard !writes.isEmpty else {
                ctx.console.out("All \(experiments) experiment files are in format \(Experiment.currentSchema); nothing to do.\n")
                return
            }
            if check {
                for w in writes { ctx.console.out("\(w.path)\n") }
                throw ExitCode(1)
            }
            var trailers = migrated.map { (key: Trailer.Key.experiment.rawValue, value: $0.id) }
            trailers.append((key: Trailer.Key.action.rawValue, value: Action.migrate.rawValue))
            let message = CommitMessage(
                subject: "migrate: \(writes.count) experiment file\(writes.count == 1 ? "" : "s") to format \(Experiment.currentSchema)",
                body: [writes.map(\.path).joined(separator: "\n")], trailers: trailers)
            guard let actor else { return }
            let result = try ws.commit(writes, message: message, by: actor)
            CommitReport.print("Upgraded \(writes.count) file\(writes.count == 1 ? "" : "s") to format \(Experiment.currentSchema)", result, experiments: [], in: ctx)
        }
    }
}
