import ArgumentParser
import FFWorkspace
import FailForward

extension FFCommand {
    struct Init: FFRunnable {
        static let configuration = CommandConfiguration(
            abstract: "Set ff up in a repository (creating the repository if there is none).",
            discussion: """
            Writes .ff/config.yaml and the experiments folder and commits them, with a .gitattributes \
            entry that merges experiment files through ff merge-driver (registered in this clone's \
            git config: run ff init again after cloning), and installs the git hooks (see ff hooks). \
            Safe to run again.
            """
        )

        @OptionGroup var global: GlobalOptions
        @OptionGroup var commit: CommitFlags
        @Option(help: ArgumentHelp("Also install the debrief pull-request template for this site: github, gitlab or gitea (for github also a workflow that runs ff check on pull requests).", valueName: "forge"))
        var forge: Forge?
        @Option(help: ArgumentHelp("The folder for experiment files, relative to the repository root (default: experiments).", valueName: "folder"))
        var experiments: String?
        @Flag(help: "With --forge github or gitlab: also a workflow that builds the learning site (ff site) and publishes it on the forge's Pages.")
        var pages = false

        func validate() throws {
            if pages && forge?.siteWorkflow == nil {
                throw ValidationError("--pages needs --forge github or --forge gitlab (the site workflow is for their Pages)")
            }
        }

        func run(in ctx: Context) throws {
            let p = ctx.painter
            let result: Setup.Result
            do {
                var setup = Setup(forge: forge, experiments: experiments, verify: !commit.noVerify)
                setup.pages = pages
                result = try setup.run(ctx.workspaceEnvironment, delegate: ConsoleDelegate(ctx))
            } catch let refusal as Setup.Refusal {
                throw ValidationError(refusal.description)
            }
            if let dir = result.createdRepository {
                ctx.console.out("Initialised an empty git repository in \(SafeText.line(dir))\n")
            }
            for line in result.hookLines { ctx.console.out(line + "\n") }
            if result.registeredMergeDriver {
                ctx.console.out("Registered the merge driver for experiment files in this clone (merge.ff.driver)\n")
            }
            guard let (paths, commit) = result.committed else {
                ctx.console.out("ff is already set up here (\(FFConfig.path), \(result.config.experiments)/).\n")
                return
            }
            CommitReport.print("Set up ff: \(paths.joined(separator: ", "))", commit, experiments: [], in: ctx)
            ctx.console.out(p.dim("Next: ff new \"<title>\" (on a terminal it opens a template to fill in)") + "\n")
        }
    }
}
