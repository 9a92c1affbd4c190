# SPDX-License-Identifier: (LGPL-2.1 OR BSD-2-Clause)
# The kernel matrix's acceptance suite, run by busybox sh inside each QEMU guest (see init).
# Prints "ok|FAIL|SKIP kernel-VER/NAME" lines that tests/kernels/run.sh counts, and
# "# time NAME SECONDS" lines. No jq here: JSON Lines are matched with grep. What depends on
# the kernel asks capfix's summary which hooks it used, never the kernel's version.
# shellcheck shell=sh disable=SC3043
K=${1:?suite.sh NAME}
CF=${CF:-/capfix/capfix}
H=${H:-/capfix/tests}
T=$(mktemp -d /tmp/suite.XXXXXX)
chmod 755 "$T"
S=kernel-$K
EACCES=13

ok() { echo "ok   $S/$1"; }
skip() { echo "SKIP $S/$1: $2"; }
# fail NAME WHY [FILE...]: the files' first lines are printed under it
fail() {
	local n="$1" why="$2" f
	shift 2
	echo "FAIL $S/$n: $why"
	for f in "$@"; do
		[ -s "$f" ] && sed -n '1,25s/^/    | /p' "$f"
	done
	return 0
}
now() { cut -d' ' -f1 /proc/uptime; }
# timed NAME CMD...: runs CMD, prints how long it took
timed() {
	local n="$1" t0 t1
	shift
	t0=$(now)
	"$@"
	t1=$(now)
	echo "# time $n $(awk "BEGIN { printf \"%.2f\", $t1 - $t0 }")"
}

# cf NAME ARGS...: capfix --json ARGS into $T/NAME.{json,err,rc}, at most 90 s
cf() {
	local n="$1"
	shift
	timeout 90 "$CF" --json "$@" >"$T/$n.json" 2>"$T/$n.err"
	echo $? >"$T/$n.rc"
}
rc_of() { cat "$T/$1.rc"; }
summary() { grep '"type":"summary"' "$T/$1.json" | tail -1; }
# num NAME FIELD: a top-level number of the summary (they precede the nested ones)
num() { summary "$1" | grep -o "\"$2\":[0-9]*" | head -1 | cut -d: -f2; }
hook() { summary "$1" | grep -o '"hook":"[^"]*"' | head -1 | cut -d'"' -f4; }
# denial NAME PATTERN...: some denial line of NAME matches every grep pattern
denial() {
	local n="$1" lines
	shift
	lines=$(grep '"type":"denial"' "$T/$n.json")
	for p in "$@"; do
		lines=$(echo "$lines" | grep -e "$p")
	done
	[ -n "$lines" ]
}
# effect NAME: the syscall outcome a denial must report with NAME's result hook
effect() {
	case $(hook "$1") in
	*"+ none") echo '"effect":"unknown"' ;;
	*) echo '"effect":"failed"' ;;
	esac
}
# attached NAME: capfix started tracing; else FAIL with its own messages (not libbpf's)
attached() {
	if ! grep -q 'capfix: attached' "$T/$1.err"; then
		grep -v '^libbpf: ' "$T/$1.err" | head -n 8 >"$T/$1.why"
		fail "$1" "capfix did not attach (exit $(rc_of "$1"))" "$T/$1.why"
		return 1
	fi
}

# check_denial NAME RC CAP SYSCALL [PATTERN...]: exit status, one finding, its fields
check_denial() {
	local n="$1" want_rc="$2" cap="$3" sc="$4" e
	shift 4
	attached "$n" || return 0
	e=$(effect "$n")
	if [ "$(rc_of "$n")" != "$want_rc" ]; then
		fail "$n" "exit $(rc_of "$n"), want $want_rc" "$T/$n.err"
	elif ! denial "$n" "\"capability\":\"$cap\"" "\"syscall\":\"$sc\"" "$e" "$@"; then
		fail "$n" "no $cap denial of $sc with $e $* (hook $(hook "$n"))" "$T/$n.json" "$T/$n.err"
	else
		ok "$n"
	fi
}

bind=$T/bindport
cp "$H/bindport" "$bind"

# ---- the default choice, with -v: which hooks, and why others were refused ----
t_default() {
	cf default -v -d 1
	if attached default; then
		if [ "$(rc_of default)" = 0 ]; then ok default; else
			fail default "exit $(rc_of default)" "$T/default.err"; fi
	fi
	# all of -v (libbpf's verifier logs too) goes to the guest's log, not the console
	sed 's/^/#v /' "$T/default.err"
	echo "# hook: $(hook default)"
}
timed default t_default

# ---- -v says why each preferred hook it did not use was refused ----
if grep -q "capfix: attached" "$T/default.err"; then
	h=$(hook default) why=
	[ "${h% + *}" = tp_btf/cap_capable ] || grep -q '^tp_btf/cap_capable' "$T/default.err" ||
		why="tp_btf/cap_capable"
	[ "${h#* + }" = bpf_task_work ] || grep -q '^bpf_task_work\|+ bpf_task_work: ' "$T/default.err" ||
		why="$why bpf_task_work"
	if [ -z "$why" ]; then ok verbose_says_why; else
		fail verbose_says_why "hook '$h': -v gives no reason for not using: $why"; fi
fi

# ---- bind IPv4 and IPv6, a raw socket, chown, as a service's User=nobody ----
timed bind4 cf bind4 --user nobody -- "$bind" 80
check_denial bind4 $EACCES CAP_NET_BIND_SERVICE bind '"family":"inet",' '"port":80'
timed bind6 cf bind6 --user nobody -- "$bind" -6 80
check_denial bind6 $EACCES CAP_NET_BIND_SERVICE bind '"family":"inet6"'
timed rawsock cf rawsock --user nobody -- "$H/rawsock"
check_denial rawsock 1 CAP_NET_RAW socket
touch "$T/owned"
timed chown cf chown --user nobody -- "$H/chownfile" "$T/owned" 65534:65534
check_denial chown 1 CAP_CHOWN '\(f\|l\|\)chown\(at\)\?'

# ---- the mmap noise storm: no finding, the harmless probes counted ----
timed mmap_storm cf mmap_storm --user nobody -- "$H/mmapstorm" 2000
if attached mmap_storm; then
	f=$(num mmap_storm findings) h=$(num mmap_storm harmless) u=$(num mmap_storm unknown)
	case $(hook mmap_storm) in
	*"+ none") counted=$u ;;
	*) counted=$h ;;
	esac
	if [ "$(rc_of mmap_storm)" = 0 ] && [ "$f" = 0 ] && [ "${counted:-0}" -ge 2000 ]; then
		ok mmap_storm
	else
		fail mmap_storm "exit $(rc_of mmap_storm), findings $f harmless $h unknown $u, want 0 findings and >= 2000 counted (hook $(hook mmap_storm))" "$T/mmap_storm.err"
	fi
fi

# ---- R1: setcap'd file under no_new_privs; the file caps written by setfcap (setxattr) ----
bind_ep=$T/bindport-ep
cp "$bind" "$bind_ep"
"$H/setfcap" 10 "$bind_ep" # CAP_NET_BIND_SERVICE
# EADDRINUSE (98) comes after the capability check passed: someone else holds :80 (on a host)
"$H/svc-launch" --user nobody -- "$bind_ep" 80 >/dev/null 2>&1
rc=$?
if [ "$rc" = 0 ] || [ "$rc" = 98 ]; then ok file_caps_work; else
	fail file_caps_work "the +ep file does not bind as nobody (exit $rc): no file caps to test with"; fi
timed nnp_setcap cf nnp_setcap -- "$H/svc-launch" --user nobody --nnp -- "$bind_ep" 80
check_denial nnp_setcap $EACCES CAP_NET_BIND_SERVICE bind '"no_new_privs":true' \
	'"blockers":\[[^]]*"no_new_privs"'

# ---- R3: a +ep file whose cap is outside the bounding set: execve fails, exit 203 ----
timed dumb_exec cf dumb_exec -- "$H/svc-launch" --user nobody --drop-bounding cap_net_bind_service \
	-- "$bind_ep" 80
check_denial dumb_exec 203 CAP_NET_BIND_SERVICE execve '"errno":"EPERM"' \
	'"blockers":\[[^]]*"bounding_set"'

# ---- -p: a running process, denied again and again ----
t_pid() {
	"$H/svc-launch" --user nobody -- "$bind" 80 --repeat 24 --sleep-ms 250 >/dev/null 2>&1 &
	local pid=$!
	cf pid -p "$pid" -d 3
	kill "$pid" 2>/dev/null
	wait "$pid" 2>/dev/null
	check_denial pid 0 CAP_NET_BIND_SERVICE bind "\"pid\":$pid,"
}
timed pid t_pid

# ---- -c with --fail-on-finding: exit 3 ----
t_comm() {
	cp "$bind" "$T/kmcomm"
	timeout 90 "$CF" --json -c kmcomm --fail-on-finding -d 4 >"$T/comm.json" 2>"$T/comm.err" &
	local cfpid=$!
	for _ in $(seq 300); do
		grep -q 'capfix: attached' "$T/comm.err" 2>/dev/null && break
		kill -0 "$cfpid" 2>/dev/null || break
		sleep 0.1
	done
	"$H/svc-launch" --user nobody -- "$T/kmcomm" 80 >/dev/null 2>&1
	wait "$cfpid"
	echo $? >"$T/comm.rc"
	check_denial comm 3 CAP_NET_BIND_SERVICE bind '"comm":"kmcomm"'
}
timed comm t_comm

# ---- every attach and result variant, forced; one the kernel lacks must fall back ----
# REFUSED="fexit kprobe": attach kinds the kernel refuses although it has them (this suite run
# on a host that forbids them, to check the suite itself); the guests refuse none
has_tp=0 has_tw=0
# the tracepoint's BTF type (what tp_btf attaches to, include/trace/events/capability.h, 6.14)
grep -q btf_trace_cap_capable /sys/kernel/btf/vmlinux && has_tp=1
grep -q ' bpf_task_work_schedule_resume' /proc/kallsyms && has_tw=1
# kprobe_multi links need CONFIG_FPROBE (Debian 6.12 has it, 6.1 does not)
has_fprobe=0
grep -q ' register_fprobe_ips$' /proc/kallsyms && has_fprobe=1
echo "# kernel offers: capability:cap_capable tracepoint=$has_tp bpf_task_work=$has_tw fprobe=$has_fprobe${REFUSED:+, refused: $REFUSED}"
for a in tp_btf fexit kprobe; do
	for r in task_work syscall_ret syscall_fexit sys_exit none; do
		[ "$a" = kprobe ] && [ "$r" = task_work ] && continue # kprobe programs call no kfunc
		# ~60 programs to verify and attach: seconds under TCG, once is enough
		[ "$a" != fexit ] && [ "$r" = syscall_fexit ] && continue
		n=force_${a}_$r
		timed "$n" cf "$n" --attach "$a" --result "$r" --user nobody -- "$bind" 80
		attached "$n" || continue
		case $a in
		tp_btf) fa=tp_btf/cap_capable ;;
		*) fa=$a/security_capable ;;
		esac
		wa=$fa
		[ $a = tp_btf ] && [ $has_tp = 0 ] && wa=
		case " ${REFUSED:-} " in *" $a "*) wa= ;; esac
		case $r in
		task_work) wr=bpf_task_work; [ $has_tw = 1 ] || wr= ;;
		syscall_ret) wr='kretprobe.multi/__x64_sys_*'; [ $has_fprobe = 1 ] || wr=
			case " ${REFUSED:-} " in *" kprobe "*) wr= ;; esac ;;
		syscall_fexit) wr='fexit/__x64_sys_*'
			case " ${REFUSED:-} " in *" fexit "*) wr= ;; esac ;;
		sys_exit) wr=raw_tp/sys_exit ;;
		none) wr=none ;;
		esac
		got=$(hook "$n")
		# a variant the kernel lacks: any other hook will do, as long as it traces
		if { [ -n "$wa" ] && [ "${got% + *}" != "$wa" ]; } ||
			{ [ -n "$wr" ] && [ "${got#* + }" != "$wr" ]; } ||
			{ [ -z "$wa" ] && [ "${got% + *}" = "$fa" ]; } ||
			{ [ -z "$wr" ] && [ "${got#* + }" = bpf_task_work ]; }; then
			fail "$n" "hook '$got', want '${wa:-another attach} + ${wr:-another result}'" "$T/$n.err"
			continue
		fi
		check_denial "$n" $EACCES CAP_NET_BIND_SERVICE bind
	done
done

# ---- least privilege: as nobody with exactly the documented capabilities (capfix.service) ----
t_lp() {
	local all=cap_bpf,cap_perfmon,cap_sys_ptrace,cap_dac_read_search
	cp "$CF" "$T/capfix"
	mkdir -m 700 "$T/private"
	cp "$bind" "$T/private/kmlpbind"
	chown -R 1 "$T/private"
	# as capfix.service: LimitMEMLOCK=infinity (before 5.11 BPF maps count against it;
	# a host whose root may not raise it runs a kernel that does not need it)
	(ulimit -l unlimited 2>/dev/null; exec "$H/svc-launch" --user nobody --nnp --bounding $all \
		--ambient $all -- "$T/capfix" --json -c kmlpbind -d 5) \
		>"$T/least_privilege.json" 2>"$T/least_privilege.err" &
	local cfpid=$!
	for _ in $(seq 300); do
		grep -q 'capfix: attached' "$T/least_privilege.err" 2>/dev/null && break
		kill -0 "$cfpid" 2>/dev/null || break
		sleep 0.1
	done
	# uid 1 in a directory nobody may not search: its exe needs CAP_SYS_PTRACE and
	# CAP_DAC_READ_SEARCH to be read
	"$H/svc-launch" --user daemon -- "$T/private/kmlpbind" 80 --sleep-ms 1500 >/dev/null 2>&1
	wait "$cfpid"
	echo $? >"$T/least_privilege.rc"
	check_denial least_privilege 0 CAP_NET_BIND_SERVICE bind '"uid":1,' \
		"\"exe\":\"$T/private/kmlpbind\""
}
timed least_privilege t_lp

# ---- least privilege with CAP_BPF missing: a message naming it, exit 1 ----
t_lp_missing() {
	local caps=cap_perfmon,cap_sys_ptrace,cap_dac_read_search
	"$H/svc-launch" --user nobody --nnp --bounding $caps --ambient $caps -- \
		"$T/capfix" -d 1 >"$T/lp_missing.err" 2>&1
	local rc=$?
	if [ "$rc" = 1 ] && grep -q 'missing CAP_BPF' "$T/lp_missing.err"; then
		ok least_privilege_names_cap_bpf
	else
		fail least_privilege_names_cap_bpf "want exit 1 naming CAP_BPF, got $rc" "$T/lp_missing.err"
	fi
}
timed least_privilege_names_cap_bpf t_lp_missing

rm -rf "$T"
