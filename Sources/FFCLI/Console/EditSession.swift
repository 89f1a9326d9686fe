import FFWorkspace
import FailForward

/// Opens the user's editor on text in a scratch file under `.git/ff/`, then validates what
/// they saved; on an error it says so and offers to edit again, like `crontab -e`. The real
/// file is written only after validation passes, so an abandoned edit changes nothing.
enum EditSession {
    static func edit<T>(_ ws: Workspace, _ ctx: Context, text: String, name: String, what: String, validate: (String) throws -> T) throws -> T {
        let dir = ws.ffFolder + "/edit"
        try FileManager.default.createDirectory(atPath: dir, withIntermediateDirectories: true)
        let file = dir + "/\(getpid())-" + name
        defer { unlink(file) }
        guard FileManager.default.createFile(atPath: file, contents: Data(text.utf8)) else {
            throw WorkspaceError.io("cannot write \(file)")
        }
        let gitEditor = ws.gitConfig("core.editor")
        let command = Editor.command(environment: ctx.environment, gitEditor: gitEditor)
        while true {
            let status = try ctx.runEditor(command, file)
            guard status == 0 else { throw CLIError.editorFailed(command, status) }
            let saved = String(decoding: FileManager.default.contents(atPath: file) ?? Data(), as: UTF8.self)
            let meaningful = saved.split(separator: "\n").contains {
                let t = $0.trimmed(.whitespaces)
                return !t.isEmpty && !t.hasPrefix("#")
            }
            guard meaningful else { throw CLIError.cancelled("\(what): the file was emptied") }
            do {
                return try validate(saved)
            } catch {
                ctx.console.err(ctx.errPainter.red("ff: ") + SafeText.line(ErrorReport.text(for: error)) + "\n")
                guard ctx.isInteractive else { throw error }
                ctx.console.out("Edit again? [Y/n] ")
                let answer = (ctx.console.readLine() ?? "n").trimmed(.whitespaces).lowercased()
                guard answer.isEmpty || answer.hasPrefix("y") else { throw CLIError.cancelled(what) }
            }
        }
    }
}

extension Workspace {
    /// Whether the user named an editor (`$VISUAL`, `$EDITOR` or `core.editor`), so that one
    /// may run even without a terminal, as git does.
    var hasConfiguredEditor: Bool {
        let gitEditor = gitConfig("core.editor")
        return Editor.command(environment: env.variables, gitEditor: gitEditor) != "vi"
            || env.variables["VISUAL"] != nil || env.variables["EDITOR"] != nil
    }
}
