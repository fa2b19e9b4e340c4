#!/bin/sh
# clocks.sh EMU PROG: a --realtime run prints the host's clocks; its replay prints
# the same values (and does not sleep for real).
set -u
emu=$1 prog=$2
. "$(dirname "$0")/lib.sh"

"$emu" --realtime --record "$d/rec" "$prog" >"$d/out1"
check "the recorded run exits 0" [ $? -eq 0 ]
"$emu" --replay "$d/rec" --trace-file "$d/trace" "$prog" >"$d/out2" 2>"$d/err2"
check "the replay exits 0" [ $? -eq 0 ]
check "the replay prints the same clock values" cmp "$d/out1" "$d/out2"
check "the replay says nothing" [ ! -s "$d/err2" ]
check "the replay traces the same values" grep -q "^clock_gettime(CLOCK_REALTIME, {tv_sec=$(awk 'NR == 1 { split($3, t, "."); print t[1] }' "$d/out1")," "$d/trace"
"$emu" --realtime "$prog" >"$d/out3"
check "another --realtime run reads other values" sh -c "! cmp -s '$d/out1' '$d/out3'"
# the host's clock, not virtual time: 2026-11 or later, the virtual clock starts at 2026-01-01
check "the values are the host's" [ "$(awk 'NR == 1 { print int($3) }' "$d/out1")" -gt 1790000000 ]
exit $fail
