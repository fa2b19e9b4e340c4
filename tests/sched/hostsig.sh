#!/bin/sh
# hostsig.sh EMU PROG: a signal sent to emu's process from outside reaches the
# program as it would reach the program run natively: same output, same status.
set -u
emu=$1 prog=$2
fail=0
out=$(mktemp -d) || exit 1
trap 'rm -rf "$out"' EXIT

# run TAG SIG ARGS...: start the program (natively or under emu), signal it after
# a second, record what it printed and its status
run() {
    tag=$1 sig=$2
    shift 2
    (sleep 5 | timeout -k 2 20 "$@" >"$out/$tag.out" 2>/dev/null; echo $? >"$out/$tag.status") &
    sleep 1
    pkill -"$sig" -f -x "$*" || pkill -"$sig" -f "$*"
    wait
}

for c in "INT spin handle" "TERM spin handle" "TERM spin" "INT read handle" "TERM read"; do
    set -- $c
    sig=$1
    shift
    run native "$sig" "$prog" "$@"
    run emu "$sig" "$emu" "$prog" "$@"
    if ! cmp -s "$out/native.out" "$out/emu.out" || ! cmp -s "$out/native.status" "$out/emu.status"; then
        echo "FAIL: SIG$sig to '$*': native $(cat "$out/native.status") $(cat "$out/native.out"), emu $(cat "$out/emu.status") $(cat "$out/emu.out")"
        fail=1
    else
        echo "ok: SIG$sig to '$*': status $(cat "$out/emu.status") $(cat "$out/emu.out")"
    fi
done
exit $fail
