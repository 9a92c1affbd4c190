# SPDX-License-Identifier: (LGPL-2.1 OR BSD-2-Clause)
# A real systemd (the host's /lib/systemd/systemd, 252 on Debian 12) as PID 1 of a private PID +
# mount namespace, for end-to-end tests of unit fixes. Source it from a POSIX sh or bash test:
#
#	. tests/lib/systemd-sandbox.sh
#	trap sandbox_cleanup EXIT INT TERM
#	sandbox_start || exit 77                       # sets SANDBOX_PID (host pid of that systemd)
#	cp build/tests/bindport "$SANDBOX_SHARED/"     # a directory both sides see (not /tmp!)
#	sandbox_install_unit capfix-test-x.service "[Service]
#	User=nobody
#	ExecStart=$SANDBOX_SHARED/bindport 80"
#	sandbox_ctl start capfix-test-x.service
#	sandbox_ctl show -p Result -p ExecMainStatus capfix-test-x.service
#
# Based on ../shared/recipes/systemd-sandbox.sh, with these differences:
#  - Safety (kept from the recipe): /run, /tmp and /var/tmp are private tmpfs mounts and the
#    systemd-tmpfiles units are masked, or booting empties the host's /tmp. Only a minimal
#    target is started.
#  - Each sandbox gets its own cgroup, /capfix-sandbox-<pid> in the name=systemd and the unified
#    hierarchy, created before systemd starts. Without it every sandbox (and the other test
#    sessions' sandboxes) uses the host's root cgroup as its own and they share /init.scope and
#    /system.slice. There is no cgroup namespace: systemd (container mode) takes the cgroup it
#    starts in as its root.
#  - Unit files go to /etc/systemd/system, which the host shares: only names matching
#    capfix-test-*, every file recorded and removed by sandbox_cleanup.
#
# What this machine shows (Linux 6.18, systemd 252.38-1~deb12u1, host cgroups hybrid: v1
# controllers + name=systemd + cgroup2 at /sys/fs/cgroup/unified, host PID 1 is not systemd):
#  - systemd runs in hybrid mode. A service's process, read from the HOST's /proc/PID/cgroup:
#	9:name=systemd:/capfix-sandbox-<pid>/system.slice/capfix-test-x.service
#	0::/capfix-sandbox-<pid>/system.slice/capfix-test-x.service
#    (the v1 controller lines stay "/" or the host's own path). So a unit name is the last
#    "*.service" component, not what follows a leading "/system.slice/".
#  - Result and exit status: `systemctl show -p Result -p ExecMainStatus -p ExecMainCode UNIT`
#    gives "Result=exit-code", "ExecMainStatus=13" (EACCES from bindport), "ExecMainCode=1"
#    (CLD_EXITED); a capability-dumb exec gives "ExecMainStatus=203" (EXEC); a successful
#    oneshot "Result=success", "ExecMainStatus=0", "ExecMainCode=0". `systemctl start` of a
#    failing Type=oneshot unit exits 1. The "Failed at step EXEC spawning ..." line is not in
#    the journal (PID 1 runs with --log-target=null); the unit's own stdout is.
#  - `systemctl show -p User -p NoNewPrivileges -p CapabilityBoundingSet -p AmbientCapabilities
#    -p SecureBits` works and prints names: "CapabilityBoundingSet=cap_chown cap_dac_override
#    ... cap_checkpoint_restore" (all 41 when unset) or "CapabilityBoundingSet=cap_net_raw",
#    "AmbientCapabilities=" (empty) or "AmbientCapabilities=cap_net_bind_service",
#    "NoNewPrivileges=yes", "User=nobody", "SecureBits=0".
#  - `systemctl show -p ControlGroup` prints the full path, sandbox prefix included
#    ("/capfix-sandbox-<pid>/init.scope"), and is empty once the unit has failed.
#  - `systemctl show -p MainPID` is the pid inside the sandbox; sandbox_host_pid maps it.
#  - `systemd-analyze verify FILE.service` works on the host without a running systemd and
#    reads FILE.service.d/*.conf next to it, but exits 0 on unknown keys (a warning on stderr)
#    and says nothing at all about an unknown capability name (AmbientCapabilities=CAP_BOGUS):
#    check that stderr is empty, and check capability names separately.
#  - /run/systemd/system inside the sandbox is its private /run: the host reaches it as
#    /proc/$SANDBOX_PID/root/run/systemd/system (what `capfix --verify --unit` writes on a
#    real host goes there when the test redirects it).

SANDBOX_PID=
SANDBOX_SHARED=
SANDBOX_CGROUP=
SANDBOX_FILES=
SANDBOX_DIRS=
SANDBOX_LOG=

_sandbox_cg_roots() {
	for h in /sys/fs/cgroup/systemd /sys/fs/cgroup/unified /sys/fs/cgroup; do
		[ -e "$h/cgroup.procs" ] || continue
		# /sys/fs/cgroup itself only when it is cgroup2 (pure unified host)
		[ "$h" = /sys/fs/cgroup ] && [ -d /sys/fs/cgroup/unified ] && continue
		[ "$h" = /sys/fs/cgroup ] && [ -d /sys/fs/cgroup/systemd ] && continue
		echo "$h"
	done
}

# sandbox_start: boots systemd; sets and prints SANDBOX_PID, and sets SANDBOX_SHARED: a new 0755
# directory that the host and the sandbox see at the same path on a suid-capable mount, for the
# binaries units run (not /tmp, /var/tmp or /run, which are private inside). Returns 1 with a
# message on failure.
sandbox_start() {
	[ "$(id -u)" = 0 ] || { echo "sandbox: needs root" >&2; return 1; }
	[ -x /lib/systemd/systemd ] || { echo "sandbox: no /lib/systemd/systemd" >&2; return 1; }
	command -v unshare >/dev/null && command -v nsenter >/dev/null ||
		{ echo "sandbox: needs unshare and nsenter (util-linux)" >&2; return 1; }
	SANDBOX_CGROUP=/capfix-sandbox-$$-$(od -An -N3 -tx1 /dev/urandom | tr -d ' \n')
	for h in $(_sandbox_cg_roots); do
		mkdir "$h$SANDBOX_CGROUP" || { echo "sandbox: cannot create $h$SANDBOX_CGROUP" >&2; return 1; }
	done
	_base=${SANDBOX_SHARED_BASE:-/var/lib/capfix-test}
	mkdir -p "$_base" && SANDBOX_SHARED=$(mktemp -d "$_base/sandbox.XXXXXX") &&
		chmod 755 "$_base" "$SANDBOX_SHARED" || { echo "sandbox: cannot create a directory in $_base" >&2; return 1; }
	SANDBOX_LOG=$(mktemp /tmp/capfix-sandbox-log.XXXXXX)
	# the wrapper joins the cgroup, then execs unshare; systemd (unshare's child) inherits it
	CG="$SANDBOX_CGROUP" CGROOTS="$(_sandbox_cg_roots)" sh -c '
		for h in $CGROOTS; do echo $$ > "$h$CG/cgroup.procs" || exit 1; done
		exec unshare --pid --fork --mount --propagation private sh -c "
			set -e
			mount -t proc proc /proc
			for d in /run /tmp /var/tmp; do mount -t tmpfs -o mode=1777 tmpfs \$d; done
			mkdir -p /run/systemd/system
			for u in systemd-tmpfiles-setup.service systemd-tmpfiles-setup-dev.service \
			         systemd-tmpfiles-clean.timer systemd-tmpfiles-clean.service; do
				ln -sf /dev/null /run/systemd/system/\$u
			done
			printf \"[Unit]\\nDescription=capfix test sandbox\\n\" > /run/systemd/system/sandbox.target
			export container=capfix-sandbox
			exec /lib/systemd/systemd --system --unit=sandbox.target --log-target=null
		"' >"$SANDBOX_LOG" 2>&1 </dev/null &
	_outer=$!
	i=0
	while [ $i -lt 100 ]; do
		SANDBOX_PID=$(pgrep -P "$_outer" -x systemd || true)
		if [ -n "$SANDBOX_PID" ] &&
		   nsenter -t "$SANDBOX_PID" -m -p systemctl is-system-running --wait >/dev/null 2>&1; then
			echo "$SANDBOX_PID"
			return 0
		fi
		kill -0 "$_outer" 2>/dev/null || break
		sleep 0.2
		i=$((i + 1))
	done
	echo "sandbox: systemd did not come up: $(cat "$SANDBOX_LOG")" >&2
	sandbox_stop
	return 1
}

# sandbox_exec CMD...: runs CMD inside the sandbox (its mount and PID namespace)
sandbox_exec() {
	nsenter -t "$SANDBOX_PID" -m -p "$@"
}

# sandbox_ctl ARGS...: systemctl inside the sandbox
sandbox_ctl() {
	nsenter -t "$SANDBOX_PID" -m -p systemctl "$@"
}

# sandbox_show UNIT PROP: one property's value
sandbox_show() {
	sandbox_ctl show -p "$2" --value "$1"
}

_sandbox_check_name() {
	case "$1" in
	capfix-test-*.service | capfix-test-*.socket | capfix-test-*.target) return 0 ;;
	esac
	echo "sandbox: refusing unit name '$1' (must be capfix-test-*.service|socket|target)" >&2
	return 1
}

# sandbox_install_unit NAME TEXT: /etc/systemd/system/NAME, then daemon-reload
sandbox_install_unit() {
	_sandbox_check_name "$1" || return 1
	printf '%s\n' "$2" > "/etc/systemd/system/$1" || return 1
	SANDBOX_FILES="$SANDBOX_FILES /etc/systemd/system/$1"
	sandbox_ctl daemon-reload
}

# sandbox_install_dropin UNIT TEXT [NAME]: /etc/systemd/system/UNIT.d/NAME (capfix.conf), reload
sandbox_install_dropin() {
	_sandbox_check_name "$1" || return 1
	mkdir -p "/etc/systemd/system/$1.d" || return 1
	SANDBOX_DIRS="/etc/systemd/system/$1.d $SANDBOX_DIRS"
	printf '%s\n' "$2" > "/etc/systemd/system/$1.d/${3:-capfix.conf}" || return 1
	SANDBOX_FILES="$SANDBOX_FILES /etc/systemd/system/$1.d/${3:-capfix.conf}"
	sandbox_ctl daemon-reload
}

# sandbox_track_file PATH: remove PATH at cleanup (e.g. a drop-in capfix itself wrote)
sandbox_track_file() {
	SANDBOX_FILES="$SANDBOX_FILES $1"
	case "$1" in */capfix-test-*.d/*) SANDBOX_DIRS="${1%/*} $SANDBOX_DIRS" ;; esac
}

# sandbox_wait UNIT [SECONDS]: until the unit is no longer activating/active/deactivating
sandbox_wait() {
	_n=$(( ${2:-10} * 5 ))
	while [ $_n -gt 0 ]; do
		case "$(sandbox_show "$1" ActiveState)" in
		inactive | failed) return 0 ;;
		esac
		sleep 0.2
		_n=$((_n - 1))
	done
	return 1
}

# sandbox_host_pid UNIT: the host pid of the unit's main process (MainPID is namespace-local)
sandbox_host_pid() {
	_nspid=$(sandbox_show "$1" MainPID)
	[ -n "$_nspid" ] && [ "$_nspid" != 0 ] || return 1
	_ns=$(readlink "/proc/$SANDBOX_PID/ns/pid")
	for _st in /proc/[0-9]*/status; do
		_p=${_st#/proc/}; _p=${_p%/status}
		[ "$(readlink "/proc/$_p/ns/pid" 2>/dev/null)" = "$_ns" ] || continue
		# NSpid: host pid ... innermost pid
		if [ "$(awk '/^NSpid:/ { print $NF }' "$_st" 2>/dev/null)" = "$_nspid" ]; then
			echo "$_p"
			return 0
		fi
	done
	return 1
}

# sandbox_stop: powers the sandbox off (SIGKILL after 10 s) and removes its cgroups
sandbox_stop() {
	if [ -n "$SANDBOX_PID" ] && kill -0 "$SANDBOX_PID" 2>/dev/null; then
		sandbox_ctl poweroff >/dev/null 2>&1 || kill -TERM "$SANDBOX_PID" 2>/dev/null
		_n=50
		while [ $_n -gt 0 ] && kill -0 "$SANDBOX_PID" 2>/dev/null; do
			sleep 0.2
			_n=$((_n - 1))
		done
		kill -0 "$SANDBOX_PID" 2>/dev/null && kill -KILL "$SANDBOX_PID" 2>/dev/null
		# PID 1 gone: the kernel kills the rest of the namespace
		sleep 0.2
	fi
	SANDBOX_PID=
	if [ -n "$SANDBOX_CGROUP" ]; then
		for h in $(_sandbox_cg_roots); do
			[ -d "$h$SANDBOX_CGROUP" ] &&
				find "$h$SANDBOX_CGROUP" -depth -type d -exec rmdir {} + 2>/dev/null
		done
		SANDBOX_CGROUP=
	fi
	[ -n "$SANDBOX_LOG" ] && rm -f "$SANDBOX_LOG"
	SANDBOX_LOG=
	return 0
}

# sandbox_cleanup: for trap ... EXIT: removes every installed file and directory, stops systemd
sandbox_cleanup() {
	_pid=$SANDBOX_PID
	for f in $SANDBOX_FILES; do rm -f "$f"; done
	for d in $SANDBOX_DIRS; do
		case "$d" in
		/etc/systemd/system/capfix-test-*.d) rmdir "$d" 2>/dev/null ;;
		esac
	done
	if [ -n "$SANDBOX_SHARED" ]; then
		rm -rf "$SANDBOX_SHARED"
		rmdir "${SANDBOX_SHARED%/*}" 2>/dev/null
		SANDBOX_SHARED=
	fi
	[ -n "$_pid" ] && sandbox_ctl daemon-reload >/dev/null 2>&1
	SANDBOX_FILES=
	SANDBOX_DIRS=
	sandbox_stop
}
