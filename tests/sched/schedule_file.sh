#!/bin/sh
# schedule_file.sh EMU RACE THREADS: a schedule file is the run.
#  1. A run recorded under each source (random, rr, pct:3) and replayed twice with
#     --schedule gives the same stdout and --trace=all, byte for byte.
#  2. The default source is random: a recording without --sched says so, and the
#     default run equals --sched=random.
#  3. Recording does not change the run (its trace and stdout).
#  4. An edited file whose decisions no longer apply is reported on stderr line by
#     line, and the run still ends normally (default choices are taken).
set -u
emu=$1 race=$2 threads=$3
fail=0
tmp=$(mktemp -d) || exit 1
trap 'rm -rf "$tmp"' EXIT

for src in random rr pct:3; do
    "$emu" --sched "$src" --seed 3 --record-schedule "$tmp/s" --trace=all \
        --trace-file "$tmp/t0" "$race" >"$tmp/o0" || { echo "FAIL: $src: exit $?"; exit 1; }
    for i in 1 2; do
        "$emu" --schedule "$tmp/s" --trace=all --trace-file "$tmp/t$i" "$race" >"$tmp/o$i" 2>"$tmp/e$i"
        if ! cmp -s "$tmp/o0" "$tmp/o$i" || ! cmp -s "$tmp/t0" "$tmp/t$i" || [ -s "$tmp/e$i" ]; then
            echo "FAIL: $src: --schedule replay $i differs from the recorded run"
            diff "$tmp/t0" "$tmp/t$i" | head -5
            cat "$tmp/e$i"
            fail=1
        fi
    done
    grep -q "^sched $src\$" "$tmp/s" || { echo "FAIL: $src: header"; fail=1; }
done

# recording does not change the run: the same trace and stdout as without it
for src in random pct:3; do
    "$emu" --sched "$src" --seed 5 --trace=all --trace-file "$tmp/tn" "$race" >"$tmp/on"
    "$emu" --sched "$src" --seed 5 --trace=all --trace-file "$tmp/tr" --record-schedule "$tmp/r" \
        "$race" >"$tmp/or"
    if ! cmp -s "$tmp/on" "$tmp/or" || ! cmp -s "$tmp/tn" "$tmp/tr" || ! grep -q '# preempts' "$tmp/r"; then
        echo "FAIL: $src: the run with --record-schedule differs from the run without"
        diff "$tmp/tn" "$tmp/tr" | head -5
        fail=1
    fi
done

"$emu" --seed 4 --record-schedule "$tmp/d" "$race" >"$tmp/od"
"$emu" --seed 4 --sched random "$race" >"$tmp/or"
if ! grep -q '^sched random$' "$tmp/d" || ! cmp -s "$tmp/od" "$tmp/or"; then
    echo "FAIL: the default source is not random"
    fail=1
fi

# edits: a pid that cannot run, a decision of the wrong kind, a truncated file
awk '/^pick/ && !p { print "pick 9999 from 1"; p = 1; next }
     /^tail/ && !q { print "quantum x"; q = 1; next } { print }' "$tmp/d" >"$tmp/edited"
head -n 8 "$tmp/d" >"$tmp/short"
for f in edited short; do
    "$emu" --schedule "$tmp/$f" "$race" >"$tmp/o" 2>"$tmp/e"
    rc=$?
    if [ $rc != 0 ] || ! grep -q "counter = " "$tmp/o" || ! grep -q "^emu: $tmp/$f:" "$tmp/e"; then
        echo "FAIL: the $f file: exit $rc, no report or no result"
        cat "$tmp/e"
        fail=1
    fi
    cp "$tmp/e" "$tmp/$f.err"
done
for report in "pid 9999 cannot run now: skipped" "'quantum x' where the scheduler asks for a tail"; do
    grep -qF "$report" "$tmp/edited.err" || { echo "FAIL: not reported: $report"; fail=1; }
done
grep -q "the schedule ends at line 8" "$tmp/short.err" || { echo "FAIL: the end not reported"; fail=1; }
"$emu" --run-timeout 0.0005 "$race" >/dev/null 2>"$tmp/e"
rc=$?
if [ $rc != 252 ] || ! grep -q "^emu: run timeout" "$tmp/e"; then
    echo "FAIL: --run-timeout: exit $rc"
    fail=1
fi
echo "12 * 12 = 144" >"$tmp/good"
echo "12 * 12 = 145" >"$tmp/bad"
"$emu" --explore 9 --seeds 3-6 --sched rr --expect-stdout "$tmp/good" "$threads" >"$tmp/x" 2>/dev/null
rc=$?
if [ $rc != 0 ] || ! grep -q "^explore: 4 runs of .* seeds 3-6" "$tmp/x"; then
    echo "FAIL: --explore --seeds 3-6 --expect-stdout: exit $rc"
    cat "$tmp/x"
    fail=1
fi
"$emu" --explore 3 --expect-stdout "$tmp/bad" "$threads" >"$tmp/x" 2>/dev/null
rc=$?
if [ $rc != 1 ] || ! grep -q "^explore: 3 of 3 runs failed" "$tmp/x" ||
    ! grep -q "^    replay: .* --seed 1 " "$tmp/x"; then
    echo "FAIL: --explore with a wrong --expect-stdout: exit $rc"
    cat "$tmp/x"
    fail=1
fi
# the summary does not depend on which runs end first (its timing line aside)
for i in 1 2; do
    "$emu" --explore 12 --jobs 3 --sched pct:2 "$race" 2>/dev/null | grep -v '^explore: 12 runs of' >"$tmp/sum$i"
done
if ! cmp -s "$tmp/sum1" "$tmp/sum2"; then
    echo "FAIL: two --explore summaries differ"
    diff "$tmp/sum1" "$tmp/sum2"
    fail=1
fi
[ $fail = 0 ] && echo "PASS: random, rr and pct:3 schedules replay byte for byte; edits are reported"
exit $fail
