#!/bin/sh
# steps.sh EMU PROG: the length of a run in steps (the "# steps N" line of a recorded
# schedule, pct's k for --explore) is a function of the program and its input only.
#  1. Two --explore runs with the same environment, from other directories, with emu
#     called by another path and from another copy, measure the same k; two
#     recordings under rr give the same "# steps" line.
#  2. The environment is the program's input (glibc's start-up reads every variable):
#     one variable more changes k. This is why k moved between invocations from a
#     shell: it exports PWD, OLDPWD and _ (the command's path) to what it runs.
set -u
emu=$(cd "$(dirname "$1")" && pwd)/$(basename "$1")
prog=$(cd "$(dirname "$2")" && pwd)/$(basename "$2")
fail=0
tmp=$(mktemp -d) || exit 1
trap 'rm -rf "$tmp"' EXIT
mkdir -p "$tmp/a/much/longer/working/directory/than/the/other/one"
cp "$emu" "$tmp/emu-copy"

# k E DIR ENV...: the k that --explore measures, emu E run from DIR with ENV only
k() {
    e=$1 dir=$2
    shift 2
    (cd "$dir" && env -i "$@" "$e" --explore 1 --sched pct:3 "$prog" 2>&1 >/dev/null) |
        sed -n 's/^explore: a round-robin run took \([0-9]*\) steps.*/\1/p'
}
k1=$(k "$emu" / A=1)
k2=$(k "$tmp/emu-copy" "$tmp/a/much/longer/working/directory/than/the/other/one" A=1)
k3=$(cd "$(dirname "$emu")" && k "./$(basename "$emu")" . A=1)
if [ -z "$k1" ] || [ "$k1" != "$k2" ] || [ "$k1" != "$k3" ]; then
    echo "FAIL: one environment, three measures of k: '$k1' '$k2' '$k3'"
    fail=1
fi
for i in 1 2; do
    (cd "$tmp" && env -i A=1 "$emu" --sched rr --record-schedule "$tmp/s$i" "$prog" >"$tmp/o$i" 2>&1)
    grep '^# steps ' "$tmp/s$i" >"$tmp/steps$i"
done
if ! [ -s "$tmp/steps1" ] || ! cmp -s "$tmp/steps1" "$tmp/steps2"; then
    echo "FAIL: two recordings end with other '# steps' lines"
    cat "$tmp/steps1" "$tmp/steps2"
    fail=1
fi
k4=$(k "$emu" / A=1 B=2)
if [ -z "$k4" ] || [ "$k4" = "$k1" ]; then
    echo "FAIL: a variable more in the environment did not change k ($k1, $k4)"
    fail=1
fi
[ $fail = 0 ] && echo "PASS: k = $k1 three times (and $k4 with a variable more); '$(cat "$tmp/steps1")' twice"
exit $fail
