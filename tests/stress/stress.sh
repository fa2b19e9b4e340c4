#!/bin/sh
# stress.sh RUNS EMU PROGRAM-SPEC...: each multi-process, threaded or signal-heavy
# program, run RUNS times with --trace=all while stress-ng loads every host CPU,
# gives byte-identical output, exit status and trace each time: the host's load
# must not reach a run. A PROGRAM-SPEC is a command line in one word, with ':' for
# spaces. The test command uses 3 runs; the long check is 20:
#   sh tests/stress/stress.sh 20 build/emu build/samples/race ...
set -u
runs=$1 emu=$2
shift 2
tmp=$(mktemp -d) || exit 1
load=""
cleanup() { [ -n "$load" ] && kill "$load" 2>/dev/null; rm -rf "$tmp"; }
trap cleanup EXIT
if command -v stress-ng >/dev/null; then
    stress-ng --cpu "$(nproc)" --io 1 --timeout 600s --quiet >/dev/null 2>&1 &
    load=$!
else
    echo "stress.sh: stress-ng missing (apt-get install stress-ng): runs without load"
fi
pass=0 fail=0
for spec in "$@"; do
    cmd=$(echo "$spec" | tr ':' ' ')
    i=1
    while [ "$i" -le "$runs" ]; do
        # shellcheck disable=SC2086
        "$emu" --seed 7 --trace=all --trace-file="$tmp/trace$i" $cmd >"$tmp/out$i" 2>&1
        echo "$?" >>"$tmp/out$i"
        if [ "$i" -gt 1 ] && ! { cmp -s "$tmp/trace1" "$tmp/trace$i" && cmp -s "$tmp/out1" "$tmp/out$i"; }; then
            echo "FAIL: run $i of $cmd differs from run 1"
            diff "$tmp/out1" "$tmp/out$i" | head -5
            diff "$tmp/trace1" "$tmp/trace$i" | head -5
            fail=$((fail + 1))
        fi
        i=$((i + 1))
    done
    pass=$((pass + 1))
done
pass=$((pass - fail))
echo "stress: $pass passed, $fail failed"
[ "$fail" = 0 ]
