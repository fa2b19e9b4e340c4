#!/bin/sh
# run.sh EMU BUSYBOX APPLET [ARGS...]: run a busybox applet on the real kernel and
# under emu, in identical fresh fixture directories with the same stdin, and compare
# stdout, stderr and the exit status.
set -u
emu=$1 busybox=$2
shift 2
if [ ! -x "$busybox" ]; then
    echo "SKIP: $busybox is missing (apt-get install busybox-static)"
    exit 77
fi
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT

fixture() { # a small tree, the same every time
    mkdir -p "$1/tree/a/b" "$1/tree/c"
    printf 'banana\napple\ncherry\napple\n10\n9\n100\n' >"$1/words.txt"
    printf 'x\n' >"$1/tree/a/one.txt"
    printf 'needle here\nhay\n' >"$1/tree/a/b/two.txt"
    printf 'more hay\n' >"$1/tree/c/three.txt"
    i=0
    while [ $i -lt 16384 ]; do printf 'line %d of a longer file\n' $i; i=$((i + 1)); done >"$1/big.txt"
}

run() { # run NAME CMD...
    mkdir "$work/$1"
    fixture "$work/$1"
    dir=$1
    shift
    (cd "$work/$dir" && "$@" <words.txt >"$work/$dir.out" 2>"$work/$dir.err")
    echo $? >"$work/$dir.status"
}

run native "$busybox" "$@"
run emu "$emu" "$busybox" "$@"
for f in out err status; do
    if ! cmp -s "$work/native.$f" "$work/emu.$f"; then
        echo "FAIL busybox $*: $f differs"
        diff -u "$work/native.$f" "$work/emu.$f" | head -30
        exit 1
    fi
done
echo "PASS busybox $* (status $(cat "$work/native.status"))"
