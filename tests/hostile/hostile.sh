#!/bin/sh
# hostile.sh EMU HOSTILE: each hostile program ends as Linux would end it (an errno,
# a signal, a status), or with emu's own report (a deadlock), and emu neither crashes
# nor hangs. Limits are small (--max-tasks, --max-memory) so the test stays cheap.
# The table in docs/hostile.md lists Linux's behaviour beside emu's for each.
set -u
emu=$1 prog=$2
tmp=$(mktemp -d) || exit 1
trap 'rm -rf "$tmp"' EXIT
pass=0 fail=0

# expect MODE STATUS PATTERN [EMU OPTIONS...]: status and a line of stdout+stderr
expect() {
    mode=$1 want=$2 pattern=$3
    shift 3
    timeout 60 "$emu" "$@" "$prog" "$mode" >"$tmp/out" 2>&1
    status=$?
    if [ "$status" = "$want" ] && grep -q -- "$pattern" "$tmp/out"; then
        pass=$((pass + 1))
    else
        echo "FAIL: $mode: status $status (want $want), output:"; cat "$tmp/out"
        fail=$((fail + 1))
    fi
}

expect forkbomb 137 "fork failed after 199 children: EAGAIN" --max-tasks 200
expect threadbomb 0 "pthread_create failed after 199 threads: EAGAIN" --max-tasks 200
expect hog 137 "emu: Out of memory: Killed process 2 (hostile)" --max-memory 64M
expect fdexhaust 0 "open failed after 1021 descriptors: EMFILE"
expect pipefull 253 "waits for a pipe (65536 bytes in it"
expect timers 0 "created [0-9]* timers"
expect sembomb 0 "semget failed after 32 sets: ENOSPC"
expect stack 139 "killed by SIGSEGV"
expect execloop 0 "exec loop done"
expect hugeargv 0 "E2BIG"
expect mountescape 0 "mount escape: 0 holes"
echo "hostile: $pass passed, $fail failed"
[ "$fail" = 0 ]
