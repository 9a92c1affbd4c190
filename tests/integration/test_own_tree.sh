#!/usr/bin/env bash
# SPDX-License-Identifier: (LGPL-2.1 OR BSD-2-Clause)
# capfix's own process tree is invisible to it, in the kernel (issue 12): the children it forks
# to read facts are denied capabilities a least-privileged capfix lacks, and must not become
# findings (each would start another query: a loop).
set -u
cd "$(dirname "$0")/../.." || exit 1
. tests/lib/testlib.sh

need_root own_tree || t_finish

# capfix as capfix.service runs it: nobody with exactly the documented caps (no CAP_SYS_ADMIN).
# A unique name: its forked children keep it as their comm.
name=cfself$$
copy=$T_TMP/$name
cp "$CAPFIX" "$copy"
chmod 755 "$copy"
all=cap_bpf,cap_perfmon,cap_sys_ptrace,cap_dac_read_search
priv=$T_TMP/nsbind$$
cp "$HELPERS/bindport" "$priv"
chmod 755 "$priv"

out=$T_TMP/own.json
"$HELPERS/svc-launch" --user nobody --nnp --bounding "$all" --ambient "$all" -- \
	"$copy" --json -a -d 4 >"$out" 2>"$out.err" &
svc=$!
for i in $(seq 100); do grep -q 'capfix: attached' "$out.err" && break; sleep 0.05; done
# a denial in another network namespace: to read that namespace's
# ip_unprivileged_port_start, capfix forks a child that setns()es there (proc.c
# netns_port_start), which is denied CAP_SYS_ADMIN
unshare --net -- setpriv --reuid=daemon --regid=daemon --clear-groups --inh-caps=-all \
	"$priv" 80 --sleep-ms 1000 >/dev/null 2>&1
wait "$svc"
# the provoked denial was seen (so the facts, and the fork, happened) ...
t_check own_tree_sees_the_denial "$out" \
	"map(select(.type==\"denial\" and .exe == \"$priv\")) | length == 1"
# ... and nothing from capfix's own children, which share its comm
grep "\"comm\":\"$name\"" "$out" | cut -c1-400 >"$out.self"
if [ -s "$out" ] && ! [ -s "$out.self" ]; then ok own_tree_invisible; else
	fail own_tree_invisible "capfix reported denials of its own children" "$out.self"; fi
wait_no_orphans >/dev/null && ok own_tree_no_orphans || fail own_tree_no_orphans "programs left"

t_finish
