// Generated from hooks/ by scripts/generate-templates. Do not edit; run make templates.

/// The git hooks ff installs, compiled in from `hooks/`.
public enum HookScripts {
    /// The files of `hooks/`, by their path under it.
    public static let files: [String: String] = [
        "commit-msg": #"""
        #!/bin/sh
        # ff-hook: commit-msg
        # Installed by `ff init` or `ff hooks install` (ff, "fail forward"); `ff hooks uninstall`
        # removes it and puts back the hook it replaced, which it runs first.
        # A commit made with plain git that changes experiment files gets the FF- trailers ff would
        # have written (FF-Experiment, FF-Action, FF-Transition, ..., and FF-Via: git), unless it
        # already names its action (or is a merge), so that git log reads the same however a change
        # was made.
        # Needs `ff` on PATH.
        if [ -x "$0.ff-chained" ]; then
          "$0.ff-chained" "$@" || exit $?
        fi
        msg=$1
        grep -q '^FF-Action:' "$msg" && exit 0
        # A merge brings in commits that carry their own trailers; its message stays git's.
        [ -f "$(git rev-parse --git-path MERGE_HEAD)" ] && exit 0
        if ! command -v ff >/dev/null 2>&1; then
          echo "ff commit-msg hook: ff is not on PATH; the FF- trailers were not added" >&2
          exit 0
        fi
        trailers=$(ff hooks trailers) || exit 1
        [ -n "$trailers" ] || exit 0
        set --
        while IFS= read -r line; do
          set -- "$@" --trailer "$line"
        done <<EOT
        $trailers
        EOT
        exec git interpret-trailers --in-place "$@" "$msg"

        """#,
        "pre-commit": #"""
        #!/bin/sh
        # ff-hook: pre-commit
        # Installed by `ff init` or `ff hooks install` (ff, "fail forward"); `ff hooks uninstall`
        # removes it and puts back the hook it replaced, which it runs first.
        # Checks the staged experiment files with `ff check --staged`: schema, required fields, the
        # pre-registration lock, links, the neutral-language lint. Needs `ff` on PATH.
        if [ -x "$0.ff-chained" ]; then
          "$0.ff-chained" "$@" || exit $?
        fi
        if ! command -v ff >/dev/null 2>&1; then
          echo "ff pre-commit hook: ff is not on PATH, so the experiment files were not checked; install ff (or commit with --no-verify)" >&2
          exit 1
        fi
        exec ff check --staged

        """#,
        "pre-receive": #"""
        #!/bin/sh
        # ff-hook: pre-receive
        # For a shared bare repository; installed by `ff hooks install` run in it. Rejects a push
        # that changes a locked field of a started experiment without a declared deviation (declare
        # it with `ff amend <id> --reason "..."` and push again), or that rewrites the history of a
        # concluded debrief. Runs the hook it replaced first. Needs `ff` on the server's PATH.
        input=$(cat)
        if [ -x "$0.ff-chained" ]; then
          printf '%s\n' "$input" | "$0.ff-chained" "$@" || exit $?
        fi
        if ! command -v ff >/dev/null 2>&1; then
          echo "ff pre-receive hook: ff is not on PATH on the server; the push is refused rather than left unchecked" >&2
          exit 1
        fi
        printf '%s\n' "$input" | ff hooks pre-receive

        """#,
    ]
}
