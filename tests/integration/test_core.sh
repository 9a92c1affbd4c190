#!/usr/bin/env bash
# SPDX-License-Identifier: (LGPL-2.1 OR BSD-2-Clause)
# capfix end to end with the real BPF programs: real denials provoked as nobody, the findings
# checked field by field, the noise storm silent, the printed fix applied and the failure gone.
set -u
cd "$(dirname "$0")/../.." || exit 1
. tests/lib/testlib.sh

# ---- bad input: no root needed ----
out=$T_TMP/usage
"$CAPFIX" --no-such-flag >"$out" 2>&1
rc=$?
if [ "$rc" = 2 ] && grep -q "unrecognized option\|--help" "$out"; then ok usage_unknown_flag; else
	fail usage_unknown_flag "want exit 2 and a hint, got $rc" "$out"; fi
"$CAPFIX" -p 999999999 >"$out" 2>&1
rc=$?
if [ "$rc" = 2 ] && grep -q "invalid pid\|no process" "$out"; then ok usage_bad_pid; else
	fail usage_bad_pid "want exit 2, got $rc" "$out"; fi
pid_gone=$( (sh -c 'echo $$') )
"$CAPFIX" -p "$pid_gone" >"$out" 2>&1
rc=$?
if [ "$rc" = 2 ] && grep -q "no process with pid $pid_gone" "$out"; then ok usage_dead_pid; else
	fail usage_dead_pid "want exit 2 and 'no process', got $rc" "$out"; fi
"$CAPFIX" --duration abc >"$out" 2>&1
rc=$?
if [ "$rc" = 2 ] && grep -q "invalid duration" "$out"; then ok usage_bad_number; else
	fail usage_bad_number "want exit 2, got $rc" "$out"; fi
"$CAPFIX" --help >"$out" 2>&1
if grep -q '^USAGE' "$out" && grep -q '^EXAMPLES' "$out"; then ok usage_help; else
	fail usage_help "no USAGE/EXAMPLES" "$out"; fi
"$CAPFIX" --version >"$out" 2>&1
if grep -qE '^capfix [0-9]+\.[0-9]+' "$out"; then ok usage_version; else fail usage_version "" "$out"; fi

need_root core || t_finish

# ---- no privileges: a clear message naming what capfix needs ----
setpriv --reuid=65534 --regid=65534 --clear-groups --inh-caps=-all --bounding-set=-all \
	"$CAPFIX" -d 1 >"$out" 2>&1
rc=$?
if [ "$rc" = 1 ] && grep -q 'CAP_BPF' "$out" && grep -q 'CAP_PERFMON' "$out"; then
	ok no_privileges_message
else
	fail no_privileges_message "want exit 1 naming CAP_BPF and CAP_PERFMON, got $rc" "$out"
fi

# ---- a kernel without BTF (hidden in a private mount namespace): a clear message, exit 1 ----
unshare -m --propagation private sh -c "mount -t tmpfs none /sys/kernel/btf && exec $CAPFIX -d 1" \
	>"$out" 2>&1
rc=$?
if [ "$rc" = 1 ] && grep -q 'no BTF' "$out" && grep -q 'CONFIG_DEBUG_INFO_BTF' "$out"; then
	ok no_btf_message
else
	fail no_btf_message "want exit 1 naming the missing BTF, got $rc" "$out"
fi

bind=$(nobody_copy bindport)

# ---- bind :80 over IPv4, as a service's User=nobody would ----
out=$T_TMP/bind4.json
"$CAPFIX" --json --user nobody -- "$bind" 80 >"$out" 2>"$out.err"
rc=$?
if [ "$rc" = 13 ]; then ok bind4_exit_status_passed_through; else
	fail bind4_exit_status_passed_through "want the command's status 13 (EACCES), got $rc" "$out.err"; fi
t_check bind4_finding "$out" "map(select(.type==\"denial\")) | length == 1 and (.[0] |
	.capability == \"CAP_NET_BIND_SERVICE\" and .cap == 10 and .syscall == \"bind\" and
	.errno == \"EACCES\" and .effect == \"failed\" and .exe == \"$bind\" and .uid == 65534 and
	.bind.family == \"inet\" and .bind.port == 80 and .bind.address == \"127.0.0.1\" and
	.comm == \"bindport\" and (.process.permitted | length) == 0 and .process.no_new_privs == false)"
t_check bind4_summary "$out" '.[-1].type == "summary" and .[-1].failed == 1 and
	(.[-1].processes[0].missing == ["CAP_NET_BIND_SERVICE"]) and .[-1].lost == 0'
if jq -e . "$out" >/dev/null 2>&1 && [ "$(jq -c . "$out" | wc -l)" = "$(wc -l <"$out")" ]; then
	ok json_lines_only
else
	fail json_lines_only "stdout is not pure JSON Lines" "$out"
fi

# ---- IPv6 ----
out=$T_TMP/bind6.json
"$CAPFIX" --json --user nobody -- "$bind" -6 80 >"$out" 2>"$out.err"
t_check bind6_finding "$out" '.[0].type == "denial" and .[0].bind.family == "inet6" and
	.[0].bind.address == "::1" and .[0].bind.port == 80 and .[0].errno == "EACCES"'

# ---- raw socket, chown ----
raw=$(nobody_copy rawsock)
out=$T_TMP/raw.json
"$CAPFIX" --json --user nobody -- "$raw" >"$out" 2>"$out.err"
t_check raw_socket_finding "$out" '.[0].capability == "CAP_NET_RAW" and .[0].syscall == "socket" and
	.[0].errno == "EPERM" and .[0].effect == "failed"'
chownf=$(nobody_copy chownfile)
touch "$T_TMP/owned"
chown nobody "$T_TMP/owned"
out=$T_TMP/chown.json
"$CAPFIX" --json --user nobody -- "$chownf" "$T_TMP/owned" 0:0 >"$out" 2>"$out.err"
t_check chown_finding "$out" '.[0].capability == "CAP_CHOWN" and (.[0].syscall | test("chown")) and
	.[0].errno == "EPERM"'

# ---- the noise storm: thousands of harmless CAP_SYS_ADMIN probes, no finding ----
storm=$(nobody_copy mmapstorm)
out=$T_TMP/storm.json
"$CAPFIX" --json --user nobody -- "$storm" 5000 >"$out" 2>"$out.err"
t_check noise_storm_silent "$out" '(map(select(.type=="denial")) | length) == 0 and
	.[-1].harmless >= 5000 and .[-1].failed == 0'
# with the noise table off, the probes go through the full path: still harmless, still silent
out=$T_TMP/storm2.json
"$CAPFIX" --json --no-noise-filter --user nobody -- "$storm" 2000 >"$out" 2>"$out.err"
t_check noise_storm_exact_path "$out" '(map(select(.type=="denial")) | length) == 0 and
	.[-1].harmless >= 2000'
# --all shows them, marked harmless
out=$T_TMP/storm3.json
"$CAPFIX" --json --all --no-noise-filter --user nobody -- "$storm" 100 >"$out" 2>"$out.err"
t_check all_shows_harmless "$out" 'map(select(.type=="denial" and .capability=="CAP_SYS_ADMIN"
	and .syscall=="mmap")) | length == 1 and .[0].effect == "harmless" and .[0].errno == null'

# ---- a storm of failures: counted exactly, reported once ----
out=$T_TMP/bindstorm.json
"$CAPFIX" --json --user nobody -- "$bind" 80 --repeat 3000 >"$out" 2>"$out.err"
t_check failure_storm_counted "$out" '(map(select(.type=="denial")) | length) == 1 and
	.[-1].failed == 3000 and .[-1].processes[0].failed == 3000'

# ---- a process that dies right after the failure is still fully reported ----
# (bindport exits at once; the finding's exe, cgroup and creds come from the kernel)
t_check dead_process_reported "$T_TMP/bind4.json" '.[0].exe != null and .[0].cgroup != null and
	.[0].ppid > 0 and (.[0].process.bounding | length) > 0'

# ---- the printed setcap fix, applied to a copy, makes the failure go away ----
fixcopy=$T_TMP/fixed-bindport
cp "$bind" "$fixcopy"
chmod 755 "$fixcopy"
out=$T_TMP/before.json
"$CAPFIX" --json --user nobody -- "$fixcopy" 80 >"$out" 2>"$out.err"
cmd=$(jq -r 'select(.type=="denial") | .fixes[] | select(.kind=="setcap") | .command' "$out" | head -1)
if [ -z "$cmd" ]; then
	fail setcap_fix_works "no setcap fix offered" "$out"
else
	sh -c "$cmd"
	out=$T_TMP/after.json
	"$CAPFIX" --json --user nobody -- "$fixcopy" 80 >"$out" 2>"$out.err"
	rc=$?
	if [ "$rc" = 0 ] && ! grep -q '"type":"denial"' "$out"; then
		ok setcap_fix_works
	else
		fail setcap_fix_works "after '$cmd': exit $rc" "$out"
	fi
fi

# ---- -p: attach to a running process and its children ----
out=$T_TMP/pid.json
"$HELPERS/svc-launch" --user nobody -- sh -c "sleep 1; $bind 80; exit 0" >/dev/null 2>&1 &
target=$!
capfix_bg "$out" --json -p "$target" || fail pid_mode "capfix did not attach" "$out.err"
wait "$target"
sleep 0.2
capfix_stop
t_check pid_mode_follows_children "$out" 'map(select(.type=="denial")) | length == 1 and
	.[0].capability == "CAP_NET_BIND_SERVICE" and .[0].ppid != 0'

# ---- system-wide with -c: only that command name ----
out=$T_TMP/comm.json
capfix_bg "$out" --json -c bindport || fail comm_filter "capfix did not attach" "$out.err"
"$HELPERS/svc-launch" --user nobody -- "$raw" >/dev/null 2>&1
"$HELPERS/svc-launch" --user nobody -- "$bind" 80 >/dev/null 2>&1
sleep 0.3
capfix_stop
t_check comm_filter "$out" 'map(select(.type=="denial")) | length == 1 and .[0].comm == "bindport"'

# ---- --unit: a cgroup named like a unit, across restarts (new pids, a new cgroup) ----
unit=capfix-itest-$$.service
cg=$(cgroup2_root)/capfix-itest-$$.slice/$unit
out=$T_TMP/unit.json
if mkdir -p "$cg" 2>/dev/null; then
	capfix_bg "$out" --json --unit "$unit" || fail unit_filter "capfix did not attach" "$out.err"
	"$HELPERS/svc-launch" --user nobody -- "$raw" >/dev/null 2>&1 # outside the unit: ignored
	for attempt in 1 2; do
		sh -c "echo \$\$ > $cg/cgroup.procs; exec $HELPERS/svc-launch --user nobody -- $bind 80" \
			>/dev/null 2>&1
		rmdir "$cg" && mkdir "$cg" # the unit's cgroup is re-created on restart
	done
	sleep 0.3
	capfix_stop
	rmdir "$cg" "$(dirname "$cg")" 2>/dev/null
	t_check unit_filter "$out" "map(select(.type==\"denial\")) | length == 2 and
		all(.unit == \"$unit\" and .capability == \"CAP_NET_BIND_SERVICE\")"
else
	skip unit_filter "cannot create a directory in the cgroup v2 hierarchy ($(cgroup2_root))"
fi

# ---- the fallbacks: a refused variant falls back cleanly; the sys_exit result hook is exact ----
out=$T_TMP/fexit.json
"$CAPFIX" -v --json --attach fexit --user nobody -- "$bind" 80 >"$out" 2>"$out.err"
if grep -q 'attached (tp_btf/cap_capable' "$out.err" && grep -q 'fexit/security_capable.*: ' "$out.err"; then
	ok forced_fexit_falls_back
else
	fail forced_fexit_falls_back "want fexit refused, then tp_btf" "$out.err"
fi
t_check forced_fexit_still_reports "$out" '.[0].capability == "CAP_NET_BIND_SERVICE"'
out=$T_TMP/sysexit.json
"$CAPFIX" --json --result sys_exit --user nobody -- "$bind" 80 >"$out" 2>"$out.err"
if grep -q 'raw_tp/sys_exit' "$out.err"; then ok result_sys_exit_chosen; else
	fail result_sys_exit_chosen "" "$out.err"; fi
t_check result_sys_exit_exact "$out" '.[0].effect == "failed" and .[0].errno == "EACCES" and
	.[-1].failed == 1'
out=$T_TMP/none.json
"$CAPFIX" --json --result none --user nobody -- "$bind" 80 >"$out" 2>"$out.err"
t_check result_none_unknown "$out" '.[0].effect == "unknown" and .[0].errno == null'

# ---- nothing left in the kernel after any kind of exit ----
capfix_bg "$T_TMP/k.json" --json && kill -9 "$CF_PID"
wait "$CF_PID" 2>/dev/null
capfix_bg "$T_TMP/t.json" --json && kill -TERM "$CF_PID"
wait "$CF_PID" 2>/dev/null
if left=$(wait_no_orphans); then ok no_programs_left_behind; else
	fail no_programs_left_behind "$left capfix programs still loaded with no owner"; fi

t_finish
