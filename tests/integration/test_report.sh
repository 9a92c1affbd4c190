#!/usr/bin/env bash
# SPDX-License-Identifier: (LGPL-2.1 OR BSD-2-Clause)
# capfix report on real --json output: records carry their host; files of two hosts (the
# second a UTS namespace with its own hostname) merge into one report; a crash loop of many
# processes is one line with its pid range; bad input is an error naming FILE:LINE.
set -u
cd "$(dirname "$0")/../.." || exit 1
. tests/lib/testlib.sh

need_root report || t_finish
for h in bindport svc-launch; do
	if [ ! -x "$HELPERS/$h" ]; then
		skip report "no $HELPERS/$h (make helpers)"
		t_finish
	fi
done
bind=$(nobody_copy bindport)
a=$T_TMP/alpha.json b=$T_TMP/beta.json

# host A: this machine; host B: a UTS namespace whose hostname is another (the same kernel)
"$CAPFIX" --json --user nobody -- "$bind" 80 >"$a" 2>"$a.err"
unshare --uts sh -c 'hostname capfix-test-beta && exec "$@"' sh \
	"$CAPFIX" --json --user nobody -- "$bind" 80 >"$b" 2>"$b.err"
host=$(hostname)
t_check json_has_host "$a" "(map(select(.type == \"denial\")) | length) > 0 and
	all(.[]; .host == \"$host\")" "every record of host A names it"
t_check json_has_other_host "$b" "(map(select(.type == \"denial\")) | length) > 0 and
	all(.[]; .host == \"capfix-test-beta\")" "every record of host B names it"

out=$T_TMP/report.txt
if "$CAPFIX" report "$a" "$b" >"$out" 2>&1 &&
	grep -q "^$host: bind() failed with EACCES: CAP_NET_BIND_SERVICE denied (port 80)$" "$out" &&
	grep -q '^capfix-test-beta: bind() failed with EACCES: CAP_NET_BIND_SERVICE denied (port 80)$' "$out" &&
	grep -q '^2 host(s), 2 denial record(s), 2 distinct; 0 unit(s)$' "$out"; then
	ok report_two_hosts_text
else
	fail report_two_hosts_text "expected one line per host" "$out"
fi
# many hosts in one file (or on stdin) give the same report
cat "$a" "$b" | "$CAPFIX" report - >"$out.2" 2>&1
if [ -s "$out.2" ] && cmp -s "$out" "$out.2"; then
	ok report_one_file_many_hosts
else
	fail report_one_file_many_hosts "stdin with both hosts differs" "$out.2"
fi
if "$CAPFIX" report --json "$a" "$b" >"$out.json" 2>&1; then
	t_check report_json "$out.json" ".[0].type == \"report\" and
		(.[0].hosts | sort) == ([\"$host\", \"capfix-test-beta\"] | sort) and
		(.[0].findings | length) == 2 and
		all(.[0].findings[]; .capability == \"CAP_NET_BIND_SERVICE\" and .port == 80)"
else
	fail report_json "capfix report --json failed" "$out.json"
fi

# a crash loop: 30 processes of one executable fail the same way; one line, with the range
loop=$T_TMP/loop.json
"$CAPFIX" --json -- sh -c 'i=0; while [ $i -lt 30 ]; do "$1" --user nobody -- "$2" 80 2>/dev/null
	i=$((i + 1)); done; exit 0' sh "$HELPERS/svc-launch" "$bind" >"$loop" 2>"$loop.err"
n=$(jq -s 'map(select(.type == "denial" and .syscall == "bind")) | length' "$loop")
"$CAPFIX" report "$loop" >"$out" 2>&1
lines=$(wc -l <"$out")
if [ "${n:-0}" -ge 30 ] && grep -qE '^  who  30 processes \(pids [0-9]+-[0-9]+\), 30 times, bindport$' "$out" &&
	[ "$lines" -le 8 ]; then
	ok report_crash_loop_one_line
else
	fail report_crash_loop_one_line "$n bind records, $lines lines of report" "$out"
fi

# bad input: an error naming the file and line, exit 1; no file at all: usage, exit 2
printf '%s\n' "$(head -1 "$a")" '{"type":"denial",' >"$T_TMP/bad.json"
"$CAPFIX" report "$T_TMP/bad.json" >"$out" 2>&1
rc=$?
if [ "$rc" = 1 ] && grep -q "^capfix: report: $T_TMP/bad.json:2: not a JSON object" "$out"; then
	ok report_bad_line
else
	fail report_bad_line "exit $rc" "$out"
fi
"$CAPFIX" report >"$out" 2>&1
rc=$?
if [ "$rc" = 2 ] && grep -q '^capfix: report: no FILE given' "$out"; then
	ok report_usage
else
	fail report_usage "exit $rc" "$out"
fi
t_finish
