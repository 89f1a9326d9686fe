import ArgumentParser
import FFWorkspace
import FailForward

/// A command that runs against a `Context` rather than the process's globals.
protocol FFRunnable: ParsableCommand {
    var global: GlobalOptions { get }
    func run(in ctx: Context) throws
    /// The value names of the positional arguments that take free text (a title, a note):
    /// there a word that begins with a dash is text unless it is one of the command's options.
    static var textArguments: Set<String> { get }
}

extension FFRunnable {
    func run() throws {
        try FFMain.runParsed(self, in: Context.live())
    }

    static var textArguments: Set<String> { [] }
}
