#!/usr/bin/env bash
# SPDX-License-Identifier: (LGPL-2.1 OR BSD-2-Clause)
# docs/ansible-playbook.yml with Debian's ansible against two hosts. Each "host" is an
# inventory entry with ansible_connection=local backed by its own systemd 252 (a private PID
# + mount namespace, tests/lib/systemd-sandbox.sh) and its own hostname (capfix runs in a UTS
# namespace): the same unit crash-loops on both, denied CAP_NET_BIND_SERVICE on one and
# CAP_NET_RAW on the other. The playbook traces both, gathers ansible_local.capfix, fetches the
# JSON, merges it with capfix report, applies the one merged drop-in on both; then the unit
# works on both. Not separate machines: one kernel, one /etc (the drop-ins go to each
# sandbox's own /run/systemd/system).
set -u
cd "$(dirname "$0")/../.." || exit 1
. tests/lib/testlib.sh
. tests/lib/systemd-sandbox.sh

need_root ansible_fleet || t_finish
if ! command -v ansible-playbook >/dev/null; then
	fail ansible_fleet "no ansible-playbook: scripts/install-deps.sh installs ansible"
	t_finish
fi
for h in bindport rawsock; do
	[ -x "$HELPERS/$h" ] || { skip ansible_fleet "no $HELPERS/$h (make helpers)"; t_finish; }
done

# two sandboxes: the library keeps one in its globals, so each is saved and restored
declare -A SB
save_sb() { SB[$1]="$SANDBOX_PID|$SANDBOX_SHARED|$SANDBOX_CGROUP|$SANDBOX_LOG|$SANDBOX_FILES|$SANDBOX_DIRS"; }
use_sb() { IFS='|' read -r SANDBOX_PID SANDBOX_SHARED SANDBOX_CGROUP SANDBOX_LOG SANDBOX_FILES SANDBOX_DIRS <<<"${SB[$1]}"; }
cleanup() {
	local k
	for k in "${!SB[@]}"; do
		use_sb "$k"
		sandbox_cleanup
	done
}
trap cleanup EXIT
U=capfix-test-fleet-$$.service
# (the library's loops use $h: these use $host)
for host in a b; do
	SANDBOX_PID= SANDBOX_SHARED= SANDBOX_CGROUP= SANDBOX_LOG= SANDBOX_FILES= SANDBOX_DIRS=
	if ! sandbox_start >/dev/null; then
		fail ansible_fleet "systemd does not boot in a namespace here"
		t_finish
	fi
	save_sb $host
done

# one unit file for the fleet (in the shared /etc); what it runs differs per host (runtime
# drop-ins in each sandbox's private /run): host a binds port 80, host b opens a raw socket
use_sb a
cp "$HELPERS/bindport" "$SANDBOX_SHARED/fleetsrv"
sandbox_install_unit "$U" "[Unit]
StartLimitIntervalSec=0
[Service]
User=nobody
ExecStart=$SANDBOX_SHARED/fleetsrv 80
Restart=on-failure
RestartSec=1"
save_sb a
use_sb b
cp "$HELPERS/rawsock" "$SANDBOX_SHARED/fleetsrv"
for host in a b; do
	use_sb $host
	mkdir -p "/proc/$SANDBOX_PID/root/run/systemd/system/$U.d"
	printf '[Service]\nExecStart=\nExecStart=%s\n' \
		"$SANDBOX_SHARED/fleetsrv$([ $host = a ] && echo ' 80')" \
		>"/proc/$SANDBOX_PID/root/run/systemd/system/$U.d/host.conf"
	sandbox_ctl daemon-reload
	sandbox_ctl start "$U" >/dev/null 2>&1
	# each host's capfix: its own hostname; systemctl of that host's systemd
	cat >"$T_TMP/capfix-$host" <<EOF
#!/bin/sh
exec unshare --uts sh -c 'hostname capfix-fleet-$host && exec "\$0" "\$@"' "$CAPFIX" "\$@"
EOF
	mkdir -p "$T_TMP/path-$host"
	printf '#!/bin/sh\nexec nsenter -t %s -m -p systemctl "$@"\n' "$SANDBOX_PID" >"$T_TMP/path-$host/systemctl"
	chmod 755 "$T_TMP/capfix-$host" "$T_TMP/path-$host/systemctl"
done

inv=$T_TMP/inventory.yml
{
	echo "all:"
	echo "  hosts:"
	for host in a b; do
		use_sb $host
		cat <<EOF
    fleet-$host:
      ansible_connection: local
      ansible_python_interpreter: /usr/bin/python3
      ansible_become: false  # the test runs as root; no sudo on this machine
      capfix_bin: $T_TMP/capfix-$host
      capfix_args: "-g $(cgroup2_root)$SANDBOX_CGROUP"
      capfix_remote_dir: $T_TMP/remote-$host
      capfix_facts_dir: $T_TMP/facts-$host
      capfix_dropin_dir: /proc/$SANDBOX_PID/root/run/systemd/system
      capfix_environment:
        PATH: "$T_TMP/path-$host:/usr/sbin:/usr/bin:/sbin:/bin"
EOF
	done
} >"$inv"

log=$T_TMP/ansible.log
ANSIBLE_NOCOLOR=1 ANSIBLE_LOCAL_TEMP=$T_TMP/ans-local ANSIBLE_REMOTE_TEMP=$T_TMP/ans-remote \
	timeout 300 ansible-playbook -i "$inv" docs/ansible-playbook.yml \
	-e capfix_duration=5 -e "capfix_collect_dir=$T_TMP/collected" \
	-e "capfix_controller_bin=$CAPFIX" >"$log" 2>&1
rc=$?
if [ "$rc" = 0 ] && grep -qE 'fleet-a +: ok=[0-9]+ +changed=[0-9]+ +unreachable=0 +failed=0' "$log" &&
	grep -qE 'fleet-b +: ok=[0-9]+ +changed=[0-9]+ +unreachable=0 +failed=0' "$log"; then
	ok ansible_fleet_playbook
else
	fail ansible_fleet_playbook "ansible-playbook exited $rc" "$log"
	tail -30 "$log" | sed 's/^/    | /'
fi

# fetched: one JSON per host, each naming its own host and the unit's denial there
t_check ansible_fleet_fetched_a "$T_TMP/collected/fleet-a.json" "any(.[]; .type == \"denial\" and
	.host == \"capfix-fleet-a\" and .unit == \"$U\" and .capability == \"CAP_NET_BIND_SERVICE\")"
t_check ansible_fleet_fetched_b "$T_TMP/collected/fleet-b.json" "any(.[]; .type == \"denial\" and
	.host == \"capfix-fleet-b\" and .unit == \"$U\" and .capability == \"CAP_NET_RAW\")"

# ansible -m setup gathers every host's findings from the local fact
facts=$T_TMP/facts.out
ANSIBLE_LOCAL_TEMP=$T_TMP/ans-local ansible all -i "$inv" -m ansible.builtin.setup \
	-a 'filter=ansible_local fact_path={{ capfix_facts_dir }}' -o >"$facts" 2>&1
n=$(grep -c "\"unit\": \"$U\"\|\"unit\":\"$U\"" "$facts")
if grep -q '^fleet-a | SUCCESS' "$facts" && grep -q '^fleet-b | SUCCESS' "$facts" &&
	[ "$(sed -n 's/^\(fleet-[ab]\) | SUCCESS => \(.*\)$/\2/p' "$facts" |
		jq -s --arg u "$U" '[.[].ansible_facts.ansible_local.capfix |
			select(.type == "summary" and (.units | map(.unit) | index($u)))] | length')" = 2 ]; then
	ok ansible_fleet_local_fact
else
	fail ansible_fleet_local_fact "ansible_local.capfix not gathered on both hosts ($n)" "$facts"
fi

# merged: one drop-in with both hosts' capabilities, applied in both hosts' systemd
merged=$T_TMP/collected/merged/etc/systemd/system/$U.d/capfix.conf
if grep -qx 'AmbientCapabilities=CAP_NET_BIND_SERVICE CAP_NET_RAW' "$merged" 2>/dev/null; then
	ok ansible_fleet_merged_dropin
else
	fail ansible_fleet_merged_dropin "no merged drop-in with both capabilities" "$merged"
fi
for host in a b; do
	use_sb $host
	applied=/proc/$SANDBOX_PID/root/run/systemd/system/$U.d/capfix.conf
	# the restarted unit now starts, binds / opens its socket, and exits 0
	for i in $(seq 50); do
		r="$(sandbox_show "$U" Result) $(sandbox_show "$U" ExecMainStatus)"
		[ "$r" = "success 0" ] && break
		sleep 0.2
	done
	if cmp -s "$merged" "$applied" && [ "$r" = "success 0" ]; then
		ok ansible_fleet_fixed_$host
	else
		fail ansible_fleet_fixed_$host "drop-in applied: $(cmp -s "$merged" "$applied" && echo yes || echo no); unit: '$r'"
	fi
done
t_finish
