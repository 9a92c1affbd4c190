#!/usr/bin/env bash
# SPDX-License-Identifier: (LGPL-2.1 OR BSD-2-Clause)
# Real Debian programs run as nobody the way a service manager runs them: the real cause named, the first fix applied, the program run again.
#
# Each case: capfix -j -- svc-launch --user nobody -- PROGRAM ARGS. The program must fail
# with its own message; the first failed finding must name the capability (and the netlink
# request or file where that matters); its first fix is applied without touching the host's
# real binaries or /etc files (setcap on a copy, the wrapper run as printed, an ACL on a
# scratch file, a sysctl applied and restored) and the program must then work. The ratio
# "first fix works N/M" is printed; the goal is >= 95 % (issue #11).
set -u
cd "$(dirname "$0")/../.." || exit 1
. tests/lib/testlib.sh

need_root realprogs || t_finish
if ! scripts/install-deps.sh >/dev/null 2>&1; then
	skip realprogs "scripts/install-deps.sh could not install the programs"
	t_finish
fi

W=$T_TMP
SVC=$W/svc-launch
cp "$HELPERS/svc-launch" "$SVC" || t_finish
mkdir -p "$W/bin"
chmod 755 "$W/bin"
N_FAILING=0 N_FIXED=0 N_HONEST=0
TAG=rp$$
# ports below ip_unprivileged_port_start, one per server, unlikely to be used by others
PORT0=$((600 + $$ % 300))

# the first failed finding of $1 as JSON ("null" when none)
first_failed() {
	jq -c -s '[.[] | select(.type == "denial" and .effect == "failed")] | .[0]' "$1"
}

# listening PORT [SECONDS]: something listens on TCP PORT within SECONDS
listening() {
	local i
	for i in $(seq $((${2:-3} * 10))); do
		[ -n "$(ss -ltnH "sport = :$1" 2>/dev/null)" ] && return 0
		sleep 0.1
	done
	return 1
}

# apply_fix FIX-JSON PROGRAM: prints the command that runs the program with the fix
# applied, one word a line (nothing when the fix cannot be applied here); a change to undo
# afterwards goes to $W/restore
apply_fix() {
	local fx=$1 prog=$2 kind cmd copy key old
	local -a w
	kind=$(jq -r .kind <<<"$fx")
	cmd=$(jq -r '.command // ""' <<<"$fx")
	case $kind in
	setcap)
		# "setcap CAPS=+ep PATH" on a copy named as the program was called (multi-call
		# binaries such as xtables-nft-multi pick the applet from argv[0])
		eval "w=($cmd)"
		[ "${#w[@]}" = 3 ] && [ "${w[0]}" = setcap ] || return 1
		copy=$W/bin/$(basename "$prog")
		cp "${w[2]}" "$copy" && chmod 755 "$copy" && setcap "${w[1]}" "$copy" || return 1
		printf '%s\n' "$SVC" --user nobody -- "$copy"
		;;
	ambient_wrapper | ownership)
		case $cmd in
		setpriv\ *) printf '%s\n' sh -c "$cmd" ;; # as printed, arguments included
		setfacl\ *)
			sh -c "$cmd" || return 1
			printf '%s\n' "$SVC" --user nobody -- "$prog"
			;;
		*) return 1 ;;
		esac
		;;
	sysctl)
		key=${cmd#sysctl -w }
		key=${key%%=*}
		key=${key#\'}
		old=$(sysctl -n "$key") || return 1
		echo "sysctl -w $key='$old'" >"$W/restore"
		sh -c "$cmd" >/dev/null || return 1
		printf '%s\n' "$SVC" --user nobody -- "$prog"
		;;
	*) return 1 ;;
	esac
}

# rp NAME CAP MSG-REGEX CHECK -- PROGRAM ARGS...
#   CAP        the capability the first failed finding must name; "none" for a program
#              capfix must offer no fix for (it says why instead)
#   MSG-REGEX  the program's own message on stderr/stdout when it fails
#   CHECK      how the fixed run shows it works: "rc" (exit 0), "listen:PORT",
#              "quiet" (exit 0 and no MSG-REGEX), or a shell test run after it
#   RP_SUMMARY (optional) a regex the finding's summary must match
rp() {
	local name=$1 cap=$2 msg=$3 check=$4 out f fx fixed rc bgpid ok_fix=0
	shift 5
	out=$W/$name
	N_FAILING=$((N_FAILING + 1))
	"$CAPFIX" -j -- "$SVC" --user nobody -- "$@" >"$out.json" 2>"$out.err" </dev/null
	rc=$?
	grep -v '^capfix:' "$out.err" >"$out.prog"
	if [ "$rc" = 0 ] && [ "$check" != quiet ] || ! grep -Eq "$msg" "$out.prog"; then
		fail "realprogs/$name/fails" "expected it to fail with /$msg/ (exit $rc)" "$out.err"
		RP_SUMMARY=""
		return
	fi
	f=$(first_failed "$out.json")
	if [ "$f" = null ] || [ -z "$f" ]; then
		fail "realprogs/$name/cause" "no failed finding" "$out.json"
		RP_SUMMARY=""
		return
	fi
	if [ "$cap" = none ]; then
		# no fix offered: the finding says why (a blocker), and no printed fix at all
		if jq -e '(.fixes | length) == 0 and (.blockers | length) > 0' <<<"$f" >/dev/null; then
			ok "realprogs/$name/no-fix-says-why"
			N_HONEST=$((N_HONEST + 1))
		else
			fail "realprogs/$name/no-fix-says-why" "expected no fix and a reason" "$out.json"
		fi
		RP_SUMMARY=""
		return
	fi
	if ! jq -e --arg c "$cap" --arg s "${RP_SUMMARY:-.}" \
		'.capability == $c and (.summary | test($s))' <<<"$f" >/dev/null; then
		fail "realprogs/$name/cause" "expected $cap${RP_SUMMARY:+ and /$RP_SUMMARY/}: $(jq -r .summary <<<"$f")"
		RP_SUMMARY=""
		return
	fi
	ok "realprogs/$name/cause"
	RP_SUMMARY=""
	fx=$(jq -c '.fixes[0] // empty' <<<"$f")
	if [ -z "$fx" ]; then
		fail "realprogs/$name/first-fix" "no fix offered" "$out.json"
		return
	fi
	rm -f "$W/restore"
	mapfile -t fixed < <(apply_fix "$fx" "$1")
	if [ "${#fixed[@]}" = 0 ]; then
		fail "realprogs/$name/first-fix" "could not apply: $fx"
		return
	fi
	# a setpriv wrapper carries the arguments itself; the others get them here
	[ "${fixed[0]}" = sh ] || fixed+=("${@:2}")
	case $check in
	listen:*)
		"${fixed[@]}" >"$out.fixed" 2>&1 </dev/null &
		bgpid=$!
		listening "${check#listen:}" && ok_fix=1
		# the children first: a shell that forked its command leaves it to init
		pkill -P "$bgpid" 2>/dev/null
		kill "$bgpid" 2>/dev/null
		wait "$bgpid" 2>/dev/null
		;;
	rc)
		timeout 10 "${fixed[@]}" >"$out.fixed" 2>&1 </dev/null && ok_fix=1
		;;
	quiet)
		timeout 10 "${fixed[@]}" >"$out.fixed" 2>&1 </dev/null &&
			! grep -Eq "$msg" "$out.fixed" && ok_fix=1
		;;
	*)
		timeout 10 "${fixed[@]}" >"$out.fixed" 2>&1 </dev/null && eval "$check" && ok_fix=1
		;;
	esac
	[ -f "$W/restore" ] && sh "$W/restore" >/dev/null
	if [ "$ok_fix" = 1 ]; then
		ok "realprogs/$name/first-fix-works"
		N_FIXED=$((N_FIXED + 1))
	else
		fail "realprogs/$name/first-fix-works" "$(jq -r '.command // .kind' <<<"$fx")" \
			"$out.fixed"
	fi
}

# --- scratch files: nothing of the host's is changed ---
echo secret >"$W/secret" && chmod 600 "$W/secret"
mkdir -p "$W/rodir" "$W/nbdir" && chmod 755 "$W/rodir" && chown nobody "$W/nbdir"
touch "$W/owned" "$W/capfile" && chown nobody "$W/owned" "$W/capfile"
cp /usr/bin/ping "$W/ping" # a copy has no file capabilities: an upgrade that lost them (R16)
mkdir -p "$W/ngx" && cat >"$W/ngx/nginx.conf" <<EOF
daemon off;
master_process off;
pid $W/ngx/nginx.pid;
error_log stderr;
events {}
http {
    access_log off;
    client_body_temp_path $W/ngx/body;
    proxy_temp_path $W/ngx/proxy;
    fastcgi_temp_path $W/ngx/fcgi;
    uwsgi_temp_path $W/ngx/uwsgi;
    scgi_temp_path $W/ngx/scgi;
    server { listen $((PORT0 + 5)); }
}
EOF
chown -R nobody "$W/ngx"
ip link add "$TAG"q type bridge 2>/dev/null # dummy may be a missing module
cleanup() {
	ip link del "$TAG" 2>/dev/null
	ip link del "$TAG"q 2>/dev/null
	nft delete table inet "$TAG" 2>/dev/null
	iptables -X "${TAG^^}" 2>/dev/null
	umount "$W/ramfs" 2>/dev/null
}
trap cleanup EXIT

# --- CAP_NET_RAW ---
rp ping CAP_NET_RAW 'socket: Operation not permitted' rc -- "$W/ping" -c1 -W2 127.0.0.1
(sleep 1 && ping -c 5 -i 0.2 127.0.0.1 >/dev/null 2>&1) &
rp tcpdump CAP_NET_RAW "You don't have permission" rc -- /usr/bin/tcpdump -i lo -c1 -n
wait
# --- R22: netlink requests refused in the reply ---
RP_SUMMARY='rtnetlink RTM_NEWLINK request .*failed in the kernel.s reply with EPERM'
rp ip-link CAP_NET_ADMIN 'RTNETLINK answers: Operation not permitted' rc -- \
	/usr/sbin/ip link add "$TAG" type bridge
RP_SUMMARY='rtnetlink RTM_NEWQDISC'
rp tc CAP_NET_ADMIN 'RTNETLINK answers: Operation not permitted' rc -- \
	/usr/sbin/tc qdisc add dev "$TAG"q root pfifo
RP_SUMMARY='nftables NFT_MSG_'
rp nft CAP_NET_ADMIN 'Operation not permitted' rc -- /usr/sbin/nft add table inet "$TAG"
RP_SUMMARY='nftables NFT_MSG_'
rp iptables-nft CAP_NET_ADMIN 'Permission denied \(you must be root\)' rc -- \
	/usr/sbin/iptables -w -N "${TAG^^}"
# generic netlink (WireGuard and nl80211 go this way too): the family id is resolved to its name (ethtool, nl80211, wireguard...)
RP_SUMMARY='generic netlink ethtool command'
rp ethtool CAP_NET_ADMIN 'netlink error: Operation not permitted' rc -- \
	/usr/sbin/ethtool -K lo tx-checksum-ip-generic "$(ethtool -k lo |
		awk '/tx-checksum-ip-generic:/ { print $2 }')"
# --- R23: the right denial blamed ---
rp sysctl CAP_NET_ADMIN 'permission denied on key' rc -- \
	/usr/sbin/sysctl -w "net.ipv4.ip_forward=$(cat /proc/sys/net/ipv4/ip_forward)"
if jq -e -s 'any(.[]; .type == "denial" and .effect == "failed" and .syscall == "readlink")' \
	"$W/sysctl.json" >/dev/null; then
	fail realprogs/sysctl/readlink-einval-not-blamed "readlink's EINVAL reported as failed"
else
	ok realprogs/sysctl/readlink-einval-not-blamed
fi
rp setcap CAP_SETFCAP 'unable to set CAP_SETFCAP' 'getcap "$W/capfile" | grep -q cap_net_raw' -- \
	/usr/sbin/setcap cap_net_raw+ep "$W/capfile"
rp mount none 'must be superuser to use mount' rc -- /usr/bin/mount -t tmpfs none "$W/rodir"
if jq -e -s 'any(.[]; .type == "denial" and .effect == "failed" and
	(.syscall == "setuid" or .syscall == "access"))' "$W/mount.json" >/dev/null; then
	fail realprogs/mount/self-check-not-blamed "setuid(0) self-check or access() blamed"
else
	ok realprogs/mount/self-check-not-blamed
fi
# --- files (R19's DAC chain): the file named, that file fixed ---
RP_SUMMARY='/etc/shadow is uid 0 gid [0-9]+ mode 0640'
rp cat-shadow CAP_DAC_READ_SEARCH 'Permission denied' rc -- /usr/bin/cat /etc/shadow
jq -e -s '[.[] | select(.type == "denial" and .effect == "failed")][0].fixes[0].command |
	test("--groups [0-9,]*,42 ")' "$W/cat-shadow.json" >/dev/null &&
	ok realprogs/cat-shadow/group-not-dac || fail realprogs/cat-shadow/group-not-dac \
	"first fix is not the shadow group" "$W/cat-shadow.json"
# the chain in the kernel's check order (generic_permission(): DAC_READ_SEARCH first for a read)
t_check realprogs/cat-shadow/chain-in-check-order "$W/cat-shadow.json" '[.[] | select(.type == "denial" and
	.effect == "failed")][0].chain == ["CAP_DAC_READ_SEARCH", "CAP_DAC_OVERRIDE"]'
rp cat-secret CAP_DAC_READ_SEARCH 'Permission denied' rc -- /usr/bin/cat "$W/secret"
rp touch CAP_DAC_OVERRIDE 'cannot touch' rc -- /usr/bin/touch "$W/rodir/new"
# --- low ports; python's probes of root's ~/.local are not blamed ---
rp python-http CAP_NET_BIND_SERVICE 'PermissionError: \[Errno 13\] Permission denied' \
	"listen:$PORT0" -- /usr/bin/python3 -m http.server "$PORT0"
rp busybox-httpd CAP_NET_BIND_SERVICE 'bind: Permission denied' "listen:$((PORT0 + 1))" -- \
	/bin/busybox httpd -f -p "$((PORT0 + 1))"
rp nc CAP_NET_BIND_SERVICE 'nc: Permission denied' "listen:$((PORT0 + 2))" -- \
	/usr/bin/nc -l "$((PORT0 + 2))"
rp socat CAP_NET_BIND_SERVICE 'Permission denied' "listen:$((PORT0 + 3))" -- \
	/usr/bin/socat "TCP-LISTEN:$((PORT0 + 3)),reuseaddr" -
# R21: a binary on ramfs cannot carry file capabilities; the first fix must not be setcap
mkdir -p "$W/ramfs"
if mount -t ramfs -o mode=755 none "$W/ramfs" 2>/dev/null; then
	cp /bin/busybox "$W/ramfs/busybox"
	RP_SUMMARY='on ramfs, which cannot store file capabilities'
	rp busybox-ramfs CAP_NET_BIND_SERVICE 'bind: Permission denied' "listen:$((PORT0 + 6))" -- \
		"$W/ramfs/busybox" httpd -f -p "$((PORT0 + 6))"
	jq -e -s '[.[] | select(.type == "denial" and .effect == "failed")][0].fixes |
		all(.kind != "setcap")' "$W/busybox-ramfs.json" >/dev/null &&
		ok realprogs/busybox-ramfs/no-setcap || fail realprogs/busybox-ramfs/no-setcap \
		"setcap offered on ramfs" "$W/busybox-ramfs.json"
else
	skip realprogs/busybox-ramfs "cannot mount ramfs here"
fi
rp nginx CAP_NET_BIND_SERVICE 'failed \(13: Permission denied\)' "listen:$((PORT0 + 5))" -- \
	/usr/sbin/nginx -e stderr -p "$W/ngx" -c "$W/ngx/nginx.conf"
# --- the other capabilities a service meets ---
rp nice CAP_SYS_NICE 'cannot set niceness' quiet -- /usr/bin/nice -n -5 true
rp chrt CAP_SYS_NICE "failed to set pid 0's policy" rc -- /usr/bin/chrt -f 10 true
rp chown CAP_CHOWN 'Operation not permitted' '[ "$(stat -c %u "$W/owned")" = 0 ]' -- \
	/usr/bin/chown root "$W/owned"
rp kill CAP_KILL 'Operation not permitted' rc -- /usr/bin/kill -0 1
rp mknod CAP_MKNOD 'Operation not permitted' '[ -c "$W/nbdir/null" ]' -- \
	/usr/bin/mknod "$W/nbdir/null" c 1 3
rp chroot CAP_SYS_CHROOT 'Operation not permitted' rc -- /usr/sbin/chroot / true
rp unshare CAP_SYS_ADMIN 'Operation not permitted' rc -- /usr/bin/unshare -n true
rp dmesg CAP_SYSLOG 'Operation not permitted' rc -- /usr/bin/dmesg

# R23: nothing failed was blamed on the probes of root's home (~/.local, PATH entries)
if jq -e -s 'any(.[]; .type == "denial" and .effect == "failed" and
	(.summary | test("\"/root")))' "$W"/*.json >/dev/null 2>&1; then
	fail realprogs/home-probes-not-blamed "a probe of /root was reported as failed"
else
	ok realprogs/home-probes-not-blamed
fi

echo "realprogs: first fix works $N_FIXED/$((N_FAILING - N_HONEST)) failing programs with a fix;" \
	"$N_HONEST/$N_FAILING say why no fix is offered; $N_FIXED/$N_FAILING of all"
if [ $((N_FIXED * 100)) -ge $((N_FAILING * 95)) ]; then
	ok realprogs/first-fix-ratio
else
	fail realprogs/first-fix-ratio "first fix works in $N_FIXED of $N_FAILING (< 95 %)"
fi
cleanup # before t_finish removes $W (the ramfs mount)
t_finish
