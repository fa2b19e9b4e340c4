#!/bin/sh
# compare.sh EMU PROG [ARGS...]: run PROG on the real kernel and under emu, each in a
# fresh empty directory with the same environment and stdin, and compare stdout and
# the exit status. The expected output is whatever Linux gives.
set -u
emu=$1
shift
prog=$1
name=$(basename "$prog")
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
mkdir "$work/native" "$work/emu"

run() { # run DIR CMD...: stdout to DIR.out, status to DIR.status
    dir=$1
    shift
    (cd "$work/$dir" && env -i PATH=/usr/bin:/bin HOME=/nonexistent LANG=C \
        EMU_TEST_VAR=hello timeout 60 "$@" </dev/null >"$work/$dir.out" 2>"$work/$dir.err")
    echo $? >"$work/$dir.status"
}

run native "$@"
run emu "$emu" "$@"
if cmp -s "$work/native.out" "$work/emu.out" && cmp -s "$work/native.status" "$work/emu.status"; then
    echo "PASS $name"
    exit 0
fi
echo "FAIL $name: native status $(cat "$work/native.status"), emu status $(cat "$work/emu.status")"
diff -u "$work/native.out" "$work/emu.out" | head -40
echo "--- emu stderr:"
head -20 "$work/emu.err"
exit 1
