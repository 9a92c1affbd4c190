#!/usr/bin/env bash
# SPDX-License-Identifier: (LGPL-2.1 OR BSD-2-Clause)
# Hostile names: real processes whose comm and exe path hold terminal escapes, newlines,
# quotes, $(), backticks, a leading '-' and invalid UTF-8 are denied bind :80 as nobody.
# The text output must carry no control character, every JSON line must parse, and every
# printed command, run with sh -c, must do exactly what it says: the setcap fix sets the
# capability on that very file, nothing else gets created, and the failure is gone after.
set -u
cd "$(dirname "$0")/../.." || exit 1
. tests/lib/testlib.sh

need_root hostile || t_finish
command -v setcap >/dev/null && command -v getcap >/dev/null ||
	{ skip hostile "setcap/getcap not installed (libcap2-bin)"; t_finish; }

export LC_ALL=C
base=$T_TMP/h
mkdir -m 755 "$base" "$base/cwd"
esc=$'\033'
# name|directory|file name (printf %b escapes). The file name is also the comm (15 bytes).
cases=(
	"quotes|sp ace/it's \"q\"|a'b\"c d"
	"subst|\$(touch $base/pwned1)/\`touch $base/pwned2\`|\$(id>x)\`id\`"
	"newline|nl\\nrm -rf x\\n|new\\nline"
	"dash|-lead/-x|-bind"
	"escapes|\\033]0;pwned\\007\\033[2J\\0302\\0233|\\033[31mred\\0302\\0233m"
	"badutf8|bad\\0377\\0376\\0300\\0257|x\\0377y\\0355\\0240\\0200"
	"bidi|\\0342\\0200\\0256evil|a\\0342\\0200\\0256b"
	"tab|t\\tab/\\0177del|t\\tb"
)

# bytes that must never reach a terminal: C0 except \n and \t, DEL, C1 (as UTF-8)
has_controls() {
	grep -qaP '[\x00-\x08\x0b-\x1f\x7f]|\xc2[\x80-\x9f]|\xe2\x80[\xaa-\xae]' "$1"
}

# a listing of everything under $base except what the test itself writes
snapshot() { find "$base" -path "$base/out" -prune -o -print0 | sort -z | md5sum; }
mkdir -m 755 "$base/out"

for c in "${cases[@]}"; do
	name=${c%%|*}
	rest=${c#*|}
	dir=$base/$(printf '%b' "${rest%%|*}")
	file=$(printf '%b' "${rest#*|}")
	mkdir -p -m 755 -- "$dir"
	exe=$dir/$file
	cp "$HELPERS/bindport" "$exe"
	chmod 755 "$exe"
	before=$(snapshot)
	out=$base/out/$name

	# ---- text: nothing for the terminal to act on ----
	# (-v: every fix, the setcap one among them)
	"$CAPFIX" -v --user nobody -- "$exe" 80 >"$out.txt" 2>"$out.txt.err"
	if ! grep -q 'CAP_NET_BIND_SERVICE' "$out.txt"; then
		fail "hostile_${name}_text" "no finding" "$out.txt.err"
	elif has_controls "$out.txt"; then
		fail "hostile_${name}_text" "control characters in the text output" "$out.txt"
	else
		ok "hostile_${name}_text"
	fi

	# ---- JSON: every line parses; the exe is the path, byte for byte where JSON can say it ----
	"$CAPFIX" --json --user nobody -- "$exe" 80 >"$out.json" 2>"$out.json.err"
	lines=$(wc -l <"$out.json")
	parsed=$(jq -c . "$out.json" 2>/dev/null | wc -l)
	if [ "$lines" -ge 2 ] && [ "$parsed" = "$lines" ] && ! has_controls "$out.json"; then
		ok "hostile_${name}_json_valid"
	else
		fail "hostile_${name}_json_valid" "$parsed of $lines lines parse" "$out.json"
	fi
	if [ "$name" = badutf8 ]; then
		# invalid bytes travel as \u00XX; the commands carry them exactly (checked below)
		want=$(printf '%s' "$exe" | iconv -f latin1 -t utf-8)
	else
		want=$exe
	fi
	got=$(jq -r 'select(.type=="denial") | .exe' "$out.json")
	gotcomm=$(jq -r 'select(.type=="denial") | .comm' "$out.json")
	if [ "$got" = "$want" ] && [ -n "$gotcomm" ]; then ok "hostile_${name}_json_exe"; else
		fail "hostile_${name}_json_exe" "exe $(printf %q "$got") != $(printf %q "$want")" "$out.json"; fi

	# ---- the setcap fix from JSON, run with sh -c in an empty directory ----
	cmd=$(jq -r 'select(.type=="denial") | .fixes[] | select(.kind=="setcap") | .command' \
		"$out.json" | head -c 100000)
	if [ -z "$cmd" ]; then
		fail "hostile_${name}_setcap_fix" "no setcap fix" "$out.json"
	else
		(cd "$base/cwd" && sh -c "$cmd") >"$out.setcap" 2>&1
		rc=$?
		caps=$(getcap -- "$exe" 2>/dev/null)
		after=$(snapshot)
		"$CAPFIX" --json --user nobody -- "$exe" 80 >"$out.after" 2>"$out.after.err"
		rc2=$?
		if [ "$rc" = 0 ] && [[ "$caps" == *cap_net_bind_service=ep ]] &&
			[ "$before" = "$after" ] && [ "$rc2" = 0 ] &&
			[ "$(jq -s 'map(select(.type=="denial")) | length' "$out.after")" = 0 ]; then
			ok "hostile_${name}_setcap_fix"
		else
			{ printf 'command: %q\nsh: %s caps: %q files same: %s exit after: %s\n' \
				"$cmd" "$rc" "$caps" "$([ "$before" = "$after" ] && echo yes || echo no)" "$rc2"
			  cat "$out.setcap"; find "$base" | cat -A | head -20; } >"$out.why"
			fail "hostile_${name}_setcap_fix" "the printed setcap did not do exactly that" "$out.why"
		fi
		setcap -r -- "$exe" 2>/dev/null
	fi

	# ---- the same command as the text output shows it: pasting it does the same, or nothing ----
	# (a command longer than a line continues after a backslash-newline, which sh removes)
	tcmd=$(awk '/^ +\$ (setcap |# not shown)/ { sub(/^ +\$ /, ""); c = 1 }
		c { print; if (!/\\$/) exit }' "$out.txt")
	case $tcmd in
	"# not shown"*)
		# a path with a newline cannot be shown on one line: a comment that does nothing
		if [[ "$exe" == *$'\n'* ]]; then ok "hostile_${name}_text_paste"; else
			fail "hostile_${name}_text_paste" "command not shown: $tcmd" "$out.txt"; fi ;;
	setcap*)
		(cd "$base/cwd" && sh -c "$tcmd") >/dev/null 2>&1
		caps=$(getcap -- "$exe" 2>/dev/null)
		if [[ "$caps" == *cap_net_bind_service=ep ]] && [ "$before" = "$(snapshot)" ]; then
			ok "hostile_${name}_text_paste"
		else
			fail "hostile_${name}_text_paste" "pasted text command: $(printf %q "$tcmd")"
		fi
		setcap -r -- "$exe" 2>/dev/null ;;
	*) fail "hostile_${name}_text_paste" "no setcap line in the text output" "$out.txt" ;;
	esac

	# ---- the ambient wrapper runs exactly that file with its arguments, and binds ----
	wcmd=$(jq -r 'select(.type=="denial") | .fixes[] | select(.kind=="ambient_wrapper") |
		.command' "$out.json")
	if [ -n "$wcmd" ]; then
		(cd "$base/cwd" && sh -c "$wcmd") >"$out.wrap" 2>&1
		rc=$?
		if [ "$rc" = 0 ] && [ "$before" = "$(snapshot)" ]; then ok "hostile_${name}_wrapper_fix"; else
			fail "hostile_${name}_wrapper_fix" "exit $rc: $(printf %q "$wcmd")" "$out.wrap"; fi
	fi

	# ---- the new-unit drop-in: systemd reads ExecStart= back as exactly that file ----
	unit=$(jq -r 'select(.type=="denial") | .fixes[] | select(.kind=="systemd" and
		(.path // "" | endswith("YOUR.service"))) | .dropin' "$out.json")
	if [ -n "$unit" ] && command -v systemd-analyze >/dev/null; then
		mkdir -p "$base/out/units"
		printf '%s' "$unit" >"$base/out/units/capfix-hostile.service"
		if systemd-analyze verify "$base/out/units/capfix-hostile.service" >"$out.verify" 2>&1 &&
			! [ -s "$out.verify" ]; then
			ok "hostile_${name}_unit_execstart"
		else
			fail "hostile_${name}_unit_execstart" "systemd-analyze verify complains" "$out.verify"
		fi
	fi
	if ls "$base"/pwned* >/dev/null 2>&1 || [ -e "$base/cwd/x" ]; then
		fail "hostile_${name}_no_injection" "a printed command ran an embedded command"
	else
		ok "hostile_${name}_no_injection"
	fi
done

t_finish
