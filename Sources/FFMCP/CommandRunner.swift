import FFCLI
import FFWorkspace
import FailForward
import Foundation

/// Runs ff commands in this process, one at a time, as the command line runs them (the same
/// parsing, workspace, locks, lint and hooks), with their output captured. Nothing reaches
/// the server's own stdin or stdout, which carry the protocol: prompts get no answer, no
/// editor is opened, and the programs ff starts (hooks, signing) have their streams
/// captured and read /dev/null.
actor CommandRunner {
    struct Outcome: Sendable {
        var code: Int32
        var out: String
        var err: String
        var commits: [Commit]
    }

    struct Commit: Sendable {
        var id: String
        var branch: String?
        var experiments: [String]
        var summary: String
    }

    let directory: String
    let environment: [String: String]

    init(directory: String, environment: [String: String]) {
        self.directory = directory
        self.environment = environment
    }

    func run(_ words: [String]) -> Outcome {
        let sink = Sink()
        let console = Console(out: { sink.out += $0 }, err: { sink.err += $0 }, readLine: { nil })
        var ctx = Context(environment: environment, directory: directory, console: console,
                          runEditor: { _, _ in throw CLIError.usage("ff mcp opens no editor: give the fields as the tool's arguments") })
        ctx.onCommit = { commit, experiments, summary in
            sink.commits.append(Commit(id: commit.id, branch: commit.branch, experiments: experiments, summary: summary))
        }
        let code = FFMain.execute(words, in: ctx)
        return Outcome(code: code, out: sink.out, err: sink.err, commits: sink.commits)
    }

    /// The bytes of an experiment's file, named by its id, read as ff reads it (no link, no
    /// special file, nothing outside the experiments folder).
    func experimentFile(id: String) throws -> (path: String, text: String) {
        let ws = try Workspace.open(Environment(variables: environment, directory: directory), delegate: SilentDelegate())
        let rel = try ws.store.resolve(id, cwd: ws.root)
        return (rel, String(decoding: try ws.store.read(rel), as: UTF8.self))
    }

    /// What one command wrote; only the runner's actor touches it.
    private final class Sink: @unchecked Sendable {
        var out = "", err = ""
        var commits: [Commit] = []
    }
}
