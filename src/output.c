// SPDX-License-Identifier: (LGPL-2.1 OR BSD-2-Clause)
/* Findings as text blocks or JSON Lines; the summary at exit. */
#include <arpa/inet.h>
#include <stdio.h>
#include <string.h>
#include <sys/socket.h>
#include <time.h>
#include <unistd.h>
#include "diagnose.h"
#include "fix.h"
#include "names.h"
#include "cause.h"
#include "output.h"
#include "strutil.h"

static void iso_time(double t, char *buf, size_t len)
{
	time_t s = (time_t)t;
	struct tm tm;
	int ms = (int)((t - (double)s) * 1000);

	gmtime_r(&s, &tm);
	snprintf(buf, len, "%04d-%02d-%02dT%02d:%02d:%02d.%03dZ", tm.tm_year + 1900, tm.tm_mon + 1,
		 tm.tm_mday, tm.tm_hour, tm.tm_min, tm.tm_sec, ms < 0 ? 0 : ms > 999 ? 999 : ms);
}

/*
 * The host a record comes from, so that files of many hosts can be merged (capfix report):
 * the UTS name, read once. A record never says another host's name: it is capfix's own.
 */
const char *output_host(void)
{
	static char host[256];

	if (!host[0] && (gethostname(host, sizeof(host) - 1) || !host[0]))
		str_copy(host, "localhost", sizeof(host));
	return host;
}

static const char *effect_name(enum effect e)
{
	return e == EFFECT_FAILED ? "failed" : e == EFFECT_HARMLESS ? "harmless" : "unknown";
}

void json_capset(FILE *out, const char *key, __u64 mask)
{
	/* 64 quoted names of at most 22 bytes fit */
	const struct capmask_style st = {.sep = ",", .pre = "\"", .post = "\""};
	char list[2048];

	capmask_render(list, sizeof(list), mask, &st);
	fprintf(out, "\"%s\":[%s]", key, list);
}

/* ,"key":"value" for a field that is set; nothing for an empty one */
static void json_opt(FILE *out, const char *key, const char *val)
{
	if (!val[0])
		return;
	fprintf(out, ",\"%s\":", key);
	json_str(out, val);
}

static void json_fix(FILE *out, const struct fix *x)
{
	fprintf(out, "{\"kind\":\"%s\"", fix_kind_name(x->kind));
	json_opt(out, "unit", x->unit);
	json_opt(out, "path", x->path);
	json_opt(out, "dropin", x->dropin);
	json_opt(out, "command", x->command);
	json_opt(out, "warning", x->warning);
	fputc('}', out);
}

static void json_diagnosis(FILE *out, const struct diagnosis *d)
{
	int i;

	fputs(",\"blockers\":[", out);
	for (i = 0; i < d->nblockers; i++)
		fprintf(out, "%s\"%s\"", i ? "," : "", blocker_code_name(d->blockers[i].code));
	fputs("],\"explanations\":[", out);
	for (i = 0; i < d->nblockers; i++) {
		fprintf(out, "%s{\"code\":\"%s\",\"rule\":", i ? "," : "",
			blocker_code_name(d->blockers[i].code));
		json_str(out, d->blockers[i].rule);
		fputs(",\"message\":", out);
		json_str(out, d->blockers[i].text);
		fputc('}', out);
	}
	fputs("],\"fixes\":[", out);
	for (i = 0; i < d->nfixes; i++) {
		if (i)
			fputc(',', out);
		json_fix(out, &d->fixes[i]);
	}
	fputc(']', out);
}

void output_json(FILE *out, const struct report *r)
{
	const struct proc_facts *pf = r->pf;
	const struct finding *f = r->f;
	const char *errname = f->err ? errno_name(f->err) : NULL;
	const char *rt = runtime_id(pf->runtime);
	int order[CAPFIX_MAX_CAP + 1], n;
	char ts[96];
	int i;

	iso_time(r->time, ts, sizeof(ts));
	fputs("{\"type\":\"denial\",\"host\":", out);
	json_str(out, output_host());
	fprintf(out, ",\"time\":\"%s\",\"pid\":%d,\"tid\":%d,\"ppid\":%d,"
		     "\"uid\":%u,\"euid\":%u,\"gid\":%u,\"comm\":",
		ts, pf->pid, pf->tid, pf->ppid, pf->creds.uid, pf->creds.euid, pf->creds.gid);
	json_str(out, pf->comm);
	fputs(",\"exe\":", out);
	json_str(out, pf->exe[0] ? pf->exe : NULL);
	fputs(",\"unit\":", out);
	json_str(out, pf->unit[0] ? pf->unit : NULL);
	/* the manager could not be asked: the diagnosis went on without the unit's settings */
	if (pf->unit[0] && !pf->unit_props.known)
		json_opt(out, "unit_settings_unknown", pf->unit_props.unknown_why);
	fputs(",\"cgroup\":", out);
	json_str(out, pf->cgroup[0] ? pf->cgroup : NULL);
	fputs(",\"container\":", out);
	if (rt && pf->runtime != RUNTIME_SYSTEMD_SYSTEM && pf->runtime != RUNTIME_SYSTEMD_USER) {
		fprintf(out, "{\"runtime\":\"%s\",\"id\":", rt);
		json_str(out, pf->container_id);
		fputc('}', out);
	} else {
		fputs("null", out);
	}
	if (f->cap >= 0)
		fprintf(out, ",\"capability\":\"%s\",\"cap\":%d", cap_name(f->cap) ?: "?", f->cap);
	else
		fputs(",\"capability\":null,\"cap\":null", out);
	/* in the kernel's check order (R19), e.g. CAP_DAC_READ_SEARCH before CAP_DAC_OVERRIDE */
	fputs(",\"chain\":[", out);
	n = chain_in_order(f, order, CAPFIX_MAX_CAP + 1);
	for (i = 0; i < n; i++)
		fprintf(out, "%s\"%s\"", i ? "," : "", cap_name(order[i]) ?: "?");
	fputc(']', out);
	if (r->d->cap >= 0 && cap_name(r->d->cap))
		fprintf(out, ",\"recommended\":\"%s\"", cap_name(r->d->cap));
	fputs(",\"syscall\":", out);
	json_str(out, syscall_name(f->syscall));
	fputs(",\"errno\":", out);
	if (errname)
		fprintf(out, "\"%s\"", errname);
	else if (f->err)
		fprintf(out, "\"%d\"", f->err);
	else
		fputs("null", out);
	fprintf(out, ",\"effect\":\"%s\",\"count\":%llu", effect_name(f->effect),
		(unsigned long long)r->count);
	if (f->is_bind) {
		fprintf(out, ",\"bind\":{\"family\":\"%s\",\"address\":",
			f->family == AF_INET6 ? "inet6" : "inet");
		json_str(out, f->addr);
		fprintf(out, ",\"port\":%d}", f->port);
	}
	if (f->netlink) { /* R22 */
		fputs(",\"netlink\":", out);
		json_str(out, f->nl_what);
	}
	if (f->file_known) {
		fputs(",\"file\":{\"path\":", out);
		json_str(out, f->file);
		fprintf(out, ",\"uid\":%u,\"gid\":%u,\"group\":", (unsigned int)f->file_owner,
			(unsigned int)f->file_group);
		if (f->file_group_name[0])
			json_str(out, f->file_group_name);
		else
			fputs("null", out);
		fprintf(out, ",\"mode\":\"%04o\",\"access\":\"%s\"}", f->file_mode & 07777,
			f->file_search ? "search" : f->file_write ? "write" : "read");
	}
	if (f->not_cause[0]) { /* R23, with --all */
		fputs(",\"not_cause\":", out);
		json_str(out, f->not_cause);
	}
	fputs(",\"process\":{", out);
	json_capset(out, "effective", pf->creds.caps.effective);
	fputc(',', out);
	json_capset(out, "permitted", pf->creds.caps.permitted);
	fputc(',', out);
	json_capset(out, "inheritable", pf->creds.caps.inheritable);
	fputc(',', out);
	json_capset(out, "bounding", pf->creds.caps.bounding);
	fputc(',', out);
	json_capset(out, "ambient", pf->creds.caps.ambient);
	fprintf(out, ",\"no_new_privs\":%s,\"securebits\":%u,\"user_namespace\":\"%s\"",
		pf->creds.no_new_privs ? "true" : "false", pf->creds.securebits,
		pf->userns_child ? "child" : "initial");
	fprintf(out, ",\"alive\":%s,\"exe_replaced\":%s}",
		pf->alive == TRI_YES ? "true" : pf->alive == TRI_NO ? "false" : "null",
		pf->exe_gone ? "true" : "false");
	fputs(",\"summary\":", out);
	json_str(out, r->d->summary);
	json_diagnosis(out, r->d);
	fputs("}\n", out);
}

/*
 * Something to paste (a command, a drop-in line, a file path): verbatim, so that what the
 * operator copies is exactly what capfix means -- text_str() would double its backslashes.
 * shell_quote() keeps commands printable; what still is not (a newline inside a quoted
 * path) is shown escaped, as a shell comment that does nothing if pasted.
 */
static void text_code(FILE *out, const char *s)
{
	if (text_is_safe(s)) {
		fputs(s, out);
		return;
	}
	fputs("# not shown as is (control characters); take it from --json: ", out);
	text_str(out, s);
}

/* multi-line text (a drop-in) indented under a fix */
static void text_block(FILE *out, const char *indent, const char *s)
{
	char line[MODEL_CMD_MAX];
	const char *nl;

	while (*s) {
		nl = strchr(s, '\n');
		size_t n = nl ? (size_t)(nl - s) : strlen(s);

		if (n >= sizeof(line))
			n = sizeof(line) - 1;
		memcpy(line, s, n);
		line[n] = '\0';
		if (line[0]) {
			fputs(indent, out);
			text_code(out, line);
		}
		fputc('\n', out);
		if (!nl)
			break;
		s = nl + 1;
	}
}

static void text_cmd(FILE *out, const char *head, const char *indent, const char *cmd);

/*
 * One fix: "HEAD[kind] path", then the file's text, "$ command" and the note, indented.
 * Commands and file text are printed verbatim (text_code), so they paste exactly.
 */
static void text_fix(FILE *out, const char *head, const char *indent, const struct fix *x,
		     bool note)
{
	char body[64];

	fprintf(out, "%s[%s]", head, fix_kind_name(x->kind));
	if (x->path[0]) {
		fputc(' ', out);
		text_code(out, x->path);
	}
	fputc('\n', out);
	snprintf(body, sizeof(body), "%s  ", indent);
	if (x->dropin[0])
		text_block(out, body, x->dropin);
	if (x->command[0]) {
		snprintf(body, sizeof(body), "%s$ ", indent);
		text_cmd(out, body, indent, x->command);
	}
	if (note && x->warning[0]) {
		fprintf(out, "%snote: ", indent);
		text_str(out, x->warning);
		fputc('\n', out);
	}
}

/* ---- text for a person ---- */

struct output_style output_style;

#define TEXT_WIDTH 100

static void color_on(FILE *out, const char *sgr)
{
	if (output_style.color)
		fprintf(out, "\033[%sm", sgr);
}

static void color_off(FILE *out)
{
	if (output_style.color)
		fputs("\033[0m", out);
}

/*
 * Prose (escaped: it names untrusted things) wrapped at spaces to TEXT_WIDTH columns: the
 * first line after head, the others after indent. Only text that is not pasted is wrapped.
 */
static void text_wrap(FILE *out, const char *head, const char *indent, const char *s)
{
	char buf[4 * MODEL_PATH_MAX];
	const char *p, *sp;
	size_t col, w;

	bool first = true;

	text_escape(buf, sizeof(buf), s);
	fputs(head, out);
	col = strlen(head);
	for (p = buf; *p; p = sp) {
		while (*p == ' ')
			p++;
		sp = strchrnul(p, ' ');
		w = (size_t)(sp - p);
		if (!w)
			break;
		if (!first && col + 1 + w > TEXT_WIDTH) {
			fprintf(out, "\n%s", indent);
			col = strlen(indent);
		} else if (!first) {
			fputc(' ', out);
			col++;
		}
		fwrite(p, 1, w, out);
		col += w;
		first = false;
	}
	fputc('\n', out);
}

/*
 * A command to paste, on lines of at most TEXT_WIDTH columns where it can: broken only at a
 * space outside quotes, with a backslash-newline, which sh(1) removes (POSIX "Escape
 * Character"): the pasted command is the same. A word longer than a line stays whole.
 */
static void text_cmd(FILE *out, const char *head, const char *indent, const char *cmd)
{
	size_t col = strlen(head), i, start = 0, n = strlen(cmd);
	char q = 0;

	fputs(head, out);
	color_on(out, "32");
	if (!text_is_safe(cmd) || col + n <= TEXT_WIDTH) {
		text_code(out, cmd);
		color_off(out);
		fputc('\n', out);
		return;
	}
	for (i = 0; i <= n; i++) {
		char c = cmd[i];

		if (q) {
			if (c == q)
				q = 0;
			else if (q == '"' && c == '\\' && cmd[i + 1])
				i++;
			continue;
		}
		if (c == '\'' || c == '"') {
			q = c;
			continue;
		}
		if (c != ' ' && c)
			continue;
		/* a word ends at i: does it fit on this line? */
		if (start && col + (i - start) + 2 > TEXT_WIDTH) {
			fprintf(out, " \\\n%s  ", indent);
			col = strlen(indent) + 2;
			while (cmd[start] == ' ')
				start++;
		}
		fwrite(cmd + start, 1, i - start, out);
		col += i - start;
		start = i;
	}
	color_off(out);
	fputc('\n', out);
}

/* a capability set by name: "none", "all", "all but CAP_X", or the names */
static void capset_text(char *buf, size_t len, __u64 mask)
{
	__u64 missing = ~mask & CAPS_ALL;

	if (!(mask & CAPS_ALL))
		str_copy(buf, "none", len);
	else if (!missing)
		str_copy(buf, "all", len);
	else if (__builtin_popcountll(missing) <= 4) {
		str_copy(buf, "all but ", len);
		capmask_str(missing, buf + strlen(buf), len - strlen(buf), false);
	} else {
		capmask_str(mask, buf, len, false);
	}
}

static void text_headline(FILE *out, const struct report *r)
{
	const struct finding *f = r->f;
	const char *sc = syscall_name(f->syscall) ?: "?";
	char at[128] = "";

	if (output_style.timestamps) {
		time_t t = (time_t)r->time;
		struct tm tm;

		localtime_r(&t, &tm);
		strftime(at, sizeof(at), "%F %T ", &tm);
		fputs(at, out);
	}
	at[0] = '\0';
	if (f->is_bind)
		snprintf(at, sizeof(at), f->family == AF_INET6 ? " to [%s]:%d" : " to %s:%d",
			 f->addr, f->port);
	color_on(out, "1;31");
	if (f->exec_fail)
		fprintf(out, "%s() failed with EPERM: the file carries %s, outside the bounding set",
			sc, cap_name(f->cap) ?: "a capability");
	else if (f->effect == EFFECT_FAILED)
		fprintf(out, "%s()%s failed with %s: %s denied", sc, at,
			errno_name(f->err) ?: "an error", cap_name(f->cap) ?: "?");
	else
		fprintf(out, "%s()%s: %s denied (%s)", sc, at, cap_name(f->cap) ?: "?",
			effect_name(f->effect));
	color_off(out);
	fputc('\n', out);
}

static void text_who(FILE *out, const struct report *r)
{
	const struct proc_facts *pf = r->pf;
	char buf[MODEL_PATH_MAX + 512];

	snprintf(buf, sizeof(buf), "pid %d %s", pf->pid, pf->comm);
	if (pf->exe[0])
		str_appendf(buf, sizeof(buf), " (%s)", pf->exe);
	if (pf->user_name[0])
		str_appendf(buf, sizeof(buf), ", user %s (%u)", pf->user_name, pf->creds.uid);
	else
		str_appendf(buf, sizeof(buf), ", uid %u", pf->creds.uid);
	if (pf->unit[0])
		str_appendf(buf, sizeof(buf), ", unit %s", pf->unit);
	else if (runtime_id(pf->runtime) && pf->container_id[0])
		str_appendf(buf, sizeof(buf), ", %s container %.12s", runtime_id(pf->runtime),
			    pf->container_id);
	if (r->count > 1)
		str_appendf(buf, sizeof(buf), ", %llu times", (unsigned long long)r->count);
	if (pf->unit[0] && !pf->unit_props.known && pf->unit_props.unknown_why[0])
		str_appendf(buf, sizeof(buf), " (its settings unknown: the manager was not asked)");
	text_wrap(out, "  who  ", "       ", buf);
}

/* what the call was about, when the kernel told: the netlink request (R22), the file */
static void text_what(FILE *out, const struct finding *f)
{
	char buf[MODEL_PATH_MAX + 256];

	if (f->netlink)
		text_wrap(out, "  what ", "       ", f->nl_what);
	if (f->file_known) {
		snprintf(buf, sizeof(buf), "%.300s uid %u gid %u mode %04o, %s denied", f->file,
			 (unsigned int)f->file_owner, (unsigned int)f->file_group,
			 f->file_mode & 07777,
			 f->file_search ? "search" : f->file_write ? "write" : "read");
		text_wrap(out, "  what ", "       ", buf);
	}
}

/*
 * One fix under head: [kind] path, its file's text, $ command, and the note: its first
 * sentence (what to mind) unless --explain asks for all of it.
 */
static void text_fix_short(FILE *out, const char *head, const char *indent, const struct fix *x)
{
	char note[MODEL_TEXT_MAX];
	char *end;
	char pre[64];

	fputs(head, out);
	color_on(out, "32");
	fprintf(out, "[%s]", fix_kind_name(x->kind));
	if (x->path[0]) {
		fputs(" add ", out);
		text_code(out, x->path);
	}
	color_off(out);
	fputc('\n', out);
	snprintf(pre, sizeof(pre), "%s  ", indent);
	if (x->dropin[0])
		text_block(out, pre, x->dropin);
	if (x->command[0]) {
		snprintf(pre, sizeof(pre), "%s$ ", indent);
		text_cmd(out, pre, indent, x->command);
	}
	if (x->warning[0]) {
		str_copy(note, x->warning, sizeof(note));
		end = strstr(note, ". ");
		if (end && !output_style.explain)
			end[1] = '\0';
		snprintf(pre, sizeof(pre), "%snote: ", indent);
		text_wrap(out, pre, indent, note);
	}
}

/* -v / --explain: everything, the credentials by name and the rule of each sentence */
static void text_explain(FILE *out, const struct report *r)
{
	const struct proc_facts *pf = r->pf;
	const struct finding *f = r->f;
	const struct diagnosis *d = r->d;
	char buf[MODEL_PATH_MAX + 512], set[512];
	int i;

	if (f->chain & ~(1ULL << (f->cap & 63))) {
		int order[CAPFIX_MAX_CAP + 1], n = chain_in_order(f, order, CAPFIX_MAX_CAP + 1);

		set[0] = '\0';
		for (i = 0; i < n; i++)
			str_appendf(set, sizeof(set), "%s%s", i ? "," : "", cap_name(order[i]) ?: "?");
		snprintf(buf, sizeof(buf),
			 "%s (in the kernel's check order: the first is the least powerful that "
			 "suffices, R19)",
			 set);
		text_wrap(out, "  checked ", "           ", buf);
	}
	capset_text(set, sizeof(set), pf->creds.caps.effective);
	snprintf(buf, sizeof(buf), "effective %s; ", set);
	capset_text(set, sizeof(set), pf->creds.caps.permitted);
	str_appendf(buf, sizeof(buf), "permitted %s; ", set);
	capset_text(set, sizeof(set), pf->creds.caps.inheritable);
	str_appendf(buf, sizeof(buf), "inheritable %s; ", set);
	capset_text(set, sizeof(set), pf->creds.caps.ambient);
	str_appendf(buf, sizeof(buf), "ambient %s; ", set);
	capset_text(set, sizeof(set), pf->creds.caps.bounding);
	str_appendf(buf, sizeof(buf), "bounding %s; no_new_privs %s%s", set,
		    pf->creds.no_new_privs ? "on" : "off",
		    pf->userns_child ? "; in a child user namespace" : "");
	text_wrap(out, "  creds  ", "           ", buf);
	for (i = 0; i < d->nblockers; i++) {
		snprintf(buf, sizeof(buf), "%s [%s] %s", d->blockers[i].rule ?: "",
			 blocker_code_name(d->blockers[i].code), d->blockers[i].text);
		text_wrap(out, "  why    ", "           ", buf);
	}
	for (i = 0; i < d->nfixes; i++) {
		snprintf(buf, sizeof(buf), "  fix %-3d", i + 1);
		text_fix_short(out, buf, "         ", &d->fixes[i]);
	}
}

void output_text(FILE *out, const struct report *r)
{
	const struct diagnosis *d = r->d;
	char buf[MODEL_TEXT_MAX + 64];
	int i;

	text_headline(out, r);
	text_who(out, r);
	text_what(out, r->f);
	if (output_style.explain) {
		text_explain(out, r);
		fputc('\n', out);
		return;
	}
	/* why: the first obstacle (with its rule), or that nothing stands in the way */
	if (d->nblockers)
		text_wrap(out, "  why  ", "       ", d->blockers[0].text);
	else if (r->f->effect == EFFECT_FAILED && r->f->cap >= 0)
		text_wrap(out, "  why  ", "       ",
			  "it lacks the capability; nothing stands in the way of the fix below");
	if (d->nfixes)
		text_fix_short(out, "  fix  ", "       ", &d->fixes[0]);
	if (d->nfixes > 1 || d->nblockers > 1) {
		buf[0] = '\0';
		for (i = 1; i < d->nfixes; i++)
			str_appendf(buf, sizeof(buf), "%s%s", i > 1 ? ", " : "fixes ",
				    fix_kind_name(d->fixes[i].kind));
		if (d->nblockers > 1)
			str_appendf(buf, sizeof(buf), "%s%d more reason%s", buf[0] ? "; " : "",
				    d->nblockers - 1, d->nblockers > 2 ? "s" : "");
		fprintf(out, "  more with capfix -v: %s\n", buf);
	}
	fputc('\n', out);
}

/* the summary's per-unit and per-executable groups (summary.c builds them) */
static void json_groups(FILE *out, const char *key, const struct summary_group *gs, int n,
			bool is_unit)
{
	int i, j;

	fprintf(out, ",\"%s\":[", key);
	for (i = 0; i < n; i++) {
		const struct summary_group *g = &gs[i];

		fprintf(out, "%s{\"%s\":", i ? "," : "", is_unit ? "unit" : "exe");
		json_str(out, g->name);
		if (!is_unit) {
			fputs(",\"unit\":", out);
			json_str(out, g->unit[0] ? g->unit : NULL);
		}
		fputc(',', out);
		json_capset(out, "missing", g->missing);
		fprintf(out, ",\"failed\":%llu,\"processes\":%d,\"syscalls\":[",
			(unsigned long long)g->failed, g->npids);
		for (j = 0; j < g->nsyscalls; j++) {
			fputs(j ? "," : "", out);
			json_str(out, syscall_name(g->syscalls[j]) ?: "?");
		}
		fputs("],\"blockers\":[", out);
		{
			const char *p = g->blockers;
			int first = 1;

			while (*p) {
				size_t len = strcspn(p, " ");

				fputs(first ? "" : ",", out);
				first = 0;
				json_strn(out, p, len);
				p += len;
				p += strspn(p, " ");
			}
		}
		fprintf(out, "],\"fix_applies\":%s,\"fix\":", g->fix_applies ? "true" : "false");
		if (g->has_fix)
			json_fix(out, &g->fix);
		else
			fputs("null", out);
		fputc('}', out);
	}
	fputc(']', out);
}

static void text_groups(FILE *out, const char *what, const struct summary_group *gs, int n)
{
	char caps[512], buf[MODEL_PATH_MAX + 1024];
	int i;

	for (i = 0; i < n; i++) {
		const struct summary_group *g = &gs[i];

		capmask_str(g->missing, caps, sizeof(caps), false);
		snprintf(buf, sizeof(buf), "%s %s: needs %s (%llu failures, %d process%s)", what,
			 g->name, caps, (unsigned long long)g->failed, g->npids,
			 g->npids == 1 ? "" : "es");
		fputs("  ", out);
		text_str(out, buf);
		fputc('\n', out);
		if (!g->has_fix)
			continue;
		if (!g->fix_applies) {
			/* a command that cannot work is not shown where it could be pasted */
			fprintf(out, "    [%s] would not help here: ", fix_kind_name(g->fix.kind));
			text_str(out, g->blockers[0] ? g->blockers : "blocked");
			fputs(" (see each finding's fixes)\n", out);
			continue;
		}
		text_fix(out, "    ", "      ", &g->fix, false);
	}
}

void output_summary_text(FILE *out, const struct summary *s)
{
	int i;

	fprintf(out, "capfix summary: %llu finding(s), %llu failed denial(s), %llu harmless, "
		     "%llu event(s) lost\n",
		(unsigned long long)s->findings, (unsigned long long)s->failed,
		(unsigned long long)s->harmless, (unsigned long long)s->lost);
	/* a crash loop is one line: by unit (or executable), capability, syscall and port */
	for (i = 0; i < s->repeats.n; i++)
		repeat_text(out, "  ", &s->repeats.v[i]);
	text_groups(out, "unit", s->units, s->nunits);
	text_groups(out, "exe", s->exes, s->nexes);
	if (s->preexec)
		fprintf(out, "  left out: %llu denial(s) in systemd's own child before it runs a "
			     "service (comm \"(NAME)\", CAP_SYS_RESOURCE), which systemd ignores\n",
			(unsigned long long)s->preexec);
	if (s->lost)
		fprintf(out, "  warning: %llu event(s) lost (ring buffer full); counts above are "
			     "still exact, details of some findings are missing\n",
			(unsigned long long)s->lost);
	if (s->unsummarized)
		fprintf(out, "  warning: %llu finding(s) were printed above but are not in this "
			     "summary: capfix keeps at most that many distinct findings\n",
			(unsigned long long)s->unsummarized);
	if (s->findings && !output_style.explain)
		fputs("capfix -v (--explain) shows every fix, the credentials and the rule behind "
		      "each sentence.\n",
		      out);
}

void output_summary_json(FILE *out, const struct summary *s)
{
	int i, j;

	fputs("{\"type\":\"summary\",\"host\":", out);
	json_str(out, output_host());
	fprintf(out, ",\"findings\":%llu,\"failed\":%llu,\"harmless\":%llu,"
		     "\"unknown\":%llu,\"lost\":%llu,\"unsummarized\":%llu,\"hook\":",
		(unsigned long long)s->findings, (unsigned long long)s->failed,
		(unsigned long long)s->harmless, (unsigned long long)s->unknown,
		(unsigned long long)s->lost, (unsigned long long)s->unsummarized);
	json_str(out, s->hook);
	fputs(",\"processes\":[", out);
	for (i = 0; i < s->nprocs; i++) {
		const struct summary_proc *p = &s->procs[i];

		fprintf(out, "%s{\"pid\":%d,\"comm\":", i ? "," : "", p->pid);
		json_str(out, p->comm);
		fputs(",\"exe\":", out);
		json_str(out, p->exe);
		fputs(",\"unit\":", out);
		json_str(out, p->unit[0] ? p->unit : NULL);
		fputc(',', out);
		json_capset(out, "missing", p->missing);
		fprintf(out, ",\"failed\":%llu,\"syscalls\":[", (unsigned long long)p->failed);
		for (j = 0; j < p->nsyscalls; j++) {
			fputs(j ? "," : "", out);
			json_str(out, syscall_name(p->syscalls[j]) ?: "?");
		}
		fputs("],\"fixes\":[", out);
		for (j = 0; p->combined && j < p->combined->nfixes; j++) {
			if (j)
				fputc(',', out);
			json_fix(out, &p->combined->fixes[j]);
		}
		fputs("]}", out);
	}
	fputc(']', out);
	fputs(",\"repeats\":[", out);
	for (i = 0; i < s->repeats.n; i++) {
		fputs(i ? "," : "", out);
		repeat_json(out, &s->repeats.v[i]);
	}
	fputc(']', out);
	json_groups(out, "units", s->units, s->nunits, true);
	json_groups(out, "executables", s->exes, s->nexes, false);
	fputs("}\n", out);
}
