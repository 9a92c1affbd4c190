#!/usr/bin/env bash
# SPDX-License-Identifier: (LGPL-2.1 OR BSD-2-Clause)
# A real failure, diagnosed: a server that must bind port 80, started the way systemd starts
# a unit with User=nobody and NoNewPrivileges=yes, after the operator ran setcap on it.
set -eu
cd "$(dirname "$0")/.."
OUT=${OUT:-build}
if [ "$(id -u)" != 0 ]; then
	echo "demo: run as root (capfix loads BPF programs; the demo drops to nobody itself)" >&2
	exit 1
fi
dir=$(mktemp -d /tmp/capfix-demo.XXXXXX)
trap 'rm -rf "$dir"' EXIT
chmod 755 "$dir"
cp "$OUT/tests/bindport" "$dir/server"
setcap cap_net_bind_service=+ep "$dir/server"
echo "# The operator ran: setcap cap_net_bind_service=+ep $dir/server"
echo "# The unit has User=nobody and NoNewPrivileges=yes. The server still fails:"
echo "\$ capfix -- svc-launch --user nobody --nnp -- $dir/server 80"
echo
"$OUT/capfix" -- "$OUT/tests/svc-launch" --user nobody --nnp -- "$dir/server" 80 || true
