#!/bin/sh
# sockdeadlock.sh EMU PROG: tasks blocked on sockets for good are a deadlock: status
# 253 and a report that says which socket each waits on, the same on every run.
set -u
emu=$1 prog=$2
err1=$("$emu" "$prog" 2>&1 >/dev/null)
status=$?
err2=$("$emu" "$prog" 2>&1 >/dev/null)
fail=0
[ "$status" = 253 ] || { echo "FAIL: status $status, not 253"; fail=1; }
echo "$err1" | grep -q "^emu: deadlock: every task is blocked$" || { echo "FAIL: no deadlock line"; fail=1; }
echo "$err1" | grep -q "pid 2 (sockdeadlock) waits for a socket (a unix stream socket listening, 0 connection(s) queued)" ||
    { echo "FAIL: the accepting parent is not described"; fail=1; }
echo "$err1" | grep -q "pid 3 (sockdeadlock) waits for a socket (a unix stream socket, 0 bytes queued to read, connected)" ||
    { echo "FAIL: the reading child is not described"; fail=1; }
[ "$err1" = "$err2" ] || { echo "FAIL: two runs reported differently"; fail=1; }
[ $fail = 0 ] && echo "PASS: status 253, both socket waiters described"
echo "$err1"
exit $fail
