import ArgumentParser
import FFWorkspace
import FailForward

extension FFCommand {
    struct Hooks: ParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Manage the git hooks that keep the method's rules for commits made with plain git.",
            discussion: """
            pre-commit runs ff check --staged; commit-msg adds the FF- trailers to a commit made \
            with git that changes experiment files; in a bare (shared) repository, pre-receive \
            rejects pushes that change a locked field without a deviation or rewrite a concluded \
            debrief's history. Hooks go where git runs them (core.hooksPath, else .git/hooks); \
            a hook already there is kept and run first. Beside the pre-commit framework's hook \
            (pre-commit install, in either order), ff's is kept as <hook>.legacy, which the \
            framework runs first. The hooks call ff, which must be on PATH.
            """,
            subcommands: [Install.self, Uninstall.self, Status.self, Script.self, Run.self, Trailers.self, PreReceive.self]
        )
    }
}
