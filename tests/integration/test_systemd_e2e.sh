#!/usr/bin/env bash
# SPDX-License-Identifier: (LGPL-2.1 OR BSD-2-Clause)
# The classic case against a real systemd 252 (PID 1 of a private PID + mount namespace): a unit
# with User=nobody, NoNewPrivileges=yes and a setcap'd binary fails to bind :80. capfix, attached
# system-wide, names the unit and prints the drop-in; the test installs exactly that drop-in,
# reloads, starts the unit again, and it succeeds.
set -u
cd "$(dirname "$0")/../.." || exit 1
. tests/lib/testlib.sh
. tests/lib/systemd-sandbox.sh

need_root systemd_e2e || t_finish
dropin_dir=
trap 'sandbox_cleanup; [ -n "$dropin_dir" ] && rmdir "$dropin_dir" 2>/dev/null; rm -rf "$T_TMP"' EXIT
trap 'exit 130' INT TERM
if ! sandbox_start >/dev/null; then
	skip systemd_e2e "systemd does not boot in a namespace on this machine"
	t_finish
fi
S=$SANDBOX_SHARED
cp "$HELPERS/bindport" "$S/web"
setcap cap_net_bind_service=+ep "$S/web"
unit=capfix-test-$$-web.service
out=$T_TMP/e2e.json

capfix_bg "$out" --json --unit "$unit" || fail systemd_e2e_attach "capfix did not attach" "$out.err"
sandbox_install_unit "$unit" "[Unit]
Description=capfix e2e: the classic setcap + NoNewPrivileges failure
[Service]
Type=oneshot
User=nobody
NoNewPrivileges=yes
ExecStart=$S/web 80" >/dev/null
sandbox_ctl start "$unit" >/dev/null 2>&1
r="$(sandbox_show "$unit" Result) $(sandbox_show "$unit" ExecMainStatus)"
sleep 0.3
capfix_stop
[ "$r" = "exit-code 13" ] && ok systemd_e2e_unit_fails || fail systemd_e2e_unit_fails "unit: '$r'"
t_check systemd_e2e_unit_named "$out" "[.[] | select(.type==\"denial\" and .capability==\"CAP_NET_BIND_SERVICE\")][0] | .unit == \"$unit\" and
	.capability == \"CAP_NET_BIND_SERVICE\" and .process.no_new_privs == true and
	(.blockers | index(\"no_new_privs\")) != null and
	([.fixes[] | select(.kind==\"setcap\")] | length) == 0"
t_check systemd_e2e_dropin_first "$out" "[.[] | select(.type==\"denial\" and .capability==\"CAP_NET_BIND_SERVICE\")][0].fixes[0] |
	.kind == \"systemd\" and .path == \"/etc/systemd/system/$unit.d/capfix.conf\" and
	(.dropin | test(\"AmbientCapabilities=CAP_NET_BIND_SERVICE\"))"

# apply the printed drop-in, byte for byte, and the printed command (inside the sandbox)
path=$(jq -r -s '[.[] | select(.type=="denial" and .capability=="CAP_NET_BIND_SERVICE")][0].fixes[0].path' "$out")
if [ "$path" = "/etc/systemd/system/$unit.d/capfix.conf" ]; then
	mkdir -p "${path%/*}"
	jq -j -s '[.[] | select(.type=="denial" and .capability=="CAP_NET_BIND_SERVICE")][0].fixes[0].dropin' "$out" >"$path"
	sandbox_track_file "$path"
	dropin_dir=${path%/*}
	cmd=$(jq -r -s '[.[] | select(.type=="denial" and .capability=="CAP_NET_BIND_SERVICE")][0].fixes[0].command' "$out")
	sandbox_exec sh -c "$cmd" >/dev/null 2>&1
	sandbox_ctl start "$unit" >/dev/null 2>&1
	r="$(sandbox_show "$unit" Result) $(sandbox_show "$unit" ExecMainStatus)"
	[ "$r" = "success 0" ] && ok systemd_e2e_dropin_fixes_unit ||
		fail systemd_e2e_dropin_fixes_unit "after the drop-in: '$r'" "$path"
else
	fail systemd_e2e_dropin_fixes_unit "no drop-in path in the output" "$out"
fi
t_finish
