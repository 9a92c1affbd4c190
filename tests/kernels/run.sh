#!/usr/bin/env bash
# SPDX-License-Identifier: (LGPL-2.1 OR BSD-2-Clause)
# make test-kernels: boots Debian's kernels under QEMU (TCG) with an initramfs holding the static
# capfix, the static test helpers and busybox, runs tests/kernels/suite.sh in each, and counts
# its "ok|FAIL|SKIP" lines. KERNELS="5.10 6.1 6.12" picks the kernels, KEEP=1 keeps every
# guest's log (a failing kernel's log is always kept): build/static/kernels/VER.log.
set -u
cd "$(dirname "$0")/../.." || exit 1
OUT=${OUT:-build/static}
KERNELS=${KERNELS:-5.10 6.1 6.12}
KTIMEOUT=${KTIMEOUT:-300} # seconds per boot; a whole suite takes about 60 under TCG
LOGS=$OUT/kernels
mkdir -p "$LOGS"
sum=$(mktemp /tmp/capfix-kernels.XXXXXX)
stage=$(mktemp -d /tmp/capfix-initrd.XXXXXX)
trap 'rm -rf "$sum" "$stage"' EXIT

note() { echo "test-kernels: $*"; }
result() { echo "$*" | tee -a "$sum"; }

for f in "$OUT/capfix" "$OUT/tests/svc-launch" "$OUT/tests/setfcap"; do
	if ! file "$f" 2>/dev/null | grep -q 'statically linked'; then
		result "FAIL kernels/build: $f is missing or not static (make static)"
		exit 1
	fi
done
# a static glibc's NSS loads the host's modules and crashes in them (include/static_nss.h):
# a user or group lookup that static_nss.h does not map links __nss_module_load in
for f in "$OUT/capfix" "$OUT/tests/svc-launch"; do
	if nm "$f" 2>/dev/null | grep -q ' __nss_module_load$'; then
		result "FAIL kernels/static_nss: $f links glibc's NSS: map the new getpw*/getgr* call in include/static_nss.h"
	else
		result "ok   kernels/static_nss_$(basename "$f")"
	fi
done
command -v qemu-system-x86_64 >/dev/null || {
	result "FAIL kernels/qemu: qemu-system-x86_64 not installed (scripts/install-deps.sh --kernels)"
	exit 1
}
t0=$SECONDS
busybox=$(tests/kernels/fetch.sh busybox) || { result "FAIL kernels/busybox: download failed"; exit 1; }

# ---- the initramfs: busybox, /init, the suite, capfix and helpers, the users it runs as ----
mkdir -p "$stage"/{bin,etc,proc,sys,dev,tmp,capfix/tests}
cp "$busybox" "$stage/bin/busybox"
cp tests/kernels/init "$stage/init"
cp tests/kernels/suite.sh "$stage/capfix/"
cp "$OUT/capfix" "$stage/capfix/"
for h in "$OUT"/tests/*; do
	[ -f "$h" ] && [ -x "$h" ] && cp "$h" "$stage/capfix/tests/"
done
cat >"$stage/etc/passwd" <<'PW'
root:x:0:0:root:/root:/bin/sh
daemon:x:1:1:daemon:/usr/sbin:/bin/false
nobody:x:65534:65534:nobody:/nonexistent:/bin/false
PW
printf 'root:x:0:\ndaemon:x:1:\nnogroup:x:65534:\n' >"$stage/etc/group"
printf 'passwd: files\ngroup: files\n' >"$stage/etc/nsswitch.conf"
chmod -R go+rX "$stage"
chmod 755 "$stage/init"
initrd=$LOGS/initrd.cpio
(cd "$stage" && find . | "$busybox" cpio -o -H newc 2>/dev/null) >"$initrd"
note "initramfs $(du -h "$initrd" | cut -f1) built in $((SECONDS - t0)) s"

# boot VER LOG: one QEMU run; the guest powers itself off (panics reboot, -no-reboot exits)
boot() {
	local ver=$1 log=$2 vmlinuz=$3
	timeout "$KTIMEOUT" qemu-system-x86_64 -accel tcg -smp 2 -m 1024 -no-reboot \
		-display none -monitor none -serial "file:$log" \
		-kernel "$vmlinuz" -initrd "$initrd" \
		-append "console=ttyS0 panic=-1 quiet capfix.kernel=$ver" </dev/null >"$log.qemu" 2>&1
}

for ver in $KERNELS; do
	log=$LOGS/$ver.log
	rm -f "$log" "$log".*
	ts=$SECONDS
	if ! vmlinuz=$(tests/kernels/fetch.sh kernel "$ver"); then
		result "FAIL kernel-$ver/download: no kernel package (see above)"
		continue
	fi
	pkg=$(cat "$(dirname "$vmlinuz")/package" 2>/dev/null)
	note "$ver: $pkg (download/cache $((SECONDS - ts)) s), log $log"
	tries=0
	while :; do
		tries=$((tries + 1))
		tb=$SECONDS
		boot "$ver" "$log" "$vmlinuz"
		wall=$((SECONDS - tb))
		tr -d '\r' <"$log" >"$log.tmp" && mv "$log.tmp" "$log"
		grep -q '^CAPFIX-GUEST-END' "$log" && break
		# about one TCG boot in 16 panics early: one more try, then a failure
		if [ "$tries" = 2 ]; then
			if grep -q '^CAPFIX-GUEST-BEGIN' "$log"; then
				result "FAIL kernel-$ver/suite: the guest stopped mid-suite twice (timeout ${KTIMEOUT}s), log $log"
			else
				result "FAIL kernel-$ver/boot: no init marker in two boots, log $log"
			fi
			tail -n 15 "$log" | sed 's/^/    | /'
			break
		fi
		note "$ver: no end marker after ${wall}s, booting again"
		cp "$log" "$log.try$tries"
	done
	# the console gets the results; the log also has every case's time and capfix -v (#v)
	grep -E '^(ok|FAIL|SKIP) |^    \| |^# ' "$log" | tee -a "$sum" | grep -v '^# time '
	begin=$(sed -n 's/^CAPFIX-GUEST-BEGIN .* uptime //p' "$log")
	end=$(sed -n 's/^CAPFIX-GUEST-END uptime //p' "$log")
	cases=$(grep -cE '^(ok|FAIL|SKIP) ' "$log")
	suite=$(awk -v b="$begin" -v e="$end" 'BEGIN { if (b != "" && e != "") printf "%.1f", e - b; else print "?" }')
	note "$ver: boot to init ${begin:-?} s, suite $suite s for $cases cases, QEMU wall ${wall} s, ${tries} boot(s)"
	if [ "${KEEP:-}" != 1 ] && ! grep -q "^FAIL kernel-$ver/" "$sum"; then
		rm -f "$log" "$log".*
	fi
done
rm -f "$initrd"

passed=$(grep -c '^ok ' "$sum")
failed=$(grep -c '^FAIL ' "$sum")
skipped=$(grep -c '^SKIP ' "$sum")
echo
grep -E '^(FAIL|SKIP) ' "$sum" | sed 's/^/  /'
note "$((SECONDS - t0)) s for kernels $KERNELS"
echo "$passed passed, $failed failed, $skipped skipped"
[ "$failed" = 0 ]
