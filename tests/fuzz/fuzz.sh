#!/bin/sh
# fuzz.sh EMU SYSFUZZ ELFMUT OKELF FIRST LAST [CALLS MUTANTS]: seeds FIRST..LAST of
# the random-system-call guest (CALLS calls each, in a scratch directory) and of the
# ELF mutator (MUTANTS mutants each). A failure is emu's, never the guest's: status
# 254 (emu's internal error), a sanitizer report, or a run that does not end. Each
# failure prints the command that reproduces it from its seed.
# The test command runs a few seeds; a long run is e.g.
#   sh tests/fuzz/fuzz.sh build-asan/emu build-asan/tests/fuzz/sysfuzz \
#      build-asan/tests/fuzz/elfmut build-asan/tests/bad/ok-static 1 10000
set -u
emu=$1 sysfuzz=$2 elfmut=$3 ok=$4 first=$5 last=$6 calls=${7:-2000} mutants=${8:-20}
tmp=$(mktemp -d) || exit 1
trap 'rm -rf "$tmp"' EXIT
pass=0 fail=0

emu_failed() { # status, stderr file: did emu itself fail?
    [ "$1" = 254 ] || [ "$1" = 124 ] || grep -qE 'AddressSanitizer|runtime error:|LeakSanitizer' "$2"
}

seed=$first
while [ "$seed" -le "$last" ]; do
    mkdir "$tmp/s$seed" && cd "$tmp/s$seed" || exit 1
    timeout 60 "$emu" "$sysfuzz" "$seed" "$calls" >/dev/null 2>"$tmp/err"
    status=$?
    cd "$tmp" || exit 1
    if emu_failed "$status" "$tmp/err"; then
        echo "FAIL: syscall fuzz seed $seed: status $status; replay: (cd \$(mktemp -d) && $emu $sysfuzz $seed $calls)"
        head -20 "$tmp/err"
        fail=$((fail + 1))
    else
        pass=$((pass + 1))
    fi
    i=0
    while [ "$i" -lt "$mutants" ]; do
        "$elfmut" "$ok" "$tmp/mutant" "$seed" "$i" || exit 1
        timeout 30 "$emu" "$tmp/mutant" >/dev/null 2>"$tmp/err"
        status=$?
        if emu_failed "$status" "$tmp/err"; then
            echo "FAIL: ELF mutant $seed/$i: status $status; replay: $elfmut $ok m $seed $i && $emu m"
            head -20 "$tmp/err"
            fail=$((fail + 1))
        else
            pass=$((pass + 1))
        fi
        i=$((i + 1))
    done
    seed=$((seed + 1))
done
echo "fuzz: $pass passed, $fail failed"
[ "$fail" = 0 ]
