# lib.sh, sourced by the replay tests: $d, a scratch directory removed at exit, and
# check WHAT COMMAND..., which runs a check, reports it and notes a failure in $fail.
d=$(mktemp -d) || exit 1
trap 'rm -rf "$d"' EXIT
fail=0
check() {
    what=$1
    shift
    if "$@"; then echo "ok: $what"; else echo "FAIL: $what"; fail=1; fi
}
