#!/bin/sh
# poll.sh EMU PROG: a program that polls stdin with a timeout (poll, then epoll)
# counts the timeouts that pass while the writer pauses, a number that depends on
# the host's timing; the replay, with no input, counts the same.
set -u
emu=$1 prog=$2
. "$(dirname "$0")/lib.sh"

for how in poll epoll; do
    # a pause long enough for emu to start and poll, even on a loaded machine
    (printf 'one\n'; sleep 1; printf 'two\n') | "$emu" --record "$d/$how" "$prog" "$how" >"$d/out1"
    check "$how: the recorded run exits 0" [ $? -eq 0 ]
    check "$how: timeouts passed while the writer paused" grep -q "^after some timeouts: 4 bytes: two" "$d/out1"
    "$emu" --replay "$d/$how" </dev/null >"$d/out2" 2>"$d/err2"
    check "$how: the replay exits 0" [ $? -eq 0 ]
    check "$how: the replay counts the same timeouts: $(tr '\n' ' ' <"$d/out1")" cmp "$d/out1" "$d/out2"
    check "$how: the replay says nothing" [ ! -s "$d/err2" ]
done
exit $fail
