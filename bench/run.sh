#!/bin/bash
# SPDX-License-Identifier: (LGPL-2.1 OR BSD-2-Clause)
# make bench: the cost of capfix on the host it watches (issue 4). Each workload of
# build/bench/capbench runs in pairs, untraced and traced, and the median ratio
# traced/untraced is reported, so that machine noise cancels. Writes bench/RESULTS.md.
#
# Knobs (environment): BENCH_PAIRS (default 7) pairs per workload in the default mode,
# BENCH_TARGETED_PAIRS (default 5) in the targeted and fallback modes, BENCH_SCALE (default 1)
# multiplies every workload's iteration count, BENCH_RESULTS (default bench/RESULTS.md),
# BENCH_MODES (default "default cmd pid unit sys_exit") and BENCH_WORKLOADS (default
# "getppid chown mmap bind") what to run, BENCH_VERBOSE=1 more per run.
set -u

cd "$(dirname "$0")/.."
OUT=${OUT:-build}
CAPFIX=$OUT/capfix
WL=$OUT/bench/capbench
PAIRS=${BENCH_PAIRS:-7}
TPAIRS=${BENCH_TARGETED_PAIRS:-5}
SCALE=${BENCH_SCALE:-1}
RESULTS=${BENCH_RESULTS:-bench/RESULTS.md}
MODES=" ${BENCH_MODES:-default cmd pid unit sys_exit} "
ATTACH_TIMEOUT=20
UNIT=capbench.service

skip() {
	echo "bench: SKIP: $*"
	exit 0
}

[ "$(id -u)" = 0 ] || skip "needs root (capfix loads BPF programs; the workloads switch users)"
[ -x "$CAPFIX" ] && [ -x "$WL" ] || skip "$CAPFIX or $WL not built (run make bench)"
[ -r /sys/kernel/btf/vmlinux ] || skip "no kernel BTF (/sys/kernel/btf/vmlinux)"
command -v jq >/dev/null || skip "jq not installed (make deps)"

# iterations per workload: about 0.3 s each untraced on a 2-core EPYC VM
declare -A ITERS=([getppid]=2500000 [chown]=70000 [fchown]=200000 [mmap]=100000 [bind]=500000)
for w in "${!ITERS[@]}"; do
	ITERS[$w]=$(awk -v n="${ITERS[$w]}" -v s="$SCALE" 'BEGIN { printf "%d", n * s }')
done
# fchown (2b) is workload 2's worst case: the same checks at three times the rate; it runs
# in the default mode only
read -r -a WORKLOADS <<<"${BENCH_WORKLOADS:-getppid chown fchown mmap bind}"
declare -A TITLE=([getppid]="1 getppid, no checks" [chown]="2 chown as root, granted"
	[fchown]="2b fchown on tmpfs, granted" [mmap]="3 mmap as nobody, noise"
	[bind]="4 bind :80 as nobody, fails")
declare -A TARGET=([getppid]=1.02 [chown]=1.02 [fchown]=- [mmap]=1.10 [bind]=-)

# The workloads run on the last CPU, capfix where the scheduler puts it: a migration in the
# middle of a timed loop is noise, not capfix's cost.
NCPU=$(nproc)
PIN=()
[ "$NCPU" -ge 2 ] && PIN=(taskset -c $((NCPU - 1)))

TMP=$(mktemp -d /tmp/capfix-bench.XXXXXX)
CAPFIX_PID=
CAT_PID=
CGROUP_DIR=

cleanup() {
	if [ -n "$CAPFIX_PID" ] && kill -0 "$CAPFIX_PID" 2>/dev/null; then
		kill -INT "$CAPFIX_PID" 2>/dev/null
		sleep 1
		kill -KILL "$CAPFIX_PID" 2>/dev/null
	fi
	[ -n "$CGROUP_DIR" ] && rmdir "$CGROUP_DIR" 2>/dev/null
	rm -rf "$TMP"
}
trap cleanup EXIT
trap 'exit 130' INT TERM

die() {
	echo "bench: FAIL: $*" >&2
	exit 1
}

now_ms() { # wall clock in ms, no fork
	local t=${EPOCHREALTIME/[.,]/}
	echo $((t / 1000))
}

median() {
	printf '%s\n' "$@" | sort -g | awk '{ a[NR] = $1 } END {
		if (NR == 0) print "nan"; else if (NR % 2) print a[(NR + 1) / 2];
		else print (a[NR / 2] + a[NR / 2 + 1]) / 2 }'
}

field() { # field NAME FILE: NAME=value from a capbench result line
	sed -n "s/.* $1=\([0-9.]*\).*/\1/p" "$2"
}

# on-CPU time of a process in ns: schedstat when the kernel keeps it, else utime+stime ticks
cpu_ns() {
	local s stat
	if read -r s _ <"/proc/$1/schedstat" 2>/dev/null && [ "$s" -gt 0 ]; then
		echo "$s"
		return
	fi
	stat=$(cat "/proc/$1/stat" 2>/dev/null) || {
		echo 0
		return
	}
	stat=${stat##*) }
	# shellcheck disable=SC2086
	set -- $stat
	echo $(((${12} + ${13}) * 1000000000 / $(getconf CLK_TCK)))
}

# run_wl NAME [capbench options...]: one untimed-setup, timed-loop run; result in $TMP/wl.out
run_wl() {
	local w=$1
	shift
	timeout 120 "${PIN[@]}" "$WL" "$w" -n "${ITERS[$w]}" -o "$TMP/wl.out" "$@" </dev/null ||
		die "capbench $w failed: $(cat "$TMP/wl.out" 2>/dev/null)"
}

# capfix_start OPTIONS...: capfix --json in the background until its "attached" line;
# sets CAPFIX_PID and ATTACH_MS, JSON in $TMP/capfix.json, stderr in $TMP/capfix.err
capfix_start() {
	local t0 line
	rm -f "$TMP/err.fifo"
	mkfifo "$TMP/err.fifo"
	t0=$(now_ms)
	"$CAPFIX" --json "$@" >"$TMP/capfix.json" 2>"$TMP/err.fifo" &
	CAPFIX_PID=$!
	exec 3<"$TMP/err.fifo"
	: >"$TMP/capfix.err"
	while :; do
		if ! IFS= read -r -t "$ATTACH_TIMEOUT" line <&3; then
			exec 3<&-
			die "capfix $* did not attach in ${ATTACH_TIMEOUT}s: $(cat "$TMP/capfix.err")"
		fi
		echo "$line" >>"$TMP/capfix.err"
		case $line in "capfix: attached"*) break ;; esac
	done
	ATTACH_MS=$(($(now_ms) - t0))
	OURS+=$(grep -hs '^prog_id:' "/proc/$CAPFIX_PID"/fdinfo/* | awk '{ printf ",%s", $2 }')
	HOOK=${line#capfix: attached (}
	HOOK=${HOOK%)}
	cat <&3 >>"$TMP/capfix.err" &
	CAT_PID=$!
	exec 3<&-
}

# capfix_stop: samples peak RSS, SIGINT, waits; summary line in $TMP/summary.json
capfix_stop() {
	HWM_KB=$(awk '/^VmHWM:/ { print $2 }' "/proc/$CAPFIX_PID/status" 2>/dev/null)
	kill -INT "$CAPFIX_PID"
	capfix_wait
}

capfix_wait() {
	local rc=0
	wait "$CAPFIX_PID" || rc=$?
	CAPFIX_PID=
	wait "$CAT_PID" 2>/dev/null
	CAT_PID=
	grep '"type":"summary"' "$TMP/capfix.json" | tail -n 1 >"$TMP/summary.json"
	[ -s "$TMP/summary.json" ] || die "capfix left no summary (exit $rc): $(cat "$TMP/capfix.err")"
}

summary() { # summary JQ_EXPR
	jq -r "$1" "$TMP/summary.json"
}

proc_failed() { # the summary's failed count for pid $1
	jq -r --argjson p "$1" '[.processes[] | select(.pid == $p) | .failed] | add // 0' \
		"$TMP/summary.json"
}

pid_denials() { # denial lines of pid $1 in the JSON
	jq -c --argjson p "$1" 'select(.type == "denial" and .pid == $p)' "$TMP/capfix.json" |
		wc -l
}

ratio() {
	awk -v a="$1" -v b="$2" 'BEGIN { printf "%.3f", a / b }'
}

settle() {
	sleep 0.1
}

# Another capfix (a test suite, a colleague) attached while a workload runs would be timed
# as if it were ours, or make an untraced run traced: each pair waits until none is loaded,
# and is run again if one appeared meanwhile. Ours are the programs our capfix held open
# (OURS, ids; a program outlives its process by a moment).
THEIRS_WAITED=0 THEIRS_REDONE=0 OURS=0
foreign_progs() {
	command -v bpftool >/dev/null || {
		echo 0
		return
	}
	bpftool -j prog show 2>/dev/null | jq --argjson ours "[$OURS]" '[.[] |
		select(.name // "" | test("^(cap_capable|security_capable|sys_exit)")) |
		select(.id as $i | $ours | index($i) | not)] | length'
}

wait_quiet() {
	local i
	for ((i = 0; i < 40; i++)); do
		[ "$(foreign_progs)" = 0 ] && return
		((i == 0)) && THEIRS_WAITED=$((THEIRS_WAITED + 1))
		sleep 0.5
	done
	echo "bench: another capfix stays loaded; measuring anyway" >&2
}

# ---- one pair in each mode; each sets T_UNTRACED, T_TRACED (ns) and the checks ----

# a traced run; mode: system (capfix system-wide, options in $MODE_OPTS), cmd (capfix -- W),
# pid (capfix -p), unit (capfix --unit with the workload in a cgroup named $UNIT)
traced_run() {
	local mode=$1 w=$2 c0 c1 t0 t1 wpid
	case $mode in
	system)
		# shellcheck disable=SC2086
		capfix_start $MODE_OPTS
		settle
		c0=$(cpu_ns "$CAPFIX_PID")
		t0=$(now_ms)
		run_wl "$w"
		c1=$(cpu_ns "$CAPFIX_PID")
		t1=$(now_ms)
		CPU_PCT=$(awk -v c=$((c1 - c0)) -v t=$((t1 - t0)) 'BEGIN { printf "%.2f", t ? c / 1e4 / t : 0 }')
		capfix_stop
		;;
	cmd)
		capfix_start -- "${PIN[@]}" "$WL" "$w" -n "${ITERS[$w]}" -o "$TMP/wl.out"
		capfix_wait
		HWM_KB=
		CPU_PCT=
		;;
	pid | unit)
		rm -f "$TMP/go.fifo"
		mkfifo "$TMP/go.fifo"
		"${PIN[@]}" "$WL" "$w" -n "${ITERS[$w]}" -o "$TMP/wl.out" --wait <"$TMP/go.fifo" &
		wpid=$!
		exec 4>"$TMP/go.fifo"
		if [ "$mode" = pid ]; then
			capfix_start -p "$wpid"
		else
			echo "$wpid" >"$CGROUP_DIR/cgroup.procs" || die "cannot move $wpid to $CGROUP_DIR"
			capfix_start --unit "$UNIT"
		fi
		settle
		echo go >&4
		exec 4>&-
		wait "$wpid" || die "capbench $w failed: $(cat "$TMP/wl.out" 2>/dev/null)"
		capfix_stop
		CPU_PCT=
		;;
	esac
	T_TRACED=$(field cpu_ns "$TMP/wl.out")
	W_TRACED=$(field elapsed_ns "$TMP/wl.out")
	WL_FAILS=$(field failures "$TMP/wl.out")
	WL_PID=$(field pid "$TMP/wl.out")
	SUM_FAILED=$(proc_failed "$WL_PID")
	SUM_LOST=$(summary .lost)
	SUM_HOOK=$(summary .hook)
	DENIALS=$(pid_denials "$WL_PID")
}

untraced_run() {
	settle
	run_wl "$1"
	T_UNTRACED=$(field cpu_ns "$TMP/wl.out")
	W_UNTRACED=$(field elapsed_ns "$TMP/wl.out")
}

# bench_mode KEY MODE PAIRS [capfix options]: every workload; results in R_* arrays by KEY.w
declare -A R_RATIO R_SPREAD R_WRATIO R_UNTR R_TR R_EXACT R_NOISE R_LOST R_HOOK
for key in default cmd pid unit sys_exit; do # a partial run (BENCH_WORKLOADS) shows "-"
	for w in getppid chown fchown mmap bind; do
		R_RATIO[$key.$w]=- R_SPREAD[$key.$w]=- R_WRATIO[$key.$w]=- R_UNTR[$key.$w]=0 R_TR[$key.$w]=0
		R_EXACT[$key.$w]=- R_NOISE[$key.$w]=- R_LOST[$key.$w]=0
	done
done
ATTACH_ALL=()
HWM_MAX=0 HWM_WHERE=
LOG=$OUT/bench/last-run.log # every run, for a closer look
: >"$LOG"
CPU_W4=()
bench_mode() {
	local key=$1 mode=$2 pairs=$3 w i try ratios wratios untr tr exact noise lost
	shift 3
	MODE_OPTS="$*"
	for w in "${WORKLOADS[@]}"; do
		[ "$w" = fchown ] && [ "$key" != default ] && continue
		ratios=() wratios=() untr=() tr=() exact=0 noise=0 lost=0
		printf '  %-8s %-28s' "$key" "${TITLE[$w]}" >&2
		for ((i = 0; i < pairs; i++)); do
			for try in 1 2 3; do
				wait_quiet
				# alternate which comes first, so that a drift favours neither side
				if ((i % 2 == 0)); then
					untraced_run "$w"
					traced_run "$mode" "$w"
				else
					traced_run "$mode" "$w"
					untraced_run "$w"
				fi
				[ "$(foreign_progs)" = 0 ] && break
				THEIRS_REDONE=$((THEIRS_REDONE + 1))
			done
			ratios+=("$(ratio "$T_TRACED" "$T_UNTRACED")")
			wratios+=("$(ratio "$W_TRACED" "$W_UNTRACED")")
			untr+=("$T_UNTRACED")
			tr+=("$T_TRACED")
			ATTACH_ALL+=("$ATTACH_MS")
			if [ -n "$HWM_KB" ] && ((HWM_KB > HWM_MAX)); then
				HWM_MAX=$HWM_KB
				HWM_WHERE="$key, workload ${TITLE[$w]%%,*}"
			fi
			echo "$key $w pair=$i untraced_cpu_ns=$T_UNTRACED traced_cpu_ns=$T_TRACED" \
				"untraced_wall_ns=$W_UNTRACED traced_wall_ns=$W_TRACED attach_ms=$ATTACH_MS" \
				"hwm_kb=${HWM_KB:--} capfix_cpu_pct=${CPU_PCT:--} failures=$WL_FAILS" \
				"summary_failed=$SUM_FAILED lost=$SUM_LOST denials=$DENIALS tries=$try" >>"$LOG"
			[ "$w" = bind ] && [ -n "$CPU_PCT" ] && CPU_W4+=("$CPU_PCT")
			lost=$((lost + SUM_LOST))
			if [ "$w" = bind ] && [ "$SUM_FAILED" = "$WL_FAILS" ]; then
				exact=$((exact + 1))
			elif [ "$w" = bind ]; then
				echo >&2
				echo "bench: workload 4: $WL_FAILS failed binds, summary says $SUM_FAILED" >&2
			fi
			[ "$w" = mmap ] && noise=$((noise + DENIALS))
			printf ' %s' "${ratios[-1]}" >&2
			[ -n "${BENCH_VERBOSE:-}" ] && printf '(%s ms %s kB %s%%)' "$ATTACH_MS" "$HWM_KB" "$CPU_PCT" >&2
		done
		echo >&2
		R_RATIO[$key.$w]=$(median "${ratios[@]}")
		R_SPREAD[$key.$w]=$(printf '%s\n' "${ratios[@]}" | sort -g | sed -n '1p;$p' | paste -sd- -)
		R_WRATIO[$key.$w]=$(median "${wratios[@]}")
		R_UNTR[$key.$w]=$(median "${untr[@]}")
		R_TR[$key.$w]=$(median "${tr[@]}")
		R_EXACT[$key.$w]="$exact/$pairs"
		R_NOISE[$key.$w]=$noise
		R_LOST[$key.$w]=$lost
		R_HOOK[$key]=$SUM_HOOK
	done
}

# ---- run ----

MACHINE="$(uname -r), $NCPU CPUs, $(sed -n 's/^model name[[:space:]]*: //p' /proc/cpuinfo | head -n 1)"
DATE=$(date -u '+%Y-%m-%d %H:%M UTC')
START=$(now_ms)
echo "bench: $MACHINE; $PAIRS pairs (default mode), $TPAIRS (other modes); ratios per pair:" >&2

want() { [[ $MODES == *" $1 "* ]]; }
want default && bench_mode default system "$PAIRS"
# A crash-looping service: every restart is a new process whose bind fails once. Findings
# are per process, so this is what grows capfix's memory over hours.
CRASH_N=100
crash_loop() {
	local i c0 c1 n
	wait_quiet
	capfix_start
	settle
	c0=$(cpu_ns "$CAPFIX_PID")
	for ((i = 0; i < CRASH_N; i++)); do
		"$WL" bind -n 1 -o "$TMP/crash.out" </dev/null || die "capbench bind -n 1 failed"
		cat "$TMP/crash.out" >>"$TMP/crash.all"
	done
	sleep 0.5 # capfix reads /proc for each new finding: let it catch up
	c1=$(cpu_ns "$CAPFIX_PID")
	CRASH_CPU_MS=$(((c1 - c0) / 1000000))
	capfix_stop
	CRASH_HWM_MB=$(awk -v k="$HWM_KB" 'BEGIN { printf "%.1f", k / 1024 }')
	# one denial line and one summary entry per process, each with its one failure
	CRASH_SEEN=0 CRASH_EXACT=0
	for pid in $(sed -n 's/.* pid=\([0-9]*\) .*/\1/p' "$TMP/crash.all"); do
		n=$(pid_denials "$pid")
		[ "$n" = 1 ] && CRASH_SEEN=$((CRASH_SEEN + 1))
		[ "$(proc_failed "$pid")" = 1 ] && CRASH_EXACT=$((CRASH_EXACT + 1))
	done
	CRASH_LOST=$(summary .lost)
	echo "crash-loop n=$CRASH_N seen=$CRASH_SEEN exact=$CRASH_EXACT hwm_kb=$HWM_KB" \
		"capfix_cpu_ms=$CRASH_CPU_MS lost=$CRASH_LOST" >>"$LOG"
	printf '  %-8s %-28s %s findings, %s MB, %s ms CPU\n' default \
		"crash loop, $CRASH_N processes" "$CRASH_SEEN" "$CRASH_HWM_MB" "$CRASH_CPU_MS" >&2
}
CRASH_SEEN=
want default && crash_loop

want cmd && bench_mode cmd cmd "$TPAIRS"
want pid && bench_mode pid pid "$TPAIRS"
UNIT_NOTE=
if want unit; then
	CG2=$(awk '$3 == "cgroup2" { print $2; exit }' /proc/mounts)
	if [ -n "$CG2" ] && mkdir "$CG2/$UNIT" 2>/dev/null; then
		CGROUP_DIR=$CG2/$UNIT
		bench_mode unit unit "$TPAIRS"
	else
		UNIT_NOTE="--unit not measured: cannot create a cgroup v2 directory ($CG2/$UNIT)"
		echo "bench: $UNIT_NOTE" >&2
	fi
fi
want sys_exit && bench_mode sys_exit system "$TPAIRS" --result sys_exit

ELAPSED_S=$((($(now_ms) - START) / 1000))
ATTACH_MED=$(median "${ATTACH_ALL[@]}")
CPU_MED=$(median "${CPU_W4[@]}")
HWM_MB=$(awk -v k="$HWM_MAX" 'BEGIN { printf "%.1f", k / 1024 }')

verdict() { # verdict VALUE TARGET: yes/no for VALUE <= TARGET
	awk -v v="$1" -v t="$2" 'BEGIN { print (v + 0 <= t + 0) ? "yes" : "NO" }'
}

# ---- report ----

report() {
	local key w mk lost
	echo "# capfix benchmark results"
	echo
	echo "Machine: $MACHINE. Date: $DATE. \`make bench\` took ${ELAPSED_S} s."
	echo "Hook (default mode): ${R_HOOK[default]}."
	echo
	echo "Ratio = median over pairs of traced/untraced CPU time of the same workload"
	echo "(CLOCK_PROCESS_CPUTIME_ID around the loop: it holds everything capfix adds to the"
	echo "workload, BPF programs, task_work and interrupts included, and none of the time the"
	echo "workload spends waiting for a CPU, so other tasks on the machine do not skew it; the"
	echo "wall-clock ratio is shown beside it). Untraced and traced runs alternate; the"
	echo "workloads run pinned to one CPU. ns/op = median CPU time per iteration: one getppid;"
	echo "two chown of a /tmp file by path (four granted CAP_CHOWN checks); two fchown of a"
	echo "/dev/shm file (the same four checks, three times as dense: the worst case of a cost"
	echo "paid per check, no target); one mmap+munmap (one denied overcommit probe); one bind."
	echo
	echo "## Default mode: \`capfix --json\` system-wide ($PAIRS pairs)"
	echo
	echo "| workload | untraced ns/op | traced ns/op | ratio | pairs' range | wall ratio | target | met |"
	echo "| --- | ---: | ---: | ---: | ---: | ---: | ---: | --- |"
	for w in "${WORKLOADS[@]}"; do
		if [ "${TARGET[$w]}" = - ]; then
			mk="-"
		else
			mk=$(verdict "${R_RATIO[default.$w]}" "${TARGET[$w]}")
		fi
		awk -v t="${TITLE[$w]}" -v u="${R_UNTR[default.$w]}" -v r="${R_TR[default.$w]}" \
			-v n="${ITERS[$w]}" -v q="${R_RATIO[default.$w]}" -v g="${TARGET[$w]}" \
			-v wq="${R_WRATIO[default.$w]}" -v m="$mk" -v sp="${R_SPREAD[default.$w]}" \
			'BEGIN { printf "| %s | %.1f | %.1f | %.3f | %s | %.3f | %s | %s |\n",
				t, u / n, r / n, q, sp, wq, g == "-" ? "-" : "<= " g, m }'
	done
	echo
	echo "| measure | value | target | met |"
	echo "| --- | ---: | ---: | --- |"
	echo "| exec to \"attached\" (median of ${#ATTACH_ALL[@]} starts, all modes) | ${ATTACH_MED} ms | < 300 ms | $(verdict "$ATTACH_MED" 299.999) |"
	echo "| capfix peak RSS (VmHWM, max over runs: $HWM_WHERE) | ${HWM_MB} MB | < 16 MB | $(verdict "$HWM_MB" 15.999) |"
	echo "| capfix CPU during workload 4 (median) | ${CPU_MED} % of a core | < 10 % | $(verdict "$CPU_MED" 9.999) |"
	lost=$((R_LOST[default.getppid] + R_LOST[default.chown] + R_LOST[default.fchown] +
		R_LOST[default.mmap] + R_LOST[default.bind]))
	echo "| events lost (all default-mode runs) | $lost | 0 | $( ((lost == 0)) && echo yes || echo NO) |"
	echo "| workload 4: summary count = failed binds | ${R_EXACT[default.bind]} runs | all | $( [ "${R_EXACT[default.bind]%/*}" = "$PAIRS" ] && echo yes || echo NO) |"
	if [ -n "$CRASH_SEEN" ]; then
		echo "| crash loop, $CRASH_N processes with one failed bind each: findings reported, counts exact, lost | $CRASH_SEEN, $CRASH_EXACT, $CRASH_LOST | $CRASH_N, $CRASH_N, 0 | $( [ "$CRASH_SEEN.$CRASH_EXACT.$CRASH_LOST" = "$CRASH_N.$CRASH_N.0" ] && echo yes || echo NO) |"
		echo "| crash loop: capfix peak RSS after it | ${CRASH_HWM_MB} MB | < 16 MB | $(verdict "$CRASH_HWM_MB" 15.999) |"
		echo "| crash loop: capfix CPU for the $CRASH_N findings | ${CRASH_CPU_MS} ms | - | - |"
	fi
	echo "| workload 3: denial lines for the workload | ${R_NOISE[default.mmap]} | 0 | $( [ "${R_NOISE[default.mmap]}" = 0 ] && echo yes || echo NO) |"
	echo
	echo "## Targeted modes and the fallback result hook ($TPAIRS pairs each)"
	echo
	echo "| mode | hook | 1 getppid | 2 chown | 3 mmap | 4 bind | 4: exact | 3: denials |"
	echo "| --- | --- | ---: | ---: | ---: | ---: | --- | ---: |"
	for key in cmd pid unit sys_exit; do
		[ -n "${R_HOOK[$key]:-}" ] || continue
		case $key in
		cmd) mk='`capfix -- W`' ;;
		pid) mk='`capfix -p PID`' ;;
		unit) mk='`capfix --unit U`' ;;
		sys_exit) mk='`--result sys_exit`, system-wide' ;;
		esac
		echo "| $mk | ${R_HOOK[$key]} | ${R_RATIO[$key.getppid]} | ${R_RATIO[$key.chown]} |" \
			"${R_RATIO[$key.mmap]} | ${R_RATIO[$key.bind]} | ${R_EXACT[$key.bind]} |" \
			"${R_NOISE[$key.mmap]} |"
	done
	[ -n "$UNIT_NOTE" ] && echo && echo "$UNIT_NOTE."
	if ((THEIRS_WAITED + THEIRS_REDONE)); then
		echo
		echo "Another capfix was loaded on the machine: $THEIRS_WAITED pair(s) waited for it to go,"
		echo "$THEIRS_REDONE pair(s) were run again."
	fi
	echo
	echo "Events lost in these modes:$(for key in cmd pid unit sys_exit; do
		[ -n "${R_HOOK[$key]:-}" ] || continue
		printf ' %s %d' "$key" $((R_LOST[$key.getppid] + R_LOST[$key.chown] + R_LOST[$key.mmap] + R_LOST[$key.bind]))
	done)."
}

report >"$TMP/report.md"
echo >&2
cat "$TMP/report.md"
cp "$TMP/report.md" "$RESULTS"
echo >&2
echo "bench: results in $RESULTS, every run in $LOG" >&2
