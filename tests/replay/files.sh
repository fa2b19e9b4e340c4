#!/bin/sh
# files.sh EMU PROG: a file the recorded run read has changed since: the replay
# says which and how, and goes on with the file as it is now.
set -u
emu=$1 prog=$2
. "$(dirname "$0")/lib.sh"
d=$(cd "$d" && pwd -P)

printf 'hello world\n' >"$d/x.txt"
"$emu" --record "$d/rec" "$prog" "$d/x.txt" >"$d/out1"
check "the recorded run exits 0" [ $? -eq 0 ]
check "the recording names the file" grep -q "^12 [0-9.]* [0-9a-f]* $d/x.txt$" "$d/rec/files"
"$emu" --replay "$d/rec" >"$d/out2" 2>"$d/err2"
check "an unchanged file: nothing said" [ ! -s "$d/err2" ]
check "... the same output" cmp "$d/out1" "$d/out2"
printf 'hello world!\n' >"$d/x.txt"
"$emu" --replay "$d/rec" >"$d/out3" 2>"$d/err3"
check "the replay goes on" [ $? -eq 0 ]
check "a changed file is reported: $(cat "$d/err3")" \
    grep -q "^replay: $d/x.txt changed since recording: size 12 -> 13, contents (FNV-1a [0-9a-f]* -> [0-9a-f]*)" "$d/err3"
check "... and read as it is now" cmp "$d/out3" "$d/x.txt"
printf 'hello WORLD\n' >"$d/x.txt"
touch -r "$d/rec/files" "$d/x.txt"
"$emu" --replay "$d/rec" >/dev/null 2>"$d/err4"
check "same size, other bytes: $(cat "$d/err4")" grep -q "^replay: $d/x.txt changed since recording: contents" "$d/err4"
exit $fail
