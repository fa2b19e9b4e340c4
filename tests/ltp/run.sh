#!/usr/bin/env bash
# Run the Linux Test Project's syscall tests for emu's 38 system-call families,
# natively and under emu, and write a markdown table of the results.
#
#   tests/ltp/run.sh [options] [LTP_SRC]
#
# Nothing of LTP is part of this repository: give the path of an LTP source
# checkout (argument or LTP_SRC=...); without one the script clones
# https://github.com/linux-test-project/ltp (--depth 1) into the work directory.
# LTP is built there, statically and unmodified; only lib/ and the needed
# testcases/kernel/syscalls/<family> directories. See docs/ltp.md.

set -u -o pipefail

FAMILIES="fork vfork clone clone3 futex wait waitpid waitid wait4 exit exit_group
execve execveat pipe pipe2 kill tgkill tkill rt_sigaction rt_sigprocmask
rt_sigsuspend sigaltstack rt_sigtimedwait getpid getppid gettid set_tid_address
prctl setpgid setsid nanosleep clock_nanosleep brk mmap mprotect munmap madvise
mremap"

here=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)
repo=$(cd "$here/../.." && pwd)

usage() {
	cat <<EOF
usage: $0 [options] [LTP_SRC]

  LTP_SRC            LTP source checkout (or the LTP_SRC environment variable);
                     if none, git clone --depth 1 $LTP_URL into WORK/ltp-git
  --work DIR         work directory: build, logs, results (default /tmp/emu-ltp)
  --emu PATH         emu binary (default $repo/build/emu)
  --out FILE         markdown report (default WORK/ltp-results.md)
  --only F1,F2,...   only these families (directory names, e.g. fork,mmap)
  --tests REGEX      only runtest entries whose name matches REGEX (grep -E)
  --timeout SECS     wall-clock cap per test run (default 60)
  --timeout-mul X    export LTP_TIMEOUT_MUL=X to the tests
  --runtime-mul X    export LTP_RUNTIME_MUL=X (default 0.05: fork13's 600 s
                     becomes 30 s, mmap22's and madvise11's 30 s 1.5 s)
  --jobs N           make -jN (default: nproc)
  --native-only      do not run under emu
  --emu-only         do not run natively
  --no-build         use the binaries already installed in WORK/ltp
  --trace            run emu with --trace=syscall (WORK/logs/emu/NAME.trace) and
                     list the system calls answered ENOSYS in the report
  --emu-opt OPT      extra emu option (repeatable), e.g. --emu-opt --realtime
  --list             print the selected runtest entries and exit
  -h, --help
EOF
}

LTP_URL=https://github.com/linux-test-project/ltp
WORK=/tmp/emu-ltp
EMU=$repo/build/emu
OUT=
ONLY=
TESTRE=
TIMEOUT=60
TMUL=
RMUL=0.05
JOBS=$(nproc 2>/dev/null || echo 2)
RUN_NATIVE=1
RUN_EMU=1
BUILD=1
TRACE=0
LIST=0
EMU_OPTS=()
SRC=${LTP_SRC:-}

while [ $# -gt 0 ]; do
	case $1 in
	--work) WORK=$2; shift ;;
	--emu) EMU=$2; shift ;;
	--out) OUT=$2; shift ;;
	--only) ONLY=$2; shift ;;
	--tests) TESTRE=$2; shift ;;
	--timeout) TIMEOUT=$2; shift ;;
	--timeout-mul) TMUL=$2; shift ;;
	--runtime-mul) RMUL=$2; shift ;;
	--jobs) JOBS=$2; shift ;;
	--native-only) RUN_EMU=0 ;;
	--emu-only) RUN_NATIVE=0 ;;
	--no-build) BUILD=0 ;;
	--trace) TRACE=1 ;;
	--emu-opt) EMU_OPTS+=("$2"); shift ;;
	--list) LIST=1 ;;
	-h|--help) usage; exit 0 ;;
	-*) echo "$0: unknown option $1" >&2; usage >&2; exit 2 ;;
	*) SRC=$1 ;;
	esac
	shift
done

die() { echo "ltp: $*" >&2; exit 1; }
say() { echo "ltp: $*" >&2; }

mkdir -p "$WORK" || die "cannot create $WORK"
WORK=$(cd "$WORK" && pwd)
[ -n "$OUT" ] || OUT=$WORK/ltp-results.md
case $OUT in /*) ;; *) OUT=$PWD/$OUT ;; esac
case $EMU in /*) ;; *) EMU=$PWD/$EMU ;; esac

if [ -n "$ONLY" ]; then
	for f in ${ONLY//,/ }; do
		case " $(echo $FAMILIES) " in *" $f "*) ;; *) die "--only: $f is not one of: $(echo $FAMILIES)" ;; esac
	done
	FAMILIES=${ONLY//,/ }
fi

# ---------------------------------------------------------------- the source
if [ -z "$SRC" ]; then
	SRC=$WORK/ltp-git
	if [ ! -d "$SRC/testcases" ]; then
		say "no LTP source given (argument or LTP_SRC): cloning $LTP_URL into $SRC"
		git clone --depth 1 "$LTP_URL" "$SRC" || die "git clone failed"
	fi
fi
SRC=$(cd "$SRC" 2>/dev/null && pwd) || die "no such directory: $SRC"
[ -f "$SRC/runtest/syscalls" ] && [ -d "$SRC/testcases/kernel/syscalls" ] ||
	die "$SRC does not look like an LTP source tree"
LTP_COMMIT=$(git -C "$SRC" rev-parse HEAD 2>/dev/null || echo unknown)
if [ "$LTP_COMMIT" != unknown ] && [ -n "$(git -C "$SRC" status --porcelain --untracked-files=no 2>/dev/null)" ]; then
	LTP_COMMIT="$LTP_COMMIT (with local changes)"
fi
LTP_VERSION=$(cat "$SRC/VERSION" 2>/dev/null || echo unknown)

# ------------------------------------------------------------ the selection
# A runtest/syscalls entry belongs to a family when its program is built from
# a .c file in testcases/kernel/syscalls/<family>/.
SEL=$WORK/selection.tsv	# family name command...
for f in $FAMILIES; do
	d=$SRC/testcases/kernel/syscalls/$f
	[ -d "$d" ] || die "no $d in this LTP"
	for c in "$d"/*.c; do b=${c##*/}; echo "${b%.c} $f"; done
done | awk 'NR == FNR { fam[$1] = $2; next }
	/^[ \t]*#/ || NF < 2 { next }
	($2 in fam) { printf "%s\t%s\t", fam[$2], $1; for (i = 2; i <= NF; i++) printf "%s%s", $i, (i < NF ? " " : "\n") }' \
	- "$SRC/runtest/syscalls" > "$SEL.all"
if [ -n "$TESTRE" ]; then
	awk -F'\t' -v re="$TESTRE" '$2 ~ re' "$SEL.all" > "$SEL"
else
	cp "$SEL.all" "$SEL"
fi
rm -f "$SEL.all"
NSEL=$(wc -l < "$SEL")
[ "$NSEL" -gt 0 ] || die "no runtest entry selected"
if [ $LIST = 1 ]; then cat "$SEL"; exit 0; fi
say "$NSEL runtest entries from $SRC (LTP $LTP_VERSION, commit $LTP_COMMIT)"

# --------------------------------------------------------------- the build
PREFIX=$WORK/ltp
BSRC=$WORK/src
if [ $BUILD = 1 ]; then
	missing=
	for t in autoconf automake m4 pkg-config make gcc; do
		command -v $t >/dev/null || missing="$missing $t"
	done
	if [ -n "$missing" ]; then
		say "missing:$missing"
		die "install them, e.g.: apt-get install -y autoconf automake m4 pkg-config make gcc"
	fi
	LOG=$WORK/build.log
	: > "$LOG"
	stamp="$SRC $LTP_COMMIT"
	if [ ! -f "$BSRC/.emu-ltp-configured" ] || [ "$(cat "$BSRC/.emu-ltp-configured")" != "$stamp" ]; then
		say "copying $SRC to $BSRC and configuring (static) ..."
		rm -rf "$BSRC" && mkdir -p "$BSRC" || die "cannot create $BSRC"
		tar -C "$SRC" --exclude=.git -cf - . | tar -C "$BSRC" -xf - || die "copy failed"
		(cd "$BSRC" && make autotools && ./configure --prefix="$PREFIX" LDFLAGS=-static) >> "$LOG" 2>&1 ||
			{ tail -20 "$LOG"; die "configure failed, see $LOG"; }
		echo "$stamp" > "$BSRC/.emu-ltp-configured"
	fi
	say "building lib/ and $(echo $FAMILIES | wc -w) syscall directories with make -j$JOBS (log: $LOG) ..."
	make -C "$BSRC/lib" -j"$JOBS" >> "$LOG" 2>&1 || { tail -20 "$LOG"; die "building LTP's lib failed, see $LOG"; }
	for f in $FAMILIES; do
		d=$BSRC/testcases/kernel/syscalls/$f
		{ make -C "$d" -j"$JOBS" && make -C "$d" install; } >> "$LOG" 2>&1 ||
			{ tail -20 "$LOG"; die "building $f failed, see $LOG"; }
	done
fi
BIN=$PREFIX/testcases/bin
[ -d "$BIN" ] || die "no $BIN: build first (without --no-build)"

mkdir -p "$WORK/bin"
RUNNER=$WORK/bin/ltp-run
if [ ! -x "$RUNNER" ] || [ "$here/ltp-run.c" -nt "$RUNNER" ]; then
	gcc -O2 -Wall -o "$RUNNER" "$here/ltp-run.c" || die "cannot build $RUNNER"
fi

if [ $RUN_EMU = 1 ]; then
	[ -x "$EMU" ] || die "no emu at $EMU (build it with ./setup, or give --emu PATH)"
	EMU_VERSION=$("$EMU" --version 2>&1 | head -1)
	EMU_COMMIT=$(git -C "$(dirname "$EMU")" rev-parse --short HEAD 2>/dev/null || echo unknown)
fi

# ----------------------------------------------------------------- running
CUR=
cleanup() { [ -n "$CUR" ] && kill -TERM "$CUR" 2>/dev/null && wait "$CUR" 2>/dev/null; }
trap 'cleanup; say "interrupted"; exit 130' INT TERM HUP

RES=$WORK/results.tsv	# name family native emu native_detail emu_detail

# Tests that check kernel options read /proc/config.gz through popen("zcat"):
# /bin/sh is dynamically linked, which emu does not run. Give both runs the
# same configuration uncompressed (LTP's KCONFIG_PATH) unless one is set.
if [ -z "${KCONFIG_PATH:-}" ] && [ -r /proc/config.gz ]; then
	zcat /proc/config.gz > "$WORK/kconfig" 2>/dev/null && export KCONFIG_PATH=$WORK/kconfig
fi
mkdir -p "$WORK/logs/native" "$WORK/logs/emu" "$WORK/tmp"

# classify STATUSFILE LOG TMPDIR -> "CLASS<TAB>detail"
classify() {
	local st=$1 log=$2 tmp=$3 how code secs cls pat line=
	read -r how code secs < "$st" 2>/dev/null || { how=missing; code=; }
	case $how in
	timeout) cls=TIMEOUT ;;
	interrupted) cls=INTR ;;
	signal) cls=BROK ;;
	exit)
		if [ "$code" -eq 0 ]; then cls=PASS
		elif [ "$code" -gt 63 ]; then cls=BROK
		elif [ $((code & 2)) != 0 ]; then cls=BROK
		elif [ $((code & 1)) != 0 ]; then cls=FAIL
		elif [ $((code & 4)) != 0 ]; then cls=FAIL
		elif [ $((code & 32)) != 0 ]; then cls=CONF
		else cls=BROK
		fi ;;
	*) cls=BROK ;;
	esac
	case $cls in
	PASS) printf 'PASS\t\n'; return ;;
	BROK) pat='TBROK|TFAIL|TWARN' ;;
	FAIL) pat='TFAIL|TWARN|TBROK' ;;
	CONF) pat='TCONF' ;;
	*) pat='TBROK|TFAIL|TWARN' ;;
	esac
	for p in ${pat//|/ }; do
		line=$(sed 's/\x1b\[[0-9;]*m//g' "$log" | grep -m1 -E "(^|[: ])$p[: ]") && break
	done
	if [ -z "$line" ]; then
		line=$(sed 's/\x1b\[[0-9;]*m//g' "$log" | grep -v '^[[:space:]]*$' | tail -1)
	fi
	case $how in
	timeout) line="timeout after ${TIMEOUT}s; last line: $line" ;;
	signal) line="killed by signal $code; $line" ;;
	exit) [ "$code" -gt 63 ] && line="exit $code; $line" ;;
	esac
	# the old library's "name  1  TBROK  :  msg" as the new one's "TBROK: msg";
	# the run's temporary directory as $TMPDIR
	line=$(printf '%s' "$line" | tr -d '\r' | tr -s ' \t' '  ' |
		sed -E 's/^[A-Za-z0-9_]+ [0-9]+ (TBROK|TFAIL|TWARN|TCONF|TINFO) : /\1: /' |
		awk -v t="$tmp" '{ while ((i = index($0, t)) > 0) $0 = substr($0, 1, i - 1) "$TMPDIR" substr($0, i + length(t)); print }' |
		cut -c1-160)
	printf '%s\t%s\n' "$cls" "$line"
}

# runone MODE NAME FAMILY CMD... -> sets R_CLS R_DETAIL
runone() {
	local mode=$1 name=$2; shift 3
	local prog=$1; shift
	local log=$WORK/logs/$mode/$name.log st=$WORK/logs/$mode/$name.status t
	local path=$BIN/$prog
	t=$(mktemp -d "$WORK/tmp/$mode.$name.XXXXXX") || die "mktemp failed"
	local shm0 shm1 g
	shm0=$(shm_list "$prog")
	local -a cmd
	if [ "$mode" = emu ]; then
		cmd=("$EMU" "${EMU_OPTS[@]}")
		if [ $TRACE = 1 ]; then
			rm -f "$WORK/logs/emu/$name.trace"
			cmd+=(--trace=syscall --trace-file "$WORK/logs/emu/$name.trace")
		fi
		cmd+=("$path" "$@")
	else
		cmd=("$path" "$@")
	fi
	(
		cd "$t" || exit 1
		export TMPDIR=$t LTPROOT=$PREFIX PATH=$BIN:$PATH
		[ -n "$TMUL" ] && export LTP_TIMEOUT_MUL=$TMUL
		[ -n "$RMUL" ] && export LTP_RUNTIME_MUL=$RMUL
		echo "# $mode: ${cmd[*]}  (cwd $t)"
		exec "$RUNNER" "$TIMEOUT" "$st" "${cmd[@]}"
	) < /dev/null > "$log" 2>&1 &
	CUR=$!
	wait $CUR
	CUR=
	shm1=$(shm_list "$prog")
	for g in $(comm -13 <(echo "$shm0") <(echo "$shm1")); do
		rm -f "/dev/shm/$g" && SHM_LEFT=$((SHM_LEFT + 1))
		echo "# removed /dev/shm/$g left behind by this run" >> "$log"
	done
	chmod -R u+rwx "$t" 2>/dev/null
	rm -rf "$t"
	local r
	r=$(classify "$st" "$log" "$t")
	awk -v n="$name" '{ print n, $NF }' "$st" >> "$WORK/logs/$mode/.times" 2>/dev/null
	R_CLS=${r%%$'\t'*}
	R_DETAIL=${r#*$'\t'}
	if [ "$mode" = emu ] && [ $TRACE = 1 ] && [ -f "$WORK/logs/emu/$name.trace" ]; then
		local tr=$WORK/logs/emu/$name.trace
		if [ "$(stat -c %s "$tr")" -gt 50000000 ]; then
			grep -E 'ENOSYS' "$tr" | sort | uniq -c | sort -rn | head -100 > "$tr.enosys"
			tail -n 2000 "$tr" > "$tr.tail" && mv "$tr.tail" "$tr"
		fi
	fi
}

# LTP's library keeps its results in /dev/shm/ltp_<test>_<pid> and leaves the
# file behind when a test dies early. emu's pids are fixed (the first process
# is always 2), so such a left-over file makes the next emu run of the same
# test fail with EEXIST: after each run, remove the /dev/shm/ltp_<prog>_* files
# that this run created (and only those), and count them for the report.
SHM_LEFT=0
shm_list() { ls /dev/shm 2>/dev/null | grep -E "^ltp_$1_[0-9]+\$" | sort; }

T0=$(date +%s)
rm -f "$WORK/logs/native/.times" "$WORK/logs/emu/.times"
: > "$RES"
i=0
while IFS=$'\t' read -r fam name cmdline; do
	i=$((i + 1))
	# shellcheck disable=SC2086
	set -- $cmdline
	nres=-; ndet=; eres=-; edet=
	if [ $RUN_NATIVE = 1 ]; then
		runone native "$name" "$fam" "$@"; nres=$R_CLS; ndet=$R_DETAIL
	fi
	if [ $RUN_EMU = 1 ]; then
		runone emu "$name" "$fam" "$@"; eres=$R_CLS; edet=$R_DETAIL
	fi
	printf '%s\t%s\t%s\t%s\t%s\t%s\n' "$name" "$fam" "$nres" "$eres" "$ndet" "$edet" >> "$RES"
	printf 'ltp: [%3d/%d] %-24s native %-7s emu %-7s %s\n' "$i" "$NSEL" "$name" "$nres" "$eres" "$edet" >&2
done < "$SEL"
T1=$(date +%s)

# ------------------------------------------------------------------ report
counts() {	# column -> "P F B C T"
	awk -F'\t' -v c="$1" -v fam="${2:-}" '
		fam != "" && $2 != fam { next }
		{ n[$c]++ }
		END { printf "%d %d %d %d %d %d\n", n["PASS"], n["FAIL"], n["BROK"], n["CONF"], n["TIMEOUT"], n["INTR"] }' "$RES"
}
sysname() {	# x86-64 system call number -> name, from the kernel headers
	local h
	for h in /usr/include/x86_64-linux-gnu/asm/unistd_64.h /usr/include/asm/unistd_64.h; do
		[ -f "$h" ] && awk -v n="$1" '$1 == "#define" && $3 == n { sub(/^__NR_/, "", $2); print $2; exit }' "$h" && return
	done
	echo "?"
}
mdesc() { printf '%s' "$1" | sed 's/|/\\|/g'; }

{
	echo "# LTP syscall tests: native and under emu"
	echo
	echo "- LTP: $LTP_VERSION, commit \`$LTP_COMMIT\` ($SRC)"
	[ $RUN_EMU = 1 ] && echo "- emu: $EMU ($EMU_VERSION, repository commit $EMU_COMMIT)${EMU_OPTS:+, options ${EMU_OPTS[*]}}"
	echo "- host: $(uname -sr), uid $(id -u), $(nproc) CPUs; $(date -u '+%Y-%m-%d %H:%M UTC')"
	echo "- $NSEL runtest/syscalls entries$([ -n "$ONLY" ] && echo ", families $ONLY")$([ -n "$TESTRE" ] && echo ", names matching /$TESTRE/"); cap ${TIMEOUT}s per run$([ -n "$TMUL" ] && echo ", LTP_TIMEOUT_MUL=$TMUL")$([ -n "$RMUL" ] && echo ", LTP_RUNTIME_MUL=$RMUL"); run took $((T1 - T0)) s"
	[ -n "${KCONFIG_PATH:-}" ] && echo "- KCONFIG_PATH=$KCONFIG_PATH"
	for m in native emu; do
		[ -s "$WORK/logs/$m/.times" ] || continue
		echo "- $m: $(awk '{ s += $2 } END { printf "%.0f", s }' "$WORK/logs/$m/.times") s in all; slowest: $(sort -k2,2nr "$WORK/logs/$m/.times" | head -3 | awk '{ printf "%s%s %.1f s", (NR > 1 ? ", " : ""), $1, $2 }')"
	done
	[ "$SHM_LEFT" -gt 0 ] && echo "- $SHM_LEFT run(s) left their /dev/shm/ltp_<test>_<pid> file behind (removed after the run)"
	echo
	echo "## Totals"
	echo
	echo "| | PASS | FAIL | BROK | CONF | TIMEOUT | total |"
	echo "|---|---:|---:|---:|---:|---:|---:|"
	read -r p f b c t x <<< "$(counts 3)"
	[ $RUN_NATIVE = 1 ] && echo "| native | $p | $f | $b | $c | $t | $NSEL |"
	read -r p f b c t x <<< "$(counts 4)"
	[ $RUN_EMU = 1 ] && echo "| emu | $p | $f | $b | $c | $t | $NSEL |"
	echo
	echo "PASS: exit 0. FAIL: TFAIL (or TWARN) bit in the exit status. BROK: TBROK bit, a signal,"
	echo "or an exit status above 63. CONF: only TCONF (skipped). TIMEOUT: killed after ${TIMEOUT}s."
	echo
	echo "## Per family"
	echo
	echo "Counts are PASS/FAIL/BROK/CONF/TIMEOUT."
	echo
	echo "| family | tests | native | emu |"
	echo "|---|---:|---|---|"
	for f in $FAMILIES; do
		n=$(awk -F'\t' -v f="$f" '$2 == f' "$RES" | grep -c .)
		[ "$n" -gt 0 ] || continue
		read -r p1 f1 b1 c1 t1 x <<< "$(counts 3 "$f")"
		read -r p2 f2 b2 c2 t2 x <<< "$(counts 4 "$f")"
		echo "| $f | $n | $p1/$f1/$b1/$c1/$t1 | $p2/$f2/$b2/$c2/$t2 |"
	done
	echo
	echo "## Per test"
	echo
	echo "| test | family | native | emu | emu: first TBROK/TFAIL/TCONF line (or native's, when native fails) |"
	echo "|---|---|---|---|---|"
	awk -F'\t' '{ d = $6; if (d == "" && $5 != "") d = "native: " $5
		gsub(/\|/, "\\|", d); printf "| %s | %s | %s | %s | %s |\n", $1, $2, $3, $4, d }' "$RES"
	if [ $RUN_EMU = 1 ]; then
		echo
		echo "## emu's first errors, grouped"
		echo
		echo "The detail of every emu non-pass with file:line and numbers blanked, most frequent first."
		echo
		echo "| tests | message | examples |"
		echo "|---:|---|---|"
		awk -F'\t' '$4 != "PASS" && $4 != "-" {
				k = $6
				sub(/^[^ ]*\.c:[0-9]+: /, "", k)
				gsub(/LTP_[A-Za-z0-9_]+/, "LTP_*", k)
				gsub(/[0-9]+/, "N", k)
				k = substr(k, 1, 110)
				n[k]++
				if (n[k] <= 4) ex[k] = ex[k] (n[k] > 1 ? ", " : "") $1
			}
			END { for (k in n) printf "%d\t%s\t%s\n", n[k], k, ex[k] }' "$RES" |
		sort -t$'\t' -k1,1nr -k2 | while IFS=$'\t' read -r n k ex; do
			echo "| $n | $(mdesc "$k") | $ex |"
		done
		if [ $TRACE = 1 ]; then
			echo
			echo "## System calls answered ENOSYS under emu (from --trace)"
			echo
			echo "| system call | tests | examples |"
			echo "|---|---:|---|"
			while IFS=$'\t' read -r name rest; do
				tr=$WORK/logs/emu/$name.trace
				{ [ -f "$tr.enosys" ] && cat "$tr.enosys"; [ -f "$tr" ] && grep -E '= -1 ENOSYS' "$tr"; } 2>/dev/null |
					sed -nE 's/^ *([0-9]+ +)?(\[pid +[0-9]+\] +)?([a-z_0-9]+)\(.*= -1 ENOSYS.*/\3/p' | sort -u | sed "s/^/$name\t/"
			done < "$RES" | awk -F'\t' '{ n[$2]++; if (n[$2] <= 4) ex[$2] = ex[$2] (n[$2] > 1 ? ", " : "") $1 }
				END { for (k in n) printf "%d\t%s\t%s\n", n[k], k, ex[k] }' |
			sort -t$'\t' -k1,1nr | while IFS=$'\t' read -r n k ex; do
				case $k in syscall_*) k="$k ($(sysname "${k#syscall_}"))" ;; esac
				echo "| $k | $n | $ex |"
			done
		fi
	fi
} > "$OUT"

say "report: $OUT; logs: $WORK/logs; results: $RES"
line="TOTAL $NSEL tests"
if [ $RUN_NATIVE = 1 ]; then
	read -r p f b c t x <<< "$(counts 3)"
	line="$line | native: $p PASS, $f FAIL, $b BROK, $c CONF, $t TIMEOUT"
fi
if [ $RUN_EMU = 1 ]; then
	read -r p f b c t x <<< "$(counts 4)"
	line="$line | emu: $p PASS, $f FAIL, $b BROK, $c CONF, $t TIMEOUT"
fi
echo "$line ($((T1 - T0)) s)"
