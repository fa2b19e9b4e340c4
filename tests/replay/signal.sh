#!/bin/sh
# signal.sh EMU PROG: SIGINT sent to emu from outside while recording reaches the
# program at a point of the run; the replay delivers it at the same point, so the
# counters the program prints (how far its threads got) are the same.
set -u
emu=$1 prog=$2
. "$(dirname "$0")/lib.sh"
# started ERRFILE: waits (10 s at most) until the program says it counts
started() {
    i=0
    while ! grep -q counting "$1" 2>/dev/null && [ $i -lt 100 ]; do
        sleep 0.1
        i=$((i + 1))
    done
    sleep 0.3 # let it count
}

"$emu" --record "$d/spin" --trace-file "$d/trace1" "$prog" >"$d/out1" 2>"$d/err1" </dev/null &
pid=$!
started "$d/err1"
kill -INT $pid
wait $pid
check "the recorded run exits 0" [ $? -eq 0 ]
check "the program got SIGINT" grep -q "^signal 2, counts" "$d/out1"
check "the recording has it" grep -q " signal .* 2 0$" "$d/spin/events"
"$emu" --replay "$d/spin" --trace-file "$d/trace2" </dev/null >"$d/out2" 2>"$d/err2"
check "the replay exits 0" [ $? -eq 0 ]
check "the replay counts as far: $(cat "$d/out1")" cmp "$d/out1" "$d/out2"
check "the replay says nothing more" cmp "$d/err1" "$d/err2"
check "the trace shows the signal" grep -q -- "--- SIGINT" "$d/trace2"
check "the replay's trace is the same" cmp "$d/trace1" "$d/trace2"

# Blocked in a read of stdin (a pipe with no data yet) while a thread counts.
# (the writer waits for the signal to be sent, not for a time)
(while [ ! -e "$d/go" ]; do sleep 0.1; done; echo late) |
    "$emu" --record "$d/read" "$prog" read >"$d/out3" 2>"$d/err3" &
pid=$!
started "$d/err3"
kill -INT $pid
touch "$d/go"
wait $pid
check "the program got SIGINT" grep -q "signal 2, counts" "$d/out3"
"$emu" --replay "$d/read" </dev/null >"$d/out4" 2>"$d/err4"
check "the replay interrupts it at the same point: $(cat "$d/out3")" cmp "$d/out3" "$d/out4"
check "the replay says nothing more" cmp "$d/err3" "$d/err4"
wait
exit $fail
