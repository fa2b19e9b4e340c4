#!/bin/sh
# bench/record.sh [BUILD_DIR]: what --record costs. Each benchmark under emu and
# under emu --record, alternately, pinned to one CPU, the median of BENCH_RUNS runs
# (default 5); outputs must match. Writes bench/RECORD.md with the recording's size.
set -u
here=$(cd "$(dirname "$0")" && pwd)
build=$(cd "${1:-$here/../build}" && pwd)
runs=${BENCH_RUNS:-5}
cpu=${BENCH_CPU:-1}
out=$here/RECORD.md
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT

# one_run TIMES_FILE CMD...: appends the CPU time (user + system) the command took,
# in microseconds, from getrusage: steadier than wall time on a shared machine.
# Fails on another output.
one_run() {
    times=$1
    shift
    (cd "$work" && taskset -c "$cpu" python3 -c '
import resource, subprocess, sys
with open(sys.argv[2], "w") as out, open("input", "rb") as inp:
    if subprocess.call(sys.argv[3:], stdin=inp, stdout=out, stderr=subprocess.DEVNULL):
        sys.exit(1)
r = resource.getrusage(resource.RUSAGE_CHILDREN)
with open(sys.argv[1], "a") as t:
    t.write("%d\n" % ((r.ru_utime + r.ru_stime) * 1e6))
' "$times" "$work/out" "$@") || return 1
    cmp -s "$work/out" "$work/expected"
}

median() {
    sort -n "$1" | awk '{ t[NR] = $1 } END { printf "%.3f", t[int((NR + 1) / 2)] / 1e6 }'
}

{
    echo "| benchmark | emu | emu --record | overhead | recording | events | files |"
    echo "| --- | ---: | ---: | ---: | ---: | ---: | ---: |"
} >"$work/table"
# stdin reads 16 MiB from a file (every read of stdin is recorded, bytes and all);
# the others read nothing
head -c 16777216 /dev/urandom >"$work/input.16m"
for b in compute syscall fileio fork forkcow pipe spawn spawn-dyn thread futex stdin; do
    prog=$build/bench/$b
    if [ $b = stdin ]; then cp "$work/input.16m" "$work/input"; else : >"$work/input"; fi
    (cd "$work" && "$prog" <"$work/input" >"$work/expected")
    : >"$work/plain"
    : >"$work/rec"
    i=0 ok=1
    while [ $i -lt "$runs" ] && [ $ok = 1 ]; do # alternate, so that load hits both alike
        rm -rf "$work/recording"
        one_run "$work/plain" "$build/emu" "$prog" &&
            one_run "$work/rec" "$build/emu" --record "$work/recording" "$prog" || ok=0
        i=$((i + 1))
    done
    if [ $ok = 0 ]; then
        echo "| $b | fails | | | | | |" >>"$work/table"
        continue
    fi
    plain=$(median "$work/plain")
    rec=$(median "$work/rec")
    size=$(du -sb "$work/recording" | cut -f1)
    events=$(wc -l <"$work/recording/events")
    files=$(wc -l <"$work/recording/files")
    echo "| $b | $plain s | $rec s | $(awk -v a="$rec" -v b="$plain" 'BEGIN { printf "%+.1f %%", (a / b - 1) * 100 }') | $size B | $events | $files |" >>"$work/table"
done
{
    echo "# What --record costs"
    echo
    cat "$work/table"
    echo
    echo "$(date -u +%Y-%m-%d), $(grep -m1 'model name' /proc/cpuinfo | cut -d: -f2 | sed 's/^ //'),"
    echo "pinned to CPU $cpu, CPU time (user + system), median of $runs runs of each, alternating;"
    echo "$("$build/emu" --version)."
    echo "The programs are bench/run.sh's, with stdin empty and stdout to a file, and"
    echo "stdin (bench/stdin.c), which reads 16 MiB of stdin from a file in 64 KiB reads."
    echo "recording: the directory's bytes (header with the environment, events, data,"
    echo "files); events: lines of DIR/events; files: input files identified (docs/replay.md)."
} >"$out"
cat "$out"
