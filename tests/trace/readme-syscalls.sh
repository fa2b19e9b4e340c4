#!/bin/sh
# readme-syscalls.sh TABLES README: the README's "System calls (N): a b c." list
# against the calls kernel/syscall_table.c implements: the same names, and N their
# number. TABLES is syscall_tables (it prints the tables).
set -u
tables=$1
readme=$2
work=$(mktemp -d) || exit 1
trap 'rm -rf "$work"' EXIT
"$tables" | sed -n 's/^implemented [0-9]* //p' | sort >"$work/table" || exit 1
# the paragraph from "System calls (N):" to the first full stop
awk '/^System calls \([0-9]+\):/ { on = 1 } on { print } on && /\.$/ { exit }' "$readme" |
    tr -s ' \n' '\n\n' >"$work/words"
count=$(sed -n 's/^(\([0-9]*\)):$/\1/p' "$work/words")
sed -e '1,3d' -e 's/\.$//' "$work/words" | grep . | sort >"$work/readme"
fail=0
if ! cmp -s "$work/table" "$work/readme"; then
    echo "FAIL: README's list (+) against kernel/syscall_table.c's calls (-):"
    diff "$work/table" "$work/readme" | grep '^[<>]' | sed 's/^</-/; s/^>/+/'
    fail=1
fi
if [ "$count" != "$(wc -l <"$work/table")" ]; then
    echo "FAIL: README says System calls ($count), the table implements $(wc -l <"$work/table")"
    fail=1
fi
[ "$fail" = 0 ] && echo "PASS: README lists the $count calls of kernel/syscall_table.c"
exit "$fail"
