#!/bin/sh
# netreplay.sh EMU NETSERVER: sockets are deterministic. The client-server program
# (tests/guest/netserver.c: 24 client processes against an epoll server, a writer on
# full buffers) runs twice per family and seed under --trace=all: stdout and the
# whole trace (every byte sent, every port bound, every wake-up) must be identical.
# Nothing here is compared with a stored emu output: only runs with each other.
set -u
emu=$1 prog=$2
fail=0
tmp=$(mktemp -d) || exit 1
trap 'rm -rf "$tmp"' EXIT
for family in unix 4 6; do
    for seed in 0 7; do
        for run in 1 2; do # the same directory and environment: the same input
            mkdir "$tmp/cwd" || exit 1
            (cd "$tmp/cwd" && exec env -i PATH=/usr/bin:/bin "$emu" --seed "$seed" --trace=all \
                --trace-file="$tmp/trace$run" "$prog" "$family" >"$tmp/out$run" 2>"$tmp/err$run") ||
                { echo "FAIL: $family seed $seed exited $?"; fail=1; }
            rm -rf "$tmp/cwd"
        done
        if ! cmp -s "$tmp/trace1" "$tmp/trace2" || ! cmp -s "$tmp/out1" "$tmp/out2"; then
            echo "FAIL: netserver $family, seed $seed: two runs traced differently"
            diff "$tmp/trace1" "$tmp/trace2" | head -10
            fail=1
        fi
        if ! grep -q 'connect(' "$tmp/trace1" || ! grep -q 'accept4(' "$tmp/trace1"; then
            echo "FAIL: netserver $family, seed $seed: no connect or accept4 in the trace"
            fail=1
        fi
        if ! grep -q '24 clients got their answer' "$tmp/out1"; then
            echo "FAIL: netserver $family, seed $seed: the clients were not all answered"
            fail=1
        fi
    done
done
[ $fail = 0 ] && echo "PASS: identical output and trace on every rerun (unix, IPv4, IPv6; seeds 0 and 7)"
exit $fail
