#!/bin/sh
# compare.sh EMU PROG [ARGS...]: emu's --trace against strace -f of the same program
# on the real kernel, line by line. normalise.awk takes away what must differ
# (addresses, random bytes, CPU times, the pids the two kernels hand out);
# everything else, names, flags, structs, return values, errors, the "[pid N] "
# prefix, "<unfinished ...>" and "<... resumed>", signals and exits, must match.
# strace writes to its stderr, as when a person runs it (with -o it would put a pid
# on every line), so the program's stdout and stderr go to /dev/null by a shell that
# then execs it; normalise.awk drops what comes before the program's execve.
set -u
emu=$1
shift
command -v strace >/dev/null || { echo "SKIP: strace is not installed"; exit 77; }
here=$(dirname "$0")
work=$(mktemp -d) || exit 1
trap 'rm -rf "$work"' EXIT
mkdir "$work/n" "$work/e"
quiet='exec >/dev/null 2>/dev/null </dev/null; exec "$@"'
# clean CMD...: the same environment and only fds 0-2 in both runs
clean() {
    (exec 3>&- 4>&- 5>&- 6>&- 7>&- 8>&- 9>&-
     exec env -i PATH=/usr/bin:/bin HOME=/nonexistent LANG=C TZ=UTC "$@")
}
(cd "$work/n" && clean strace -f -q sh -c "$quiet" sh "$@" 2>"$work/native")
(cd "$work/e" && clean sh -c "$quiet" sh "$emu" --trace-file="$work/emu" "$@")

awk -v prog="$1" -f "$here/normalise.awk" "$work/native" >"$work/native.n"
awk -v prog="$1" -f "$here/normalise.awk" "$work/emu" >"$work/emu.n"
if cmp -s "$work/native.n" "$work/emu.n"; then
    echo "PASS: $(wc -l <"$work/emu.n") trace lines as strace prints them"
    exit 0
fi
echo "FAIL: the traces differ (- strace, + emu):"
diff -u "$work/native.n" "$work/emu.n" | head -40
exit 1
