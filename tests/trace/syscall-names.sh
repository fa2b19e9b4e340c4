#!/bin/sh
# syscall-names.sh TABLES CC: the x86-64 name table (kernel/trace/syscallent.c)
# against the system's <asm/unistd_64.h>: every __NR_ there has its number and name
# in the table; and every row of kernel/syscall_table.c has the name the table gives
# its number. TABLES is syscall_tables (it prints the tables).
set -u
tables=$1
cc=$2
work=$(mktemp -d) || exit 1
trap 'rm -rf "$work"' EXIT
"$tables" >"$work/tables" || exit 1
echo '#include <asm/unistd_64.h>' | "$cc" -dM -E - |
    sed -n 's/^#define __NR_\([a-z0-9_]*\) \([0-9]*\)$/\2 \1/p' | sort >"$work/header"
[ -s "$work/header" ] || { echo "FAIL: no __NR_ names in <asm/unistd_64.h>"; exit 1; }
sed -n 's/^named //p' "$work/tables" | sort >"$work/named"
sed -n 's/^\(implemented\|decoded\) //p' "$work/tables" | sort >"$work/rows"
fail=0
missing=$(comm -23 "$work/header" "$work/named")
if [ -n "$missing" ]; then
    echo "FAIL: in <asm/unistd_64.h> but not in kernel/trace/syscallent.c (number name):"
    echo "$missing"
    fail=1
fi
wrong=$(comm -23 "$work/rows" "$work/named")
if [ -n "$wrong" ]; then
    echo "FAIL: rows of kernel/syscall_table.c whose number has another name:"
    echo "$wrong"
    fail=1
fi
[ "$fail" = 0 ] && echo "PASS: $(wc -l <"$work/header") calls of the header, $(wc -l <"$work/rows") rows of the table, one name each"
exit "$fail"
