import ArgumentParser
import FFWorkspace
import FailForward

enum CheckFormat: String, OutputFormat {
    case text, json, github, sarif, junit
    static let standard = CheckFormat.text
    static let help = "text (file:line:col: severity: message), json, github (workflow commands), sarif (SARIF 2.1.0) or junit (JUnit XML)."
}

extension FFCommand {
    struct Check: WorkspaceCommand {
        static let configuration = CommandConfiguration(
            abstract: "Check experiment files and their history: the method's rules, compiler-style.",
            discussion: """
            Checks the schema and required fields for each state, the timebox bounds, \
            reversibility and rollback, links (follows, next_experiment) both ways, the \
            pre-registration lock (locked fields compared with the commit that started the \
            experiment; a change needs a deviation, recorded by ff amend), overdue experiments, \
            conclusions without a next test, conflict markers and the neutral-language lint. \
            Prints file:line:col: error|warning: message and exits with status 1 when there is an \
            error. Never changes a file. For CI: --format github (annotations on a pull request), \
            sarif (SARIF 2.1.0, for code scanning) or junit (a test report); their paths are \
            relative to the repository's root.
            """
        )
        @OptionGroup var global: GlobalOptions
        @Argument(help: ArgumentHelp("Experiment files to check (default: all of them).", valueName: "path"))
        var paths: [String] = []
        @Flag(help: "Check the staged version (the index) of each staged experiment file, as the pre-commit hook does; only the findings the staged change brings are shown.")
        var staged = false
        @OptionGroup var formats: FormatOptions<CheckFormat>

        func run(_ ws: Workspace, in ctx: Context) throws {
            var report = try CheckService(ws: ws).run(paths: paths, staged: staged)
            // Started by a hook of ff's own commit (not run in process): the command making
            // the commit has given its warnings already.
            if ctx.environment[Workspace.ownCommitVariable] == "1" { report.diagnostics.removeAll { $0.severity == .warning } }
            let errors = report.diagnostics.filter { $0.severity == .error }.count
            let warnings = report.diagnostics.count - errors
            let format = formats.chosen
            switch format {
            case .github:
                ctx.console.out(CheckFormats.github(report.diagnostics))
            case .sarif:
                ctx.console.out(CheckFormats.sarif(report.diagnostics, version: FFVersion.number).render(pretty: true) + "\n")
            case .junit:
                ctx.console.out(CheckFormats.junit(report.diagnostics, files: report.paths))
            case .json:
                let j = JSON.object([
                    ("files", .int(report.files)),
                    ("errors", .int(errors)),
                    ("warnings", .int(warnings)),
                    ("diagnostics", .array(report.diagnostics.map { d in
                        var d = d
                        d.path = ws.displayPath(d.path)
                        return d.json
                    })),
                ])
                ctx.console.out(j.render(pretty: true) + "\n")
            case .text:
                let p = ctx.painter
                for d in report.diagnostics {
                    var shown = d
                    shown.path = ws.displayPath(d.path)
                    let text = shown.description
                    let marker = ": \(d.severity.rawValue): "
                    if p.enabled, let r = text.scalarRange(of: marker) {
                        let coloured = d.severity == .error ? p.red(d.severity.rawValue) : p.yellow(d.severity.rawValue)
                        ctx.console.out(p.bold(String(text[..<r.lowerBound]) + ":") + " " + coloured + ": " + text[r.upperBound...] + "\n")
                    } else {
                        ctx.console.out(text + "\n")
                    }
                }
            }
            // The counts go to standard error, beside any report a CI system reads.
            if format != .json && !report.diagnostics.isEmpty {
                ctx.console.err(CheckService.Report.counts(errors: errors, warnings: warnings, files: report.files) + "\n")
            }
            if errors > 0 { throw ExitCode(1) }
        }
    }
}

