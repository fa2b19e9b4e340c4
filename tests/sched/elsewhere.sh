#!/bin/sh
# elsewhere.sh EMU PROG...: a schedule file replays the run in another place. Each
# PROG is recorded under --trace=all, then replayed with --schedule by another copy
# of emu, with a copy of PROG at another path, from another working directory, in
# another environment: the same stdout, status and trace, byte for byte (the file
# gives the program its recorded name, /proc/self/exe, arguments and environment).
# The same replay without those lines of the file must differ: what they fix
# matters.
set -u
emu=$1
shift
fail=0
tmp=$(mktemp -d) || exit 1
trap 'rm -rf "$tmp"' EXIT
mkdir -p "$tmp/bin" "$tmp/progs/elsewhere" "$tmp/cwd/deeper"
cp "$emu" "$tmp/bin/emu"

for prog in "$@"; do
    name=$(basename "$prog")
    "$emu" --seed 4 --trace=all --trace-file "$tmp/t0" --record-schedule "$tmp/s" "$prog" >"$tmp/o0" 2>"$tmp/e0"
    echo $? >"$tmp/r0"
    cp "$prog" "$tmp/progs/elsewhere/copy-$name"
    grep -v '^exec \|^exe \|^arg \|^env ' "$tmp/s" >"$tmp/s-bare"
    for f in s s-bare; do
        (cd "$tmp/cwd/deeper" && env -i ONLY=this "$tmp/bin/emu" --trace=all --trace-file "$tmp/t-$f" \
            --schedule "$tmp/$f" "../../progs/elsewhere/copy-$name" >"$tmp/o-$f" 2>"$tmp/e-$f")
        echo $? >"$tmp/r-$f"
    done
    if ! cmp -s "$tmp/o0" "$tmp/o-s" || ! cmp -s "$tmp/r0" "$tmp/r-s" || ! cmp -s "$tmp/t0" "$tmp/t-s" ||
        [ -s "$tmp/e-s" ]; then
        echo "FAIL: $name: the replay elsewhere differs from the recorded run"
        diff "$tmp/t0" "$tmp/t-s" | head -5
        head -3 "$tmp/e-s"
        fail=1
    fi
    if cmp -s "$tmp/t0" "$tmp/t-s-bare"; then
        echo "FAIL: $name: without its program lines the file replays the same trace too"
        fail=1
    fi
    grep -q "^exe /" "$tmp/s" || { echo "FAIL: $name: no 'exe' line"; fail=1; }
done
[ $fail = 0 ] && echo "PASS: $# programs replay byte for byte from another path, directory and environment"
exit $fail
