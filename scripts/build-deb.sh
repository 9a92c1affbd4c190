#!/bin/sh
# SPDX-License-Identifier: (LGPL-2.1 OR BSD-2-Clause)
# Builds build/capfix_VERSION_ARCH.deb from `make install` (binary, man page, unit, docs,
# copyright), then runs lintian on it: any lintian error fails the build.
set -eu
cd "$(dirname "$0")/.."
OUT=${OUT:-build}
VERSION=${VERSION:?VERSION not set (run make deb)}
ARCH=$(dpkg --print-architecture)
pkg="$OUT/deb/capfix"
deb="$OUT/capfix_${VERSION}_${ARCH}.deb"

rm -rf "$OUT/deb"
mkdir -p "$pkg/DEBIAN"
make --no-print-directory install PREFIX=/usr DESTDIR="$PWD/$pkg" >/dev/null
# Debian 12's lintian wants units under /lib/systemd/system (the same directory on merged /usr)
mkdir -p "$pkg/lib/systemd"
mv "$pkg/usr/lib/systemd/system" "$pkg/lib/systemd/system"
rmdir "$pkg/usr/lib/systemd" "$pkg/usr/lib" 2>/dev/null || true
strip --strip-unneeded --remove-section=.comment --remove-section=.note "$pkg/usr/sbin/capfix"
gzip -9n "$pkg/usr/share/man/man8/capfix.8"

doc="$pkg/usr/share/doc/capfix"
cat >"$doc/copyright" <<EOF
Format: https://www.debian.org/doc/packaging-manuals/copyright-format/1.0/
Upstream-Name: capfix
Source: https://github.com/capfix/capfix

Files: *
Copyright: 2026 The capfix authors
License: LGPL-2.1 or BSD-2-Clause

License: LGPL-2.1
 On Debian systems, the complete text of the GNU Lesser General Public License version 2.1
 can be found in /usr/share/common-licenses/LGPL-2.1.

License: BSD-2-Clause
$(sed -e 's/^$/./' -e 's/^/ /' LICENSE.BSD-2-Clause)
EOF
# a native package (no Debian revision): its changelog is changelog.gz
date=$(date -R -d "@$(git log -1 --format=%ct 2>/dev/null || date +%s)")
printf 'capfix (%s) unstable; urgency=medium\n\n  * Built from the capfix source tree (make deb).\n\n -- capfix maintainers <capfix@users.noreply.github.com>  %s\n' \
	"$VERSION" "$date" | gzip -9n >"$doc/changelog.gz"

# the shared libraries the binary links, as package dependencies (dpkg-shlibdeps needs a
# debian/control next to it: give it one in a scratch directory)
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
mkdir -p "$tmp/debian"
printf 'Source: capfix\n\nPackage: capfix\nArchitecture: any\n' >"$tmp/debian/control"
depends=$(cd "$tmp" && dpkg-shlibdeps -O "$OLDPWD/$pkg/usr/sbin/capfix" 2>/dev/null |
	sed -n 's/^shlibs:Depends=//p')

size=$(du -sk --exclude=DEBIAN "$pkg" | cut -f1)
cat >"$pkg/DEBIAN/control" <<EOF
Package: capfix
Version: $VERSION
Architecture: $ARCH
Maintainer: capfix maintainers <capfix@users.noreply.github.com>
Installed-Size: $size
Depends: $depends
Section: admin
Priority: optional
Homepage: https://github.com/capfix/capfix
Description: show denied capability checks and the fix that works
 capfix traces the kernel's capability checks with BPF and reports each
 denial that made a system call fail: the process, the system call, why the
 obvious fix (setcap, a unit edit) does not work, and the fix that does (a
 systemd drop-in, setcap, socket activation, a sysctl, Docker and Kubernetes
 settings).
EOF
(cd "$pkg" && find . -path ./DEBIAN -prune -o -type f -printf '%P\0' | sort -z |
	xargs -0 md5sum >DEBIAN/md5sums)
find "$pkg" -type d -exec chmod 0755 {} +
chmod 0644 "$pkg/DEBIAN/control" "$pkg/DEBIAN/md5sums"
dpkg-deb --root-owner-group -Zxz --build "$pkg" "$deb" >/dev/null
echo "deb: $deb"
if command -v lintian >/dev/null; then
	# errors fail the build; warnings and notes are shown
	lintian --fail-on error --suppress-tags-from-file /dev/null "$deb"
fi
