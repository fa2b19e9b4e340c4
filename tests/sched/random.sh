#!/bin/sh
# random.sh EMU DIR: the default source, random, finds races in short thread bodies
# (it gives way at scheduling points and cuts short quanta while threads compete):
# --explore without --sched fails the planted lost update (two threads of 2,000
# adds) and order violation at least once, and never their fixed twins.
set -u
emu=$1 dir=$2
fail=0
for spec in lost_update:200 order:60; do
    prog=${spec%%:*} n=${spec#*:}
    "$emu" --explore "$n" "$dir/$prog" >/dev/null 2>&1
    rc=$?
    [ $rc = 1 ] || { echo "FAIL: random found no failure of $prog in $n schedules (exit $rc)"; fail=1; }
    "$emu" --explore 30 "$dir/${prog}_fixed" >/dev/null 2>&1
    rc=$?
    [ $rc = 0 ] || { echo "FAIL: random failed ${prog}_fixed (exit $rc)"; fail=1; }
done
[ $fail = 0 ] && echo "PASS: the default source finds the lost update and the order violation"
exit $fail
