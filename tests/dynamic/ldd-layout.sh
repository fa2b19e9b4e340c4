#!/bin/sh
# ldd-layout.sh EMU PROGRAM: under emu, ldd prints the same load addresses on every
# run, and the dynamic linker's is the one Linux gives with randomization off
# (setarch -R): top-down from the mmap base. (The libraries below it sit 32 KiB
# higher than on Linux, where the vDSO takes that room.)
set -u
emu=$1 prog=$2
work=$(mktemp -d) || exit 1
trap 'rm -rf "$work"' EXIT
fail() { echo "FAIL: $*"; exit 1; }
for i in 1 2; do
    env -i PATH=/usr/bin:/bin "$emu" /usr/bin/ldd "$prog" >"$work/emu$i" 2>/dev/null ||
        fail "emu ldd exited $?"
done
cmp -s "$work/emu1" "$work/emu2" || fail "two runs differ: $(diff "$work/emu1" "$work/emu2")"
grep -q '(0x0000' "$work/emu1" || fail "no addresses in: $(cat "$work/emu1")"
if setarch -R true 2>/dev/null; then
    env -i PATH=/usr/bin:/bin setarch -R /usr/bin/ldd "$prog" >"$work/native" || fail "native ldd"
    want=$(grep ld-linux-x86-64 "$work/native")
    got=$(grep ld-linux-x86-64 "$work/emu1")
    [ "$want" = "$got" ] || fail "interpreter line: Linux '$want', emu '$got'"
fi
echo "PASS: ldd under emu is stable:"
cat "$work/emu1"
