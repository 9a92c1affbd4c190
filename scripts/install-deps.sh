#!/bin/sh
# SPDX-License-Identifier: (LGPL-2.1 OR BSD-2-Clause)
# Installs the Debian packages capfix needs to build, test and benchmark; only the missing ones.
# --kernels: also what make test-kernels needs (QEMU; the kernels and busybox-static are
# downloaded, not installed, by tests/kernels/fetch.sh).
set -eu
PKGS="make gcc clang llvm libbpf-dev bpftool libelf-dev zlib1g-dev libsystemd-dev pkg-config libcap2-bin
libclang-rt-14-dev jq python3 util-linux iproute2 systemd procps ansible groff-base man-db
dpkg-dev lintian
iputils-ping tcpdump nftables iptables socat netcat-openbsd busybox nginx-light acl time ethtool"
if [ "${1:-}" = --kernels ]; then
	PKGS="$PKGS qemu-system-x86 file"
fi
missing=""
for p in $PKGS; do
	dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q 'install ok installed' ||
		missing="$missing $p"
done
[ -z "$missing" ] && exit 0
if [ "$(id -u)" != 0 ]; then
	echo "install-deps: missing packages:$missing (run as root, or: apt-get install$missing)" >&2
	exit 1
fi
echo "install-deps: installing$missing"
export DEBIAN_FRONTEND=noninteractive
apt-get update -qq
# shellcheck disable=SC2086
apt-get install -y -qq --no-install-recommends $missing >/dev/null
