#!/bin/sh
# usage: run.sh EMU CHECK_PY PROGRAM TASKS [REQUIRED...]
# PROGRAM's --timeline twice: both files byte-identical, the JSON well formed
# (check.py: a track per task, slices nested, flows ended, time in order), and the
# run itself (output and --trace) the same as without --timeline.
set -eu
emu=$1 check=$2 prog=$3
shift 3
dir=$(mktemp -d)
trap 'rm -rf "$dir"' EXIT
"$emu" --trace=all --trace-file "$dir/trace.a" --timeline "$dir/a" "$prog" >"$dir/out.a"
"$emu" --timeline "$dir/b" "$prog" >"$dir/out.b"
"$emu" --timeline "$dir/c" "$prog" >"$dir/out.c"
"$emu" --trace=all --trace-file "$dir/trace.plain" "$prog" >"$dir/out.plain"
if ! cmp "$dir/out.a" "$dir/out.plain" || ! cmp "$dir/trace.a" "$dir/trace.plain"; then
	echo "run.sh: --timeline changed the run of $prog" >&2
	exit 1
fi
# (--trace changes the run a little: it keeps ignored signals to show them)
for ext in json html; do
	if ! cmp "$dir/b.$ext" "$dir/c.$ext"; then
		echo "run.sh: two runs of $prog gave different $ext files" >&2
		diff "$dir/b.$ext" "$dir/c.$ext" | head -20 >&2
		exit 1
	fi
done
# the page holds the same events as the JSON, between its two scripts' lines
awk '/^var TRACE =$/ { on = 1; next } /^;$/ { on = 0 } on' "$dir/b.html" >"$dir/page.json"
cmp "$dir/b.json" "$dir/page.json" || { echo "run.sh: the page's events differ from the JSON" >&2; exit 1; }
python3 "$check" "$dir/b.json" "$@"
python3 "$check" "$dir/a.json" "$1" # its events differ: structure only
