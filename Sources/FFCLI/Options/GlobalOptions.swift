import ArgumentParser
import FFWorkspace
import FailForward

/// Options every command takes.
struct GlobalOptions: ParsableArguments {
    @Option(name: .customShort("C"), help: ArgumentHelp("Run as if ff was started in <path> (like git -C).", valueName: "path"))
    var directories: [String] = []
}
