#!/bin/sh
# run.sh EMU PROG [ARGS...]: a dynamically linked program (Debian's own, or one built
# here) on the real kernel and under emu; stdout and the exit status must match.
# Linux is the reference: nothing here holds expected output.
#
# Both runs start in the same fixture, made afresh at the same absolute path: a small
# tree with fixed times (so `ls -l` prints the same dates under emu's virtual clock),
# words.txt, big.txt and hello.c; the same environment (env -i with PATH, HOME, LANG,
# TZ and what DYN_ENV holds, e.g. "LD_BIND_NOW=1"); stdin from words.txt; only fds
# 0-2. stderr is shown when they differ, not compared (emu's clock makes make warn).
# Exit status: 0 when they agree, 1 when not, 77 (skip) when PROG is not installed.
set -u
emu=$1 prog=$2
shift 2
if [ ! -x "$prog" ]; then
    echo "SKIP: $prog is not installed"
    exit 77
fi
work=$(mktemp -d "${TMPDIR:-/tmp}/emu-dyn.XXXXXX") || exit 1
trap 'rm -rf "$work"' EXIT
trap 'exit 130' INT TERM
cwd=$work/cwd

fixture() {
    mkdir -p tree/a/b tree/c home
    printf 'banana\napple\ncherry\napple\n10\n9\n100\n' >words.txt
    printf 'x\n' >tree/a/one.txt
    printf 'needle here\nhay\n' >tree/a/b/two.txt
    printf 'more hay\n' >tree/c/three.txt
    ln -s ../c/three.txt tree/a/link
    chmod 600 tree/c/three.txt
    seq -f 'line %g of a longer file' 0 16383 >big.txt
    printf '#include <stdio.h>\nint main(void) { puts("built under emu"); return 0; }\n' >hello.c
    find tree -exec touch -h -d '2024-02-03 04:05:06 UTC' {} +
}

run() { # run TAG CMD...
    tag=$1
    shift
    rm -rf "$cwd" && mkdir "$cwd" && (cd "$cwd" && fixture) || exit 1
    (
        cd "$cwd" && umask 022 || exit 1
        exec 3>&- 4>&- 5>&- 6>&- 7>&- 8>&- 9>&-
        # shellcheck disable=SC2086 # DYN_ENV is a list of assignments
        exec env -i PATH=/usr/bin:/bin HOME="$cwd/home" LANG=C TZ=UTC ${DYN_ENV:-} \
            timeout -k 5 50 "$@" <words.txt >"$work/$tag.out" 2>"$work/$tag.err"
    )
    echo $? >"$work/$tag.status"
}

run native "$prog" "$@"
run emu "$emu" "$prog" "$@"
ns=$(cat "$work/native.status") es=$(cat "$work/emu.status")
name="$(basename "$prog") $*"
if [ "$ns" != 124 ] && [ "$ns" = "$es" ] && cmp -s "$work/native.out" "$work/emu.out"; then
    echo "PASS $name (status $ns, $(wc -l <"$work/emu.out") lines)"
    exit 0
fi
echo "FAIL $name"
echo "exit status: native $ns, emu $es"
diff -u "$work/native.out" "$work/emu.out" | tail -n +3 | head -60
echo "--- emu stderr:"
head -20 "$work/emu.err"
echo "--- native stderr:"
head -20 "$work/native.err"
exit 1
