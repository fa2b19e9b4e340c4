#!/bin/sh
# replay.sh EMU PROGRAM...: a Go program's whole --trace=all output is byte-identical
# across two runs. Go's runtime reads the time-stamp counter (cputicks) for its
# scheduler; before RDTSC was virtual time, the host's counter made two runs differ.
# replay.sh EMU --args PROGRAM ARGS...: one program, with these arguments.
set -u
emu=$1
shift
tmp=$(mktemp -d) || exit 1
trap 'rm -rf "$tmp"' EXIT
fail=0
args=
if [ "${1:-}" = --args ]; then
    shift
    prog=$1
    shift
    args=$*
    set -- "$prog"
fi
for prog in "$@"; do
    for run in 1 2; do
        # shellcheck disable=SC2086 # the arguments are words
        "$emu" --trace=all --trace-file="$tmp/trace$run" "$prog" $args >"$tmp/out$run" 2>&1
    done
    if ! cmp -s "$tmp/trace1" "$tmp/trace2" || ! cmp -s "$tmp/out1" "$tmp/out2"; then
        echo "FAIL: two runs of $prog differ"
        diff "$tmp/trace1" "$tmp/trace2" | head -5
        fail=1
    fi
done
[ "$fail" = 0 ] && echo "go replay: $# passed, 0 failed"
exit "$fail"
