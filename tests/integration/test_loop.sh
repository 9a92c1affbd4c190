#!/usr/bin/env bash
# SPDX-License-Identifier: (LGPL-2.1 OR BSD-2-Clause)
# Closing the loop (issue 6), with the real BPF programs, a real systemd 252 in a namespace and
# the real consumers of capfix's output: the summary per unit and executable, --emit's
# setcap.sh, drop-in (systemd-analyze verify) and Ansible tasks (ansible-playbook -c local),
# --verify of a command and of a unit needing two capabilities, and --service compared with
# systemd field by field in /proc/PID/status.
set -u
cd "$(dirname "$0")/../.." || exit 1
. tests/lib/testlib.sh
. tests/lib/systemd-sandbox.sh

need_root loop || t_finish
for h in bindport rawsock twocaps svc-launch; do
	if [ ! -x "$HELPERS/$h" ]; then
		skip loop "no $HELPERS/$h (make helpers)"
		t_finish
	fi
done

# ---- summary per executable, --emit's setcap.sh: it runs, is idempotent, and fixes it ----
bind=$(nobody_copy bindport)
out=$T_TMP/emit1.json
"$CAPFIX" --json --emit "$T_TMP/emit1" --user nobody -- "$bind" 80 >"$out" 2>"$out.err"
t_check summary_executables "$out" ".[-1].type == \"summary\" and
	(.[-1].executables | length) == 1 and (.[-1].executables[0] | .exe == \"$bind\" and
	.missing == [\"CAP_NET_BIND_SERVICE\"] and .failed == 1 and .syscalls == [\"bind\"] and
	.fix.kind == \"setcap\" and .fix_applies) and .[-1].units == [] and
	(.[-1].processes[0].missing == [\"CAP_NET_BIND_SERVICE\"])"
s=$T_TMP/emit1/setcap.sh
if [ -x "$s" ] && head -5 "$s" | grep -q '^set -eu$' && sh -n "$s" && sh "$s" >"$T_TMP/s1" 2>&1 &&
	sh "$s" >"$T_TMP/s2" 2>&1 && grep -q '^set ' "$T_TMP/s1" && grep -q '^unchanged: ' "$T_TMP/s2"; then
	"$CAPFIX" --json --user nobody -- "$bind" 80 >"$out" 2>"$out.err"
	rc=$?
	if [ "$rc" = 0 ] && ! grep -q '"type":"denial"' "$out"; then ok emit_setcap_sh_fixes; else
		fail emit_setcap_sh_fixes "after setcap.sh: exit $rc" "$out"; fi
else
	fail emit_setcap_sh_fixes "setcap.sh did not run twice cleanly" "$s"
fi

# ---- a hostile file name: quoted in setcap.sh, !unsafe in the Ansible tasks, still fixed ----
evil="$T_TMP/it's \$(touch pwned) {{ 7*7 }}"
cp "$HELPERS/bindport" "$evil"
chmod 755 "$evil"
"$CAPFIX" --json --emit "$T_TMP/emit2" --user nobody -- "$evil" 80 >"$out" 2>"$out.err"
if (cd "$T_TMP" && sh "$T_TMP/emit2/setcap.sh" >/dev/null 2>&1) && [ ! -e "$T_TMP/pwned" ] &&
	getcap "$evil" | grep -q 'cap_net_bind_service=ep'; then
	ok emit_hostile_path_quoted
else
	fail emit_hostile_path_quoted "setcap.sh did not set caps on the file, or ran its name" \
		"$T_TMP/emit2/setcap.sh"
fi

# ---- Ansible applies the task file to localhost; the failure is gone ----
have_ansible() {
	command -v ansible-playbook >/dev/null &&
		ansible-doc -t module community.general.capabilities >/dev/null 2>&1
}
playbook() { # DIR: a playbook that imports DIR/capfix-tasks.yml
	printf -- '- hosts: localhost\n  gather_facts: false\n  tasks:\n    - ansible.builtin.import_tasks: %s/capfix-tasks.yml\n' "$1" >"$1/playbook.yml"
}
raw=$(nobody_copy rawsock)
if have_ansible; then
	"$CAPFIX" --json --emit "$T_TMP/emit3" --user nobody -- "$raw" >"$out" 2>"$out.err"
	playbook "$T_TMP/emit3"
	if ANSIBLE_NOCOLOR=1 ansible-playbook -i localhost, -c local "$T_TMP/emit3/playbook.yml" \
		>"$T_TMP/ans1" 2>&1; then
		"$CAPFIX" --json --user nobody -- "$raw" >"$out" 2>"$out.err"
		rc=$?
		if [ "$rc" = 0 ] && ! grep -q '"type":"denial"' "$out"; then ok ansible_file_caps_fix; else
			fail ansible_file_caps_fix "after the playbook: exit $rc" "$out"; fi
		ANSIBLE_NOCOLOR=1 ansible-playbook -i localhost, -c local "$T_TMP/emit3/playbook.yml" \
			>"$T_TMP/ans2" 2>&1
		if grep -q 'changed=0' "$T_TMP/ans2"; then ok ansible_idempotent; else
			fail ansible_idempotent "a second run changed something" "$T_TMP/ans2"; fi
	else
		fail ansible_file_caps_fix "ansible-playbook failed" "$T_TMP/ans1"
	fi
	# the hostile name: neither a shell nor Jinja2 sees it
	setcap -r "$evil"
	playbook "$T_TMP/emit2"
	(cd "$T_TMP" && ANSIBLE_NOCOLOR=1 ansible-playbook -i localhost, -c local \
		"$T_TMP/emit2/playbook.yml" >"$T_TMP/ans4" 2>&1)
	if getcap "$evil" | grep -q 'cap_net_bind_service=ep' && [ ! -e "$T_TMP/pwned" ] &&
		! grep -q '49' "$T_TMP/ans4"; then
		ok ansible_hostile_path
	else
		fail ansible_hostile_path "caps not set on the file, or its name was run" "$T_TMP/ans4"
	fi
else
	skip ansible_file_caps_fix "no ansible-playbook with community.general (apt-get install ansible)"
fi

# ---- --verify -- COMMAND: two capabilities, one revealed by the fix of the other ----
two=$(nobody_copy twocaps)
out=$T_TMP/verify.json
"$CAPFIX" --json --verify --user nobody -- "$two" >"$out" 2>"$out.err"
rc=$?
t_check verify_command_two_caps "$out" 'map(select(.type=="verify")) | length == 1 and (.[0] |
	.verified and .capabilities == ["CAP_NET_BIND_SERVICE","CAP_NET_RAW"] and
	.runs[0].failed == ["CAP_NET_BIND_SERVICE"] and .runs[1].failed == ["CAP_NET_RAW"] and
	.runs[-1].ok and .runs[-1].granted == ["CAP_NET_BIND_SERVICE","CAP_NET_RAW"] and
	(.dropin | test("AmbientCapabilities=CAP_NET_BIND_SERVICE CAP_NET_RAW")))'
[ "$rc" = 0 ] && ok verify_command_exit_0 || fail verify_command_exit_0 "exit $rc" "$out.err"
"$CAPFIX" --json --verify --user nobody -- /bin/false >"$out" 2>"$out.err"
rc=$?
t_check verify_command_not_capabilities "$out" 'map(select(.type=="verify")) | .[0] |
	(.verified | not) and (.reason | test("something other than capabilities"))'
[ "$rc" = 4 ] && ok verify_unverified_exit_4 || fail verify_unverified_exit_4 "exit $rc" "$out.err"
"$CAPFIX" --verify -- /bin/true >"$out" 2>&1
[ $? = 2 ] && grep -q 'needs --user' "$out" && ok verify_needs_user || fail verify_needs_user "" "$out"

# ---- SIGUSR1: the summary so far, while tracing goes on ----
out=$T_TMP/usr1.json
if capfix_bg "$out" --json -c bindport; then
	"$HELPERS/svc-launch" --user nobody -- "$(nobody_copy bindport)" 81 >/dev/null 2>&1
	sleep 0.3
	kill -USR1 "$CF_PID"
	sleep 0.3
	n1=$(grep -c '"type":"summary"' "$out")
	capfix_stop
	t_check sigusr1_summary "$out" "[.[] | select(.type==\"summary\")] | length == 2 and
		.[0].failed == 1 and .[0].executables[0].missing == [\"CAP_NET_BIND_SERVICE\"]"
	[ "$n1" = 1 ] || fail sigusr1_summary_live "no summary before exit ($n1)" "$out"
else
	fail sigusr1_summary "capfix did not attach" "$out.err"
fi

# ---- the systemd sandbox ----
if ! command -v nsenter >/dev/null || ! sandbox_start >/dev/null 2>"$T_TMP/sandbox.err"; then
	skip loop_sandbox "systemd does not boot in a namespace here: $(head -c 200 "$T_TMP/sandbox.err")"
	t_finish
fi
trap 'sandbox_cleanup; rm -rf "$T_TMP"' EXIT
trap 'exit 130' INT TERM
S=$SANDBOX_SHARED
cp "$HELPERS/bindport" "$HELPERS/twocaps" "$S/"
# the sandbox has its own /tmp, /run and /var/tmp: a checkout there is invisible inside, so
# capfix runs from the shared directory
cp "$CAPFIX" "$S/capfix"
SCAPFIX=$S/capfix
U=capfix-test-loop$$
run_dir() { echo "/proc/$SANDBOX_PID/root/run/systemd/system/$1.d"; }
# in_sandbox CMD...: a command in the sandbox's mount and pid namespaces (capfix talks to its systemd)
in_sandbox() { nsenter -t "$SANDBOX_PID" -m -p "$@"; }

# 1. per-unit summary and --emit against a unit: bind :80 under NoNewPrivileges= (R1)
unit_body="[Service]
Type=oneshot
User=nobody
NoNewPrivileges=yes
ExecStart=$S/bindport 80"
sandbox_install_unit $U-emit.service "$unit_body" >/dev/null
out=$S/emit-unit.json
in_sandbox "$SCAPFIX" --json --emit "$S/emit-unit" -u $U-emit.service -d 4 >"$out" 2>"$out.err" &
cfp=$!
for i in $(seq 100); do grep -q 'attached' "$out.err" 2>/dev/null && break; sleep 0.05; done
sandbox_ctl start $U-emit.service >/dev/null 2>&1
wait $cfp
t_check unit_summary "$out" ".[-1].type == \"summary\" and (.[-1].units | length) == 1 and
	(.[-1].units[0] | .unit == \"$U-emit.service\" and .missing == [\"CAP_NET_BIND_SERVICE\"] and
	.failed >= 1 and .syscalls == [\"bind\"] and .fix.kind == \"systemd\" and
	(.fix.dropin | test(\"AmbientCapabilities=CAP_NET_BIND_SERVICE\")))"
dropin=$S/emit-unit/etc/systemd/system/$U-emit.service.d/capfix.conf
if [ -f "$dropin" ] && command -v systemd-analyze >/dev/null; then
	v=$T_TMP/verify-unit
	mkdir -p "$v/$U-emit.service.d"
	printf '%s\n' "$unit_body" >"$v/$U-emit.service"
	cp "$dropin" "$v/$U-emit.service.d/"
	systemd-analyze verify "$v/$U-emit.service" >"$v/out" 2>"$v/err.all"
	rc=$?
	# the unit's own User=nobody draws a warning on its line 3: not about the drop-in
	grep -v "$U-emit.service:3: Special user nobody configured" "$v/err.all" >"$v/err"
	bad=""
	for c in $(sed -n 's/^\(AmbientCapabilities\|CapabilityBoundingSet\)=//p' "$dropin"); do
		capsh --supports="$c" >/dev/null 2>&1 || bad="$bad $c"
	done
	if [ "$rc" = 0 ] && [ ! -s "$v/err" ] && [ -z "$bad" ]; then ok dropin_systemd_analyze_verify; else
		fail dropin_systemd_analyze_verify "exit $rc, unknown caps '$bad'" "$v/err"; fi
	# the emitted drop-in, installed where its relative path says, fixes the unit
	sandbox_install_dropin $U-emit.service "$(cat "$dropin")" >/dev/null
	sandbox_ctl start $U-emit.service >/dev/null 2>&1
	r="$(sandbox_show $U-emit.service Result) $(sandbox_show $U-emit.service ExecMainStatus)"
	[ "$r" = "success 0" ] && ok emitted_dropin_fixes_unit || fail emitted_dropin_fixes_unit "got '$r'"
else
	fail dropin_systemd_analyze_verify "no $dropin (or no systemd-analyze)" "$out.err"
fi

# 2. Ansible applies the same emit to the unit, inside the sandbox (its systemctl, its systemd)
if have_ansible && [ -f "$S/emit-unit/capfix-tasks.yml" ]; then
	sandbox_install_unit $U-ans.service "$unit_body" >/dev/null
	e=$S/emit-ans
	mkdir -p "$e"
	sed "s/$U-emit\.service/$U-ans.service/g" "$S/emit-unit/capfix-tasks.yml" >"$e/capfix-tasks.yml"
	playbook "$e"
	sandbox_track_file /etc/systemd/system/$U-ans.service.d/capfix.conf
	sandbox_ctl start $U-ans.service >/dev/null 2>&1
	before="$(sandbox_show $U-ans.service Result)"
	if in_sandbox env ANSIBLE_NOCOLOR=1 HOME=/root ansible-playbook -i localhost, -c local \
		"$e/playbook.yml" >"$T_TMP/ans3" 2>&1; then
		r="$(sandbox_show $U-ans.service Result) $(sandbox_show $U-ans.service ExecMainStatus)"
		if [ "$before" = exit-code ] && [ "$r" = "success 0" ]; then ok ansible_dropin_fixes_unit; else
			fail ansible_dropin_fixes_unit "before '$before', after '$r'" "$T_TMP/ans3"; fi
	else
		fail ansible_dropin_fixes_unit "ansible-playbook failed" "$T_TMP/ans3"
	fi
else
	skip ansible_dropin_fixes_unit "no ansible with community.general, or nothing emitted"
fi

# 3. --verify --unit: fails for NET_BIND_SERVICE, then NET_RAW; ends with both, running
sandbox_install_unit $U-two.service "[Service]
User=nobody
ExecStart=$S/twocaps --sleep 300" >/dev/null
out=$S/verify-unit.json
in_sandbox "$SCAPFIX" --json --verify -u $U-two.service -d 2 >"$out" 2>"$out.err"
rc=$?
t_check verify_unit_two_caps "$out" 'map(select(.type=="verify")) | .[0] | .verified and
	.target == "unit" and .capabilities == ["CAP_NET_BIND_SERVICE","CAP_NET_RAW"] and
	.runs[0].failed == ["CAP_NET_BIND_SERVICE"] and .runs[1].failed == ["CAP_NET_RAW"] and
	(.runs[-1].state | test("^active/running"))'
st="$(sandbox_show $U-two.service ActiveState)/$(sandbox_show $U-two.service SubState)"
[ "$rc" = 0 ] && [ "$st" = active/running ] && ok verify_unit_running ||
	fail verify_unit_running "exit $rc, unit $st" "$out.err"
if [ ! -e "$(run_dir $U-two.service)/capfix-verify.conf" ] && [ ! -e "$(run_dir $U-two.service)" ] &&
	[ ! -e /etc/systemd/system/$U-two.service.d ]; then
	ok verify_unit_runtime_dropin_removed
else
	fail verify_unit_runtime_dropin_removed "$(ls -la "$(run_dir $U-two.service)" 2>&1)"
fi
sandbox_ctl stop $U-two.service

# 4. --persist keeps it in /etc; the unit restarts fine with it alone
sandbox_install_unit $U-per.service "[Service]
User=nobody
ExecStart=$S/twocaps --sleep 300" >/dev/null
sandbox_track_file /etc/systemd/system/$U-per.service.d/capfix.conf
in_sandbox "$SCAPFIX" --verify --persist -u $U-per.service -d 2 >"$T_TMP/per" 2>&1
sandbox_ctl restart $U-per.service
sleep 1
st="$(sandbox_show $U-per.service ActiveState)/$(sandbox_show $U-per.service SubState)"
if grep -q 'AmbientCapabilities=CAP_NET_BIND_SERVICE CAP_NET_RAW' \
	/etc/systemd/system/$U-per.service.d/capfix.conf 2>/dev/null &&
	[ ! -e "$(run_dir $U-per.service)/capfix-verify.conf" ] && [ "$st" = active/running ]; then
	ok verify_unit_persist
else
	fail verify_unit_persist "unit $st" "$T_TMP/per"
fi
sandbox_ctl stop $U-per.service

# 5. Ctrl-C in the middle: the runtime drop-in is removed and systemd reloaded
sandbox_install_unit $U-int.service "[Service]
User=nobody
ExecStart=$S/twocaps --sleep 300" >/dev/null
# nsenter itself (not in_sandbox, a function: & would fork a subshell), so that capfix is its child
nsenter -t "$SANDBOX_PID" -m -p "$SCAPFIX" --verify -u $U-int.service -d 5 >"$T_TMP/int" 2>&1 &
nsp=$!
f="$(run_dir $U-int.service)/capfix-verify.conf"
for i in $(seq 150); do [ -e "$f" ] && break; sleep 0.1; done
cfp=$(pgrep -P "$nsp" | head -1)
if [ -e "$f" ] && [ -n "$cfp" ]; then
	kill -INT "$cfp"
	sleep 0.2
	kill -INT "$cfp" 2>/dev/null # a second Ctrl-C must not skip the clean-up
	wait "$nsp"
	if [ ! -e "$f" ] && [ -z "$(sandbox_show $U-int.service DropInPaths | grep capfix-verify)" ] &&
		grep -q 'interrupted' "$T_TMP/int"; then
		ok verify_unit_interrupted_cleans_up
	else
		fail verify_unit_interrupted_cleans_up "drop-in left: $(ls "$f" 2>&1)" "$T_TMP/int"
	fi
else
	kill "$nsp" 2>/dev/null
	wait "$nsp"
	fail verify_unit_interrupted_cleans_up "the runtime drop-in never appeared" "$T_TMP/int"
fi
sandbox_ctl stop $U-int.service

# 5b. not a capability problem: ProtectSystem=strict makes /etc read-only (EROFS), and
# --verify says so instead of only "something other than capabilities" (#11)
sandbox_install_unit $U-ro.service "[Service]
Type=oneshot
ProtectSystem=strict
ExecStart=/bin/sh -c 'touch /etc/$U-ro'" >/dev/null
sandbox_track_file /etc/$U-ro
in_sandbox "$SCAPFIX" --json --verify -u $U-ro.service -d 2 >"$T_TMP/ro" 2>"$T_TMP/ro.err"
t_check verify_unit_names_protectsystem "$T_TMP/ro" 'map(select(.type=="verify")) | .[0] |
	(.verified | not) and (.reason | test("something other than capabilities.*ProtectSystem=strict: EROFS"))'

# 6. --service gives the same credentials as systemd for the same unit file
fields='^(Uid|Gid|Groups|CapInh|CapPrm|CapEff|CapBnd|CapAmb|NoNewPrivs):'
compare_service() { # NAME BODY [EXECSTART-PREFIX]
	local file=$S/$1.status unit=$U-svc-$1.service sd cf
	sandbox_track_file "$file"
	sandbox_install_unit $unit "[Service]
Type=oneshot
$2
StandardOutput=file:$file
ExecStart=${3:-}/bin/cat /proc/self/status" >/dev/null
	sandbox_ctl start $unit >/dev/null 2>&1
	sd=$(grep -E "$fields" "$file" 2>/dev/null)
	# with --json the command's stdout goes to stderr
	cf=$("$CAPFIX" --json --service "/etc/systemd/system/$unit" 2>&1 >/dev/null | grep -E "$fields")
	if [ -n "$sd" ] && [ "$sd" = "$cf" ]; then
		ok "service_matches_systemd_$1"
	else
		fail "service_matches_systemd_$1" "systemd: $(echo $sd) | capfix --service: $(echo $cf)"
	fi
}
compare_service user "User=nobody"
compare_service ambient_implied_nnp "User=nobody
AmbientCapabilities=CAP_NET_BIND_SERVICE
AmbientCapabilities=CAP_NET_RAW
RestrictAddressFamilies=AF_INET AF_INET6"
compare_service bounding_nnp "User=nobody
Group=nogroup
SupplementaryGroups=adm
NoNewPrivileges=yes
CapabilityBoundingSet=CAP_NET_BIND_SERVICE
CapabilityBoundingSet=CAP_CHOWN
AmbientCapabilities=CAP_NET_BIND_SERVICE"
compare_service root_inverted_bounding "CapabilityBoundingSet=~CAP_NET_RAW CAP_SYS_ADMIN"
compare_service securebits "User=nobody
SecureBits=noroot
AmbientCapabilities=CAP_NET_BIND_SERVICE"
compare_service no_setuid_prefix "User=nobody
AmbientCapabilities=CAP_NET_RAW" "!"
compare_service privileged_prefix "User=nobody
NoNewPrivileges=yes
CapabilityBoundingSet=CAP_CHOWN" "+"
t_finish
