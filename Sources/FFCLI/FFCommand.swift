import ArgumentParser
import FFWorkspace
import FailForward

/// `ff`: the root command holds only its configuration.
public struct FFCommand: ParsableCommand {
    public static let configuration = CommandConfiguration(
        commandName: "ff",
        abstract: "Fail forward: small, deliberate experiments kept in git, and the learning they make visible.",
        discussion: """
        Each experiment is a YAML file in your repository; every state change is one commit \
        with FF- trailers. Start with ff init, then ff new "<title>".
        """,
        version: FFVersion.current,
        subcommands: [
            Init.self, New.self, Edit.self, Start.self, Note.self, Amend.self, Conclude.self, Abandon.self,
            Status.self, List.self, Show.self, Log.self, Migrate.self,
            DebriefCommand.self, Review.self, MergeDriver.self, Check.self, Hooks.self,
            TimelineCommand.self, Stats.self, DigestCommand.self, Export.self, SiteCommand.self, Why.self, MCP.self,
        ]
    )

    public init() {}
}
