import ArgumentParser
import FFWorkspace
import FailForward

/// The experiment a command acts on.
struct RefArgument: ParsableArguments {
    @Argument(help: ArgumentHelp("The experiment: an id prefix (4+ characters), its slug, or its file path.", valueName: "ref"),
              completion: .custom { words, _, prefix in RefCompletion.candidates(words: words, prefix: prefix) })
    var ref: String
}
