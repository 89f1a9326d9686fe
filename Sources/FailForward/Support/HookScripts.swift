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
        # was made. Any other commit passes without starting ff.
        if [ -x "$0.ff-chained" ]; then
          "$0.ff-chained" "$@" || exit $?
        fi
        msg=$1
        [ -f .ff/config.yaml ] || exit 0
        while IFS= read -r line || [ -n "$line" ]; do
          case $line in FF-Action:*) exit 0 ;; esac
        done < "$msg"
        # What the pre-commit hook of this commit found staged, if it ran; else ask git.
        staged=
        if [ -n "$GIT_INDEX_FILE" ]; then
          mark="${GIT_INDEX_FILE%/*}/ff-hook-staged"
          [ "$mark" = "$GIT_INDEX_FILE/ff-hook-staged" ] && mark=ff-hook-staged
          if [ -f "$mark" ] && read -r who what < "$mark" 2>/dev/null && [ "$who" = "$PPID" ]; then staged=$what; fi
        fi
        if [ -z "$staged" ]; then
          folder=experiments
          while IFS= read -r line || [ -n "$line" ]; do
            case $line in
              experiments:*)
                v=${line#experiments:}; v=${v%%#*}
                set -f; set -- $v; set +f; v=${1-}; v=${v#[\"\']}; v=${v%[\"\']}
                [ -n "$v" ] && folder=$v ;;
            esac
          done < .ff/config.yaml
          if git diff --cached --quiet -- "$folder" .ff/config.yaml; then staged=0; else staged=1; fi
        fi
        [ "$staged" = 1 ] || exit 0
        # A merge brings in commits that carry their own trailers; its message stays git's.
        [ -f "$(git rev-parse --git-path MERGE_HEAD)" ] && exit 0
        if ! command -v ff >/dev/null 2>&1; then
          echo "ff commit-msg hook: ff is not on the PATH git was given; the FF- trailers were not added" >&2
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
        # pre-registration lock, links, the neutral-language lint. A commit that stages nothing under
        # the experiments folder (nor .ff/config.yaml) passes without starting ff, and so does every
        # commit where ff is not set up (no .ff/config.yaml on this branch).
        if [ -x "$0.ff-chained" ]; then
          "$0.ff-chained" "$@" || exit $?
        fi
        [ -f .ff/config.yaml ] || exit 0
        folder=experiments
        while IFS= read -r line || [ -n "$line" ]; do
          case $line in
            experiments:*)
              v=${line#experiments:}; v=${v%%#*}
              set -f; set -- $v; set +f; v=${1-}; v=${v#[\"\']}; v=${v%[\"\']}
              [ -n "$v" ] && folder=$v ;;
          esac
        done < .ff/config.yaml
        # Told to the commit-msg hook of the same commit (the same git process), so that it need not
        # ask git again.
        mark=
        [ -n "$GIT_INDEX_FILE" ] && mark="${GIT_INDEX_FILE%/*}/ff-hook-staged"
        [ "$mark" = "$GIT_INDEX_FILE/ff-hook-staged" ] && mark=ff-hook-staged
        if git diff --cached --quiet -- "$folder" .ff/config.yaml; then
          [ -n "$mark" ] && { echo "$PPID 0" > "$mark"; } 2>/dev/null
          exit 0
        fi
        [ -n "$mark" ] && { echo "$PPID 1" > "$mark"; } 2>/dev/null
        if ! command -v ff >/dev/null 2>&1; then
          echo "ff pre-commit hook: this commit changes experiment files, but ff is not on the PATH git was given, so they cannot be checked; install ff or add its folder to PATH (or commit with --no-verify)" >&2
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
