#!/usr/bin/env bash
# SPDX-License-Identifier: (LGPL-2.1 OR BSD-2-Clause)
# The shipped capfix.service, run by a real systemd 252 (the sandbox) for 30 s beside a unit
# that crash-loops denied CAP_NET_BIND_SERVICE: it reports that unit, never itself (its own
# queries are invisible to it), and `systemctl stop` takes under 2 s and still writes the
# summary (one journal entry). The unit file is docs/capfix.service with only its ExecStart= path changed.
set -u
cd "$(dirname "$0")/../.." || exit 1
. tests/lib/testlib.sh
. tests/lib/systemd-sandbox.sh

need_root daemon || t_finish
[ -x "$HELPERS/bindport" ] || { skip daemon "no $HELPERS/bindport (make helpers)"; t_finish; }
trap 'sandbox_cleanup' EXIT
if ! sandbox_start >/dev/null; then
	fail daemon "systemd does not boot in a namespace here"
	t_finish
fi
D=capfix-test-daemon-$$.service W=capfix-test-dweb-$$.service
cp "$CAPFIX" "$SANDBOX_SHARED/capfix"
cp "$HELPERS/bindport" "$SANDBOX_SHARED/dweb$$"
chmod 755 "$SANDBOX_SHARED/capfix" "$SANDBOX_SHARED/dweb$$"
sandbox_install_unit "$D" "$(sed "s|^ExecStart=/usr/local/sbin/capfix|ExecStart=$SANDBOX_SHARED/capfix|" docs/capfix.service)"
sandbox_ctl start "$D"
for i in $(seq 100); do
	sandbox_exec journalctl -u "$D" -o cat 2>/dev/null | grep -q '^capfix: attached' && break
	sleep 0.1
done
sandbox_install_unit "$W" "[Unit]
StartLimitIntervalSec=0
[Service]
User=nobody
ExecStart=$SANDBOX_SHARED/dweb$$ 80
Restart=always
RestartSec=1"
sandbox_ctl start "$W"
sleep 30
t0=$(date +%s%N)
sandbox_ctl stop "$D"
ms=$((($(date +%s%N) - t0) / 1000000))
sandbox_ctl stop "$W"
log=$T_TMP/daemon.json
sandbox_exec journalctl -u "$D" -o cat 2>/dev/null >"$log.raw"
# journald splits a line longer than LineMax= (48 KiB: a big summary): parse what parses
jq -cR 'fromjson? // empty' "$log.raw" >"$log"
t_check daemon_reports_the_unit "$log" "any(.[]; .type == \"denial\" and .unit == \"$W\" and
	.capability == \"CAP_NET_BIND_SERVICE\")" "no finding of the crash-looping unit"
t_check daemon_no_self_finding "$log" "(map(select(.type == \"denial\")) | length) > 0 and
	all(.[] | select(.type == \"denial\"); .exe != \"$SANDBOX_SHARED/capfix\")" \
	"capfix reported its own process tree"
if [ "$ms" -lt 2000 ]; then ok daemon_stop_fast; else fail daemon_stop_fast "systemctl stop took $ms ms"; fi
# the summary is one journal entry of its own (a stdout line over journald's LineMax= would
# be split): whole, and it parses
sandbox_exec journalctl -u "$D" CAPFIX_TYPE=summary -o cat 2>/dev/null >"$log.sum"
t_check daemon_summary_on_stop "$log.sum" "length == 1 and .[0].type == \"summary\" and
	any(.[0].units[]; .unit == \"$W\" and .missing == [\"CAP_NET_BIND_SERVICE\"])" \
	"no whole summary entry at stop"
t_finish
