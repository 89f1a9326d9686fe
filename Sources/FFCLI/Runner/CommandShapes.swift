extension CommandWords {
    /// What each subcommand defines, as argument-parser reads its declarations (and
    /// `textArguments`): kept here because reading the declarations costs a tenth of a small
    /// command's run. `CommandWordsTests.shapesMatchTheDeclarations` checks every line, and
    /// prints the one to put here when a command changes.
    static let shapes: [String: Shape] = [
        "init": .init(flags: ["--here", "--no-verify", "--pages"], options: ["--experiments", "--forge", "-C"]),
        "new": .init(flags: ["--edit", "--irreversible", "--here", "--no-verify", "--reversible"], options: ["--confidence", "--days", "--follows", "--prediction", "-C"],
                     text: ["--data", "--failure", "--hypothesis", "--rollback", "--stakeholder", "--success", "--tag", "--touches"], positionals: [.text]),
        "edit": .init(flags: ["--irreversible", "--here", "--no-verify", "--reversible"], options: ["--confidence", "--days", "--prediction", "-C"],
                      text: ["--data", "--failure", "--hypothesis", "--rollback", "--stakeholder", "--success", "--tag", "--title", "--touches"], positionals: [.value]),
        "start": .init(flags: ["--here", "--no-verify"], options: ["-C"], positionals: [.value]),
        "note": .init(flags: ["--here", "--no-verify"], options: ["-C"], positionals: [.value, .text]),
        "amend": .init(flags: ["--irreversible", "--here", "--no-verify", "--reversible"], options: ["--confidence", "--days", "--prediction", "-C"],
                       text: ["--data", "--failure", "--hypothesis", "--reason", "--rollback", "--stakeholder", "--success", "--tag", "--touches"], positionals: [.value]),
        "conclude": .init(flags: ["--here", "--no-verify", "--review"], options: ["--outcome", "-C"],
                          text: ["--facts", "--met", "--next", "--next-experiment", "--not-measured", "--not-met", "--remediation", "--returned", "--signal"],
                          positionals: [.value]),
        "abandon": .init(flags: ["--here", "--no-verify"], options: ["-C"], text: ["--reason"], positionals: [.value]),
        "status": .init(flags: ["--json"], options: ["--format", "-C"]),
        "list": .init(flags: ["--all-branches", "--json", "--overdue"], options: ["--format", "--status", "-C"], text: ["--owner", "--tag"]),
        "show": .init(flags: ["--diff", "--json"], options: ["--format", "-C"], positionals: [.value]),
        "log": .init(flags: ["--json"], options: ["--format", "-C"], positionals: [.value]),
        "migrate": .init(flags: ["--check"], options: ["-C"]),
        "debrief": .init(flags: ["--json"], options: ["--format", "-C"], positionals: [.value]),
        "review": .init(options: ["--line", "--resolve", "-C"], text: ["--comment"], positionals: [.value]),
        "merge-driver": .init(options: ["-C"], positionals: [.value, .value, .value, .value]),
        "check": .init(flags: ["--json", "--staged"], options: ["--format", "-C"], positionals: [.values]),
        "hooks install": .init(options: ["-C"]),
        "hooks uninstall": .init(options: ["-C"]),
        "hooks status": .init(options: ["-C"]),
        "hooks script": .init(options: ["-C"], positionals: [.value]),
        "hooks run": .init(options: ["-C"], positionals: [.value, .values]),
        "hooks trailers": .init(options: ["-C"]),
        "hooks pre-receive": .init(options: ["-C"]),
        "timeline": .init(flags: ["--json"], options: ["--experiment", "--format", "--outcome", "--output", "--since", "--until", "-C", "-o"], text: ["--author"]),
        "stats": .init(flags: ["--json"], options: ["--format", "-C"]),
        "digest": .init(options: ["--format", "--output", "--since", "--until", "-C", "-o"], positionals: [.value]),
        "export": .init(flags: ["--bundle"], options: ["--format", "--output", "-C", "-o"]),
        "why": .init(flags: ["--history", "--json", "--short"], options: ["--format", "-C"], positionals: [.values]),
        "mcp": .init(flags: ["--read-only"], options: ["-C"]),
        "site": .init(flags: ["--no-search"], options: ["--output", "--source", "-C", "-o"], text: ["--title"]),
    ]
}
