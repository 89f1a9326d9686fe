import ArgumentParser
@testable import FFCLI
import Testing

@Suite struct ParsingTests {
    /// The fast parsing path knows every subcommand, under the name the root gives it.
    @Test func fastParsersCoverEverySubcommand() {
        let names = FFCommand.configuration.subcommands.map { $0._commandName }.sorted()
        #expect(FFMain.subcommands.keys.sorted() == names)
        for (name, sub) in FFMain.subcommands {
            let expected = FFCommand.configuration.subcommands.first { $0._commandName == name }
            let parsed = try? sub.parse(name == "init" || name == "status" || name == "list" || name == "migrate" ? [] : ["x"])
            if let parsed { #expect(type(of: parsed) == expected, "\(name)") }
        }
    }

    /// Whatever argument-parser makes of the words (help for `-help`), the fast path never
    /// traps: anything that is not the command itself goes to the root.
    @Test func theFastPathNeverTraps() {
        for (name, sub) in FFMain.subcommands {
            for words in [["-help"], ["--help"], ["-h"], ["help"], ["- dash"], ["--version"], ["---"], ["x", "-help"]] {
                _ = try? sub.parse(words)
                _ = FFMain.fastParse([name] + words)
            }
        }
    }
}
