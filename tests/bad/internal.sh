#!/bin/sh
# internal.sh EMU: emu's own crash is reported as emu's, never as the program's:
# a host SIGSEGV sent to emu while its program waits on a pipe gives one line
# "emu: internal error: ..." and status 254 (EXIT_INTERNAL), not 139.
set -u
emu=$1
tmp=$(mktemp -d) || exit 1
trap 'rm -rf "$tmp"' EXIT
mkfifo "$tmp/in"
"$emu" /bin/busybox cat <"$tmp/in" >/dev/null 2>"$tmp/err" &
pid=$!
exec 3>"$tmp/in"          # the program now blocks reading an empty pipe
sleep 1
kill -SEGV "$pid"
wait "$pid"
status=$?
exec 3>&-
if [ "$status" != 254 ] || ! grep -q '^emu: internal error: host SIGSEGV' "$tmp/err"; then
    echo "FAIL: status $status, stderr:"; cat "$tmp/err"
    exit 1
fi
echo "internal: 1 passed, 0 failed"
