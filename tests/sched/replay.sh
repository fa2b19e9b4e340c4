#!/bin/sh
# replay.sh EMU RACE THREADS: the scheduler's promises, checked on real programs.
#  1. A racy program gives one result per seed, every time (replay), and different
#     seeds give different results (the race shows; with preemption only at block
#     boundaries it never did).
#  2. The whole --trace=all output of a threaded program is byte-identical across
#     runs with the same seed.
# Nothing here compares against a stored emu output: only runs with each other.
set -u
emu=$1 race=$2 threads=$3
fail=0
tmp=$(mktemp -d) || exit 1
trap 'rm -rf "$tmp"' EXIT

results=""
for seed in 1 2 3 4 5; do
    a=$("$emu" --seed "$seed" "$race") || { echo "FAIL: race exited $? (seed $seed)"; exit 1; }
    b=$("$emu" --seed "$seed" "$race")
    if [ "$a" != "$b" ]; then
        echo "FAIL: seed $seed gave '$a' then '$b'"
        fail=1
    fi
    results="$results$a
"
done
distinct=$(printf '%s' "$results" | sort -u | wc -l)
if [ "$distinct" -lt 2 ]; then
    echo "FAIL: five seeds gave one result, the race never shows: $results"
    fail=1
fi
if ! printf '%s' "$results" | grep -qv "counter = 2000000 "; then
    echo "FAIL: no seed lost an update"
    fail=1
fi

for run in 1 2; do
    "$emu" --seed 9 --trace=all --trace-file="$tmp/trace$run" "$threads" >"$tmp/out$run" ||
        { echo "FAIL: threads exited $?"; exit 1; }
done
if ! cmp -s "$tmp/trace1" "$tmp/trace2" || ! cmp -s "$tmp/out1" "$tmp/out2"; then
    echo "FAIL: two runs with --seed 9 traced differently"
    diff "$tmp/trace1" "$tmp/trace2" | head -20
    fail=1
fi
[ $fail = 0 ] && echo "PASS: one result per seed, $distinct results over 5 seeds, identical traces"
exit $fail
