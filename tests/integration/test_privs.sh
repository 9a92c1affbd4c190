#!/usr/bin/env bash
# SPDX-License-Identifier: (LGPL-2.1 OR BSD-2-Clause)
# capfix's own least privilege and what ships with it: capfix as nobody with exactly the
# documented capabilities (ambient, as capfix.service grants them) works, with one missing it
# names it; after attaching it holds only what reading /proc needs; capfix.service passes
# systemd-analyze verify with nothing on stderr; capfix.8 renders; make install DESTDIR works.
set -u
cd "$(dirname "$0")/../.." || exit 1
. tests/lib/testlib.sh

# ---- the man page renders without a warning ----
if command -v groff >/dev/null; then
	out=$T_TMP/man
	if groff -man -Tutf8 -P-cbou -ww docs/capfix.8 >"$out" 2>"$out.err" && ! [ -s "$out.err" ] &&
		grep -q 'PRIVILEGES' "$out" && grep -q 'CAP_PERFMON' "$out"; then
		ok man_page_renders
	else
		fail man_page_renders "groff -man complains or sections are missing" "$out.err"
	fi
else
	skip man_page_renders "groff not installed (groff-base)"
fi
if command -v man >/dev/null; then
	if MANWIDTH=80 man -l docs/capfix.8 2>"$T_TMP/man2.err" | grep -q 'EXIT STATUS' &&
		! [ -s "$T_TMP/man2.err" ]; then ok man_l_renders; else
		fail man_l_renders "man -l docs/capfix.8" "$T_TMP/man2.err"; fi
else
	skip man_l_renders "man not installed (man-db)"
fi

# ---- make install into DESTDIR: binary, man page, unit pointing at the installed binary ----
dest=$T_TMP/dest
if make --no-print-directory -s install OUT="$OUT" DESTDIR="$dest" PREFIX=/usr \
	>"$T_TMP/install.log" 2>&1 && [ -x "$dest/usr/sbin/capfix" ] &&
	[ -f "$dest/usr/share/man/man8/capfix.8" ] &&
	grep -q '^ExecStart=/usr/sbin/capfix --json' "$dest/usr/lib/systemd/system/capfix.service"; then
	ok make_install_destdir
else
	fail make_install_destdir "missing files under DESTDIR" "$T_TMP/install.log"
fi

# ---- capfix.service: systemd-analyze verify accepts it with an empty stderr ----
if command -v systemd-analyze >/dev/null; then
	mkdir -p "$T_TMP/unit" "$T_TMP/manpath/man8"
	sed "s|^ExecStart=/usr/local/sbin/capfix|ExecStart=$CAPFIX|" docs/capfix.service \
		>"$T_TMP/unit/capfix.service"
	cp docs/capfix.8 "$T_TMP/manpath/man8/" # Documentation=man:capfix(8) is checked too
	MANPATH=$T_TMP/manpath systemd-analyze verify "$T_TMP/unit/capfix.service" \
		>"$T_TMP/verify.out" 2>"$T_TMP/verify.err"
	rc=$?
	if [ "$rc" = 0 ] && ! [ -s "$T_TMP/verify.err" ]; then ok service_verify; else
		fail service_verify "systemd-analyze verify: exit $rc" "$T_TMP/verify.err"; fi
	# the unit grants exactly what capfix(8) documents, and the same bounding set
	amb=$(sed -n 's/^AmbientCapabilities=//p' docs/capfix.service)
	bnd=$(sed -n 's/^CapabilityBoundingSet=//p' docs/capfix.service)
	if [ "$amb" = "CAP_BPF CAP_PERFMON CAP_SYS_PTRACE CAP_DAC_READ_SEARCH" ] && [ "$amb" = "$bnd" ] &&
		grep -q '^NoNewPrivileges=yes' docs/capfix.service; then ok service_caps_exact; else
		fail service_caps_exact "AmbientCapabilities=$amb CapabilityBoundingSet=$bnd"; fi
else
	skip service_verify "systemd-analyze not installed"
fi

need_root privs || t_finish

# capfix as nobody, like capfix.service: exactly CAPS ambient (and bounding), no_new_privs
copy=$T_TMP/capfix
cp "$CAPFIX" "$copy"
chmod 755 "$copy"
as_service() {
	local caps=$1
	shift
	"$HELPERS/svc-launch" --user nobody --nnp --bounding "$caps" --ambient "$caps" -- "$copy" "$@"
}
all=cap_bpf,cap_perfmon,cap_sys_ptrace,cap_dac_read_search

# ---- with exactly the documented set: attaches, sees another user's denial in full ----
# the denial comes from uid 1 (daemon) in a directory nobody may not search: reading its
# /proc/PID/exe takes CAP_SYS_PTRACE, its file caps and who owns its path
# CAP_DAC_READ_SEARCH (daemon owns the directory, so no setcap is offered: path_writable)
priv=$T_TMP/private
mkdir -m 700 "$priv"
cp "$HELPERS/bindport" "$priv/lpbind"
chown -R daemon "$priv"
out=$T_TMP/svc.json
as_service "$all" --json -c lpbind -d 4 >"$out" 2>"$out.err" &
svc=$!
for i in $(seq 100); do grep -q 'capfix: attached' "$out.err" && break; sleep 0.05; done
sleep 0.3
pid=$(pgrep -f "^$copy --json -c lpbind" | head -1)
eff=$(awk '/^CapEff/ { print $2 }' "/proc/${pid:-0}/status" 2>/dev/null)
# it stays alive a moment after the failure, so that the facts read from /proc are checked too
setpriv --reuid=daemon --regid=daemon --clear-groups --inh-caps=-all "$priv/lpbind" 80 \
	--sleep-ms 1500 >/dev/null 2>&1
sleep 0.5
wait "$svc"
rc=$?
if [ "$rc" = 0 ] && grep -q 'capfix: attached' "$out.err" && ! grep -q warning "$out.err"; then
	ok least_privilege_attaches
else
	fail least_privilege_attaches "exit $rc" "$out.err"
fi
t_check least_privilege_finding "$out" "map(select(.type==\"denial\")) | length == 1 and (.[0] |
	.capability == \"CAP_NET_BIND_SERVICE\" and .uid == 1 and .exe == \"$priv/lpbind\" and
	.process.alive == true and .process.exe_replaced == false and
	(.blockers | index(\"path_writable\") != null) and
	(.explanations[] | select(.code == \"path_writable\") | .message | test(\"owner uid 1\\\\)\")) and
	(.fixes | map(.kind) | index(\"setcap\") == null))"
# after attaching: CAP_SYS_PTRACE | CAP_DAC_READ_SEARCH only (bits 19 and 2)
if [ "$eff" = 0000000000080004 ]; then ok least_privilege_drops_after_attach; else
	fail least_privilege_drops_after_attach "CapEff after attach: ${eff:-?}, want 0000000000080004"; fi

# ---- one missing: a message naming it, exit 1 ----
for miss in cap_bpf cap_perfmon; do
	caps=$(echo "$all" | tr , '\n' | grep -vx "$miss" | paste -sd,)
	out=$T_TMP/miss-$miss
	as_service "$caps" -d 1 >"$out" 2>&1
	rc=$?
	name=$(echo "$miss" | tr a-z A-Z)
	if [ "$rc" = 1 ] && grep -q "missing $name" "$out"; then ok "least_privilege_names_${miss}"; else
		fail "least_privilege_names_${miss}" "want exit 1 naming $name, got $rc" "$out"; fi
done
# optional ones: still works, with a warning naming what is lost
out=$T_TMP/miss-ptrace
as_service cap_bpf,cap_perfmon -d 1 >"$out" 2>&1
rc=$?
if [ "$rc" = 0 ] && grep -q 'warning: without CAP_DAC_READ_SEARCH, CAP_SYS_PTRACE' "$out"; then
	ok least_privilege_warns_optional
else
	fail least_privilege_warns_optional "exit $rc" "$out"
fi
# a COMMAND as another user also needs CAP_SETUID, CAP_SETGID, CAP_SETPCAP
out=$T_TMP/miss-setuid
as_service "$all" --user daemon -- /bin/true >"$out" 2>&1
rc=$?
if [ "$rc" = 1 ] && grep -q 'missing CAP_SETGID, CAP_SETUID, CAP_SETPCAP:' "$out"; then
	ok least_privilege_names_spawn_caps
else
	fail least_privilege_names_spawn_caps "exit $rc" "$out"
fi
as_service "$all,cap_setuid,cap_setgid,cap_setpcap" --json --user daemon -- "$priv/lpbind" 80 \
	>"$T_TMP/spawn.json" 2>"$T_TMP/spawn.err"
t_check least_privilege_command_as_user "$T_TMP/spawn.json" \
	'.[0].type == "denial" and .[0].uid == 1 and .[0].capability == "CAP_NET_BIND_SERVICE"'

# ---- as root: after attaching, only the documented ones are left ----
out=$T_TMP/root.json
capfix_bg "$out" --json -d 3
sleep 0.2
eff=$(awk '/^CapEff/ { print $2 }' "/proc/$CF_PID/status")
bnd=$(awk '/^CapBnd/ { print $2 }' "/proc/$CF_PID/status")
capfix_stop
if [ "$eff" = 0000000000280004 ] && [ "$bnd" = "$eff" ]; then ok root_drops_after_attach; else
	fail root_drops_after_attach "CapEff $eff CapBnd $bnd, want 0000000000280004 (DAC_READ_SEARCH SYS_PTRACE SYS_ADMIN: no SYS_CHROOT, no mount namespace is entered)"; fi
wait_no_orphans >/dev/null && ok privs_no_orphans || fail privs_no_orphans "programs left"

t_finish
