#!/bin/sh
# stdin.sh EMU PROG: a program that reads stdin in pieces while threads race on its
# output is recorded with input from a slow writer; the replay, with no input at
# all, prints the same bytes and the same trace.
set -u
emu=$1 prog=$2
. "$(dirname "$0")/lib.sh"

(printf 'hello\n'; sleep 0.3; printf 'wor'; sleep 0.3; printf 'ld\nagain\n') |
    "$emu" --seed 5 --record "$d/rec" --trace-file "$d/trace1" "$prog" >"$d/out1"
check "the recorded run exits 0" [ $? -eq 0 ]
check "the recording keeps the bytes read" grep -q "hello" "$d/rec/data"
check "... all of them" grep -q "again" "$d/rec/data"
check "... and the options (the seed)" grep -qx "option 5" "$d/rec/header"
"$emu" --replay "$d/rec" --trace-file "$d/trace2" "$prog" </dev/null >"$d/out2" 2>"$d/err2"
check "the replay exits 0" [ $? -eq 0 ]
check "the replay prints the same bytes" cmp "$d/out1" "$d/out2"
check "the replay's trace is the same" cmp "$d/trace1" "$d/trace2"
check "the replay says nothing" [ ! -s "$d/err2" ]
echo 'other input' | "$emu" --replay "$d/rec" >"$d/out3"
check "the replay does not read stdin (--replay DIR alone)" cmp "$d/out1" "$d/out3"

# With another schedule source and its decisions written down: the replay makes
# the same decisions.
(printf 'hello\n'; sleep 0.3; printf 'world\n') |
    "$emu" --sched pct:3 --seed 9 --record-schedule "$d/sched1" --record "$d/pct" "$prog" >"$d/pct1"
"$emu" --replay "$d/pct" --record-schedule "$d/sched2" </dev/null >"$d/pct2"
check "--sched pct:3: the same output" cmp "$d/pct1" "$d/pct2"
check "--sched pct:3: the same scheduling decisions" cmp "$d/sched1" "$d/sched2"

# The same bytes all at once are read in other pieces: the recording made the
# replay repeat the run (only if the writer's pauses did split the reads).
printf 'hello\nworld\nagain\n' | "$emu" --seed 5 "$prog" >"$d/out4"
if grep -q ' block ' "$d/rec/events"; then
    check "the bytes at once give another run" sh -c "! cmp -s '$d/out1' '$d/out4'"
fi

# A recording cut short after its first read: the replay says where it leaves it
# and reads end of file from there.
awk '{ print } / read / { exit }' "$d/rec/events" >"$d/events" && cp "$d/events" "$d/rec/events"
"$emu" --replay "$d/rec" </dev/null >"$d/out5" 2>"$d/err5"
check "a replay that leaves the recording ends normally" [ $? -eq 0 ]
check "... and says where" grep -q "^replay: the run leaves the recording at pid 2, system call" "$d/err5"
check "... and reads end of file" grep -q "^1 pieces" "$d/out5"
# A damaged one (a read that returns more than it holds): said, and no crash.
awk '/ read / && !done { $6 = 99999999; done = 1 } { print }' "$d/events" >"$d/rec/events"
"$emu" --replay "$d/rec" </dev/null >"$d/out7" 2>"$d/err7"
check "a damaged recording ends normally" [ $? -eq 0 ]
check "... and is reported" grep -q "the recording is damaged (a result of 99999999)" "$d/err7"
printf 'garbage\n' >"$d/rec/events"
"$emu" --replay "$d/rec" </dev/null >/dev/null 2>"$d/err8"
check "a malformed one is refused (status 2)" [ $? -eq 2 ]
check "... with a message" grep -q "line 1: not an event of emu's" "$d/err8"
"$emu" --replay "$d/nothing" "$prog" >/dev/null 2>"$d/err6"
check "no recording: status 2" [ $? -eq 2 ]
check "... with a message" grep -q "emu: --replay $d/nothing: not a recording of emu's" "$d/err6"
exit $fail
