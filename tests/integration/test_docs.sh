#!/usr/bin/env bash
# SPDX-License-Identifier: (LGPL-2.1 OR BSD-2-Clause)
# The documents stay true to the code: capfix(8) names every option --help names and has
# the sections an operator looks for; docs/rules.md names only functions that exist;
# docs/blockers.md is what its generator makes of src/diagnose.c.
set -u
cd "$(dirname "$0")/../.." || exit 1
. tests/lib/testlib.sh

man=docs/capfix.8
rendered=$T_TMP/capfix.8.txt
MANWIDTH=100 man -l "$man" 2>"$T_TMP/man.err" | col -b >"$rendered"
if [ -s "$rendered" ] && ! grep -q . "$T_TMP/man.err"; then
	ok docs/man-renders
else
	fail docs/man-renders "man -l $man failed or warned" "$T_TMP/man.err"
fi

help=$T_TMP/help
"$CAPFIX" --help >"$help" 2>&1
missing=""
for o in $(grep -oE -- '--[a-z][a-z-]+' "$help" | sort -u); do
	grep -qF -- "$o" "$rendered" || missing="$missing $o"
done
if [ -s "$help" ] && [ -z "$missing" ]; then
	ok docs/man-every-option
else
	fail docs/man-every-option "options in --help but not in capfix(8):${missing:- (no --help)}"
fi

for sec in "EXIT STATUS" SIGNALS ENVIRONMENT FILES EXAMPLES PRIVILEGES "SEE ALSO"; do
	grep -q "^$sec" "$rendered" || missing="$missing [$sec]"
done
for word in SIGUSR1 203 130 NO_COLOR /usr/share/doc/capfix rules.md; do
	grep -qF -- "$word" "$rendered" || missing="$missing $word"
done
if [ -z "$missing" ]; then
	ok docs/man-sections
else
	fail docs/man-sections "capfix(8) lacks:$missing"
fi
# the PRIVILEGES example must not need a user that nothing creates
if grep -A8 '^PRIVILEGES' "$rendered" >/dev/null && ! grep -q -- '--reuid capfix' "$rendered"; then
	ok docs/man-privileges-user
else
	fail docs/man-privileges-user "the PRIVILEGES example uses a 'capfix' user"
fi

# every rule R1..R23 has a row, and every function named there exists in src/ or bpf/
bad=""
for r in $(seq 1 23); do
	grep -q "^| R$r |" docs/rules.md || bad="$bad R$r(no row)"
done
# (the last column, "applied in"; kernel functions are named in the others)
for fn in $(grep '^| R' docs/rules.md | awk -F'|' '{ print $(NF - 1) }' |
	grep -oE '`[a-z_0-9]+\(\)`' | tr -d '`()' | sort -u); do
	grep -qE "^[a-z].*[ *]$fn\(" src/*.c bpf/*.c 2>/dev/null || bad="$bad $fn()"
done
if [ -s docs/rules.md ] && [ -z "$bad" ]; then
	ok docs/rules-functions-exist
else
	fail docs/rules-functions-exist "docs/rules.md:$bad"
fi

if python3 scripts/gen-blocker-doc.py src/diagnose.c | cmp -s - docs/blockers.md; then
	ok docs/blockers-generated
else
	fail docs/blockers-generated "docs/blockers.md differs from scripts/gen-blocker-doc.py's output"
fi

# README and blockers.md link the rules; capfix --help points to the installed docs
if grep -q '(docs/rules.md)' README.md && grep -q '(rules.md)' docs/blockers.md &&
	grep -q '/usr/share/doc/capfix' "$help"; then
	ok docs/links
else
	fail docs/links "README.md, docs/blockers.md or --help does not point to the rules/docs"
fi
t_finish
