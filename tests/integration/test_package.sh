#!/usr/bin/env bash
# SPDX-License-Identifier: (LGPL-2.1 OR BSD-2-Clause)
# make deb: lintian accepts the package, dpkg installs it, the installed binary runs, the
# installed unit passes systemd-analyze verify, the man page and the docs are where --help
# points; then the package is removed again (unless it was installed before the test).
set -u
cd "$(dirname "$0")/../.." || exit 1
. tests/lib/testlib.sh

if [ "$(id -u)" != 0 ]; then
	skip package "needs root to install a package with dpkg"
	t_finish
fi
for c in dpkg-deb lintian dpkg-shlibdeps systemd-analyze; do
	if ! command -v "$c" >/dev/null; then
		fail package "$c is missing: scripts/install-deps.sh installs it"
		t_finish
	fi
done

log=$T_TMP/deb.log
# the package is always built unsanitized, into build/ (also under make test SANITIZE=1)
if env -u OUT -u SANITIZE make --no-print-directory deb >"$log" 2>&1; then
	ok package/lintian-no-errors
else
	fail package/lintian-no-errors "make deb failed (lintian errors?)" "$log"
	t_finish
fi
deb=$(sed -n 's/^deb: //p' "$log")
if [ -z "$deb" ] || [ ! -f "$deb" ]; then
	fail package/built "make deb named no package" "$log"
	t_finish
fi
# lintian's own output must not carry an E: line (the build already failed on it)
if grep -q '^E: ' "$log"; then
	fail package/lintian-output "lintian reported errors" "$log"
fi

preinstalled=0
dpkg-query -W -f='${Status}' capfix 2>/dev/null | grep -q 'install ok installed' && preinstalled=1
if ! dpkg -i "$deb" >"$log" 2>&1; then
	fail package/dpkg-install "dpkg -i failed" "$log"
	t_finish
fi
ok package/dpkg-install

version=$(/usr/sbin/capfix --version 2>&1)
if [ "$version" = "capfix $(sed -n 's/^VERSION := //p' Makefile)" ]; then
	ok package/version
else
	fail package/version "capfix --version said '$version'"
fi

unit=$(dpkg -L capfix | grep '/systemd/system/capfix.service$' | head -1)
if [ -n "$unit" ] && grep -q '^ExecStart=/usr/sbin/capfix ' "$unit" &&
	systemd-analyze verify "$unit" >"$log" 2>&1 && ! grep -qi 'capfix.service' "$log"; then
	ok package/unit-verify
else
	fail package/unit-verify "the installed unit (${unit:-none}) does not verify cleanly" "$log"
fi
# the check above can fail: a unit whose ExecStart= is missing does not verify
bad=$T_TMP/capfix-bad-$$.service
sed 's|^ExecStart=/usr/sbin/capfix|ExecStart=/nonexistent/capfix|' "$unit" >"$bad"
if systemd-analyze verify "$bad" >"$log" 2>&1 && ! grep -qi 'nonexistent' "$log"; then
	fail package/unit-verify-can-fail "systemd-analyze verify accepted a missing ExecStart=" "$log"
else
	ok package/unit-verify-can-fail
fi

if man -w capfix 2>/dev/null | grep -q '^/usr/share/man/man8/capfix.8.gz$' &&
	[ -f /usr/share/doc/capfix/README.md ] && [ -f /usr/share/doc/capfix/docs/rules.md ] &&
	[ -f /usr/share/doc/capfix/copyright ]; then
	ok package/docs
else
	fail package/docs "man page, README.md, docs/rules.md or copyright not installed"
fi

if [ "$preinstalled" = 0 ]; then
	dpkg -r capfix >/dev/null 2>&1 || fail package/remove "dpkg -r capfix failed"
fi
t_finish
