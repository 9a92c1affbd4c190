#!/usr/bin/env bash
# SPDX-License-Identifier: (LGPL-2.1 OR BSD-2-Clause)
# Attacks on root capfix by an unprivileged user (docs/SECURITY.md), each run the way the user
# would: the fake systemd namespace with a payload over the ELF loader (issue #9 part 1), and
# unit settings asked over D-Bus agreeing with `systemctl show` in the systemd sandbox.
set -u
cd "$(dirname "$0")/../.." || exit 1
. tests/lib/testlib.sh
. tests/lib/systemd-sandbox.sh

need_root security || t_finish
CG2=$(cgroup2_root)
CGBASE=
trap 'sandbox_cleanup; [ -n "$CGBASE" ] && find "$CGBASE" -depth -type d -exec rmdir {} + 2>/dev/null; rm -rf "$T_TMP"' EXIT
trap 'exit 130' INT TERM

# ---- 1. the fake manager: a payload over ld-linux in the user's own mount namespace ----
# The payload is what the kernel would run as the ELF interpreter of any dynamic program
# executed in that namespace: it creates $MARK in a directory only real root can write to, so
# only a root process can have run it. The user's own program is static: it loads no loader.
ld_so=$(readlink -f /lib64/ld-linux-x86-64.so.2 2>/dev/null)
if [ "$(uname -m)" != x86_64 ] || [ ! -f "$ld_so" ]; then
	skip security_fake_manager "needs x86_64 and /lib64/ld-linux-x86-64.so.2"
elif ! command -v unshare >/dev/null || ! command -v setpriv >/dev/null ||
	! setpriv --reuid 65534 --regid 65534 --clear-groups unshare -Urm true 2>/dev/null; then
	skip security_fake_manager "unprivileged user namespaces are off here (unshare -Urm as nobody)"
elif [ -z "$CG2" ]; then
	skip security_fake_manager "no cgroup2 hierarchy mounted"
else
	MARKDIR=$T_TMP/markdir
	MARK=$MARKDIR/ran-as-root
	mkdir -m 755 "$MARKDIR"
	cat >"$T_TMP/payload.c" <<'EOF'
#include <fcntl.h>
#include <sys/syscall.h>
static long sc3(long n, long a, long b, long c)
{
	long r;
	__asm__ volatile("syscall" : "=a"(r) : "a"(n), "D"(a), "S"(b), "d"(c) : "rcx", "r11", "memory");
	return r;
}
void _start(void)
{
	sc3(SYS_open, (long)MARKER, O_WRONLY | O_CREAT, 0644);
	sc3(SYS_exit_group, 0, 0, 0);
}
EOF
	evil=$T_TMP/capfix-evil # its comm
	if ! cc -DMARKER="\"$MARK\"" -static -nostdlib -fno-pie -no-pie -O1 -o "$T_TMP/payload" \
		"$T_TMP/payload.c" 2>"$T_TMP/cc.err" ||
		! cc -static -O2 -o "$evil" tests/helpers/bindport.c 2>>"$T_TMP/cc.err"; then
		skip security_fake_manager "no static libc to build the test programs: $(head -c 200 "$T_TMP/cc.err")"
	else
		chmod 755 "$T_TMP/payload" "$evil"
		CGBASE=$CG2/capfix-sec-$$
		user_cg=$CGBASE/user.slice/user-65534.slice/user@65534.service/app.slice/app-evil-$$.scope
		sys_cg=$CGBASE/system.slice/capfix-evil-$$.service
		mkdir -p "$user_cg" "$sys_cg"

		# attack CGDIR GOFILE: nobody, in `unshare -Urm`, with /run/systemd/system on a tmpfs
		# and the payload over the loader, waits for GOFILE, then fails to bind port 80
		# (CAP_NET_BIND_SERVICE, denied in the initial user namespace) and lives 1.5 s more.
		# Sets ATT_PID (the same process all along: sh, setpriv, unshare and sh exec).
		attack() {
			sh -c 'echo $$ >"$1/cgroup.procs" || exit 1
			exec setpriv --reuid 65534 --regid 65534 --clear-groups -- unshare -Urm sh -c '\''
				while [ ! -e "$1" ]; do sleep 0.05; done
				mount -t tmpfs tmpfs /run && mkdir -p /run/systemd/system &&
				mount --bind "$2" "$3" && exec "$4" 80 --sleep-ms 1500'\'' sh "$2" "$3" "$4" "$5"' \
				sh "$1" "$2" "$T_TMP/payload" "$ld_so" "$evil" >/dev/null 2>&1 &
			ATT_PID=$!
		}

		# one_mode NAME CGDIR CAPFIX-ARGS...: capfix attached first (-p: after), the attack,
		# then no marker, the finding reported, and the unit's settings said to be unknown
		one_mode() {
			local name=$1 cg=$2 out=$T_TMP/$1.json go=$T_TMP/go-$1
			shift 2
			rm -f "$MARK"
			if [ "$1" = -p ]; then
				attack "$cg" "$go"
				sleep 0.2
				capfix_bg "$out" --json -p "$ATT_PID" || fail "security_fake_manager_$name" "capfix did not attach" "$out.err"
				touch "$go"
			else
				capfix_bg "$out" --json "$@" || fail "security_fake_manager_$name" "capfix did not attach" "$out.err"
				touch "$go"
				attack "$cg" "$go"
			fi
			wait "$ATT_PID"
			sleep 0.3
			capfix_stop
			if [ -e "$MARK" ]; then
				fail "security_fake_manager_$name" "root ran the user's payload as the ELF loader"
				return
			fi
			t_check "security_fake_manager_$name" "$out" "[.[] | select(.type==\"denial\" and
				.comm==\"capfix-evil\" and .capability==\"CAP_NET_BIND_SERVICE\")][0] |
				.pid == $ATT_PID and (.unit | test(\"evil-$$\")) and
				(.unit_settings_unknown | type) == \"string\""
		}

		one_mode comm_user "$user_cg" -c capfix-evil
		one_mode comm_system "$sys_cg" -c capfix-evil
		one_mode pid "$user_cg" -p
		one_mode cgroup "$user_cg" -g "$user_cg"
		one_mode unit "$sys_cg" -u "capfix-evil-$$.service"
		one_mode all_emit "$user_cg" --emit "$T_TMP/emit"
		# the summary and --emit: printed at exit, after the manager was (not) asked
		if [ -e "$MARK" ]; then
			fail security_fake_manager_summary "root ran the user's payload"
		elif grep -qs 'capfix-evil' "$T_TMP/all_emit.json" &&
			jq -e -s '[.[] | select(.type=="summary")] | length > 0' "$T_TMP/all_emit.json" >/dev/null; then
			ok security_fake_manager_summary
		else
			fail security_fake_manager_summary "no summary naming the process" "$T_TMP/all_emit.json"
		fi
	fi
fi

# ---- 3. files named by the user are opened only when they are regular files ----
# --service FILE given a FIFO: refused at once (exit 1), not stuck waiting for a writer
mkfifo "$T_TMP/svc.fifo"
timeout 10 "$CAPFIX" --service "$T_TMP/svc.fifo" -- true >"$T_TMP/svc.out" 2>&1
r=$?
if [ "$r" = 1 ] && grep -q 'not a regular file' "$T_TMP/svc.out"; then
	ok security_service_fifo_refused
else
	fail security_service_fifo_refused "exit $r (124: blocked on the FIFO), want 1 and 'not a regular file'" "$T_TMP/svc.out"
fi

# A script named in argv that is a FIFO by the time capfix looks: capfix must not open it.
# The script turns its own path into a FIFO, a child blocks in open(O_WRONLY) on it (which
# returns only once someone opens it for reading) and would then write OPENED; the script
# then fails to bind port 80 and lives on while capfix collects its facts.
if [ -x /usr/bin/python3 ]; then
	sd=$T_TMP/scriptdir
	mkdir -m 755 "$sd" && chown 65534:65534 "$sd"
	cat >"$sd/s.py" <<'EOF'
import os, socket, sys, time
path = os.path.abspath(sys.argv[0])
os.unlink(path)
os.mkfifo(path)
child = os.fork()
if child == 0:
    os.open(path, os.O_WRONLY)
    open(os.path.join(os.path.dirname(path), "OPENED"), "w").close()
    os._exit(0)
time.sleep(0.2)
try:
    socket.socket().bind(("127.0.0.1", 80))
except OSError:
    pass
time.sleep(1.5)
os.kill(child, 9)
EOF
	chown 65534:65534 "$sd/s.py"
	out=$T_TMP/script_fifo.json
	timeout 30 "$CAPFIX" --json --user nobody -- /usr/bin/python3 "$sd/s.py" >"$out" 2>"$out.err"
	if [ -e "$sd/OPENED" ]; then
		fail security_script_fifo_not_opened "capfix opened the FIFO named in argv"
	else
		t_check security_script_fifo_not_opened "$out" '[.[] | select(.type=="denial" and
			.capability=="CAP_NET_BIND_SERVICE" and .comm=="python3")] | length > 0'
	fi
else
	skip security_script_fifo_not_opened "no /usr/bin/python3"
fi

# ---- 4. pid reuse: a root process that takes a nobody process's pid is not its finding ----
# capfix is stopped while nobody's process fails to bind port 80 and exits, and root starts
# `cfxreuse secret.py --token=SECRET` under that very pid (clone3 set_tid); then capfix goes
# on and reads the event. Both run python3 through a symlink named cfxreuse (their comm), so
# the executable is the same file. Nothing of the root process may appear in the output.
if [ -x /usr/bin/python3 ]; then
	cat >"$T_TMP/reusepid.c" <<'EOF'
#define _GNU_SOURCE
#include <linux/sched.h>
#include <signal.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <sys/syscall.h>
#include <unistd.h>
/* reusepid PID CMD...: CMD as a new process with exactly that pid (clone3 set_tid, 5.5+) */
int main(int argc, char **argv)
{
	__u64 tid = (__u64)atoll(argv[1]);
	struct clone_args ca = {.exit_signal = SIGCHLD, .set_tid = (uintptr_t)&tid, .set_tid_size = 1};
	long r;

	if (argc < 3)
		return 2;
	r = syscall(SYS_clone3, &ca, sizeof(ca));
	if (r < 0) {
		perror("clone3");
		return 1;
	}
	if (!r) {
		execvp(argv[2], argv + 2);
		_exit(127);
	}
	return 0;
}
EOF
	secret=capfix-SECRET-$$
	printf 'import time\ntime.sleep(4)\n' >"$T_TMP/secret.py"
	ln -s "$(readlink -f /usr/bin/python3)" "$T_TMP/cfxreuse"
	out=$T_TMP/reuse.json
	if ! cc -O2 -o "$T_TMP/reusepid" "$T_TMP/reusepid.c" 2>"$T_TMP/cc.err"; then
		skip security_pid_reuse "cannot build the clone3 helper: $(head -c 200 "$T_TMP/cc.err")"
	elif capfix_bg "$out" --json -c cfxreuse; then
		kill -STOP "$CF_PID"
		setpriv --reuid 65534 --regid 65534 --clear-groups -- "$T_TMP/cfxreuse" -c '
import os, socket
print(os.getpid(), flush=True)
try:
    socket.socket().bind(("127.0.0.1", 80))
except OSError:
    pass' >"$T_TMP/reuse.pid" 2>/dev/null
		P=$(cat "$T_TMP/reuse.pid")
		"$T_TMP/reusepid" "$P" "$T_TMP/cfxreuse" "$T_TMP/secret.py" "--token=$secret"
		r=$?
		sleep 0.2
		kill -CONT "$CF_PID"
		sleep 1
		capfix_stop
		pkill -f -- "--token=$secret" 2>/dev/null
		if [ "$r" != 0 ]; then
			skip security_pid_reuse "clone3 with set_tid $P failed"
		elif grep -q -e "$secret" -e "secret.py" "$out"; then
			fail security_pid_reuse "the root process's command line was printed for nobody's finding" "$out"
		else
			t_check security_pid_reuse "$out" "[.[] | select(.type==\"denial\" and .pid==$P and
				.capability==\"CAP_NET_BIND_SERVICE\")][0] | .uid == 65534 and
				.process.alive == false"
		fi
	else
		fail security_pid_reuse "capfix did not attach" "$out.err"
	fi
else
	skip security_pid_reuse "no /usr/bin/python3"
fi

# ---- 2. the real manager, asked over D-Bus, says what `systemctl show` says ----
if ! sandbox_start >/dev/null 2>"$T_TMP/sandbox.err"; then
	skip security_manager_dbus "systemd does not boot in a namespace here: $(head -c 200 "$T_TMP/sandbox.err")"
	t_finish
fi
U=capfix-test-$$-sec
props="Id LoadState FragmentPath User DynamicUser NoNewPrivileges PrivateUsers
CapabilityBoundingSet AmbientCapabilities SecureBits RestrictAddressFamilies SystemCallFilter
SystemCallArchitectures SystemCallLog PrivateDevices ProtectKernelTunables ProtectKernelModules
ProtectKernelLogs ProtectClock ProtectHostname LockPersonality MemoryDenyWriteExecute
RestrictRealtime RestrictSUIDSGID RestrictNamespaces"
pargs=
for p in $props; do pargs="$pargs -p $p"; done
same=0 differ=
n=0
for body in "User=nobody
NoNewPrivileges=yes" "User=nobody
AmbientCapabilities=CAP_NET_BIND_SERVICE CAP_NET_RAW
CapabilityBoundingSet=CAP_NET_BIND_SERVICE CAP_NET_RAW CAP_CHOWN
SecureBits=keep-caps noroot" "DynamicUser=yes
RestrictAddressFamilies=AF_INET AF_UNIX
SystemCallFilter=@system-service
SystemCallArchitectures=native" "User=nobody
RestrictNamespaces=net ipc
ProtectClock=yes
PrivateUsers=yes" "User=nobody
RestrictAddressFamilies=~AF_PACKET
RestrictNamespaces=yes
LockPersonality=yes"; do
	n=$((n + 1))
	sandbox_install_unit "$U-$n.service" "[Service]
Type=oneshot
ExecStart=/bin/true
$body" >/dev/null
	# shellcheck disable=SC2086
	a=$(sandbox_ctl show $pargs -- "$U-$n.service" | "$HELPERS/unitprops" -)
	b=$("$HELPERS/unitprops" "$SANDBOX_PID" "$U-$n.service")
	if [ -n "$a" ] && [ "$a" = "$b" ]; then
		same=$((same + 1))
	else
		differ="$differ [$n: systemctl '$a' / D-Bus '$b']"
	fi
done
[ "$same" = 5 ] && ok security_manager_dbus_matches_systemctl ||
	fail security_manager_dbus_matches_systemctl "$differ"
# a unit that does not exist: the same not-found answer
a=$(sandbox_ctl show $pargs -- "$U-none.service" | "$HELPERS/unitprops" -)
b=$("$HELPERS/unitprops" "$SANDBOX_PID" "$U-none.service")
case "$b" in
*load=not-found*) [ "$a" = "$b" ] && ok security_manager_dbus_not_found ||
	fail security_manager_dbus_not_found "systemctl '$a' / D-Bus '$b'" ;;
*) fail security_manager_dbus_not_found "D-Bus '$b'" ;;
esac

# A unit's process that made its own user+pid+mount namespace with a fake /run/systemd: its
# init is the user's, so capfix passes over it to the sandbox's systemd, which answers for real.
tag=5.$$ # a sleep time that names this run
sandbox_exec systemd-run --quiet --unit "$U-fake.service" -p User=nobody -- \
	unshare -Urpm --fork sh -c "mount -t tmpfs tmpfs /run && mkdir -p /run/systemd/system &&
		exec sleep $tag" >/dev/null 2>&1
inner=
for i in $(seq 30); do
	inner=$(pgrep -n -f "^sleep $tag\$") && break
	sleep 0.1
done
want=$("$HELPERS/unitprops" "$SANDBOX_PID" "$U-1.service")
b=$([ -n "$inner" ] && "$HELPERS/unitprops" "$inner" "$U-1.service")
if [ -z "$inner" ]; then
	fail security_manager_untrusted_init "the unit's process did not start"
elif [ -n "$want" ] && [ "$b" = "$want" ]; then
	ok security_manager_untrusted_init
else
	fail security_manager_untrusted_init "want the sandbox's answer '$want', got '$b'"
fi
sandbox_ctl stop "$U-fake.service" >/dev/null 2>&1

# sockets a user planted where a user manager's would be: not that user's, or behind a symlink
sandbox_exec setpriv --reuid 65534 --regid 65534 --clear-groups -- sh -c '
	mkdir -p /run/user/4242/systemd /run/user/4243 && ln -s /run/systemd /run/user/4243/systemd &&
	exec python3 -c "import socket,time; s=socket.socket(socket.AF_UNIX); s.bind(\"/run/user/4242/systemd/private\"); s.listen(); time.sleep(4)"' \
	>/dev/null 2>&1 &
planter=$!
sleep 0.5
b=$("$HELPERS/unitprops" "$SANDBOX_PID" "$U-1.service" 4242)
case "$b" in
"unknown: "*"not a socket of the unit's user"*) ok security_manager_socket_owner ;;
*) fail security_manager_socket_owner "a socket of nobody's taken for uid 4242's manager: '$b'" ;;
esac
b=$("$HELPERS/unitprops" "$SANDBOX_PID" "$U-1.service" 4243)
case "$b" in
"unknown: cannot open"*) ok security_manager_socket_no_symlink ;;
*) fail security_manager_socket_no_symlink "followed a user's symlink: '$b'" ;;
esac
wait "$planter"
t_finish
