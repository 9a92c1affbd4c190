#!/bin/sh
# SPDX-License-Identifier: (LGPL-2.1 OR BSD-2-Clause)
# The systemd sandbox and svc-launch against the real systemd 252: same failures, same fixes, same
# capability sets. Prints "ok|FAIL|SKIP integration/NAME" lines; exit 1 if any failed.
# Env: HELPERS (default $OUT/tests, OUT default build) holds svc-launch, bindport, rawsock.
set -u
cd "$(dirname "$0")/../.." || exit 1
. tests/lib/systemd-sandbox.sh

HELPERS=${HELPERS:-${OUT:-build}/tests}
HELPERS=$(cd "$HELPERS" 2>/dev/null && pwd) || HELPERS=/nonexistent
passed=0 failed=0 skipped=0

ok() { echo "ok   integration/$1"; passed=$((passed + 1)); }
fail() { echo "FAIL integration/$1: $2"; failed=$((failed + 1)); }
skip() { echo "SKIP integration/$1: $2"; skipped=$((skipped + 1)); }
finish() {
	echo "systemd-sandbox: $passed passed, $failed failed, $skipped skipped"
	[ "$failed" = 0 ]
	exit $?
}

if [ "$(id -u)" != 0 ]; then
	skip systemd_sandbox "needs root"
	finish
fi
for h in svc-launch bindport rawsock; do
	if [ ! -x "$HELPERS/$h" ]; then
		skip systemd_sandbox "no $HELPERS/$h (make helpers)"
		finish
	fi
done
if ! command -v setcap >/dev/null; then
	skip systemd_sandbox "no setcap (libcap2-bin)"
	finish
fi
trap 'sandbox_cleanup' EXIT
trap 'exit 130' INT TERM
if ! sandbox_start >/dev/null; then
	skip systemd_sandbox "systemd does not boot in a namespace here"
	finish
fi

S=$SANDBOX_SHARED
cp "$HELPERS/bindport" "$S/bindport"
cp "$HELPERS/bindport" "$S/bindport-ep"
cp "$HELPERS/rawsock" "$S/rawsock-ep"
setcap cap_net_bind_service=+ep "$S/bindport-ep"
setcap cap_net_raw=+ep "$S/rawsock-ep"
U=capfix-test-$$

# run_unit NAME BODY: install a oneshot unit and start it; sets r="Result ExecMainStatus".
# Not in $(...): sandbox_install_unit records the file for cleanup in this shell.
run_unit() {
	sandbox_install_unit "$1" "[Unit]
Description=capfix integration test
[Service]
Type=oneshot
$2" >/dev/null || return 1
	sandbox_ctl start "$1" >/dev/null 2>&1
	r="$(sandbox_show "$1" Result) $(sandbox_show "$1" ExecMainStatus)"
}

# 1. the classic case: User=nobody + NoNewPrivileges=yes + setcap'd binary fails (R1)
run_unit $U-classic.service "User=nobody
NoNewPrivileges=yes
ExecStart=$S/bindport-ep 80"
[ "$r" = "exit-code 13" ] && ok sandbox_classic_nnp_setcap_fails || fail sandbox_classic_nnp_setcap_fails "got '$r'"

v="$(sandbox_show $U-classic.service User) $(sandbox_show $U-classic.service NoNewPrivileges) [$(sandbox_show $U-classic.service AmbientCapabilities)]"
bset=$(sandbox_show $U-classic.service CapabilityBoundingSet)
case "$v|$bset" in
"nobody yes []|cap_chown "*cap_net_bind_service*) ok sandbox_show_properties ;;
*) fail sandbox_show_properties "got '$v' '$bset'" ;;
esac

# 2. the drop-in capfix proposes makes it work
sandbox_install_dropin $U-classic.service "[Service]
AmbientCapabilities=CAP_NET_BIND_SERVICE" >/dev/null
sandbox_ctl start $U-classic.service >/dev/null 2>&1
r="$(sandbox_show $U-classic.service Result) $(sandbox_show $U-classic.service ExecMainStatus)"
[ "$r" = "success 0" ] && ok sandbox_ambient_dropin_fixes || fail sandbox_ambient_dropin_fixes "got '$r'"

# 3. capability-dumb exec: +ep file outside CapabilityBoundingSet= fails at EXEC (R3)
run_unit $U-dumb.service "User=nobody
CapabilityBoundingSet=CAP_NET_RAW
ExecStart=$S/bindport-ep 80"
[ "$r" = "exit-code 203" ] && ok sandbox_capability_dumb_exec_203 || fail sandbox_capability_dumb_exec_203 "got '$r'"
l=$("$HELPERS/svc-launch" --user nobody --bounding cap_net_raw -- "$S/bindport-ep" 80 2>/dev/null; echo $?)
[ "$l" = 203 ] && ok svc_launch_capability_dumb_exec_203 || fail svc_launch_capability_dumb_exec_203 "got '$l'"

# 4. AmbientCapabilities= outside CapabilityBoundingSet=: systemd 252 drops it silently (no 218)
run_unit $U-amb-outside.service "User=nobody
CapabilityBoundingSet=CAP_NET_RAW
AmbientCapabilities=CAP_NET_BIND_SERVICE
ExecStart=$S/bindport 80"
[ "$r" = "exit-code 13" ] && ok sandbox_ambient_outside_bounding_dropped || fail sandbox_ambient_outside_bounding_dropped "got '$r'"

# 5. with AmbientCapabilities= and User=, keep-caps leaves root's permitted set before exec, so a
#    file cap outside the ambient set still works under NoNewPrivileges= (R1 does not block it)
run_unit $U-nnp-amb-fcap.service "User=nobody
NoNewPrivileges=yes
AmbientCapabilities=CAP_NET_BIND_SERVICE
ExecStart=$S/rawsock-ep"
l=$("$HELPERS/svc-launch" --user nobody --nnp --ambient cap_net_bind_service -- "$S/rawsock-ep" >/dev/null 2>&1; echo $?)
[ "$r" = "success 0" ] && [ "$l" = 0 ] && ok sandbox_nnp_with_ambient_allows_file_caps ||
	fail sandbox_nnp_with_ambient_allows_file_caps "systemd '$r', svc-launch '$l'"
run_unit $U-nnp-fcap.service "User=nobody
NoNewPrivileges=yes
ExecStart=$S/rawsock-ep"
[ "$r" = "exit-code 1" ] && ok sandbox_nnp_without_ambient_blocks_file_caps || fail sandbox_nnp_without_ambient_blocks_file_caps "got '$r'"

# 6. svc-launch gives the same /proc/PID/status credentials as systemd for the same settings
fields='^(Uid|Gid|Groups|CapInh|CapPrm|CapEff|CapBnd|CapAmb|NoNewPrivs):'
compare() { # NAME UNIT-LINES LAUNCH-ARGS
	sandbox_track_file "$S/$1.status"
	run_unit $U-$1.service "$2
StandardOutput=file:$S/$1.status
ExecStart=/bin/cat /proc/self/status"
	sd=$(grep -E "$fields" "$S/$1.status" 2>/dev/null)
	# shellcheck disable=SC2086
	ln=$("$HELPERS/svc-launch" $3 -- /bin/cat /proc/self/status | grep -E "$fields")
	if [ -n "$sd" ] && [ "$sd" = "$ln" ]; then
		ok "simulation_matches_systemd_$1"
	else
		fail "simulation_matches_systemd_$1" "systemd: $(echo $sd) | svc-launch: $(echo $ln)"
	fi
}
compare user "User=nobody" "--user nobody"
compare ambient "User=nobody
AmbientCapabilities=CAP_NET_BIND_SERVICE CAP_NET_RAW" "--user nobody --ambient cap_net_bind_service,cap_net_raw"
compare full "User=nobody
NoNewPrivileges=yes
CapabilityBoundingSet=CAP_NET_BIND_SERVICE CAP_CHOWN
AmbientCapabilities=CAP_NET_BIND_SERVICE" "--user nobody --nnp --bounding cap_net_bind_service,cap_chown --ambient cap_net_bind_service"
compare root_bounding "CapabilityBoundingSet=~CAP_NET_RAW" "--drop-bounding cap_net_raw"
compare securebits "User=nobody
SecureBits=noroot
AmbientCapabilities=CAP_NET_BIND_SERVICE" "--user nobody --securebits 1 --ambient cap_net_bind_service"

# 7. what the host sees of a service's cgroup (capfix maps it to the unit name)
sandbox_install_unit $U-long.service "[Service]
User=nobody
ExecStart=$S/bindport 8080 --sleep-ms 10000" >/dev/null
sandbox_ctl start $U-long.service
hp=$(sandbox_host_pid $U-long.service)
cg=$(grep '^0::' "/proc/$hp/cgroup" 2>/dev/null)
case "$cg" in
"0::$SANDBOX_CGROUP/system.slice/$U-long.service") ok sandbox_host_cgroup_path ;;
*) fail sandbox_host_cgroup_path "host pid '$hp' cgroup '$cg'" ;;
esac
[ -z "${VERBOSE:-}" ] || grep -E '^(0|[0-9]+:name=systemd):' "/proc/$hp/cgroup"
sandbox_ctl stop $U-long.service

# 8. systemd-analyze verify accepts the unit and its drop-in on the host
if command -v systemd-analyze >/dev/null; then
	if systemd-analyze verify "/etc/systemd/system/$U-classic.service" >/dev/null 2>&1; then
		ok systemd_analyze_verify
	else
		fail systemd_analyze_verify "$(systemd-analyze verify "/etc/systemd/system/$U-classic.service" 2>&1 | head -3)"
	fi
else
	skip systemd_analyze_verify "no systemd-analyze"
fi

finish
