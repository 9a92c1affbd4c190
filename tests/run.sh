#!/usr/bin/env bash
# SPDX-License-Identifier: (LGPL-2.1 OR BSD-2-Clause)
# The whole suite: unit tests, fuzz smoke runs, integration and scenario tests with real BPF.
# Every part prints "ok|FAIL|SKIP NAME" lines; this adds them up into the last line.
set -u
cd "$(dirname "$0")/.." || exit 1
export OUT=${OUT:-build}
log=$(mktemp /tmp/capfix-suite.XXXXXX)
trap 'rm -f "$log"' EXIT

run() {
	echo "== $*"
	"$@" 2>&1 | tee -a "$log"
	# a part that dies without a FAIL line still fails the suite
	local rc=${PIPESTATUS[0]}
	if [ "$rc" != 0 ] && ! grep -q '^FAIL ' "$log"; then
		echo "FAIL $*: exited $rc" | tee -a "$log"
	fi
}

run "$OUT/tests/unit-tests"
if [ -x tests/fuzz/run.sh ] && [ "${SANITIZE:-0}" != 1 ]; then
	run tests/fuzz/run.sh --smoke
fi
for t in tests/integration/test_*.sh; do
	run bash "$t"
done

passed=$(grep -c '^ok ' "$log")
failed=$(grep -c '^FAIL ' "$log")
skipped=$(grep -c '^SKIP ' "$log")
echo
grep -E '^(FAIL|SKIP) ' "$log" | sed 's/^/  /'
echo "$passed passed, $failed failed, $skipped skipped"
[ "$failed" = 0 ]
