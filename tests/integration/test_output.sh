#!/usr/bin/env bash
# SPDX-License-Identifier: (LGPL-2.1 OR BSD-2-Clause)
# What a person reads, on real runs: a finding is about 8 lines of at most 100 columns (headline,
# who, why, the fix), -v shows every fix with the credentials by name and the rules; a crash loop
# of 200 processes prints a bounded number of lines; colour, -T, the waiting line; exit codes
# and messages; --verify's verdict last; systemd's pre-exec child is one line.
set -u
cd "$(dirname "$0")/../.." || exit 1
. tests/lib/testlib.sh
. tests/lib/systemd-sandbox.sh

# ---- messages and exit codes that need no BPF ----
out=$T_TMP/msg
bad=""
for a in --bogus -z -p --unit --color=pink; do
	"$CAPFIX" "$a" >"$out" 2>&1
	rc=$?
	{ [ "$rc" = 2 ] && head -1 "$out" | grep -q '^capfix: '; } || bad="$bad $a(exit $rc: $(head -1 "$out"))"
done
if [ -z "$bad" ]; then ok output_usage_messages_prefixed; else
	fail output_usage_messages_prefixed "$bad"; fi

need_root output || t_finish
for h in bindport svc-launch; do
	[ -x "$HELPERS/$h" ] || { skip output "no $HELPERS/$h (make helpers)"; t_finish; }
done
srv=$(nobody_copy bindport)
setcap cap_net_bind_service=+ep "$srv"

# ---- the README's case: setcap'd server, User=nobody, NoNewPrivileges=yes ----
txt=$T_TMP/demo.txt
"$CAPFIX" -- "$HELPERS/svc-launch" --user nobody --nnp -- "$srv" 80 >"$txt" 2>"$txt.err"
rc=$?
# the finding's block: from its headline to the blank line after it
awk '/^bind\(\) to 127.0.0.1:80 failed with EACCES: CAP_NET_BIND_SERVICE denied$/ { on = 1 }
	on && /^$/ { exit } on' "$txt" >"$txt.block"
n=$(wc -l <"$txt.block")
wide=$(awk 'length($0) > 100' "$txt" | wc -l)
if [ "$rc" = 13 ] && [ "$n" -ge 4 ] && [ "$n" -le 11 ] && [ "$wide" = 0 ] &&
	grep -q '^  who  pid [0-9]* bindport (.*), user nobody (65534)$' "$txt.block" &&
	grep -q '^  why  NoNewPrivs is set' "$txt.block" &&
	grep -q '^  fix  \[ambient_wrapper\]' "$txt.block" &&
	grep -q -- '--ambient-caps +net_bind_service' "$txt.block" &&
	! grep -q 'bnd=\|summary  \|fix 2' "$txt"; then
	ok output_short_finding
else
	fail output_short_finding "exit $rc, $n lines in the block, $wide over 100 columns" "$txt"
fi
# the wrapped command pastes back to the same command (backslash-newline is removed by sh)
cmd=$(sed -n '/^       \$ setpriv/,/^       note:/p' "$txt.block" | grep -v 'note:' |
	sed -e 's/^       \$ //' -e 's/^ *//' | sed -e ':a' -e '/\\$/N; s/\\\n//; ta')
want=$(jq -r 'select(.type == "denial") | .fixes[0].command' \
	< <("$CAPFIX" --json -- "$HELPERS/svc-launch" --user nobody --nnp -- "$srv" 80 2>/dev/null))
if [ -n "$want" ] && [ "$(eval "printf '%s ' $cmd")" = "$(eval "printf '%s ' $want")" ]; then
	ok output_wrapped_command_pastes
else
	fail output_wrapped_command_pastes "text: [$cmd] json: [$want]"
fi

# ---- -v: every fix, the credentials by name, the rule of each reason ----
"$CAPFIX" -v -- "$HELPERS/svc-launch" --user nobody --nnp -- "$srv" 80 >"$txt" 2>"$txt.err"
# (creds is wrapped: read it as one line)
creds=$(sed -n '/^  creds  /,/^  [a-z]/p' "$txt" | sed '$d' | tr -s ' \n' ' ')
if [[ "$creds" == " creds effective none; permitted none; inheritable none; ambient none; bounding all"*"; no_new_privs on " ]] &&
	grep -q '^  why    R1 \[no_new_privs\]' "$txt" &&
	grep -q '^  fix 2  \[' "$txt" && ! grep -qE '[0-9a-f]{10}' "$txt"; then
	ok output_explain
else
	fail output_explain "no creds by name, rule or second fix: [$creds]" "$txt"
fi

# ---- a crash loop of 200 processes: a bounded number of lines; JSON stays per process ----
loop='i=0; while [ $i -lt 200 ]; do "$1" --user nobody -- "$2" 80 >/dev/null 2>&1; i=$((i + 1)); done'
# (a copy without file capabilities: each process fails)
cp "$HELPERS/bindport" "$srv.plain" && chmod 755 "$srv.plain"
"$CAPFIX" -- sh -c "$loop" sh "$HELPERS/svc-launch" "$srv.plain" >"$txt" 2>"$txt.err"
n=$(wc -l <"$txt")
if grep -qE '^    200 processes \(pids [0-9]+-[0-9]+\), 200 times$' "$txt" &&
	[ "$(grep -c '^bind() to' "$txt")" = 1 ] && [ "$(grep -c '^again: ' "$txt")" = 2 ] &&
	[ "$n" -le 30 ]; then
	ok output_crash_loop_bounded
else
	fail output_crash_loop_bounded "$n lines for 200 processes" "$txt"
fi
"$CAPFIX" --json -- sh -c "$loop" sh "$HELPERS/svc-launch" "$srv.plain" >"$txt.json" 2>/dev/null
t_check output_crash_loop_json "$txt.json" '(map(select(.type == "denial")) | length) == 200 and
	(.[-1].repeats | length) == 1 and .[-1].repeats[0].processes == 200 and
	.[-1].repeats[0].count == 200 and .[-1].repeats[0].pid_min < .[-1].repeats[0].pid_max'

# ---- colour: on a terminal (script(1) gives one), not with NO_COLOR, always with --color ----
esc=$(printf '\033')
script -qec "$CAPFIX -- $HELPERS/svc-launch --user nobody -- $srv.plain 80" /dev/null >"$txt" 2>&1
NO_COLOR=1 script -qec "$CAPFIX -- $HELPERS/svc-launch --user nobody -- $srv.plain 80" /dev/null >"$txt.nc" 2>&1
"$CAPFIX" --color=always -- "$HELPERS/svc-launch" --user nobody -- "$srv.plain" 80 >"$txt.al" 2>/dev/null
"$CAPFIX" -- "$HELPERS/svc-launch" --user nobody -- "$srv.plain" 80 >"$txt.pipe" 2>/dev/null
if grep -q "^${esc}\[1;31mbind() to" "$txt" && grep -q "${esc}\[32m\[setcap\]" "$txt" &&
	grep -q '^bind() to' "$txt.nc" && ! grep -q "$esc\[" "$txt.nc" &&
	grep -q "^${esc}\[1;31mbind() to" "$txt.al" &&
	grep -q '^bind() to' "$txt.pipe" && ! grep -q "$esc" "$txt.pipe"; then
	ok output_colour
else
	fail output_colour "colour on a tty / NO_COLOR / --color=always / a pipe" "$txt"
fi

# ---- -T: the local time before the headline ----
"$CAPFIX" -T -- "$HELPERS/svc-launch" --user nobody -- "$srv.plain" 80 >"$txt" 2>/dev/null
if grep -qE "^$(date +%Y-%m-%d) [0-9]{2}:[0-9]{2}:[0-9]{2} bind\(\) to" "$txt"; then
	ok output_timestamps
else
	fail output_timestamps "no time before the headline" "$txt"
fi

# ---- a line while waiting for what is not running yet ----
"$CAPFIX" -c cfwait$$ -d 1 >"$txt" 2>"$txt.err"
if grep -q "^capfix: waiting: no process of command cfwait$$ runs yet" "$txt.err"; then
	ok output_waiting_line
else
	fail output_waiting_line "no waiting line" "$txt.err"
fi

# ---- exit codes: --fail-on-finding with a COMMAND is 3; without it, the command's ----
"$CAPFIX" --fail-on-finding -- "$HELPERS/svc-launch" --user nobody -- "$srv.plain" 80 >/dev/null 2>&1
r1=$?
"$CAPFIX" -- "$HELPERS/svc-launch" --user nobody -- "$srv.plain" 80 >/dev/null 2>&1
r2=$?
"$CAPFIX" --fail-on-finding -- /bin/true >/dev/null 2>&1
r3=$?
if [ "$r1" = 3 ] && [ "$r2" = 13 ] && [ "$r3" = 0 ]; then ok output_exit_fail_on_finding; else
	fail output_exit_fail_on_finding "got $r1 $r2 $r3, want 3 13 0"; fi

# ---- -g on a cgroup v1 directory: a clear message ----
v1=$(awk '$3 == "cgroup" { print $2; exit }' /proc/mounts)
if [ -n "$v1" ]; then
	"$CAPFIX" -g "$v1" -d 1 >"$txt" 2>&1
	rc=$?
	if [ "$rc" = 2 ] && grep -q '^capfix: -g .* is a cgroup v1 directory' "$txt" &&
		! grep -q 'no way to trace' "$txt"; then
		ok output_cgroup_v1_message
	else
		fail output_cgroup_v1_message "exit $rc" "$txt"
	fi
else
	skip output_cgroup_v1_message "no cgroup v1 hierarchy mounted on this machine"
fi

# ---- --verify: the summary of the first run, then the verdict and the drop-in, last ----
"$CAPFIX" --verify --user nobody -- "$srv.plain" 80 >"$txt" 2>/dev/null
rc=$?
last=$(tail -4 "$txt" | tr '\n' '|')
if [ "$rc" = 0 ] && [ "$last" = "  verified: it works with CAP_NET_BIND_SERVICE|  drop-in:|    [Service]|    AmbientCapabilities=CAP_NET_BIND_SERVICE|" ] &&
	grep -q '^capfix summary: 1 finding(s), 1 failed denial(s)' "$txt" &&
	! sed -n '/^capfix summary/,$p' "$txt" | grep -q 'setcap' &&
	[ "$(grep -n '^capfix summary' "$txt" | cut -d: -f1)" -lt "$(grep -n '^capfix verify' "$txt" | cut -d: -f1)" ]; then
	ok output_verify_verdict_last
else
	fail output_verify_verdict_last "exit $rc, last lines: $last" "$txt"
fi

# ---- in a real systemd: -u of a unit that does not exist; the pre-exec child in one line ----
trap 'sandbox_cleanup' EXIT
if ! sandbox_start >/dev/null; then
	fail output_sandbox "systemd does not boot in a namespace here"
	t_finish
fi
cp "$CAPFIX" "$SANDBOX_SHARED/capfix"
cp "$HELPERS/bindport" "$SANDBOX_SHARED/cfpre$$"
sandbox_exec "$SANDBOX_SHARED/capfix" -u capfix-test-nosuch-$$.service -d 1 >"$txt" 2>&1
rc=$?
if [ "$rc" = 1 ] && grep -q "^capfix: unit capfix-test-nosuch-$$.service does not exist" "$txt"; then
	ok output_unit_not_found
else
	fail output_unit_not_found "exit $rc" "$txt"
fi
U=capfix-test-pre-$$.service
sandbox_install_unit "$U" "[Service]
Type=oneshot
User=nobody
LimitNOFILE=100000
ExecStart=$SANDBOX_SHARED/cfpre$$ 80"
capfix_bg "$txt" -g "$(cgroup2_root)$SANDBOX_CGROUP/system.slice" -d 4 ||
	capfix_bg "$txt" -g "$(cgroup2_root)$SANDBOX_CGROUP" -d 4
sandbox_ctl start "$U" >/dev/null 2>&1
wait "$CF_PID"
if grep -q "^bind() to .* CAP_NET_BIND_SERVICE denied" "$txt" && ! grep -q '^prlimit64()' "$txt" &&
	grep -q "^  left out: [0-9]* denial(s) in systemd's own child before it runs a service" "$txt" &&
	! grep -q "^note: systemd's own child" "$txt"; then
	ok output_preexec_one_line
else
	fail output_preexec_one_line "the pre-exec child has a full block" "$txt"
fi
t_finish
