#!/usr/bin/env bash
# SPDX-License-Identifier: (LGPL-2.1 OR BSD-2-Clause)
# The result hooks for kernels before 6.18 (kretprobe.multi / fexit on the syscalls): asked for
# on this host, each either attaches or falls back with -v naming why, and the trace still
# sees the failure exactly. Their own behaviour is tested in the kernel matrix's guests
# (tests/kernels/suite.sh), where kprobes and fexit are allowed.
set -u
cd "$(dirname "$0")/../.." || exit 1
. tests/lib/testlib.sh

out=$T_TMP/bogus
"$CAPFIX" --result bogus -d 1 >"$out" 2>&1
rc=$?
if [ "$rc" != 0 ] && grep -q 'syscall_ret, syscall_fexit' "$out"; then ok result_names_listed; else
	fail result_names_listed "want an error listing syscall_ret and syscall_fexit, exit $rc" "$out"; fi

need_root hooks || t_finish
bind=$(nobody_copy bindport)
for r in syscall_ret syscall_fexit; do
	out=$T_TMP/$r.json
	"$CAPFIX" -v --json --result "$r" --user nobody -- "$bind" 80 >"$out" 2>"$out.err"
	case $r in
	syscall_ret) name='kretprobe.multi/__x64_sys_\*' ;;
	syscall_fexit) name='fexit/__x64_sys_\*' ;;
	esac
	# attached with it, or -v says why it was refused
	if grep -q "attached (.* + $name)" "$out.err" || grep -q "+ $name: " "$out.err"; then
		ok "result_${r}_used_or_explained"
	else
		fail "result_${r}_used_or_explained" "neither attached with $name nor a reason" "$out.err"
	fi
	t_check "result_${r}_exact" "$out" 'map(select(.type=="denial" and .capability ==
		"CAP_NET_BIND_SERVICE" and .effect == "failed")) | length == 1'
done
wait_no_orphans >/dev/null && ok hooks_no_orphans || fail hooks_no_orphans "programs left"

t_finish
