#!/bin/sh
# hostnet.sh EMU PROG SERVER: --net=host against the real network stack. SERVER
# (echo_server.py) listens on the host's first non-loopback IPv4 address; PROG
# talks to it natively and under emu --net=host, and stdout and exit status must
# match; emu's trace must say the sockets went to the host. Without --net=host the
# same connect and sendto must fail with ENETUNREACH (docs/sockets.md: emu's only
# network is lo). Skipped (77) when the host has no such address or no python3.
set -u
emu=$1 prog=$2 server=$3
work=$(mktemp -d) || exit 1
dir=$work
. "$(dirname "$0")/start_echo_server.sh"

timeout 20 "$prog" "$ip" "$tport" "$uport" >"$work/native" 2>&1
ns=$?
timeout 20 "$emu" --net=host --trace-file="$work/trace" "$prog" "$ip" "$tport" "$uport" >"$work/emu" 2>&1
es=$?
fail=0
if [ $ns != $es ] || ! cmp -s "$work/native" "$work/emu"; then
    echo "FAIL: native (status $ns) and emu --net=host (status $es) differ:"
    diff "$work/native" "$work/emu" | head -20
    fail=1
fi
n=$(grep -c "goes to the host's network" "$work/trace")
if [ "$n" != 5 ]; then
    echo "FAIL: the trace marks $n sockets as the host's, not 5"
    fail=1
fi
printf 'connect: ENETUNREACH\nsendto: ENETUNREACH\n' >"$work/expected"
timeout 20 "$emu" "$prog" "$ip" "$tport" "$uport" unreach >"$work/unreach" 2>&1
if ! cmp -s "$work/expected" "$work/unreach"; then
    echo "FAIL: without --net=host, expected ENETUNREACH:"
    diff "$work/expected" "$work/unreach"
    fail=1
fi
[ $fail = 0 ] && echo "PASS: $(wc -l <"$work/emu") lines as on Linux through $ip; ENETUNREACH without --net=host"
exit $fail
