#!/bin/sh
# hostnet.sh EMU PROG SERVER [PROG2]: a run with --net=host (threads talking to
# SERVER, tests/net/echo_server.py, on the host's first non-loopback IPv4 address)
# is recorded; the server is stopped, and --replay, with no server and no host
# socket, must print the same output and the same trace, byte for byte, and say
# nothing. PROG2 (tests/net/hostnet: epoll, 300,000 bytes, timeouts) is recorded
# too, before the server stops, and must replay the same way.
# Skipped (77) when the host has no such address or no python3 (as net/hostnet).
set -u
emu=$1 prog=$2 server=$3 prog2=${4:-}
. "$(dirname "$0")/lib.sh"
dir=$d
. "$(dirname "$0")/../net/start_echo_server.sh"

timeout 30 "$emu" --net=host --record "$d/rec" --trace-file="$d/trace1" "$prog" "$ip" "$tport" "$uport" >"$d/out1"
check "the recorded run exits 0" [ $? -eq 0 ]
# what the echo server sends back is what was sent (a real server, not emu's answer)
check "every message came back" [ "$(grep -cE '^(tcp [0-2]: echo (m|slow)[0-2]\.[0-3] \(|udp 3: echo u3\.[0-3] from the server: 1$)' "$d/out1")" = 16 ]
check "each connection ended with EOF" [ "$(grep -c 'after shutdown, recv 0$' "$d/out1")" = 3 ]
if [ -n "$prog2" ]; then
    timeout 30 "$emu" --net=host --record "$d/rec2" --trace-file="$d/trace2.1" "$prog2" "$ip" "$tport" "$uport" >"$d/out2.1"
    check "$(basename "$prog2"): the recorded run exits 0" [ $? -eq 0 ]
fi
kill $pid 2>/dev/null
wait $pid 2>/dev/null
timeout 30 "$emu" --replay "$d/rec" --trace-file="$d/trace2" </dev/null >"$d/out2" 2>"$d/err2"
check "the replay exits 0" [ $? -eq 0 ]
check "the replay prints the same, without the server" cmp "$d/out1" "$d/out2"
check "the replay's trace is the recorded run's" cmp "$d/trace1" "$d/trace2"
check "the replay says nothing: $(head -c 300 "$d/err2")" [ ! -s "$d/err2" ]
if [ -n "$prog2" ]; then
    timeout 30 "$emu" --replay "$d/rec2" --trace-file="$d/trace2.2" </dev/null >"$d/out2.2" 2>"$d/err2.2"
    check "$(basename "$prog2"): the replay exits 0" [ $? -eq 0 ]
    check "$(basename "$prog2"): the same output, trace and no message" \
        sh -c 'cmp "$1/out2.1" "$1/out2.2" && cmp "$1/trace2.1" "$1/trace2.2" && [ ! -s "$1/err2.2" ]' - "$d"
fi
if command -v strace >/dev/null && strace -o /dev/null true 2>/dev/null; then # no host network at all
    strace -f -e trace=socket -o "$d/strace" "$emu" --replay "$d/rec" </dev/null >/dev/null 2>&1
    check "the replay makes no host socket of AF_INET" [ "$(grep -c AF_INET "$d/strace")" = 0 ]
fi
[ $fail = 0 ] || diff "$d/out1" "$d/out2" | head -20
exit $fail
