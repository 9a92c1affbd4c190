#!/usr/bin/env bash
# SPDX-License-Identifier: (LGPL-2.1 OR BSD-2-Clause)
# The hook fallback order and its -v reasons, on any kernel: CAPFIX_TEST_REFUSE makes the named
# hooks fail to load for real (the kernel's BPF_PROG_LOAD refuses them, src/tracer.c), so
# tracer_open() takes the path of a kernel that refuses them. The exact orders below are those
# of a kernel with tp_btf and bpf_task_work (6.18+); tests/kernels/suite.sh covers the others.
set -u
cd "$(dirname "$0")/../.." || exit 1
. tests/lib/testlib.sh

need_root fallback || t_finish
REFUSED='load: Invalid argument'

# fallback_lines ERRFILE: the "attach + result: step: reason" lines capfix printed
fallback_lines() {
	grep -E '^(tp_btf|fexit|kprobe)/[a-z_]+ \+ [^:]+: ' "$1"
}

# expect_lines NAME ERRFILE EXPECTED: the fallback lines are exactly EXPECTED, in this order
expect_lines() {
	if [ "$(fallback_lines "$2")" = "$3" ]; then ok "$1"; else
		fail "$1" "want these fallback lines, in order:
$3" "$2"
	fi
}

out=$T_TMP/bogus
CAPFIX_TEST_REFUSE=tp_btf,bogus "$CAPFIX" -d 1 >"$out" 2>&1
rc=$?
if [ "$rc" != 0 ] && grep -q "CAPFIX_TEST_REFUSE: unknown hook 'bogus'" "$out"; then
	ok refuse_unknown_name; else fail refuse_unknown_name "want exit 1 naming 'bogus', exit $rc" "$out"; fi

out=$T_TMP/default
"$CAPFIX" -v -- true >"$out" 2>"$out.err"
if ! grep -q 'capfix: attached (tp_btf/cap_capable + bpf_task_work)' "$out.err"; then
	skip fallback_order "this kernel's first choice is not tp_btf + bpf_task_work (Linux < 6.18)"
	t_finish
fi
if grep -q CAPFIX_TEST_REFUSE "$out.err"; then
	fail refuse_silent_unset "a warning without CAPFIX_TEST_REFUSE set" "$out.err"; else ok refuse_silent_unset; fi

# everything refused: the clear error lists every variant in the order tried, exit 1
out=$T_TMP/all
CAPFIX_TEST_REFUSE=tp_btf,fexit,kprobe,task_work,syscall_ret,syscall_fexit,sys_exit \
	"$CAPFIX" -- true >"$out" 2>"$out.err"
rc=$?
if [ "$rc" = 1 ] && grep -q '^capfix: no way to trace capability checks on this kernel:$' "$out.err" &&
	! grep -q 'capfix: attached' "$out.err"; then
	ok refuse_all_error; else fail refuse_all_error "want the error and exit 1, exit $rc" "$out.err"; fi
grep -q 'warning: CAPFIX_TEST_REFUSE=tp_btf,fexit,kprobe,' "$out.err" && ok refuse_all_warned ||
	fail refuse_all_warned "no warning that the test switch is set" "$out.err"
# attach kinds outside, result hooks inside; kprobe programs cannot call the kfunc
expect_lines refuse_all_order "$out.err" "tp_btf/cap_capable + bpf_task_work: $REFUSED
tp_btf/cap_capable + raw_tp/sys_exit: $REFUSED
fexit/security_capable + bpf_task_work: $REFUSED
fexit/security_capable + raw_tp/sys_exit: $REFUSED
kprobe/security_capable + raw_tp/sys_exit: $REFUSED"

# tp_btf refused: both its variants, then fexit and kprobe with whatever this kernel says
out=$T_TMP/tp_btf
CAPFIX_TEST_REFUSE=tp_btf "$CAPFIX" -v -- true >"$out" 2>"$out.err"
rc=$?
got=$(fallback_lines "$out.err" | sed 's/: [^:]*: [^:]*$//')
want="tp_btf/cap_capable + bpf_task_work
tp_btf/cap_capable + raw_tp/sys_exit"
if [ "$(fallback_lines "$out.err" | head -2)" = "tp_btf/cap_capable + bpf_task_work: $REFUSED
tp_btf/cap_capable + raw_tp/sys_exit: $REFUSED" ]; then
	ok refuse_tp_btf_reasons; else fail refuse_tp_btf_reasons "want both tp_btf variants refused first" "$out.err"; fi
if grep -q 'capfix: attached (tp_btf' "$out.err"; then
	fail refuse_tp_btf_not_used "attached with the refused tp_btf" "$out.err"
elif grep -q 'capfix: attached (' "$out.err"; then
	ok refuse_tp_btf_not_used # fexit or kprobe loaded here
elif [ "$rc" = 1 ] && [ "$got" = "$want
fexit/security_capable + bpf_task_work
fexit/security_capable + raw_tp/sys_exit
kprobe/security_capable + raw_tp/sys_exit" ]; then
	ok refuse_tp_btf_not_used # this kernel refuses fexit and kprobe itself: all were tried
else
	fail refuse_tp_btf_not_used "want fexit then kprobe tried after tp_btf" "$out.err"
fi

# the result hook refused: the next one (sys_exit) with the same attach, -v says why
bind=$(nobody_copy bindport)
out=$T_TMP/task_work.json
CAPFIX_TEST_REFUSE=task_work "$CAPFIX" -v --json --user nobody -- "$bind" 80 >"$out" 2>"$out.err"
if grep -q '^capfix: attached (tp_btf/cap_capable + raw_tp/sys_exit)$' "$out.err" &&
	grep -A1 '^capfix: refused or unavailable before it:$' "$out.err" |
	grep -qx "tp_btf/cap_capable + bpf_task_work: $REFUSED"; then
	ok refuse_task_work_next_result; else
	fail refuse_task_work_next_result "want sys_exit, with task_work's refusal under -v" "$out.err"; fi
expect_lines refuse_task_work_only "$out.err" "tp_btf/cap_capable + bpf_task_work: $REFUSED"
t_check refuse_task_work_exact "$out" 'map(select(.type=="denial" and .capability ==
	"CAP_NET_BIND_SERVICE" and .effect == "failed")) | length == 1'

# a forced attach kind that is refused still falls back to the first choice
out=$T_TMP/forced
CAPFIX_TEST_REFUSE=fexit "$CAPFIX" -v --attach fexit -- true >"$out" 2>"$out.err"
if grep -q '^capfix: attached (tp_btf/cap_capable + bpf_task_work)$' "$out.err"; then
	ok refuse_forced_falls_back; else fail refuse_forced_falls_back "want tp_btf + bpf_task_work" "$out.err"; fi
expect_lines refuse_forced_order "$out.err" "fexit/security_capable + bpf_task_work: $REFUSED
fexit/security_capable + raw_tp/sys_exit: $REFUSED"

# ignored when file capabilities gave capfix its privileges (AT_SECURE: secure_getenv())
copy=$T_TMP/capfix-fcaps
cp "$CAPFIX" "$copy" && chmod 755 "$copy"
if ! setcap cap_bpf,cap_perfmon,cap_sys_ptrace,cap_dac_read_search+ep "$copy" 2>"$T_TMP/setcap.err"; then
	fail refuse_ignored_at_secure "setcap failed" "$T_TMP/setcap.err"
else
	out=$T_TMP/fcaps
	CAPFIX_TEST_REFUSE=tp_btf,task_work setpriv --reuid 65534 --regid 65534 --clear-groups \
		"$copy" -v -- true >"$out" 2>"$out.err"
	if grep -q '^capfix: attached (tp_btf/cap_capable + bpf_task_work)$' "$out.err" &&
		! grep -q CAPFIX_TEST_REFUSE "$out.err"; then
		ok refuse_ignored_at_secure; else
		fail refuse_ignored_at_secure "want it ignored by a file-capability capfix" "$out.err"; fi
fi
wait_no_orphans >/dev/null && ok fallback_no_orphans || fail fallback_no_orphans "programs left"

t_finish
