#!/bin/sh
# gotest.sh EMU TESTBIN PKGDIR [-x EXCLUDED-REGEXP] [-s I/N] [TEST FLAGS...]: a Go
# standard-library test binary (go test -c) run on the real kernel and under emu,
# in the package's source directory (its testdata), with -test.short -test.v.
#
# The tests run are those `TESTBIN -test.list .` names, less the ones matching
# EXCLUDED-REGEXP (Go 1.19 has no -test.skip), and with -s I/N only every N-th of
# them starting at the I-th (a shard, to keep each run short). Both runs must
# pass (exit 0 and the PASS line), and the tests each run passed and skipped must be
# the same (times and the order of parallel tests aside): a test that passes natively
# and is skipped under emu is a failure too. Exit status: 0 (PASS), 1 (FAIL), 2 (usage).
set -u
if [ $# -lt 3 ]; then
    echo "usage: gotest.sh EMU TESTBIN PKGDIR [-x REGEXP] [-s I/N] [FLAGS...]" >&2
    exit 2
fi
emu=$1 bin=$2 dir=$3
shift 3
exclude='^$' shard=1/1
while [ $# -gt 0 ]; do
    case $1 in
    -x) exclude=$2; shift 2 ;;
    -s) shard=$2; shift 2 ;;
    *) break ;;
    esac
done
name="$(basename "$bin") $shard"
work=$(mktemp -d "${TMPDIR:-/tmp}/emu-gotest.XXXXXX") || exit 1
trap 'rm -rf "$work"' EXIT
trap 'exit 130' INT TERM
cd "$dir" || exit 1

"$bin" -test.list . >"$work/all" || { echo "FAIL $name: -test.list"; exit 1; }
i=${shard%/*} n=${shard#*/}
grep -v -E "$exclude" "$work/all" | awk -v i="$i" -v n="$n" '(NR - i) % n == 0' >"$work/run"
count=$(wc -l <"$work/run")
[ "$count" -gt 0 ] || { echo "FAIL $name: no test selected"; exit 1; }
regexp="^($(paste -sd'|' "$work/run"))\$"

# run TAG CMD...: the tests, stdout and stderr to $work/TAG.out, status in TAG.status.
# The same clean environment as tests/guest/compare.sh, and a fresh TMPDIR and HOME.
run() {
    tag=$1
    shift
    rm -rf "$work/tmp" && mkdir "$work/tmp" || exit 1
    (
        ulimit -c 0 2>/dev/null
        exec 3>&- 4>&- 5>&- 6>&- 7>&- 8>&- 9>&-
        exec env -i PATH=/usr/bin:/bin HOME="$work/tmp" TMPDIR="$work/tmp" LANG=C TZ=UTC \
            timeout -k 5 140 "$@" -test.short -test.v -test.timeout=130s \
            -test.run "$regexp" </dev/null >"$work/$tag.out" 2>&1
    )
    echo $? >"$work/$tag.status"
    # the verdict of every test and subtest, without its time, in one order
    sed -n 's/^ *--- \(PASS\|SKIP\|FAIL\): \([^ ]*\) .*/\1 \2/p' "$work/$tag.out" |
        sort >"$work/$tag.verdicts"
}

start=$(date +%s)
run native "$bin" "$@"
mid=$(date +%s)
run emu "$emu" "$bin" "$@"
end=$(date +%s)
ns=$(cat "$work/native.status") es=$(cat "$work/emu.status")
passed=$(grep -c '^PASS ' "$work/emu.verdicts")
times="native $((mid - start)) s, emu $((end - mid)) s"

fail=
if [ "$ns" != 0 ] || ! grep -qx PASS "$work/native.out"; then
    fail="the native run fails (status $ns): the selection does not suit this machine"
elif [ "$es" != 0 ] || ! grep -qx PASS "$work/emu.out"; then
    fail="the emu run fails (status $es)"
elif ! cmp -s "$work/native.verdicts" "$work/emu.verdicts"; then
    fail="the tests' verdicts differ"
fi
if [ -z "$fail" ]; then
    echo "PASS $name: $count tests, $passed tests and subtests passed ($times)"
    exit 0
fi
echo "FAIL $name: $fail ($times)"
diff "$work/native.verdicts" "$work/emu.verdicts" | grep '^[<>]' | sed 's/^</- native:/; s/^>/+ emu:/' | head -40
for tag in native emu; do
    echo "--- $tag: failures and the last lines"
    grep -E -B3 -A10 '^ *--- FAIL' "$work/$tag.out" | head -60
    tail -15 "$work/$tag.out"
done
exit 1
