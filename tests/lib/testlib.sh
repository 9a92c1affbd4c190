# SPDX-License-Identifier: (LGPL-2.1 OR BSD-2-Clause)
# Shared by the integration tests: result lines, capfix runs, JSON checks.
# Sourced; needs OUT (default build). Prints "ok|FAIL|SKIP integration/NAME" lines.

OUT=${OUT:-build}
CAPFIX=${CAPFIX:-$PWD/$OUT/capfix}
HELPERS=${HELPERS:-$PWD/$OUT/tests}
T_PASSED=0 T_FAILED=0 T_SKIPPED=0
T_SUITE=${T_SUITE:-integration}
T_TMP=$(mktemp -d /tmp/capfix-test.XXXXXX)
chmod 755 "$T_TMP"

ok() { echo "ok   $T_SUITE/$1"; T_PASSED=$((T_PASSED + 1)); }
fail() {
	echo "FAIL $T_SUITE/$1: $2"
	T_FAILED=$((T_FAILED + 1))
	if [ -n "${3:-}" ] && [ -f "$3" ]; then sed 's/^/    | /' "$3" | head -40; fi
}
skip() { echo "SKIP $T_SUITE/$1: $2"; T_SKIPPED=$((T_SKIPPED + 1)); }
t_finish() {
	rm -rf "$T_TMP"
	echo "$T_SUITE: $T_PASSED passed, $T_FAILED failed, $T_SKIPPED skipped"
	[ "$T_FAILED" = 0 ]
	exit $?
}

# t_check NAME OUTFILE JQ-EXPR [MESSAGE]: ok when some JSON line of OUTFILE makes JQ-EXPR true
t_check() {
	if jq -e -s "$3" "$2" >/dev/null 2>&1; then
		ok "$1"
	else
		fail "$1" "${4:-expected: $3}" "$2"
	fi
}

# t_no_fix NAME OUTFILE KIND WHY: ok when OUTFILE's first denial exists and offers no fix of
# KIND; an output without a denial (capfix failed, saw nothing) is a failure, not a pass
t_no_fix() {
	if ! jq -e -s '[.[] | select(.type=="denial")] | length > 0' "$2" >/dev/null 2>&1; then
		fail "$1" "no denial in the output" "$2"
	elif jq -e -s "[.[] | select(.type==\"denial\")][0] | (.fixes // []) | map(.kind) |
		index(\"$3\") == null" "$2" >/dev/null 2>&1; then
		ok "$1"
	else
		fail "$1" "$4" "$2"
	fi
}

# need_root NAME: SKIP (with the reason) unless root, BPF and the helpers are there
need_root() {
	if [ "$(id -u)" != 0 ]; then
		skip "$1" "needs root to load BPF programs"
		return 1
	fi
	if [ ! -r /sys/kernel/btf/vmlinux ]; then
		skip "$1" "the kernel has no BTF (/sys/kernel/btf/vmlinux)"
		return 1
	fi
	return 0
}

# capfix_bg OUTFILE ARGS...: start capfix in the background, wait for "attached"; sets CF_PID
capfix_bg() {
	local out=$1 i
	shift
	"$CAPFIX" "$@" >"$out" 2>"$out.err" &
	CF_PID=$!
	for i in $(seq 100); do
		grep -q 'capfix: attached' "$out.err" 2>/dev/null && return 0
		kill -0 "$CF_PID" 2>/dev/null || return 1
		sleep 0.05
	done
	return 1
}

# capfix_stop: SIGINT and wait; returns capfix's status
capfix_stop() {
	kill -INT "$CF_PID" 2>/dev/null
	wait "$CF_PID"
}

# orphan_prog_count: capfix's programs loaded in the kernel with no process holding them
# (other capfix instances may run beside the tests; theirs have an owner). The owners come
# from /proc/*/fdinfo (prog_id: of every prog and link fd) as well as bpftool's "pids",
# which some bpftool builds never fill in: then every running capfix looked orphaned.
orphan_prog_count() {
	local owned
	owned=$(grep -hs '^prog_id:' /proc/[0-9]*/fdinfo/* 2>/dev/null | awk '{ print $2 }' |
		sort -un | jq -s -c .)
	bpftool -j prog show 2>/dev/null | jq --argjson owned "${owned:-[]}" '[.[] |
		select((.name // "") | test("^(cap_capable_tp|security_capa|vm_enough_memo|sched_process_|sys_exit|syscall_ret|syscall_fexit)")) |
		select((.pids // []) | length == 0) | select(.id as $i | $owned | index($i) | not)] |
		length'
}

# nobody_copy NAME: a copy of a helper that nobody can execute, in T_TMP
nobody_copy() {
	cp "$HELPERS/$1" "$T_TMP/$1"
	chmod 755 "$T_TMP/$1"
	echo "$T_TMP/$1"
}

# wait_no_orphans: programs of an exited capfix are freed asynchronously (RCU); wait up to 3 s
wait_no_orphans() {
	local i n
	for i in $(seq 30); do
		n=$(orphan_prog_count)
		[ "$n" = 0 ] && return 0
		sleep 0.1
	done
	echo "$n"
	return 1
}

# cgroup2_root: where the unified hierarchy is mounted (/sys/fs/cgroup, or .../unified in hybrid mode)
cgroup2_root() {
	awk '$3 == "cgroup2" { print $2; exit }' /proc/mounts
}
