#!/usr/bin/env bash
# SPDX-License-Identifier: (LGPL-2.1 OR BSD-2-Clause)
# Why the obvious fix fails, end to end: each scenario reproduces a real failure with the real
# BPF programs, checks the blocker capfix names and the fixes it offers (and withholds), then
# applies the first fix that fits and checks the failure is gone.
set -u
cd "$(dirname "$0")/../.." || exit 1
. tests/lib/testlib.sh

need_root diagnosis || t_finish
L=$HELPERS/svc-launch
bind=$(nobody_copy bindport)
bind_ep=$T_TMP/bindport-ep
cp "$bind" "$bind_ep"
setcap cap_net_bind_service=+ep "$bind_ep"

# ---- R1: setcap done, still denied under no_new_privs (User=nobody + NoNewPrivileges=yes) ----
out=$T_TMP/nnp.json
"$CAPFIX" --json -- "$L" --user nobody --nnp -- "$bind_ep" 80 >"$out" 2>"$out.err"
t_check nnp_blocker "$out" '[.[] | select(.type=="denial")][0] | .capability == "CAP_NET_BIND_SERVICE"
	and .process.no_new_privs == true and (.blockers | index("no_new_privs")) != null'
t_no_fix nnp_no_setcap_fix "$out" setcap "setcap offered under no_new_privs"
# the fix that works there: ambient, the way systemd's AmbientCapabilities= grants it
"$L" --user nobody --nnp --ambient cap_net_bind_service -- "$bind_ep" 80 >/dev/null 2>&1
rc=$?
if [ "$rc" = 0 ]; then ok nnp_ambient_fix_works; else fail nnp_ambient_fix_works "exit $rc"; fi
# the ambient wrapper capfix prints, run as printed (with the arguments it read), also works
cmd=$(jq -r -s '[.[] | select(.type=="denial")][0].fixes[] | select(.kind=="ambient_wrapper") | .command' "$out" | head -1)
if [ "${cmd% 80}" != "$cmd" ] && sh -c "$cmd" >/dev/null 2>&1; then ok nnp_printed_wrapper_works; else
	fail nnp_printed_wrapper_works "wrapper '$cmd' did not bind" "$out"; fi

# ---- R4: the bounding set lacks the cap: setcap cannot help ----
out=$T_TMP/bnd.json
"$CAPFIX" --json -- "$L" --user nobody --drop-bounding cap_net_bind_service -- "$bind" 80 >"$out" 2>"$out.err"
t_check bounding_blocker "$out" '[.[] | select(.type=="denial")][0] |
	(.blockers | index("bounding_set")) != null and
	((.process.bounding | index("CAP_NET_BIND_SERVICE")) == null)'
t_no_fix bounding_no_setcap_fix "$out" setcap "setcap offered outside the bounding set"
# the first fix as printed (run as root, the program's arguments appended) works
cmd=$(jq -r -s '[.[] | select(.type=="denial")][0].fixes[0] | select(.kind=="ambient_wrapper") | .command' "$out")
if [ "${cmd% 80}" != "$cmd" ] && sh -c "$cmd" >/dev/null 2>&1; then ok bounding_printed_fix_works; else
	fail bounding_printed_fix_works "first fix '$cmd' did not bind" "$out"; fi

# ---- R3: a +ep binary whose cap is outside the bounding set: execve itself fails ----
out=$T_TMP/dumb.json
"$CAPFIX" --json -- "$L" --user nobody --drop-bounding cap_net_bind_service -- "$bind_ep" 80 >"$out" 2>"$out.err"
rc=$?
t_check capability_dumb_exec "$out" "[.[] | select(.type==\"denial\")][0] | .syscall == \"execve\" and
	.errno == \"EPERM\" and .capability == \"CAP_NET_BIND_SERVICE\" and .exe == \"$bind_ep\" and
	(.blockers | index(\"bounding_set\")) != null"
if [ "$rc" = 203 ]; then ok capability_dumb_exec_status; else fail capability_dumb_exec_status "want 203, got $rc"; fi
# the printed fix for a plain process, a build without the file cap (setcap -r), on a copy:
# the exec no longer fails (the bind then needs the cap by other means)
dumbcopy=$T_TMP/dumb-copy
cp -p "$bind_ep" "$dumbcopy"
cmd=$(jq -r -s '[.[] | select(.type=="denial")][0].fixes[] | select(.kind=="setcap") | .command' "$out" | head -1)
if [ "$cmd" = "setcap -r $bind_ep" ]; then
	sh -c "setcap -r $dumbcopy"
	"$L" --user nobody --drop-bounding cap_net_bind_service -- "$dumbcopy" 80 >/dev/null 2>&1
	rc=$?
	[ "$rc" = 13 ] && ok capability_dumb_printed_fix_execs ||
		fail capability_dumb_printed_fix_execs "want the exec to work and bind to fail (13), got $rc"
else
	fail capability_dumb_printed_fix_execs "want 'setcap -r $bind_ep', got '$cmd'" "$out"
fi
# fixed by keeping the cap in the bounding set (what the printed drop-in or --cap-add does)
"$L" --user nobody -- "$bind_ep" 80 >/dev/null 2>&1 && ok capability_dumb_fix_works ||
	fail capability_dumb_fix_works "still failing with the cap in the bounding set"

# ---- R2: +ep file on a nosuid mount ----
out=$T_TMP/nosuid.json
unshare -m --propagation private sh -c "
	mkdir -p $T_TMP/nosuid && mount -t tmpfs -o nosuid,mode=755 tmpfs $T_TMP/nosuid &&
	cp $bind $T_TMP/nosuid/server && setcap cap_net_bind_service=+ep $T_TMP/nosuid/server &&
	$CAPFIX --json -- $L --user nobody -- $T_TMP/nosuid/server 80 >$out 2>$out.err
	$L --user nobody --ambient cap_net_bind_service -- $T_TMP/nosuid/server 80 >$out.fixed 2>&1
	echo \$? >$out.fixed.rc"
t_check nosuid_blocker "$out" '[.[] | select(.type=="denial")][0] | (.blockers | index("nosuid_mount")) != null'
t_no_fix nosuid_no_setcap_fix "$out" setcap "setcap offered on a nosuid mount"
[ "$(cat "$out.fixed.rc" 2>/dev/null)" = 0 ] && ok nosuid_ambient_fix_works ||
	fail nosuid_ambient_fix_works "ambient did not work on the nosuid mount" "$out.fixed"

# ---- R7: a script: python3 -m http.server 80 as nobody ----
py=$(readlink -f /usr/bin/python3)
if [ -x "$py" ]; then
	out=$T_TMP/py.json
	"$CAPFIX" --json -- timeout 5 "$L" --user nobody -- /usr/bin/python3 -m http.server 80 >"$out" 2>"$out.err"
	t_check script_interpreter_blocker "$out" "[.[] | select(.type==\"denial\")][0] |
		.exe == \"$py\" and (.blockers | index(\"interpreter\")) != null and
		(.fixes[0].kind != \"setcap\")"
	t_check script_setcap_warns "$out" '[.[] | select(.type=="denial")][0] |
		[.fixes[] | select(.kind=="setcap")] | all(.warning != null)'
	# the fix: ambient caps for the service, not file caps on the interpreter
	timeout 3 "$L" --user nobody --ambient cap_net_bind_service -- /usr/bin/python3 -m http.server 80 \
		>"$T_TMP/py.fixed" 2>&1
	grep -q 'Serving HTTP on .* port 80' "$T_TMP/py.fixed" && ok script_ambient_fix_works ||
		fail script_ambient_fix_works "python3 did not serve on :80 with ambient caps" "$T_TMP/py.fixed"
else
	skip script_interpreter_blocker "no /usr/bin/python3"
fi

# ---- R11: root in a child user namespace does not own the host's network namespace ----
out=$T_TMP/userns.json
"$CAPFIX" --json -- "$L" --user nobody -- /usr/bin/unshare -Ur "$bind" 80 >"$out" 2>"$out.err"
t_check userns_blocker "$out" '[.[] | select(.type=="denial")][0] | .capability == "CAP_NET_BIND_SERVICE"
	and .process.user_namespace == "child" and (.blockers | index("user_namespace")) != null'
t_no_fix userns_no_setcap_fix "$out" setcap "setcap offered inside a user namespace"

# ---- a process in a cgroup named like a systemd unit gets a drop-in for that unit ----
unit=capfix-diag-$$.service
cg=$(cgroup2_root)/system.slice/$unit
out=$T_TMP/unitcg.json
if mkdir -p "$cg" 2>/dev/null; then
	"$CAPFIX" --json -- sh -c "echo \$\$ > $cg/cgroup.procs && exec $L --user nobody -- $bind 80" \
		>"$out" 2>"$out.err"
	echo $$ >"$(cgroup2_root)/cgroup.procs" 2>/dev/null
	rmdir "$cg" 2>/dev/null
	t_check unit_dropin_offered "$out" "[.[] | select(.type==\"denial\")][0] | .unit == \"$unit\" and
		(.fixes[0].kind == \"systemd\") and
		(.fixes[0].path == \"/etc/systemd/system/$unit.d/capfix.conf\") and
		(.fixes[0].dropin | test(\"AmbientCapabilities=CAP_NET_BIND_SERVICE\")) and
		(.fixes[0].command == \"systemctl daemon-reload && systemctl restart $unit\")"
else
	skip unit_dropin_offered "cannot create a cgroup under $(cgroup2_root)/system.slice"
fi

t_finish
