#!/bin/sh
# compare.sh EMU PROG [ARGS...]: emu's --trace against strace -f of the same program
# on the real kernel. What must differ is normalised away: addresses (0x...), the
# random bytes of getrandom, the pids the two kernels hand out, and strace's first
# line (the execve that started the program, which emu does inside the loader).
# Everything else, names, flags, structs, return values and errors, must match.
set -u
emu=$1
shift
command -v strace >/dev/null || { echo "SKIP: strace is not installed"; exit 77; }
work=$(mktemp -d) || exit 1
trap 'rm -rf "$work"' EXIT
mkdir "$work/n" "$work/e"
# both runs: the same environment, only fds 0-2, output to /dev/null
clean() {
    (exec 3>&- 4>&- 5>&- 6>&- 7>&- 8>&- 9>&-
     exec env -i PATH=/usr/bin:/bin HOME=/nonexistent LANG=C TZ=UTC "$@" >/dev/null 2>&1 </dev/null)
}
(cd "$work/n" && clean strace -f -o "$work/native" "$@")
(cd "$work/e" && clean "$emu" --trace-file="$work/emu" "$@")

# normalise FILE: one pid-free, address-free line per call
normalise() {
    sed -E '1{/^[0-9]+ +execve\(/d}
        s/^[0-9]+ +//; s/^\[pid +[0-9]+\] //
        s/0x[0-9a-f]+/ADDR/g
        s/"(\\x[0-9a-f]{2})+"(\.\.\.)?/BYTES/g
        s/^(getpid|gettid|getppid|set_tid_address)\((.*)\) += [0-9]+$/\1(\2) = PID/
        s/^(kill|tgkill|tkill)\([0-9]+, /\1(PID, /; s/^tgkill\(PID, [0-9]+, /tgkill(PID, PID, /
        s/si_pid=[0-9]+/si_pid=PID/g
        s/ +/ /g' "$1"
}
normalise "$work/native" >"$work/native.n"
normalise "$work/emu" | grep -v '^~' >"$work/emu.n"
if cmp -s "$work/native.n" "$work/emu.n"; then
    echo "PASS: $(wc -l <"$work/emu.n") trace lines as strace prints them"
    exit 0
fi
echo "FAIL: the traces differ (- strace, + emu):"
diff -u "$work/native.n" "$work/emu.n" | head -40
exit 1
