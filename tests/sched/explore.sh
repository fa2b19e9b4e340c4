#!/bin/sh
# explore.sh EMU SRCDIR BUGGY...: each BUGGY program has a planted concurrency bug
# and a fixed twin BUGGY_fixed, from SRCDIR/BUGGY.c. Checks that
#  1. emu --explore 200 --sched=pct:3 finds the bug (exit 1, a FAIL row, a replay line);
#  2. the reported replay command, run twice, fails both times with the same stdout,
#     stderr and status, byte for byte;
#  3. the same run with --record-schedule, replayed twice with --schedule under
#     --trace=all, gives the recorded run's stdout and trace byte for byte;
#  4. emu --diagnose of that schedule shrinks it to a file that still fails the same
#     way, and names where the preemptions fall (lost_update: inside add()), and,
#     unless SRCDIR is "-" (emu without libdw), the source line of every line of
#     BUGGY.c marked RACE: the racing accesses it reports;
#  5. emu --explore 100 never fails the fixed twin (exit 0; docs/schedules.md's table
#     has 200 a source).
set -u
emu=$1 srcdir=$2
shift 2
fail=0
tmp=$(mktemp -d) || exit 1
trap 'rm -rf "$tmp"' EXIT

# run NAME CMD...: stdout, stderr and status of CMD into $tmp/NAME.{out,err,rc}
run() {
    what=$1
    shift
    "$@" >"$tmp/$what.out" 2>"$tmp/$what.err"
    echo $? >"$tmp/$what.rc"
}

same() {
    for ext in out err rc; do
        cmp -s "$tmp/$1.$ext" "$tmp/$2.$ext" || return 1
    done
}

for prog in "$@"; do
    name=$(basename "$prog")
    "$emu" --explore 200 --jobs 2 --sched pct:3 "$prog" >"$tmp/explore" 2>"$tmp/progress"
    rc=$?
    if [ $rc != 1 ] || ! grep -q ' FAIL$' "$tmp/explore"; then
        echo "FAIL: $name: --explore 200 found no failure (exit $rc)"
        cat "$tmp/explore"
        fail=1
        continue
    fi
    failed=$(awk '$NF == "FAIL" { n += $1 } END { print n }' "$tmp/explore")
    replay=$(grep -m1 '^    replay: ' "$tmp/explore" | sed 's/^    replay: //')
    eval "run replay1 $replay"
    eval "run replay2 $replay"
    if [ "$(cat "$tmp/replay1.rc")" = 0 ] || ! same replay1 replay2; then
        echo "FAIL: $name: '$replay' did not fail the same way twice"
        head -5 "$tmp/replay1.out" "$tmp/replay2.out" "$tmp/replay1.rc" "$tmp/replay2.rc"
        fail=1
    fi
    # the same command with the schedule recorded: the options go before the program
    self=${replay%% *}
    rest=${replay#* }
    run recorded "$self" --trace=all --trace-file="$tmp/trace0" --record-schedule="$tmp/sched" $rest
    for i in 1 2; do
        run "sched$i" "$self" --trace=all --trace-file="$tmp/trace$i" --schedule="$tmp/sched" "$prog"
        if ! same recorded "sched$i" || ! cmp -s "$tmp/trace0" "$tmp/trace$i"; then
            echo "FAIL: $name: --schedule of the recorded file ran differently (run $i)"
            diff "$tmp/trace0" "$tmp/trace$i" | head -5
            fail=1
        fi
    done
    if ! "$emu" --diagnose "$tmp/sched" "$prog" >"$tmp/diagnose" 2>&1 ||
        ! grep -q "^  1\. line [0-9]*, [a-z]*: pid [0-9]* preempted at 0x" "$tmp/diagnose"; then
        echo "FAIL: $name: --diagnose"
        cat "$tmp/diagnose"
        fail=1
    fi
    if [ "$srcdir" != - ]; then
        for line in $(grep -n 'RACE' "$srcdir/$name.c" | cut -d: -f1); do
            if ! grep -q "^       pid [0-9]* .* $name\.c:$line, " "$tmp/diagnose"; then
                echo "FAIL: $name: --diagnose does not name the racing access at $name.c:$line"
                cat "$tmp/diagnose"
                fail=1
            fi
        done
    fi
    run shrunk "$self" --schedule "$tmp/sched.min" "$prog"
    if ! cmp -s "$tmp/recorded.out" "$tmp/shrunk.out" || ! cmp -s "$tmp/recorded.rc" "$tmp/shrunk.rc"; then
        echo "FAIL: $name: the shrunk schedule does not fail as the recorded one"
        fail=1
    fi
    if [ "$name" = lost_update ] && ! grep -q "<add+0x" "$tmp/diagnose"; then
        echo "FAIL: lost_update: no preemption inside add()"
        cat "$tmp/diagnose"
        fail=1
    fi
    "$emu" --explore 100 --jobs 2 --sched pct:3 "${prog}_fixed" >"$tmp/explore" 2>"$tmp/progress"
    rc=$?
    if [ $rc != 0 ] || ! grep -q 'no run failed' "$tmp/explore"; then
        echo "FAIL: $name: --explore failed the fixed version (exit $rc)"
        cat "$tmp/explore"
        fail=1
    fi
    echo "$name: $failed of 200 schedules failed; replay and --schedule identical; fixed: 0 of 100"
    sed -n '/preempted at/p; /^       pid/p' "$tmp/diagnose"
done
[ $fail = 0 ] && echo "PASS"
exit $fail
