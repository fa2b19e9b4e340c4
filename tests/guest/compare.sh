#!/bin/sh
# compare.sh EMU PROG [ARGS...]: run PROG on the real kernel and under emu and compare
# stdout and the exit status. The expected output is whatever Linux gives, never a file
# written by hand.
#
# Both runs see the same world: the same empty working directory (same absolute path:
# it is emptied and made again between the runs), the same environment (env -i with a
# few fixed variables, EMU_TEST_VAR=hello among them), umask 022, stdin from /dev/null,
# no descriptors but 0, 1 and 2, and argv[0] is PROG's absolute path. stderr is kept only to show it when the runs differ.
# Exit status: 0 when they agree ("PASS name"), 1 when they differ or PROG cannot run
# natively (a test that does not run on Linux proves nothing), 2 on bad usage, 77
# (skipped) when the native run exits 77: the host lacks what the program needs.
set -u

if [ $# -lt 2 ]; then
    echo "usage: compare.sh EMU PROG [ARGS...]" >&2
    exit 2
fi
abspath() { # the absolute form of a path relative to the caller's directory
    case $1 in
    /*) printf '%s\n' "$1" ;;
    *) printf '%s/%s\n' "$(pwd)" "$1" ;;
    esac
}
emu=$(abspath "$1")
prog=$(abspath "$2")
shift 2
name=$(basename "$prog")${1+ $*}
if [ ! -f "$prog" ] || [ ! -x "$prog" ]; then
    echo "FAIL $name: $prog is not an executable file"
    exit 1
fi
if [ ! -x "$emu" ]; then
    echo "FAIL $name: emu binary $emu is missing or not executable"
    exit 1
fi

work=$(mktemp -d "${TMPDIR:-/tmp}/emu-guest.XXXXXX") || exit 1
trap 'rm -rf "$work"' EXIT
trap 'exit 130' INT TERM
cwd=$work/cwd

# run TAG CMD...: run CMD in a fresh $cwd; stdout to $work/TAG.out, stderr to
# $work/TAG.err (the shell's own "Segmentation fault" notice lands there too), and the
# exit status (128+N for a death by signal N) to $work/TAG.status.
run() {
    tag=$1
    shift
    rm -rf "$cwd" && mkdir "$cwd" || exit 1
    {
        (
            cd "$cwd" && umask 022 || exit 1
            ulimit -c 0 2>/dev/null # no core files from the programs that must crash
            exec 3>&- 4>&- 5>&- 6>&- 7>&- 8>&- 9>&- # only 0, 1 and 2 are inherited
            exec env -i PATH=/usr/bin:/bin HOME=/nonexistent LANG=C TZ=UTC EMU_TEST_VAR=hello \
                timeout -k 5 20 "$@" </dev/null >"$work/$tag.out" 2>"$work/$tag.err"
        )
        echo $? >"$work/$tag.status"
    } 2>>"$work/$tag.err"
}

run native "$prog" "$@"
ns=$(cat "$work/native.status")
if [ "$ns" = 77 ]; then
    # the program found natively that this host lacks what it needs (hugetlb: a
    # writable vm.nr_hugepages): nothing to compare with
    echo "SKIP $name: the native run exits 77: $(head -1 "$work/native.out")"
    exit 77
fi
run emu "$emu" "$prog" "$@"
es=$(cat "$work/emu.status")

case $ns in
124 | 137) why="the native run timed out" ;;
126 | 127) why="the program does not run natively" ;;
*) why= ;;
esac
if [ -z "$why" ] && [ "$ns" = "$es" ] && cmp -s "$work/native.out" "$work/emu.out"; then
    echo "PASS $name (status $ns)"
    exit 0
fi
echo "FAIL $name${why:+: $why}"
echo "exit status: native $ns, emu $es"
if ! cmp -s "$work/native.out" "$work/emu.out"; then
    echo "stdout differs (- native, + emu):"
    diff -u "$work/native.out" "$work/emu.out" | tail -n +3 | head -60
fi
echo "--- emu stderr (first 20 lines):"
head -20 "$work/emu.err"
if [ -n "$why" ]; then
    echo "--- native stderr (first 20 lines):"
    head -20 "$work/native.err"
fi
exit 1
