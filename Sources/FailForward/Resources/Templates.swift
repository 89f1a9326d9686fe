// Generated from templates/ by scripts/generate-templates. Do not edit; run make templates.

/// The user-facing templates, compiled in from `templates/`.
public enum Templates {
    /// The files of `templates/`, by their path under it.
    public static let files: [String: String] = [
        "config.yaml": #"""
        # ff settings for this repository. Committed, so that everyone runs the same method.

        # The folder, relative to the repository root, that holds one YAML file per experiment
        # (in a sub-folder for the month each was created). Files placed anywhere below it count.
        experiments: experiments

        # The allowed timebox of an experiment, in days: ff start refuses a timebox outside it.
        timebox: {min_days: 7, max_days: 30}

        # The neutral-language lint of debriefs, observations and reasons.
        #   level: off | warning | error
        #   extra: more phrases to flag, e.g. [dropped the ball]
        #   allow: phrases never to flag, e.g. [disaster recovery]
        lint: {level: warning, extra: [], allow: []}

        """#,
        "debrief.yaml": #"""
        # Debrief of {{id}}: {{title}}
        # Short and neutral: what the experiment returned, not who failed.
        # Save and close the editor to conclude; empty the file to cancel.
        outcome:                 # validated | disproved | inconclusive
        returned:                # what the experiment returned, in a sentence or two
        facts:                   # own the facts: what happened, with numbers
        signal:                  # what the experiment revealed, and why it matters
        remediation:             # steps taken to stabilise any impact
        next:                    # the next test

        """#,
        "experiment.yaml": #"""
        # A new experiment. Fill in what you know now: `ff start` checks that the plan is complete
        # and says what is missing. Lines starting with '#' are comments, and ff keeps them.
        # Save and close the editor to create the draft; empty the file to cancel.
        ff: 1
        id: {{id}}
        title: {{title}}
        status: draft            # draft | running | concluded | abandoned
        owner: {{owner}}
        created: {{created}}
        tags: []
        # What you believe, and what would show it: "If …, then … within …".
        hypothesis:
        reversible: true         # can the change be undone?
        rollback:                # how to undo it
        stakeholders: []         # who observes the experiment, e.g. [Priya (sponsor), Team channel]
        timebox:
          days: {{days}}               # between {{min_days}} and {{max_days}}
        # Decided before the start and locked once running (change them only with `ff amend`).
        signals:
          success: []            # what you will see if the hypothesis holds
          failure: []            # what you will see if it does not
        data: []                 # what to capture and how, e.g. [{what: replies, how: "count #demo tags"}]
        # prediction: {outcome: validated, confidence: 0.6}   # optional: your forecast, 0–1

        """#,
        "forge/gitea.md": #"""
        <!--
        A debrief for review: one experiment's conclusion, on a branch debrief/<id>-<slug>.
        Replace this whole description with the output of

          ff debrief <id>

        (it ends with the same review questions).

        This is the repository's pull-request template. From the command line, create the
        pull request with the body `ff conclude --review` wrote:
          tea pr create --description "$(cat <the file it printed>)"

        Merging records the debrief as reviewed in the learning timeline (ff timeline).
        Without a forge, review with: ff review <id> --comment "…" [--line N]
        -->

        ## Debrief

        <!-- Paste the output of ff debrief <id> here. -->

        ## Review questions

        Reviewers: comment on the lines of the experiment file, and tick a question once the debrief answers it.

        - [ ] **Are the facts owned?** What happened is stated plainly, with numbers, by the people who ran it.
        - [ ] **Is the signal explained?** The debrief says what the experiment revealed and why it matters, and the ledger marks every declared signal.
        - [ ] **Is remediation shown?** Any impact is named, with the steps taken to stabilise it.
        - [ ] **Is the next test concrete?** A follow-up with its own hypothesis, signals and timebox, linked with `follows`.
        - [ ] **Is the language neutral?** Process, not people: "the hypothesis was disproved", never "I failed".
        - [ ] **Were changes to the plan declared?** Every locked field changed after the start appears under deviations, with a reason.

        """#,
        "forge/github-pages.yml": #"""
        # The learning site on GitHub Pages: ff site builds it from the history on every push to the
        # default branch, and Pages serves it. Written by `ff init --forge github --pages` as
        # .github/workflows/ff-site.yml; edit it freely, ff leaves an edited copy alone. Turn Pages on
        # once: Settings → Pages → Build and deployment → Source: GitHub Actions.
        name: ff site
        on:
          push:
            branches: [main, master]
          workflow_dispatch:
        permissions:
          contents: read
          pages: write
          id-token: write
        concurrency:
          group: pages
          cancel-in-progress: false
        jobs:
          build:
            runs-on: ubuntu-latest
            env:
              # Where your team gets ff from (a clone of its repository) and which version: set
              # FF_REPO once; pin FF_REF to a release tag.
              FF_REPO: ""
              FF_REF: main
            steps:
              - uses: actions/checkout@v4
                with:
                  # The timeline is read from the whole history.
                  fetch-depth: 0
              - name: Install ff
                run: |
                  if [ -z "$FF_REPO" ]; then
                    echo "::error file=.github/workflows/ff-site.yml::set FF_REPO to the git URL your team installs ff from"
                    exit 1
                  fi
                  sudo apt-get update -qq && sudo apt-get install -y -qq libgit2-dev libyaml-dev libcurl4-openssl-dev pkg-config
                  git clone --quiet --depth 1 --branch "$FF_REF" "$FF_REPO" "$RUNNER_TEMP/ff"
                  make -C "$RUNNER_TEMP/ff" install PREFIX="$HOME/.local"
                  echo "$HOME/.local/bin" >> "$GITHUB_PATH"
                  python3 -m pip install --quiet "pagefind[extended]"
              - name: Build the site
                # Of this repository, or of the repositories .ff/site.yaml lists (fetched with git:
                # give the job access to private ones, e.g. with a deploy key).
                run: ff site -o _site
              - uses: actions/upload-pages-artifact@v3
                with:
                  path: _site
          deploy:
            needs: build
            runs-on: ubuntu-latest
            environment:
              name: github-pages
              url: ${{ steps.deployment.outputs.page_url }}
            steps:
              - id: deployment
                uses: actions/deploy-pages@v4

        """#,
        "forge/github-workflow.yml": #"""
        # ff check on every pull request: each finding becomes an annotation on its file and line
        # (--format github), and an error fails the check. Written by `ff init --forge github` as
        # .github/workflows/ff-check.yml; edit it freely, ff leaves an edited copy alone.
        name: ff check
        on:
          pull_request:
          workflow_dispatch:
        permissions:
          contents: read
        jobs:
          check:
            runs-on: ubuntu-latest
            env:
              # Where your team gets ff from (a clone of its repository) and which version: set
              # FF_REPO once; pin FF_REF to a release tag.
              FF_REPO: ""
              FF_REF: main
            steps:
              - uses: actions/checkout@v4
                with:
                  # The pre-registration lock is checked against the commit that started each
                  # experiment: the whole history, not a shallow clone.
                  fetch-depth: 0
              - name: Install ff
                # From source, with the Swift toolchain of the runner's image. A Debian package
                # (make deb) installs with sudo apt-get install ./ff_*.deb instead.
                run: |
                  if [ -z "$FF_REPO" ]; then
                    echo "::error file=.github/workflows/ff-check.yml::set FF_REPO to the git URL your team installs ff from"
                    exit 1
                  fi
                  sudo apt-get update -qq && sudo apt-get install -y -qq libgit2-dev libyaml-dev pkg-config
                  git clone --quiet --depth 1 --branch "$FF_REF" "$FF_REPO" "$RUNNER_TEMP/ff"
                  make -C "$RUNNER_TEMP/ff" install PREFIX="$HOME/.local"
                  echo "$HOME/.local/bin" >> "$GITHUB_PATH"
              - name: ff check
                run: ff check --format github

        """#,
        "forge/github.md": #"""
        <!--
        A debrief for review: one experiment's conclusion, on a branch debrief/<id>-<slug>.
        Replace this whole description with the output of

          ff debrief <id>

        (it ends with the same review questions).

        Open this template with `?template=debrief.md` on the compare page, or create the
        pull request from the command line with the body `ff conclude --review` wrote:
          gh pr create --body-file <the file it printed>

        Merging records the debrief as reviewed in the learning timeline (ff timeline).
        Without a forge, review with: ff review <id> --comment "…" [--line N]
        -->

        ## Debrief

        <!-- Paste the output of ff debrief <id> here. -->

        ## Review questions

        Reviewers: comment on the lines of the experiment file, and tick a question once the debrief answers it.

        - [ ] **Are the facts owned?** What happened is stated plainly, with numbers, by the people who ran it.
        - [ ] **Is the signal explained?** The debrief says what the experiment revealed and why it matters, and the ledger marks every declared signal.
        - [ ] **Is remediation shown?** Any impact is named, with the steps taken to stabilise it.
        - [ ] **Is the next test concrete?** A follow-up with its own hypothesis, signals and timebox, linked with `follows`.
        - [ ] **Is the language neutral?** Process, not people: "the hypothesis was disproved", never "I failed".
        - [ ] **Were changes to the plan declared?** Every locked field changed after the start appears under deviations, with a reason.

        """#,
        "forge/gitlab-pages.yml": #"""
        # The learning site on GitLab Pages: ff site builds it from the history on every push to the
        # default branch, and Pages serves the public/ folder. Written by `ff init --forge gitlab
        # --pages` as .gitlab/ff-pages.yml, included from .gitlab-ci.yml (include: local:
        # .gitlab/ff-pages.yml); edit it freely, ff leaves an edited copy alone.
        pages:
          image: swift:6.0-jammy
          variables:
            # Where your team gets ff from (a clone of its repository) and which version: set
            # FF_REPO once; pin FF_REF to a release tag.
            FF_REPO: ""
            FF_REF: main
            # The timeline is read from the whole history.
            GIT_DEPTH: 0
          before_script:
            - test -n "$FF_REPO" || { echo "set FF_REPO in .gitlab/ff-pages.yml to the git URL your team installs ff from"; exit 1; }
            - apt-get update -qq && apt-get install -y -qq libgit2-dev libyaml-dev libcurl4-openssl-dev pkg-config python3-pip git make
            - git clone --quiet --depth 1 --branch "$FF_REF" "$FF_REPO" /tmp/ff
            - make -C /tmp/ff install PREFIX=/usr/local
            - python3 -m pip install --quiet "pagefind[extended]" || true
          script:
            - ff site -o public
          artifacts:
            paths:
              - public
          rules:
            - if: $CI_COMMIT_BRANCH == $CI_DEFAULT_BRANCH

        """#,
        "forge/gitlab.md": #"""
        <!--
        A debrief for review: one experiment's conclusion, on a branch debrief/<id>-<slug>.
        Replace this whole description with the output of

          ff debrief <id>

        (it ends with the same review questions).

        Pick "Debrief" in the description template list, or create the merge request from
        the command line with the body `ff conclude --review` wrote:
          glab mr create --description "$(cat <the file it printed>)"

        Merging records the debrief as reviewed in the learning timeline (ff timeline).
        Without a forge, review with: ff review <id> --comment "…" [--line N]
        -->

        ## Debrief

        <!-- Paste the output of ff debrief <id> here. -->

        ## Review questions

        Reviewers: comment on the lines of the experiment file, and tick a question once the debrief answers it.

        - [ ] **Are the facts owned?** What happened is stated plainly, with numbers, by the people who ran it.
        - [ ] **Is the signal explained?** The debrief says what the experiment revealed and why it matters, and the ledger marks every declared signal.
        - [ ] **Is remediation shown?** Any impact is named, with the steps taken to stabilise it.
        - [ ] **Is the next test concrete?** A follow-up with its own hypothesis, signals and timebox, linked with `follows`.
        - [ ] **Is the language neutral?** Process, not people: "the hypothesis was disproved", never "I failed".
        - [ ] **Were changes to the plan declared?** Every locked field changed after the start appears under deviations, with a reason.

        """#,
    ]
}
