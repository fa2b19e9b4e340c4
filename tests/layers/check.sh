#!/bin/sh
# The layers' include graph (docs/architecture.md): arch/ sees only its interface
# emu/arch.h of emu's headers; kernel/ and include/ never see Unicorn, Capstone or
# arch/'s own headers; the command line (emu/) sees no engine either.
# Usage: check.sh SOURCE_DIR. Prints each violation; exit 1 if there is one.
set -u
cd "$1" || exit 2
bad=0
violation() { echo "layers: $1"; bad=1; }

for f in $(find kernel include emu -name '*.[ch]'); do
	grep -nE '#[[:space:]]*include[[:space:]]*[<"](unicorn|capstone)/' "$f" |
		while IFS= read -r l; do echo "layers: $f:$l (the engine belongs to arch/)"; done
	grep -nE '#[[:space:]]*include[[:space:]]*"' "$f" |
		while IFS= read -r l; do echo "layers: $f:$l (include emu's headers as <emu/...>)"; done
done | grep . && bad=1

for f in $(find arch -name '*.[ch]'); do
	grep -nE '#[[:space:]]*include[[:space:]]*<emu/' "$f" | grep -v '<emu/arch\.h>' |
		while IFS= read -r l; do echo "layers: $f:$l (arch/ sees only emu/arch.h)"; done
done | grep . && bad=1

# The interface itself names no engine and no kernel header.
grep -nE '#[[:space:]]*include[[:space:]]*[<"](unicorn|capstone|emu)/' arch/include/emu/arch.h |
	grep . && { echo "layers: arch/include/emu/arch.h must stand alone"; bad=1; }

# Every header of include/emu belongs to the kernel: none may be arch's.
for h in arch/x86/*.h; do
	[ -e "include/emu/$(basename "$h")" ] && violation "$h shadows include/emu/$(basename "$h")"
done

# There is no loader/ beside the kernel any more: exec owns it (kernel/binfmt_elf.c).
[ -d loader ] && violation "loader/ exists again: the ELF loader is kernel/binfmt_elf.c"

if [ "$bad" = 0 ]; then echo "layers: 1 passed, 0 failed"; fi
exit "$bad"
