/// The code-hosting sites whose debrief template `ff init --forge` installs.
public enum Forge: String, CaseIterable, Sendable {
    case github, gitlab, gitea

    /// Where the site reads the template, repository-relative.
    public var templatePath: String {
        switch self {
        // One of several templates, picked with `?template=debrief.md` on the compare page.
        case .github: return ".github/PULL_REQUEST_TEMPLATE/debrief.md"
        // Offered in the merge request's template list as "Debrief".
        case .gitlab: return ".gitlab/merge_request_templates/Debrief.md"
        // Gitea reads a single pull-request template, so it becomes the repository's default.
        case .gitea: return ".gitea/PULL_REQUEST_TEMPLATE.md"
        }
    }

    /// The template's text, from `templates/forge/`.
    public var template: String { Templates.files["forge/\(rawValue).md"] ?? "" }

    /// A CI workflow that runs `ff check` on pull requests with the site's annotations, where
    /// the site reads one from the repository: where it goes and its text.
    public var checkWorkflow: (path: String, text: String)? {
        switch self {
        case .github: return (".github/workflows/ff-check.yml", Templates.files["forge/github-workflow.yml"] ?? "")
        case .gitlab, .gitea: return nil
        }
    }

    /// A CI workflow that builds the learning site (`ff site`) and publishes it on the forge's
    /// pages, and, for GitLab, the line that includes it from `.gitlab-ci.yml`.
    public var siteWorkflow: (path: String, text: String, include: String?)? {
        switch self {
        case .github: return (".github/workflows/ff-site.yml", Templates.files["forge/github-pages.yml"] ?? "", nil)
        case .gitlab: return (".gitlab/ff-pages.yml", Templates.files["forge/gitlab-pages.yml"] ?? "", "include:\n  - local: .gitlab/ff-pages.yml\n")
        case .gitea: return nil
        }
    }
}

/// The questions a reviewer asks of a debrief, drawn from the method: own the facts, explain
/// the signal, show remediation, publish the next test, keep the language neutral. The forge
/// templates and `ff debrief` carry the same checklist (a test keeps them equal).
public enum ReviewQuestions {
    public static let all: [(question: String, detail: String)] = [
        ("Are the facts owned?", "What happened is stated plainly, with numbers, by the people who ran it."),
        ("Is the signal explained?", "The debrief says what the experiment revealed and why it matters, and the ledger marks every declared signal."),
        ("Is remediation shown?", "Any impact is named, with the steps taken to stabilise it."),
        ("Is the next test concrete?", "A follow-up with its own hypothesis, signals and timebox, linked with `follows`."),
        ("Is the language neutral?", "Process, not people: \"the hypothesis was disproved\", never \"I failed\"."),
        ("Were changes to the plan declared?", "Every locked field changed after the start appears under deviations, with a reason."),
    ]

    /// The questions as a Markdown task list.
    public static var checklist: String {
        all.map { "- [ ] **\($0.question)** \($0.detail)" }.joined(separator: "\n") + "\n"
    }
}
