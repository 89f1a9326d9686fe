# Sourced by scripts/test-install and scripts/test-deb. check_bash_completion FILE REPO: in a
# new ff repository made in the empty folder REPO by the ff on PATH (git identity from the
# environment), the bash completion in FILE completes a subcommand, and the id and the slug
# of an experiment. Prints what is wrong and returns 1 when it does not.
check_bash_completion() {
  (cd "$2" && ff init >/dev/null && ff new "Completion target" >/dev/null) || { echo "ff init and ff new failed in $2"; return 1; }
  cc_id=$(git -C "$2" log -1 --format='%(trailers:key=FF-Experiment,valueonly)' | tr -d '\n')
  cc_out=$(cd "$2" && bash -c '
    . "$1"
    complete -p ff >/dev/null || exit 3
    COMP_WORDS=(ff st); COMP_CWORD=1; COMP_LINE="ff st"; COMP_POINT=5; _ff
    printf "%s\n" "${COMPREPLY[@]}"
    echo ---
    COMP_WORDS=(ff show ""); COMP_CWORD=2; COMP_LINE="ff show "; COMP_POINT=8; _ff
    printf "%s\n" "${COMPREPLY[@]}"
  ' sh "$1") || { echo "bash completion of $1 failed ($?)"; return 1; }
  echo "$cc_out" | sed -n '1,/---/p' | grep -qx "start" || { echo "bash does not complete subcommands: $cc_out"; return 1; }
  echo "$cc_out" | sed -n '/---/,$p' | grep -qx "$cc_id" || { echo "bash does not complete experiment ids: $cc_out"; return 1; }
  echo "$cc_out" | sed -n '/---/,$p' | grep -qx "completion-target" || { echo "bash does not complete slugs: $cc_out"; return 1; }
}
