#!/bin/sh
# sockfuzz.sh EMU SOCKFUZZ FIRST LAST [CALLS]: seeds FIRST..LAST of the random walk
# over the socket calls (sockfuzz.c), each in a scratch directory with stdin from
# /dev/null. A failure is emu's, never the guest's: status 254 (emu's internal
# error), 253 (a deadlock: the walk never waits for good), a sanitizer report, or a
# run that does not end. Each failure prints the command that replays it.
# A long run: sh tests/fuzz/sockfuzz.sh build-asan/emu build-asan/tests/fuzz/sockfuzz 1 5000
set -u
emu=$1 prog=$2 first=$3 last=$4 calls=${5:-3000}
tmp=$(mktemp -d) || exit 1
trap 'rm -rf "$tmp"' EXIT
pass=0 fail=0
seed=$first
while [ "$seed" -le "$last" ]; do
    mkdir "$tmp/s$seed" && cd "$tmp/s$seed" || exit 1
    timeout 60 "$emu" "$prog" "$seed" "$calls" </dev/null >/dev/null 2>"$tmp/err"
    status=$?
    cd "$tmp" || exit 1
    if [ "$status" = 254 ] || [ "$status" = 253 ] || [ "$status" = 124 ] ||
        grep -qE 'AddressSanitizer|runtime error:|LeakSanitizer' "$tmp/err"; then
        echo "FAIL: socket fuzz seed $seed: status $status; replay: (cd \$(mktemp -d) && $emu $prog $seed $calls </dev/null)"
        head -20 "$tmp/err"
        fail=$((fail + 1))
    else
        pass=$((pass + 1))
    fi
    seed=$((seed + 1))
done
echo "sockfuzz: $pass seeds passed, $fail failed"
[ "$fail" = 0 ]
