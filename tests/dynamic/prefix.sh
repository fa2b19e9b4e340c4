#!/bin/sh
# prefix.sh EMU PREFIX_DYN PREFIX_INTERP: -L DIR and EMU_LD_PREFIX (qemu-user's -L).
# PREFIX_INTERP names /emu-test-root/ld.so as its interpreter, which exists only
# under the test's DIR; its data file too. Under emu -L DIR both are found there,
# and the output equals a native run of the same program (PREFIX_DYN, built the
# usual way) given DIR's real paths. A path with nothing under DIR stays the host's.
set -u
emu=$1 dyn=$2 interp=$3
work=$(mktemp -d) || exit 1
trap 'rm -rf "$work"' EXIT
root=$work/root
mkdir -p "$root/emu-test-root"
ln -s /lib64/ld-linux-x86-64.so.2 "$root/emu-test-root/ld.so"
printf 'only under the prefix\n' >"$root/emu-test-root/data.txt"
printf 'on the host\n' >"$work/host.txt"
fail() { echo "FAIL: $*"; exit 1; }

"$dyn" "$root/emu-test-root/data.txt" "$work/host.txt" /nonexistent >"$work/native" ||
    fail "native run"
"$emu" -L "$root" "$interp" /emu-test-root/data.txt "$work/host.txt" /nonexistent >"$work/l" ||
    fail "emu -L exited $?"
cmp -s "$work/native" "$work/l" || { diff -u "$work/native" "$work/l"; fail "emu -L differs"; }
EMU_LD_PREFIX=$root "$emu" "$interp" /emu-test-root/data.txt "$work/host.txt" /nonexistent \
    >"$work/env" || fail "EMU_LD_PREFIX run exited $?"
cmp -s "$work/native" "$work/env" || fail "EMU_LD_PREFIX differs from -L"
"$emu" "$interp" 2>"$work/err"
status=$?
[ "$status" = 127 ] || fail "without -L: status $status, expected 127 (no interpreter)"
grep -q "interpreter /emu-test-root/ld.so: No such file or directory" "$work/err" ||
    fail "without -L: stderr says: $(cat "$work/err")"
echo "PASS: -L and EMU_LD_PREFIX find the interpreter and files under $root"
