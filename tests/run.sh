#!/usr/bin/env bash
# SPDX-License-Identifier: (LGPL-2.1 OR BSD-2-Clause)
# The whole suite: unit tests, fuzz smoke runs, integration and scenario tests with real BPF.
# Every part prints "ok|FAIL|SKIP NAME" lines, counted per part: a part that exits non-zero
# without a FAIL line of its own, or prints no result at all, is one FAIL. Not root: what
# needs root or was not built is a SKIP that says why. Ends with "N passed, N failed, N skipped".
set -u
cd "$(dirname "$0")/.." || exit 1
export OUT=${OUT:-build}
notes=$(mktemp /tmp/capfix-suite.XXXXXX)
part=$(mktemp /tmp/capfix-part.XXXXXX)
trap 'rm -f "$notes" "$part"' EXIT
passed=0 failed=0 skipped=0
is_root=$([ "$(id -u)" = 0 ] && echo 1)

# result LINE: a line of the suite's own (a part that could not run, or died)
result() {
	echo "$1" | tee -a "$notes"
	case $1 in
	ok*) passed=$((passed + 1)) ;;
	FAIL*) failed=$((failed + 1)) ;;
	SKIP*) skipped=$((skipped + 1)) ;;
	esac
}

# run NAME CMD...: one part, its result lines counted on their own
run() {
	local name=$1 rc p f s
	shift
	echo "== $name"
	"$@" 2>&1 | tee "$part"
	rc=${PIPESTATUS[0]}
	p=$(grep -c '^ok ' "$part")
	f=$(grep -c '^FAIL ' "$part")
	s=$(grep -c '^SKIP ' "$part")
	grep -E '^(FAIL|SKIP) ' "$part" >>"$notes"
	passed=$((passed + p)) failed=$((failed + f)) skipped=$((skipped + s))
	if [ "$rc" != 0 ] && [ "$f" = 0 ]; then
		result "FAIL $name: exited $rc without a FAIL line"
	elif [ $((p + f + s)) = 0 ]; then
		result "FAIL $name: printed no result"
	fi
}

# missing NAME WHAT: a part whose binaries were not built: SKIP when not root (make test
# then builds only what it can), FAIL as root (make test installs what the build needs)
missing() {
	if [ -n "$is_root" ]; then
		result "FAIL $1: $2 not built"
	else
		result "SKIP $1: $2 not built (not root: the missing packages were not installed)"
	fi
}

if [ -x "$OUT/tests/unit-tests" ]; then
	run unit "$OUT/tests/unit-tests"
else
	missing unit "$OUT/tests/unit-tests"
fi
if [ "${SANITIZE:-0}" != 1 ]; then
	if [ -n "$is_root" ] || ls build/fuzz/fuzz_* >/dev/null 2>&1; then
		run fuzz tests/fuzz/run.sh --smoke
	else
		missing fuzz "build/fuzz/ (clang with libFuzzer)"
	fi
fi
for t in tests/integration/test_*.sh; do
	name=integration/$(basename "$t" .sh)
	if [ -z "$is_root" ] && [ ! -x "$OUT/capfix" ]; then
		missing "$name" "$OUT/capfix"
		continue
	fi
	run "$name" bash "$t"
done

echo
sed 's/^/  /' "$notes"
echo "$passed passed, $failed failed, $skipped skipped"
[ "$failed" = 0 ]
