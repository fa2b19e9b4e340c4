#!/bin/sh
# tsc.sh EMU TSC: RDTSC reads virtual time, never the host's counter, so two runs
# of the same program print the same readings (natively they never do).
set -u
emu=$1 prog=$2
a=$("$emu" "$prog" values) || { echo "FAIL: exited $?"; exit 1; }
b=$("$emu" "$prog" values) || { echo "FAIL: exited $?"; exit 1; }
if [ "$a" != "$b" ]; then
    echo "FAIL: two runs read '$a' and '$b'"
    exit 1
fi
echo "tsc: 1 passed, 0 failed"
