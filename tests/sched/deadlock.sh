#!/bin/sh
# deadlock.sh EMU PROG: a program whose tasks all block for good (it would hang on
# Linux) ends with emu's documented status 253 and a report naming each task and the
# futex word it waits on, the same on every run.
set -u
emu=$1 prog=$2
err1=$("$emu" "$prog" 2>&1 >/dev/null)
status=$?
err2=$("$emu" "$prog" 2>&1 >/dev/null)
fail=0
[ "$status" = 253 ] || { echo "FAIL: status $status, not 253"; fail=1; }
echo "$err1" | grep -q "^emu: deadlock: every task is blocked$" || { echo "FAIL: no deadlock line"; fail=1; }
waiters=$(echo "$err1" | grep -c "waits for a futex at 0x[0-9a-f]* (value [0-9]*)")
[ "$waiters" = 3 ] || { echo "FAIL: $waiters tasks named with their futex word, not 3"; fail=1; }
[ "$err1" = "$err2" ] || { echo "FAIL: two runs reported differently"; fail=1; }
[ $fail = 0 ] && echo "PASS: status 253, three futex waiters named"
echo "$err1"
exit $fail
