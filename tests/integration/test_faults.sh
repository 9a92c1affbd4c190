#!/usr/bin/env bash
# SPDX-License-Identifier: (LGPL-2.1 OR BSD-2-Clause)
# Faults: the process exits, its exe is deleted or replaced, its cgroup disappears before user
# space looks (capfix held with SIGSTOP meanwhile) -> the finding is still reported from what
# the kernel captured, marked. stdout's reader goes away, SIGINT/SIGTERM/SIGHUP, a second
# Ctrl-C, kill -9 -> clean exits, documented statuses, no BPF program left. A full ring buffer
# is counted in the summary and on stderr.
set -u
cd "$(dirname "$0")/../.." || exit 1
. tests/lib/testlib.sh

need_root faults || t_finish

# fresh copy of bindport named $1 that nobody can run
named_copy() {
	cp "$HELPERS/bindport" "$T_TMP/$1"
	chmod 755 "$T_TMP/$1"
	echo "$T_TMP/$1"
}
as_nobody() { setpriv --reuid=65534 --regid=65534 --clear-groups --inh-caps=-all "$@"; }

# ---- exe deleted, process gone: reported from the kernel's capture, alive false ----
exe=$(named_copy fltdel)
out=$T_TMP/del.json
capfix_bg "$out" --json -c fltdel
kill -STOP "$CF_PID"
as_nobody "$exe" 80 >/dev/null 2>&1
rm -f "$exe"
kill -CONT "$CF_PID"
sleep 0.3
capfix_stop
t_check exe_deleted_still_reported "$out" "map(select(.type==\"denial\")) | length == 1 and (.[0] |
	.exe == \"$exe\" and .capability == \"CAP_NET_BIND_SERVICE\" and .bind.port == 80 and
	.process.alive == false and .comm == \"fltdel\" and .uid == 65534)"

# ---- exe replaced while the process still runs: alive true, exe_replaced true ----
exe=$(named_copy fltrep)
out=$T_TMP/rep.json
capfix_bg "$out" --json -c fltrep
kill -STOP "$CF_PID"
as_nobody "$exe" 80 --repeat 2 --sleep-ms 1500 >/dev/null 2>&1 &
victim=$!
sleep 0.4
rm -f "$exe"
cp "$HELPERS/rawsock" "$exe" # another file at the same path
chmod 755 "$exe"
kill -CONT "$CF_PID"
sleep 0.4
wait "$victim"
capfix_stop
t_check exe_replaced_marked "$out" "map(select(.type==\"denial\")) | length == 1 and (.[0] |
	.exe == \"$exe\" and .process.alive == true and .process.exe_replaced == true)"

# ---- the process's cgroup removed before capfix looks: the kernel's cgroup path stands ----
root=$(cgroup2_root)
if [ -n "$root" ] && [ -w "$root" ]; then
	cg=$root/capfix-fault-$$
	exe=$(named_copy fltcg)
	out=$T_TMP/cg.json
	if mkdir "$cg" 2>/dev/null; then
		capfix_bg "$out" --json -c fltcg
		kill -STOP "$CF_PID"
		sh -c 'echo $$ >"$1/cgroup.procs" && exec setpriv --reuid=65534 --regid=65534 \
			--clear-groups --inh-caps=-all "$2" 80' sh "$cg" "$exe" >/dev/null 2>&1
		rmdir "$cg"
		kill -CONT "$CF_PID"
		sleep 0.3
		capfix_stop
		t_check cgroup_gone_still_reported "$out" "map(select(.type==\"denial\")) | length == 1 and
			(.[0] | .cgroup == \"/capfix-fault-$$\" and .process.alive == false)"
	else
		skip cgroup_gone_still_reported "cannot create a cgroup under $root"
	fi
else
	skip cgroup_gone_still_reported "no writable cgroup2 hierarchy"
fi

# ---- the reader of stdout goes away: capfix --json | head -1 exits 0, promptly, no orphans ----
exe=$(named_copy fltpipe)
out=$T_TMP/pipe
( timeout 20 "$CAPFIX" --json -c fltpipe 2>"$out.err"; echo "$?" >"$out.rc" ) | head -1 >"$out" &
pipeline=$!
for i in $(seq 100); do grep -q 'capfix: attached' "$out.err" 2>/dev/null && break; sleep 0.05; done
for i in 1 2 3; do as_nobody "$exe" 80 >/dev/null 2>&1; sleep 0.2; done # distinct pids
wait "$pipeline"
rc=$(cat "$out.rc" 2>/dev/null)
if [ "$rc" = 0 ] && [ "$(wc -l <"$out")" = 1 ] && jq -e '.type == "denial"' "$out" >/dev/null; then
	ok stdout_reader_gone_exits_0
else
	fail stdout_reader_gone_exits_0 "exit ${rc:-?} (124: hung)" "$out.err"
fi
n=$(wait_no_orphans) && ok stdout_reader_gone_no_orphans ||
	fail stdout_reader_gone_no_orphans "$n capfix programs left"

# ---- SIGINT, SIGTERM, SIGHUP: summary printed, exit 0, nothing left in the kernel ----
for sig in INT TERM HUP; do
	out=$T_TMP/sig$sig.json
	capfix_bg "$out" --json -c nothing-here
	kill -"$sig" "$CF_PID"
	wait "$CF_PID"
	rc=$?
	if [ "$rc" = 0 ] && jq -e -s '.[-1].type == "summary"' "$out" >/dev/null 2>&1; then
		ok "sig${sig}_summary_exit_0"
	else
		fail "sig${sig}_summary_exit_0" "exit $rc" "$out"
	fi
	n=$(wait_no_orphans) && ok "sig${sig}_no_orphans" || fail "sig${sig}_no_orphans" "$n left"
done
# text mode prints its summary too
out=$T_TMP/sigtext
capfix_bg "$out" -c nothing-here
capfix_stop
grep -q '^capfix summary:' "$out" && ok sigint_text_summary || fail sigint_text_summary "" "$out"

# ---- a second Ctrl-C exits at once (130), even while capfix waits for its command ----
out=$T_TMP/twice
nap=30.$$ # a duration of this test's own, so that the clean-up below kills only its sleep
capfix_bg "$out" -- sh -c "trap '' INT TERM; sleep $nap"
kill -INT "$CF_PID"
sleep 0.3
start=$(date +%s%N)
kill -INT "$CF_PID"
wait "$CF_PID"
rc=$?
ms=$((($(date +%s%N) - start) / 1000000))
pkill -f -x "sleep $nap" 2>/dev/null # the command capfix was told to leave behind
if [ "$rc" = 130 ] && [ "$ms" -lt 2000 ]; then ok second_ctrl_c_exits_at_once; else
	fail second_ctrl_c_exits_at_once "exit $rc after ${ms} ms" "$out.err"; fi
n=$(wait_no_orphans) && ok second_ctrl_c_no_orphans || fail second_ctrl_c_no_orphans "$n left"

# ---- kill -9: the kernel drops the links with the last fd ----
out=$T_TMP/kill9
capfix_bg "$out" --json
kill -9 "$CF_PID"
wait "$CF_PID" 2>/dev/null
n=$(wait_no_orphans) && ok kill9_no_orphans || fail kill9_no_orphans "$n capfix programs left"

# ---- ring buffer full: capfix held with SIGSTOP while 1000 processes fail (1 MiB holds ~700) ----
exe=$(named_copy fltring)
out=$T_TMP/ring.json
capfix_bg "$out" --json -c fltring
kill -STOP "$CF_PID"
for i in $(seq 1000); do as_nobody "$exe" 80 >/dev/null 2>&1 & done
wait_jobs=$(jobs -p | grep -vx "$CF_PID")
for j in $wait_jobs; do wait "$j" 2>/dev/null; done
kill -CONT "$CF_PID"
sleep 0.5
capfix_stop
lost=$(jq -s '.[-1].lost' "$out" 2>/dev/null)
seen=$(jq -s 'map(select(.type=="denial")) | length' "$out" 2>/dev/null)
failed=$(jq -s '.[-1].failed' "$out" 2>/dev/null)
if [ "${lost:-0}" -gt 0 ] && grep -q "event(s) lost" "$out.err" && [ "$failed" = 1000 ]; then
	ok ring_buffer_full_counted
else
	fail ring_buffer_full_counted "lost=${lost:-?} shown=${seen:-?} failed=${failed:-?} (want lost > 0, failed 1000, a warning)" "$out.err"
fi

t_finish
