#!/bin/sh
# options.sh EMU PROG: --record and --replay refuse what they cannot do, with a
# message and status 2, and a replay of another command line says so.
set -u
emu=$1 prog=$2
. "$(dirname "$0")/lib.sh"

printf 'x\n' >"$d/in"
"$emu" --record "$d/no/such/dir" "$prog" "$d/in" >/dev/null 2>"$d/err1"
check "--record into a missing directory: status 2" [ $? -eq 2 ]
check "... with a message" grep -q "^emu: --record $d/no/such/dir: No such file or directory" "$d/err1"
"$emu" --record "$d/rec" "$prog" "$d/in" >"$d/out"
check "a recording" [ -s "$d/rec/header" ]
"$emu" --replay "$d/rec" --record "$d/rec2" >/dev/null 2>"$d/err2"
check "--replay with --record: status 2" [ $? -eq 2 ]
check "... with a message" grep -q "^emu: --record and --replay cannot go together" "$d/err2"
"$emu" --replay "$d/rec" "$prog" "$d/other" >/dev/null 2>"$d/err3"
check "another command line is replayed as given, and said: $(head -n1 "$d/err3")" \
    grep -q "^replay: the program's command line differs from the recording's (argument 1: '$d/in' there, '$d/other' here)" "$d/err3"
"$emu" --explore 2 --record "$d/rec3" "$prog" "$d/in" >/dev/null 2>"$d/err5"
check "--record with --explore: status 2" [ $? -eq 2 ]
check "... with a message" grep -q "^emu: --record keeps one run, not those of --explore or --diagnose" "$d/err5"
sed -i 1d "$d/rec/header"
"$emu" --replay "$d/rec" >/dev/null 2>"$d/err4"
check "a header of another format: status 2" [ $? -eq 2 ]
check "... with a message" grep -q "^emu: --replay $d/rec: not a recording of emu's" "$d/err4"
exit $fail
