#!/usr/bin/env bash
# SPDX-License-Identifier: (LGPL-2.1 OR BSD-2-Clause)
# stdout is the journal: capfix runs as a unit of a real systemd 252 (the sandbox, with its own
# journald) with StandardOutput=journal, a failing unit beside it; each finding is one journal
# entry with CAPFIX_* fields (journalctl CAPFIX_UNIT=... finds it), not a second copy on stdout.
set -u
cd "$(dirname "$0")/../.." || exit 1
. tests/lib/testlib.sh
. tests/lib/systemd-sandbox.sh

need_root journal || t_finish
if ! ldd "$CAPFIX" 2>/dev/null | grep -q libsystemd; then
	# the static build (make static) has no libsystemd: it keeps writing stdout only
	skip journal "$CAPFIX is built without libsystemd (HAVE_SDBUS=0)"
	t_finish
fi
trap 'sandbox_cleanup' EXIT
if ! sandbox_start >/dev/null; then
	fail journal "systemd does not boot in a namespace here"
	t_finish
fi
id=$$
comm=cfj$id
U=capfix-test-jweb-$id.service C=capfix-test-jcap-$id.service
cp "$HELPERS/bindport" "$SANDBOX_SHARED/$comm"
chmod 755 "$SANDBOX_SHARED/$comm"
# the sandbox has its own /tmp: capfix runs from the shared directory
cp "$CAPFIX" "$SANDBOX_SHARED/capfix"

sandbox_install_unit "$C" "[Service]
ExecStart=$SANDBOX_SHARED/capfix --json -c $comm -d 20
StandardOutput=journal
StandardError=journal"
sandbox_ctl start "$C"
attached=0
for i in $(seq 100); do
	if sandbox_exec journalctl -u "$C" -o cat 2>/dev/null | grep -q '^capfix: attached'; then
		attached=1
		break
	fi
	sleep 0.1
done
if [ "$attached" != 1 ]; then
	fail journal "capfix did not attach as a unit"
	sandbox_exec journalctl -u "$C" --no-pager 2>&1 | tail -5
	t_finish
fi

sandbox_install_unit "$U" "[Service]
Type=oneshot
User=nobody
ExecStart=$SANDBOX_SHARED/$comm 80"
sandbox_ctl start "$U" >/dev/null 2>&1
out=$T_TMP/entries.json
for i in $(seq 50); do
	sandbox_exec journalctl CAPFIX_UNIT="$U" -o json >"$out" 2>/dev/null
	[ -s "$out" ] && break
	sleep 0.1
done
t_check journal_fields "$out" "length >= 1 and (.[0] | .CAPFIX_CAPABILITY == \"CAP_NET_BIND_SERVICE\"
	and .CAPFIX_EXE == \"$SANDBOX_SHARED/$comm\" and .CAPFIX_COMM == \"$comm\"
	and .CAPFIX_SYSCALL == \"bind\" and .CAPFIX_ERRNO == \"EACCES\" and .CAPFIX_PORT == \"80\"
	and .CAPFIX_EFFECT == \"failed\" and .CAPFIX_FIX_KIND == \"systemd\"
	and (.CAPFIX_FIX_DROPIN | test(\"AmbientCapabilities=CAP_NET_BIND_SERVICE\"))
	and .SYSLOG_IDENTIFIER == \"capfix\" and .PRIORITY == \"4\"
	and ._SYSTEMD_UNIT == \"$C\")" "one entry with the CAPFIX_* fields of the denial"
# MESSAGE is what stdout carried (the JSON line): journalctl -o cat | jq still works
t_check journal_message_is_json "$out" "(.[0].MESSAGE | fromjson | .type == \"denial\" and
	.unit == \"$U\" and .capability == \"CAP_NET_BIND_SERVICE\")"
# the finding is in the journal once: not also as a stdout line
n=$(sandbox_exec journalctl -u "$C" -o cat 2>/dev/null | grep -c '"type":"denial"')
if [ "$n" = 1 ]; then ok journal_no_duplicate; else fail journal_no_duplicate "$n denial lines in the unit's log"; fi
# outside the journal (a pipe), stdout carries the finding and nothing is sent
plain=$T_TMP/plain.json
JOURNAL_STREAM=1:1 "$CAPFIX" --json --user nobody -- "$SANDBOX_SHARED/$comm" 80 >"$plain" 2>/dev/null
t_check journal_stream_mismatch_stdout "$plain" 'map(select(.type == "denial")) | length == 1'
t_finish
