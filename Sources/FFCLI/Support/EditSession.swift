import FailForward

/// Opens the user's editor on text in a scratch file under `.git/ff/`, then validates what
/// they saved; on an error it says so and offers to edit again, like `crontab -e`. The real
/// file is written only after validation passes, so an abandoned edit changes nothing.
enum EditSession {
    static func edit<T>(_ ws: Workspace, text: String, name: String, what: String, validate: (String) throws -> T) throws -> T {
        let dir = ws.repo.commonDir + "/ff/edit"
        try FileManager.default.createDirectory(atPath: dir, withIntermediateDirectories: true)
        let file = dir + "/\(getpid())-" + name
        defer { unlink(file) }
        guard FileManager.default.createFile(atPath: file, contents: Data(text.utf8)) else {
            throw FFError.io("cannot write \(file)")
        }
        let gitEditor = try? ws.repo.config().string("core.editor")
        let command = Editor.command(environment: ws.ctx.environment, gitEditor: gitEditor)
        while true {
            let status = try ws.ctx.runEditor(command, file)
            guard status == 0 else { throw FFError.editorFailed(command, status) }
            let saved = String(decoding: FileManager.default.contents(atPath: file) ?? Data(), as: UTF8.self)
            let meaningful = saved.split(separator: "\n").contains {
                let t = $0.trimmed(.whitespaces)
                return !t.isEmpty && !t.hasPrefix("#")
            }
            guard meaningful else { throw FFError.cancelled("\(what): the file was emptied") }
            do {
                return try validate(saved)
            } catch {
                ws.ctx.console.err(ws.ctx.errPainter.red("ff: ") + SafeText.line(ErrorReport.text(for: error)) + "\n")
                guard ws.ctx.isInteractive else { throw error }
                ws.ctx.console.out("Edit again? [Y/n] ")
                let answer = (ws.ctx.console.readLine() ?? "n").trimmed(.whitespaces).lowercased()
                guard answer.isEmpty || answer.hasPrefix("y") else { throw FFError.cancelled(what) }
            }
        }
    }
}

extension Workspace {
    /// Whether the user named an editor (`$VISUAL`, `$EDITOR` or `core.editor`), so that one
    /// may run even without a terminal, as git does.
    var hasConfiguredEditor: Bool {
        let gitEditor = try? repo.config().string("core.editor")
        return Editor.command(environment: ctx.environment, gitEditor: gitEditor) != "vi"
            || ctx.environment["VISUAL"] != nil || ctx.environment["EDITOR"] != nil
    }
}
