#!/bin/sh
# SPDX-License-Identifier: (LGPL-2.1 OR BSD-2-Clause)
# Kernel matrix downloads: a Debian kernel's vmlinuz and busybox-static, cached outside the clone.
# Usage: fetch.sh kernel VERSION|SUITE | fetch.sh busybox. Prints the cached file's path.
# VERSION is one of the matrix's (5.10, 6.1, 6.12); a Debian SUITE name (trixie-backports,
# sid) takes that suite's current kernel, to try a newer one. A kernel once downloaded is kept:
# KERNELS_REFRESH=1 looks for a newer one.
# Uses private apt state (sources, lists, archives) under the cache: the host's apt
# configuration, package lists and installed packages are never touched, nothing is installed.
set -eu
CACHE=${KCACHE:-/var/cache/capfix-kernels}
mkdir -p "$CACHE"

# VERSION -> Debian suite whose linux-image-amd64 metapackage depends on that kernel series
suite_of() {
	case $1 in
	5.10) echo bullseye ;; # Debian 11
	6.1) echo bookworm ;;  # Debian 12
	6.12) echo trixie ;;   # Debian 13
	*[a-z]*) echo "$1" ;;
	*) echo "fetch: no Debian suite known for kernel $1 (5.10, 6.1, 6.12)" >&2; return 1 ;;
	esac
}

# apt_private SUITE ARGS...: apt-get/apt-cache with only SUITE's main, state under the cache
apt_private() {
	local suite="$1" tool="$2" d
	shift 2
	d=$CACHE/apt/$suite
	mkdir -p "$d/lists/partial" "$d/archives/partial" "$d/parts" "$d/prefs"
	[ -f "$d/sources.list" ] || echo "deb [arch=amd64 signed-by=/usr/share/keyrings/debian-archive-keyring.gpg] http://deb.debian.org/debian $suite main" >"$d/sources.list"
	"$tool" -q -o Dir::Etc::sourcelist="$d/sources.list" -o Dir::Etc::sourceparts="$d/parts" \
		-o Dir::Etc::preferencesparts="$d/prefs" -o Dir::State::Lists="$d/lists" \
		-o Dir::Cache="$d" -o Dir::Cache::archives="$d/archives" \
		-o Dir::State::status=/dev/null -o APT::Architectures::=amd64 \
		-o APT::Get::List-Cleanup=0 -o APT::Sandbox::User=root "$@"
}

# update SUITE: its package lists; a suite gone from the mirror (bullseye after its LTS) is
# looked for on archive.debian.org, whose Release files are past their Valid-Until
update() {
	local d="$CACHE/apt/$1"
	apt_private "$1" apt-get update >/dev/null 2>&1 && return 0
	sed -i 's|http://deb.debian.org/|http://archive.debian.org/|' "$d/sources.list"
	apt_private "$1" apt-get -o Acquire::Check-Valid-Until=false update >/dev/null
}

# fetch_deb SUITE PACKAGE DIR: download PACKAGE's newest .deb of SUITE into DIR, print its path
fetch_deb() {
	local suite="$1" pkg="$2" dir="$3"
	update "$suite"
	mkdir -p "$dir"
	(cd "$dir" && rm -f ./*.deb && apt_private "$suite" apt-get download "$pkg" >/dev/null)
	ls "$dir"/*.deb
}

case ${1:-} in
kernel)
	ver=${2:?fetch.sh kernel VERSION|SUITE}
	dir=$CACHE/linux-$ver
	if [ ! -s "$dir/vmlinuz" ] || [ -n "${KERNELS_REFRESH:-}" ]; then
		suite=$(suite_of "$ver")
		update "$suite"
		# the metapackage names the current ABI, e.g. linux-image-6.1.0-41-amd64
		pkg=$(apt_private "$suite" apt-cache show --no-all-versions linux-image-amd64 |
			sed -n 's/^Depends: //p' | grep -o 'linux-image-[^ ,]*' | head -1)
		[ -n "$pkg" ] || { echo "fetch: linux-image-amd64 in $suite names no kernel" >&2; exit 1; }
		# newer packagings (7.x backports) moved vmlinuz into a dependency: look there too
		deps=$(apt_private "$suite" apt-cache show --no-all-versions "$pkg" |
			sed -n 's/^Depends: //p' | grep -o 'linux-\(base\|binary\|image\)-[^ ,]*' || true)
		mkdir -p "$dir"
		tmp=$(mktemp -d "$dir/x.XXXXXX")
		v=
		for p in $pkg $deps; do
			deb=$(fetch_deb "$suite" "$p" "$tmp/deb")
			dpkg-deb --fsys-tarfile "$deb" | tar -x -C "$tmp" --wildcards './boot/vmlinuz-*' \
				'./usr/lib/modules/*/vmlinuz' 2>/dev/null || true
			v=$(find "$tmp" -name 'vmlinuz*' -type f | head -1)
			[ -n "$v" ] && break
		done
		if [ -z "$v" ]; then
			rm -rf "$tmp"
			echo "fetch: no vmlinuz in $pkg or $deps" >&2
			exit 1
		fi
		mv "$v" "$dir/vmlinuz.new"
		echo "$pkg $(dpkg-deb -f "$deb" Version)" >"$dir/package"
		rm -rf "$tmp"
		mv "$dir/vmlinuz.new" "$dir/vmlinuz"
	fi
	echo "$dir/vmlinuz"
	;;
busybox)
	dir=$CACHE/busybox
	if [ ! -x "$dir/busybox" ] || [ -n "${KERNELS_REFRESH:-}" ]; then
		deb=$(fetch_deb bookworm busybox-static "$dir/deb")
		tmp=$(mktemp -d "$dir/x.XXXXXX")
		dpkg-deb --fsys-tarfile "$deb" | tar -x -C "$tmp" ./bin/busybox
		mv "$tmp/bin/busybox" "$dir/busybox"
		rm -rf "$tmp" "$dir/deb"
	fi
	echo "$dir/busybox"
	;;
*)
	echo "usage: fetch.sh kernel VERSION|SUITE | fetch.sh busybox" >&2
	exit 2
	;;
esac
