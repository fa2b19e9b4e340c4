#!/bin/sh
# exec-fail.sh EMU NOINTERP FOREIGN: a guest's execve that fails for a reason emu
# knows. NOINTERP names a missing interpreter, FOREIGN is an aarch64 ELF. dash
# tries each twice; what it prints and its status must be Linux's, and emu adds one
# line on stderr naming the first file and reason, once per run; with --trace, the
# trace gives every reason instead.
set -u
emu=$1 nointerp=$2 foreign=$3
work=$(mktemp -d) || exit 1
trap 'rm -rf "$work"' EXIT
fail() { echo "FAIL: $*"; exit 1; }
script="$nointerp; $nointerp; $foreign; $foreign; echo status \$?"

/bin/dash -c "$script" >"$work/native" 2>/dev/null
"$emu" /bin/dash -c "$script" >"$work/emu" 2>"$work/err"
cmp -s "$work/native" "$work/emu" || fail "stdout: Linux '$(cat "$work/native")', emu '$(cat "$work/emu")'"
lines=$(grep -c '^emu: ' "$work/err")
[ "$lines" = 1 ] || fail "$lines lines from emu on stderr, expected 1: $(cat "$work/err")"
grep -qx "emu: execve $nointerp: interpreter /nonexistent/ld.so: No such file or directory" \
    "$work/err" || fail "stderr: $(cat "$work/err")"

"$emu" /bin/dash -c "$foreign" 2>"$work/err2"
grep -qx "emu: execve $foreign: ELF for aarch64 (machine 183), not x86-64" "$work/err2" ||
    fail "foreign: $(cat "$work/err2")"

"$emu" --trace=proc --trace-file="$work/trace" /bin/dash -c "$script" >/dev/null 2>"$work/err3"
grep -q '^emu: ' "$work/err3" && fail "with --trace, stderr still has: $(cat "$work/err3")"
n=$(grep -c "~ execve $nointerp: interpreter /nonexistent/ld.so: No such file or directory" "$work/trace")
[ "$n" = 2 ] || fail "the trace has $n lines for the missing interpreter, expected 2"
n=$(grep -c "~ execve $foreign: ELF for aarch64" "$work/trace")
[ "$n" = 2 ] || fail "the trace has $n lines for the aarch64 ELF, expected 2"
echo "PASS: $(cat "$work/err")"
