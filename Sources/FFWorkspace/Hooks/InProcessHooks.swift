import FFGit
import FailForward

/// ff's own `pre-commit` and `commit-msg` hooks, done in this process when the installed
/// file is exactly ff's script (and chains no other hook): the same check, in the same
/// environment (the temporary index in `GIT_INDEX_FILE`), its output where the hook's would
/// go, without a shell and a second ff process starting. The check is given the commit's
/// tree rather than a temporary index file, which then need not be written.
public enum InProcessHooks {
    static func hooks(for ws: Workspace) -> [String: InProcessHook] {
        var hooks: [String: InProcessHook] = [:]
        let base = ws.env, delegate = ws.delegate, root = ws.root
        if let script = HookScripts.files["pre-commit"] {
            // The script: exec ff check --staged. The command making the commit has given
            // its warnings, so only errors are reported.
            hooks["pre-commit"] = InProcessHook(script: script) { call in
                var env = Environment(variables: call.environment, directory: root, now: base.now, isInteractive: base.isInteractive)
                env.stagedTree = call.tree
                do {
                    let ws = try Workspace.open(env, delegate: delegate)
                    let report = try CheckService(ws: ws).run(paths: [], staged: true)
                    let errors = report.diagnostics.filter { $0.severity == .error }
                    for d in errors {
                        var shown = d
                        shown.path = ws.displayPath(d.path)
                        delegate.hookOutput(shown.description + "\n")
                    }
                    if !errors.isEmpty {
                        delegate.hookOutput(CheckService.Report.counts(errors: errors.count, warnings: 0, files: report.files) + "\n")
                    }
                    return errors.isEmpty ? 0 : 1
                } catch {
                    delegate.hookOutput("ff: " + SafeText.line(String(describing: error)) + "\n")
                    return 1
                }
            }
        }
        if let script = HookScripts.files["commit-msg"] {
            // The script leaves alone a message with a line starting `FF-Action:`, as ff's
            // own messages always have; anything else runs the script.
            hooks["commit-msg"] = InProcessHook(script: script) { call in
                guard let file = call.arguments.first, let data = FileManager.default.contents(atPath: file) else { return nil }
                let named = String(decoding: data, as: UTF8.self).split(separator: "\n", omittingEmptySubsequences: false)
                    .contains { $0.hasPrefix(Trailer.Key.action.rawValue + ":") }
                return named ? 0 : nil
            }
        }
        return hooks
    }
}
