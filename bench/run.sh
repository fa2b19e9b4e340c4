#!/bin/sh
# bench/run.sh [BUILD_DIR]: each benchmark natively, under qemu-x86_64, under bare
# Unicorn (compute only) and under emu, pinned to one CPU, the median of BENCH_RUNS
# runs (default 5), and the peak resident memory of one more run (GNU time's %M: the
# largest of the process and its descendants). Outputs must match native. BENCH_ONLY
# (names, space separated) runs only those. Writes bench/RESULTS.md.
set -u
here=$(cd "$(dirname "$0")" && pwd)
build=$(cd "${1:-$here/../build}" && pwd)
runs=${BENCH_RUNS:-5}
cpu=${BENCH_CPU:-1}
out=$here/RESULTS.md
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
[ -x /usr/bin/time ] || echo "run.sh: /usr/bin/time missing (apt-get install time): peak memory is n/a" >&2
command -v qemu-x86_64 >/dev/null || echo "run.sh: qemu-x86_64 missing (apt-get install qemu-user): its column is n/a" >&2

# median_time CMD...: prints the median wall time in seconds, or "fails".
median_time() {
    i=0
    : >"$work/times"
    while [ $i -lt "$runs" ]; do
        start=$(date +%s%N)
        (cd "$work" && taskset -c "$cpu" "$@" >"$work/out" 2>/dev/null) || { echo fails; return; }
        end=$(date +%s%N)
        cmp -s "$work/out" "$work/expected" || { echo "wrong output"; return; }
        echo $(( (end - start) / 1000 )) >>"$work/times"
        i=$((i + 1))
    done
    sort -n "$work/times" | awk '{ t[NR] = $1 } END { printf "%.3f", t[int((NR + 1) / 2)] / 1e6 }'
}

# peak_mib CMD...: the peak resident memory of one run in MiB, or n/a.
peak_mib() {
    [ -x /usr/bin/time ] || { echo n/a; return; }
    (cd "$work" && /usr/bin/time -f %M -o "$work/rss" taskset -c "$cpu" "$@" >/dev/null 2>&1) || { echo n/a; return; }
    awk '{ printf "%.1f", $1 / 1024 }' "$work/rss"
}

# want NAME: whether BENCH_ONLY (if set) names this benchmark.
want() {
    [ -z "${BENCH_ONLY:-}" ] && return 0
    case " $BENCH_ONLY " in *" $1 "*) return 0 ;; esac
    return 1
}

ratio() { # ratio A B: A/B, or n/a
    case "$1$2" in *[!0-9.]*) echo n/a ;; *) awk -v a="$1" -v b="$2" 'BEGIN { printf "%.2fx", a / b }' ;; esac
}

{
    echo "| benchmark | native | qemu-x86_64 | bare Unicorn | emu | emu/native | emu/qemu | peak MiB native / qemu / emu |"
    echo "| --- | ---: | ---: | ---: | ---: | ---: | ---: | ---: |"
} >"$work/table"
for b in compute syscall fileio fork forkcow pipe spawn spawn-dyn thread futex unixrtt tcprtt tcpstream; do
    want "$b" || continue
    prog=$build/bench/$b
    (cd "$work" && "$prog" >"$work/expected")
    native=$(median_time "$prog")
    qemu=n/a
    command -v qemu-x86_64 >/dev/null && qemu=$(median_time qemu-x86_64 "$prog")
    bare=n/a
    [ "$b" = compute ] && [ -x "$build/bench/bare-unicorn" ] && bare=$(median_time "$build/bench/bare-unicorn" "$prog")
    emu=$(median_time "$build/emu" "$prog")
    mem="$(peak_mib "$prog") / $(peak_mib qemu-x86_64 "$prog") / $(peak_mib "$build/emu" "$prog")"
    echo "| $b | $native s | $qemu s | $bare s | $emu s | $(ratio "$emu" "$native") | $(ratio "$emu" "$qemu") | $mem |" |
        sed 's/n\/a s/n\/a/g; s/fails s/fails/g' >>"$work/table"
done
# Start-up of real dynamically linked programs (commands, not bench/ programs). qemu-x86_64
# follows no execve without binfmt_misc, so gcc's cc1 and as run natively in its column.
printf 'int main(void) { return 0; }\n' >"$work/hello.c"
for spec in "startup-python3:python3 -c pass" "startup-gcc:gcc -c hello.c"; do
    b=${spec%%:*}
    want "$b" || continue
    set -- ${spec#*:}
    cmd=$(command -v "$1") || continue
    shift
    (cd "$work" && "$cmd" "$@" >"$work/expected")
    native=$(median_time "$cmd" "$@")
    qemu=n/a
    command -v qemu-x86_64 >/dev/null && qemu=$(median_time qemu-x86_64 "$cmd" "$@")
    emu=$(median_time "$build/emu" "$cmd" "$@")
    mem="$(peak_mib "$cmd" "$@") / $(peak_mib qemu-x86_64 "$cmd" "$@") / $(peak_mib "$build/emu" "$cmd" "$@")"
    echo "| $b | $native s | $qemu s | n/a | $emu s | $(ratio "$emu" "$native") | $(ratio "$emu" "$qemu") | $mem |" |
        sed 's/n\/a s/n\/a/g; s/fails s/fails/g' >>"$work/table"
done
{
    echo "# Benchmark results"
    echo
    cat "$work/table"
    echo
    echo "$(date -u +%Y-%m-%d), $(grep -m1 'model name' /proc/cpuinfo | cut -d: -f2 | sed 's/^ //'),"
    echo "pinned to CPU $cpu, median of $runs runs; $("$build/emu" --version);"
    echo "$(qemu-x86_64 --version 2>/dev/null | head -n1)."
    echo "compute: sieve + hash over 4 MiB + xorshift; syscall: 1,000,000 getppid;"
    echo "fileio: write, read and pread a 64 MiB file in 4 KiB blocks; fork: 2,000 fork + exit +"
    echo "wait; forkcow: 20 forks of a parent that touched 64 MiB, each child writing 256 pages;"
    echo "pipe: 100,000 one-byte round trips between two processes; spawn: 500 fork + execve +"
    echo "wait; spawn-dyn: the same, a dynamically linked glibc program (ld.so maps libc.so.6"
    echo "and relocates at every execve); thread: 5,000 pthread_create + pthread_join; futex:"
    echo "200,000 round trips between two threads over one futex word (FUTEX_WAIT_PRIVATE,"
    echo "FUTEX_WAKE_PRIVATE). All but spawn-dyn built static with musl. startup-python3:"
    echo "\`python3 -c pass\`; startup-gcc: \`gcc -c hello.c\` (gcc runs cc1 and as as child"
    echo "processes; under qemu-x86_64 those run natively, since it follows no execve)."
    echo "unixrtt: 100,000 one-byte round trips between two processes over an AF_UNIX stream"
    echo "socketpair; tcprtt: the same over loopback TCP with TCP_NODELAY; tcpstream: 1 GiB"
    echo "over loopback TCP from one process to another in 64 KiB writes and reads. Peak"
    echo "memory: the largest resident set of the process and its descendants (GNU time's"
    echo "%M) in one more run; emu's counts every guest process's memory, and its own."
} >"$out"
# --explore's throughput: runs (each its own emu process) per second over
# samples/race, one at a time and as many at a time as there are CPUs (unpinned).
if [ -x "$build/samples/race" ]; then
    explore_rate() { # explore_rate JOBS PROGRAM: runs/s of 40 runs
        "$build/emu" --explore 40 --jobs "$1" "$build/$2" 2>/dev/null |
            sed -n 's/^explore: 40 runs of .*(\([0-9.]*\) runs\/s)$/\1/p'
    }
    {
        echo
        echo "## --explore throughput"
        echo
        echo "| program | --jobs 1 | --jobs $(nproc) |"
        echo "| --- | ---: | ---: |"
        for p in samples/race tests/sched/lost_update; do
            [ -x "$build/$p" ] || continue
            echo "| $p | $(explore_rate 1 "$p") runs/s | $(explore_rate "$(nproc)" "$p") runs/s |"
        done
        echo
        echo "\`emu --explore 40 --jobs J PROGRAM\` (default --sched random), the rate its summary"
        echo "line gives. samples/race: two threads of 1,000,000 unlocked adds each;"
        echo "tests/sched/lost_update: two threads of 2,000 (a planted bug's size)."
    } >>"$out"
fi
cat "$out"
