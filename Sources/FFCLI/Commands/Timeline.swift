import ArgumentParser
import FFWorkspace
import FailForward

extension FFCommand {
    struct TimelineCommand: WorkspaceCommand {
        static let configuration = CommandConfiguration(
            commandName: "timeline",
            abstract: "The learning timeline, derived from the commit history.",
            discussion: """
            One event per commit that changed an experiment: created, started, observation, \
            amended, concluded, abandoned, edited (by hand when made with plain git), a locked \
            field changed after the start without a declared deviation (flagged), a debrief \
            merged. Squash-merged work is rebuilt from the dates in the files and the FF- \
            trailers kept in the squashed message (marked reconstructed). Oldest first; times in \
            UTC. The result is cached under .git/ff/, so the next run reads only new commits.
            """
        )
        enum Format: String, OutputFormat {
            case text, markdown, json, html, mermaid
            static let standard = Format.text
            static let help = "What to print (default text): html is one self-contained page, mermaid a chart for code-hosting sites, json is described in docs/FORMAT.md."
        }

        @OptionGroup var global: GlobalOptions
        @OptionGroup var filters: TimelineFilterOptions
        @OptionGroup var formats: FormatOptions<Format>
        @OptionGroup var output: DocumentOutput

        func run(_ ws: Workspace, in ctx: Context) throws {
            defer { TimelineHistory.finishWrites() }
            let format = formats.chosen
            // Only the page and the chart show the experiments' plans and debriefs.
            let target = try output.target(ws)
            let full = try TimelineHistory.load(ws, facts: format == .html || format == .mermaid)
            let t = full.filtered(try filters.filter(full, ws))
            try output.emit(to: target, in: ctx, what: "the timeline (\(t.events.count) events)") { sink in
                switch format {
                case .text:
                    let painter = output.toStandardOutput ? ctx.painter : .plain
                    sink(Array(TimelineText.render(t, painter: painter, width: output.toStandardOutput ? ctx.columns : nil).utf8))
                case .markdown: sink(Array(TimelineMarkdown.render(t).utf8))
                case .json: TimelineJSON.write(t, to: sink)
                case .html: sink(Array(TimelineHTML.render(t, now: ctx.now()).utf8))
                case .mermaid: sink(Array(TimelineMermaid.render(t, now: ctx.now()).utf8))
                }
            }
        }
    }
}
