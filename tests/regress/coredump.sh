#!/bin/sh
# coredump.sh EMU PROG: runs tests/regress/coredump.c under emu and checks what
# core(5) and the ELF core format say: which deaths leave a core and the WCOREDUMP
# bit (Linux sets it once the dump has begun, even if RLIMIT_CORE cuts it), then the SIGSEGV core itself (readelf's notes; in NT_PRSTATUS the signal
# and a rip equal to crash_here's address from nm; NT_SIGINFO's si_addr; the
# memory kept and the MADV_DONTDUMP page left out). When the host's core_pattern
# is a plain "core", the native run must print the same lines too.
set -u
emu=$1 prog=$2
work=$(mktemp -d "${TMPDIR:-/tmp}/emu-core.XXXXXX") || exit 1
trap 'rm -rf "$work"' EXIT
fail=0
bad() { echo "FAIL: $*"; fail=1; }

expected='segv: signal 11, core bit 1, core file yes
abort: signal 6, core bit 1, core file yes
quit: signal 3, core bit 1, core file yes
term: signal 15, core bit 0, core file no
limit0: signal 11, core bit 0, core file no
limit-below-a-page: signal 11, core bit 0, core file no
limit-too-small: signal 11, core bit 1, core file yes
not-dumpable: signal 11, core bit 0, core file no'

mkdir "$work/emu" && (cd "$work/emu" && "$emu" "$prog" >out 2>err)
[ "$(cat "$work/emu/out")" = "$expected" ] || { bad "emu's statuses:"; diff "$work/emu/out" - <<E
$expected
E
}
if [ "$(cat /proc/sys/kernel/core_pattern 2>/dev/null)" = core ]; then
	mkdir "$work/native" && (cd "$work/native" && "$prog" >out 2>err)
	cmp -s "$work/native/out" "$work/emu/out" || { bad "native and emu differ:"; diff "$work/native/out" "$work/emu/out"; }
fi

core=$work/emu/segv/core
[ -f "$core" ] || { bad "no core file"; exit 1; }
readelf -h "$core" | grep -q 'Type: *CORE' || bad "not an ET_CORE file"
notes=$(readelf -n "$core")
for n in "NT_PRSTATUS 2" "NT_PRPSINFO 1" "NT_SIGINFO 1" "NT_AUXV 1" "NT_FILE 1" "NT_FPREGSET 2"; do
	set -- $n
	[ "$(echo "$notes" | grep -cw "$1")" = "$2" ] || bad "$1: want $2 in: $notes"
done
want=$(nm "$prog" | awk '$3 == "crash_here" { print $1 }')
got=$(python3 - "$core" <<'PY'
import struct, sys
d = open(sys.argv[1], 'rb').read()
phoff, = struct.unpack_from('<Q', d, 32)
phnum, = struct.unpack_from('<H', d, 56)
for i in range(phnum):
    ptype, _, off, _, _, size = struct.unpack_from('<IIQQQQ', d, phoff + 56 * i)
    if ptype != 4:
        continue
    pos, seen = off, set()
    while pos < off + size:
        namesz, descsz, ntype = struct.unpack_from('<III', d, pos)
        desc = pos + 12 + (namesz + 3) // 4 * 4
        if ntype == 1 and 1 not in seen:   # NT_PRSTATUS: pr_cursig, pr_reg[16] (rip)
            print('cursig %d rip %016x' % (struct.unpack_from('<h', d, desc + 12)[0],
                                           struct.unpack_from('<Q', d, desc + 112 + 16 * 8)[0]))
        if ntype == 0x53494749:            # NT_SIGINFO: si_signo, si_addr
            print('siginfo %d addr %x' % (struct.unpack_from('<i', d, desc)[0],
                                          struct.unpack_from('<Q', d, desc + 16)[0]))
        seen.add(ntype)
        pos = desc + (descsz + 3) // 4 * 4
PY
)
[ "$got" = "cursig 11 rip $want
siginfo 11 addr 10" ] || bad "registers: got '$got', want cursig 11, rip $want (crash_here), si_addr 0x10"
grep -q 'KEEP-THIS-MARKER' "$core" || bad "the written page is not in the core"
! grep -q 'DROP-THIS-MARKER' "$core" || bad "the MADV_DONTDUMP page is in the core"
[ $fail = 0 ] && echo "PASS coredump"
exit $fail
