#!/bin/sh
# check.sh EMU FILE STATUS TEXT: emu must refuse FILE with exit STATUS and exactly
# one line on stderr, "emu: FILE: ..." containing TEXT, print nothing on stdout,
# and neither crash nor hang.
emu=$1 file=$2 want_status=$3 want_text=$4
out=$(mktemp) err=$(mktemp)
trap 'rm -f "$out" "$err"' EXIT
timeout 10 "$emu" "$file" >"$out" 2>"$err"
status=$?
fail() { echo "FAIL $file: $*"; echo "stderr:"; cat "$err"; exit 1; }
[ "$status" = 124 ] && fail "emu hung"
[ "$status" -ge 128 ] && [ "$want_status" -lt 128 ] && fail "emu crashed (status $status)"
[ "$status" = "$want_status" ] || fail "status $status, expected $want_status"
[ -s "$out" ] && fail "unexpected output on stdout"
[ "$(wc -l <"$err")" = 1 ] || fail "expected exactly one line on stderr"
case "$(cat "$err")" in
"emu: $file: "*) ;;
*) fail "the line does not start with 'emu: $file: '" ;;
esac
grep -qi -- "$want_text" "$err" || fail "the line does not say '$want_text'"
echo "PASS $file: $(cat "$err")"
