#!/usr/bin/env bash
# SPDX-License-Identifier: (LGPL-2.1 OR BSD-2-Clause)
# The attacks of docs/SECURITY.md, performed for real as nobody under root capfix: fixes that
# would hand out more than the finding needs (interpreters, launchers, setuid files, paths
# nobody can replace, existing file caps), --emit DIR checks, and the output channel and
# signals (an unread stdout, timeout -s INT, forwarding to a command that changes user).
set -u
cd "$(dirname "$0")/../.." || exit 1
. tests/lib/testlib.sh

need_root fix_safety || t_finish

# run_emit NAME ARGS...: capfix --json --emit T_TMP/NAME.emit ARGS; output in T_TMP/NAME
run_emit() {
	local name=$1
	shift
	timeout 60 "$CAPFIX" --json --emit "$T_TMP/$name.emit" "$@" >"$T_TMP/$name" 2>"$T_TMP/$name.err"
}

# summary_exe FILE EXE: the summary's executable group of EXE, as compact JSON ("" if none)
summary_exe() {
	jq -c --arg e "$2" 'select(.type == "summary") | .executables[] | select(.exe == $e)' "$1" 2>/dev/null
}

# no_setcap NAME EXE BLOCKER: the summary names BLOCKER for EXE and offers no setcap, and
# neither setcap.sh nor the Ansible tasks touch EXE
no_setcap() {
	local name=$1 exe=$2 blocker=$3 g
	g=$(summary_exe "$T_TMP/$name" "$exe")
	if [ -z "$g" ]; then
		fail "$name" "no summary group for $exe" "$T_TMP/$name.err"
	elif ! jq -e --arg b "$blocker" '(.blockers | index($b)) and .fix == null and
		.fix_applies == false' <<<"$g" >/dev/null; then
		fail "$name" "summary: want blocker $blocker and no fix, got $g"
	elif grep -q "^capfix_setcap.*$(basename "$exe")" "$T_TMP/$name.emit/setcap.sh" ||
		grep -q "$(basename "$exe")" "$T_TMP/$name.emit/capfix-tasks.yml"; then
		fail "$name" "--emit grants file capabilities to $exe" "$T_TMP/$name.emit/setcap.sh"
	elif ! grep -q "^# not set: $exe: .*$blocker" "$T_TMP/$name.emit/setcap.sh"; then
		fail "$name" "setcap.sh does not say why $exe was left out" "$T_TMP/$name.emit/setcap.sh"
	else
		ok "$name"
	fi
}

# ---- an unprivileged python3 -c 'import os; os.setuid(0)': no setcap on the interpreter ----
run_emit interp_python --user nobody -- /usr/bin/python3.11 -c 'import os; os.setuid(0)'
no_setcap interp_python /usr/bin/python3.11 interpreter
run_emit interp_perl --user nobody -- /usr/bin/perl -e '$< = 0; $> = 0; exit($> == 0 ? 0 : 1)'
no_setcap interp_perl /usr/bin/perl interpreter

# ---- /usr/bin/env with a PATH lookup through a directory nobody may search ----
mkdir -m 0700 "$T_TMP/private"
run_emit launcher_env --user nobody -- /usr/bin/env PATH="$T_TMP/private:/usr/bin" true
no_setcap launcher_env /usr/bin/env shared_exe

# ---- a setuid copy of util-linux mount (owned by nobody: the bit does not lift it) ----
cp /usr/bin/mount "$T_TMP/mount"
chown nobody "$T_TMP/mount"
chmod 4755 "$T_TMP/mount"
mkdir "$T_TMP/mnt"
run_emit setuid_mount --user nobody -- "$T_TMP/mount" -t tmpfs none "$T_TMP/mnt"
no_setcap setuid_mount "$T_TMP/mount" setuid_file

# ---- an executable in a directory nobody can write: nobody could swap it after setcap ----
mkdir "$T_TMP/drop"
cp "$HELPERS/bindport" "$T_TMP/drop/bindport"
chmod 755 "$T_TMP/drop/bindport"
chown nobody "$T_TMP/drop"
run_emit path_writable --user nobody -- "$T_TMP/drop/bindport" 80
no_setcap path_writable "$T_TMP/drop/bindport" path_writable
if jq -e -s '[.[] | select(.type == "denial") | .explanations[]? |
	select(.code == "path_writable") | .message | test("owner uid 65534")] | any' \
	"$T_TMP/path_writable" >/dev/null 2>&1; then
	ok path_writable_finding_names_component
else
	fail path_writable_finding_names_component "no path_writable blocker naming the owner" \
		"$T_TMP/path_writable"
fi

# ---- a copy of kill with cap_sys_ptrace=ep that now needs cap_kill: both kept ----
if command -v setcap >/dev/null && command -v getcap >/dev/null; then
	cp /usr/bin/kill "$T_TMP/kill" && chmod 755 "$T_TMP/kill" &&
		setcap cap_sys_ptrace=ep "$T_TMP/kill"
	sleep 300 &
	victim=$!
	run_emit keep_caps --user nobody -- "$T_TMP/kill" -0 "$victim"
	kill "$victim"
	g=$(summary_exe "$T_TMP/keep_caps" "$T_TMP/kill")
	if jq -e '.fix.command | test("setcap cap_kill,cap_sys_ptrace=\\+ep ")' <<<"$g" >/dev/null 2>&1 &&
		grep -q "^capfix_setcap $T_TMP/kill cap_kill,cap_sys_ptrace=ep\$" "$T_TMP/keep_caps.emit/setcap.sh"; then
		# and applying it keeps what the file had
		sh "$T_TMP/keep_caps.emit/setcap.sh" >/dev/null 2>&1
		if getcap "$T_TMP/kill" | grep -q 'cap_kill,cap_sys_ptrace=ep'; then
			ok keep_existing_file_caps
		else
			fail keep_existing_file_caps "after setcap.sh: $(getcap "$T_TMP/kill")"
		fi
	else
		fail keep_existing_file_caps "summary/emit drop cap_sys_ptrace: $g" "$T_TMP/keep_caps.emit/setcap.sh"
	fi
else
	skip keep_existing_file_caps "setcap/getcap not installed (libcap2-bin)"
fi

# ---- CAP_CHOWN (root-equivalent) on a file every user may run: warned, emitted commented ----
cp "$HELPERS/chownfile" "$T_TMP/chownfile"
chmod 755 "$T_TMP/chownfile"
touch "$T_TMP/owned"
run_emit root_equiv --user nobody -- "$T_TMP/chownfile" "$T_TMP/owned" 65534:65534
g=$(summary_exe "$T_TMP/root_equiv" "$T_TMP/chownfile")
if ! jq -e '.fix.warning | test("Every user who can run .* gets CAP_CHOWN, which is as good as root")' \
	<<<"$g" >/dev/null 2>&1; then
	fail root_equivalent_warned "summary setcap without the warning: $g" "$T_TMP/root_equiv.err"
elif grep -q "^capfix_setcap $T_TMP/chownfile" "$T_TMP/root_equiv.emit/setcap.sh" ||
	! grep -q "^# capfix_setcap $T_TMP/chownfile cap_chown=ep" "$T_TMP/root_equiv.emit/setcap.sh"; then
	fail root_equivalent_warned "setcap.sh applies it" "$T_TMP/root_equiv.emit/setcap.sh"
else
	ok root_equivalent_warned
fi

# ---- --emit DIR: unusable is said before tracing, exit 1 ----
emit_refused() {
	local name=$1 dir=$2 want=$3
	timeout 20 "$CAPFIX" --emit "$dir" -- true >"$T_TMP/$name" 2>"$T_TMP/$name.err"
	local rc=$?
	if [ "$rc" = 1 ] && grep -q "capfix: --emit: .*$want" "$T_TMP/$name.err" &&
		! grep -q 'capfix: attached' "$T_TMP/$name.err"; then
		ok "$name"
	else
		fail "$name" "want exit 1 before attaching with '$want', got $rc" "$T_TMP/$name.err"
	fi
}
mkdir "$T_TMP/emit-real"
ln -s "$T_TMP/emit-real" "$T_TMP/emit-link"
emit_refused emit_dir_symlink "$T_TMP/emit-link" "is a symlink"
emit_refused emit_dir_symlink_component "$T_TMP/emit-link/sub" "is a symlink"
mkdir -m 0777 "$T_TMP/emit-open"
chmod 0777 "$T_TMP/emit-open"
emit_refused emit_dir_other_writable "$T_TMP/emit-open" "writable by other users"
mkdir "$T_TMP/emit-nobody"
chown nobody "$T_TMP/emit-nobody"
emit_refused emit_dir_foreign_owner "$T_TMP/emit-nobody" "owned by uid 65534"
emit_refused emit_dir_not_a_dir "/dev/null" "Not a directory"

# ---- 8 concurrent runs into one --emit DIR: all write, no temporary file left ----
mkdir "$T_TMP/emit-shared"
pids=""
for i in 1 2 3 4 5 6 7 8; do
	timeout 60 "$CAPFIX" --emit "$T_TMP/emit-shared" --user nobody -- "$HELPERS/bindport" 80 \
		>/dev/null 2>"$T_TMP/cc.$i.err" &
	pids="$pids $!"
done
for p in $pids; do wait "$p"; done
n=$(grep -l 'file(s) written to' "$T_TMP"/cc.*.err | wc -l)
if [ "$n" = 8 ] && ! ls -A "$T_TMP/emit-shared" | grep -q '[.]capfix-'; then
	ok emit_concurrent_runs
else
	fail emit_concurrent_runs "$n of 8 runs wrote their files" "$(ls "$T_TMP"/cc.*.err | head -1)"
fi

# ---- memory: 6000 short-lived failing processes, RSS under 32 MB, summary under 1 s ----
if [ -x /usr/bin/time ]; then
	/usr/bin/time -f '%M' -o "$T_TMP/mem.rss" "$CAPFIX" --json --user nobody -- sh -c \
		"i=0; while [ \$i -lt 6000 ]; do $HELPERS/bindport 80 2>/dev/null; i=\$((i+1)); done;
		date +%s.%N >&2" >"$T_TMP/mem" 2>"$T_TMP/mem.err"
	end=$(date +%s.%N)
	start=$(grep -E '^[0-9]+[.][0-9]+$' "$T_TMP/mem.err" | tail -1)
	rss=$(cat "$T_TMP/mem.rss")
	secs=$(awk -v a="$start" -v b="$end" 'BEGIN { printf "%.2f", b - a }')
	n=$(jq -s '[.[] | select(.type == "denial")] | length' "$T_TMP/mem")
	kept=$(jq -s '[.[] | select(.type == "summary") | .processes[]] | length' "$T_TMP/mem")
	dups=$(jq -r 'select(.type == "denial") | "\(.pid) \(.cap) \(.syscall)"' "$T_TMP/mem" |
		sort | uniq -d | wc -l)
	# ASan's shadow memory and quarantine are no part of capfix's bound: time and counts only
	limit=32768
	[ "${SANITIZE:-}" = 1 ] && limit=999999999
	if [ "${rss:-999999}" -lt "$limit" ] && awk -v s="$secs" 'BEGIN { exit !(s < 1) }' &&
		[ "$n" -ge 6000 ] && [ "$kept" -ge 6000 ] && [ "$dups" = 0 ]; then
		ok memory_6000_processes
	else
		fail memory_6000_processes "max RSS ${rss} kB (< $limit), summary ${secs} s (< 1), $n findings, $kept in the summary (6000), $dups printed twice" "$T_TMP/mem.err"
	fi
	echo "    (6000 processes: max RSS $rss kB, summary and exit $secs s)"
else
	skip memory_6000_processes "/usr/bin/time not installed (package time)"
fi

# ---- a stdout nobody reads: SIGTERM still ends capfix, and stderr says what was lost ----
mkfifo "$T_TMP/fifo"
sleep 60 <>"$T_TMP/fifo" & # holds the fifo open, never reads
holder=$!
"$CAPFIX" --json --user nobody -- sh -c \
	"for i in \$(seq 300); do $HELPERS/bindport 80 2>/dev/null; done; sleep 60" \
	>"$T_TMP/fifo" 2>"$T_TMP/deaf.err" &
cf=$!
for i in $(seq 100); do grep -qs 'capfix: attached' "$T_TMP/deaf.err" && break; sleep 0.05; done
sleep 2 # the pipe fills (64 kB), capfix blocks in a write
kill -TERM "$cf"
for i in $(seq 50); do kill -0 "$cf" 2>/dev/null || break; sleep 0.1; done
if kill -0 "$cf" 2>/dev/null; then
	fail stdout_unread_sigterm "capfix still runs 5 s after SIGTERM" "$T_TMP/deaf.err"
	kill -9 "$cf"
elif ! grep -q 'capfix: stdout was .*bytes of findings and summary not written' "$T_TMP/deaf.err"; then
	fail stdout_unread_sigterm "nothing on stderr about the unwritten output" "$T_TMP/deaf.err"
else
	ok stdout_unread_sigterm
fi
wait "$cf" 2>/dev/null
kill "$holder" 2>/dev/null
wait "$holder" 2>/dev/null

# ---- timeout -s INT signals capfix and its process group: one request, summary printed ----
# (the command ignores SIGINT for a while, so capfix is still busy when the repeat arrives)
slow_cmd="trap '' INT; $HELPERS/bindport 80; sleep 2"
timeout -s INT 1 "$CAPFIX" --emit "$T_TMP/emit-timeout" --user nobody -- sh -c "$slow_cmd" \
	>"$T_TMP/tmo" 2>"$T_TMP/tmo.err"
rc=$?
if grep -q '^capfix summary:' "$T_TMP/tmo" && [ -f "$T_TMP/emit-timeout/setcap.sh" ]; then
	ok timeout_int_is_one_interrupt
else
	fail timeout_int_is_one_interrupt "no summary or --emit after timeout -s INT (exit $rc)" "$T_TMP/tmo.err"
fi
# the same, without the race of timeout's two kill()s merging: one sender, twice, 50 ms apart
"$CAPFIX" --emit "$T_TMP/emit-twice" --user nobody -- sh -c "$slow_cmd" >"$T_TMP/twice" 2>"$T_TMP/twice.err" &
cf=$!
for i in $(seq 100); do grep -qs 'capfix: attached' "$T_TMP/twice.err" && break; sleep 0.05; done
sleep 0.5
kill -INT "$cf"
sleep 0.05
kill -INT "$cf"
wait "$cf"
if grep -q '^capfix summary:' "$T_TMP/twice" && [ -f "$T_TMP/emit-twice/setcap.sh" ]; then
	ok same_sender_int_twice_is_one_interrupt
else
	fail same_sender_int_twice_is_one_interrupt "no summary or --emit" "$T_TMP/twice.err"
fi
# a second interrupt from someone else still ends capfix at once (exit 130, no summary)
"$CAPFIX" --user nobody -- sh -c "$slow_cmd" >"$T_TMP/second" 2>"$T_TMP/second.err" &
cf=$!
for i in $(seq 100); do grep -qs 'capfix: attached' "$T_TMP/second.err" && break; sleep 0.05; done
sleep 0.5
kill -INT "$cf"
sleep 0.3
/bin/kill -INT "$cf"
wait "$cf"
rc=$?
if [ "$rc" = 130 ] && ! grep -q '^capfix summary:' "$T_TMP/second"; then
	ok second_interrupt_still_exits
else
	fail second_interrupt_still_exits "exit $rc, want 130 and no summary" "$T_TMP/second.err"
fi

# ---- -- COMMAND that switches to nobody itself: SIGTERM still reaches it ----
"$CAPFIX" -- setpriv --reuid nobody --regid nogroup --clear-groups sleep 300 \
	>"$T_TMP/fwd" 2>"$T_TMP/fwd.err" &
cf=$!
for i in $(seq 100); do grep -qs 'capfix: attached' "$T_TMP/fwd.err" && break; sleep 0.05; done
sleep 0.5
kill -TERM "$cf"
for i in $(seq 50); do kill -0 "$cf" 2>/dev/null || break; sleep 0.1; done
if kill -0 "$cf" 2>/dev/null; then
	fail forward_sigterm_to_user_switching_command "capfix still waits for its command 5 s after SIGTERM" "$T_TMP/fwd.err"
	pkill -TERM -P "$cf"
	kill -9 "$cf"
else
	wait "$cf"
	rc=$?
	if [ "$rc" = 143 ]; then ok forward_sigterm_to_user_switching_command; else
		fail forward_sigterm_to_user_switching_command "exit $rc, want 143 (command killed by SIGTERM)" "$T_TMP/fwd.err"; fi
fi

t_finish
