#!/bin/sh
# SPDX-License-Identifier: (LGPL-2.1 OR BSD-2-Clause)
# Runs each libFuzzer binary given for $FUZZ_SECONDS (default 20) on a copy of its seeds
# (tests/fuzz/seeds/<binary name>/) in a temporary directory, never writing into the repo.
# Fails if any target crashes; the crash input and log stay in the printed directory.
# --smoke (what `make test` runs): every build/fuzz/fuzz_* binary for FUZZ_SECONDS (default 3);
# a target whose source exists but whose binary does not is a FAIL, not a silent pass.
set -u
here=$(cd "$(dirname "$0")" && pwd)
status=0
work=
# interrupted: drop the unfinished run's temporary corpus (crash directories are kept)
trap '[ -n "$work" ] && rm -rf -- "$work"; exit 130' INT TERM
if [ "${1:-}" = --smoke ]; then
	shift
	seconds=${FUZZ_SECONDS:-3}
	root=$(cd "$here/../.." && pwd)
	set --
	for src in "$here"/fuzz_*.c; do
		[ -e "$src" ] || continue
		name=$(basename "$src" .c)
		if [ -x "$root/build/fuzz/$name" ]; then
			set -- "$@" "$root/build/fuzz/$name"
		else
			echo "FAIL fuzz/$name: build/fuzz/$name not built (make fuzz-bins)"
			status=1
		fi
	done
else
	seconds=${FUZZ_SECONDS:-20}
fi
[ $# -gt 0 ] || [ "$status" != 0 ] || { echo "usage: FUZZ_SECONDS=N $0 --smoke | build/fuzz/fuzz_X ..." >&2; exit 2; }
for bin in "$@"; do
	name=$(basename "$bin")
	work=$(mktemp -d "${TMPDIR:-/tmp}/capfix-$name.XXXXXX") || exit 1
	mkdir "$work/corpus"
	if [ -d "$here/seeds/$name" ]; then
		cp -- "$here/seeds/$name"/* "$work/corpus/" 2>/dev/null
	fi
	# -timeout: one input taking a second is a bug in a line parser
	if "$bin" -max_total_time="$seconds" -timeout=5 -rss_limit_mb=2048 \
		-artifact_prefix="$work/" -print_final_stats=1 "$work/corpus" >"$work/log" 2>&1; then
		runs=$(sed -n 's/^stat::number_of_executed_units: *//p' "$work/log")
		echo "ok   fuzz/$name: ${runs:-?} runs in ${seconds}s, no crash"
		rm -rf -- "$work"
		work=
	else
		echo "FAIL fuzz/$name: crash; input and log in $work"
		grep -m 5 -E 'ERROR|SUMMARY|Test unit written' "$work/log" | sed 's/^/  /'
		status=1
		work=
	fi
done
exit $status
