// SPDX-License-Identifier: (LGPL-2.1 OR BSD-2-Clause)
/* capfix report FILE...: saved JSON Lines of one host or many, read back and merged. */
#include <errno.h>
#include <getopt.h>
#include <libgen.h>
#include <stdlib.h>
#include <string.h>
#include "emit.h"
#include "fix.h"
#include "log.h"
#include "names.h"
#include "output.h"
#include "report.h"
#include "strutil.h"

struct rep_finding {
	int host;
	const struct jnode *first; /* the first denial record of this line */
	char who[MODEL_PATH_MAX];  /* the unit, else the executable, else the comm */
	int cap;
	char syscall[32];
	int port;
	bool failed;
	__u64 processes, count;
	long pid_min, pid_max;
};

struct rep_unit {
	char name[MODEL_UNIT_MAX];
	__u64 hostmask[4]; /* which of the first 256 hosts saw it */
	int nhosts;
	__u64 missing, failed;
	int ntexts;
	const char **texts; /* one drop-in per host: its summary's, else its first finding's */
	int *text_host;
	bool merged;
	char dropin[MODEL_CMD_MAX];
	char why[MODEL_TEXT_MAX]; /* why no single drop-in fits every host */
	struct fix fix;
};

static int host_index(struct rep *r, const char *host)
{
	char **h;
	int i;

	for (i = 0; i < r->nhosts; i++)
		if (!strcmp(r->hosts[i], host))
			return i;
	h = realloc(r->hosts, (size_t)(r->nhosts + 1) * sizeof(*h));
	if (!h)
		return -ENOMEM;
	r->hosts = h;
	h[r->nhosts] = strdup(host);
	if (!h[r->nhosts])
		return -ENOMEM;
	return r->nhosts++;
}

static __u64 capset_of(const struct jnode *arr)
{
	const struct jnode *c;
	__u64 m = 0;
	int cap;

	for (c = arr && arr->type == J_ARR ? arr->child : NULL; c; c = c->next)
		if (c->type == J_STR && (cap = cap_from_name(c->str)) >= 0 && cap < 64)
			m |= 1ULL << cap;
	return m;
}

static struct rep_unit *unit_for(struct rep *r, const char *name)
{
	struct rep_unit *u;
	int i;

	for (i = 0; i < r->nunits; i++)
		if (!strcmp(r->units[i].name, name))
			return &r->units[i];
	u = realloc(r->units, (size_t)(r->nunits + 1) * sizeof(*u));
	if (!u)
		return NULL;
	r->units = u;
	u = &r->units[r->nunits++];
	memset(u, 0, sizeof(*u));
	str_copy(u->name, name, sizeof(u->name));
	return u;
}

/* one drop-in text of host for unit; a host's summary replaces what its findings gave */
static int unit_add(struct rep *r, const char *unit, int host, __u64 missing, __u64 failed,
		    const char *dropin, bool from_summary)
{
	struct rep_unit *u = unit_for(r, unit);
	int i;

	if (!u)
		return -ENOMEM;
	if (host < 256 && !(u->hostmask[host / 64] & (1ULL << (host % 64)))) {
		u->hostmask[host / 64] |= 1ULL << (host % 64);
		u->nhosts++;
	}
	u->missing |= missing;
	u->failed += failed;
	if (!dropin || !*dropin)
		return 0;
	for (i = 0; i < u->ntexts; i++) {
		if (u->text_host[i] != host)
			continue;
		if (from_summary)
			u->texts[i] = dropin; /* the summary's drop-in has every capability */
		return 0;
	}
	u->texts = realloc(u->texts, (size_t)(u->ntexts + 1) * sizeof(*u->texts));
	u->text_host = realloc(u->text_host, (size_t)(u->ntexts + 1) * sizeof(*u->text_host));
	if (!u->texts || !u->text_host)
		return -ENOMEM;
	u->texts[u->ntexts] = dropin;
	u->text_host[u->ntexts++] = host;
	return 0;
}

static int add_denial(struct rep *r, const struct jnode *rec, int host)
{
	const char *unit = jstr(rec, "unit"), *exe = jstr(rec, "exe"), *comm = jstr(rec, "comm");
	const char *cap = jstr(rec, "recommended") ?: jstr(rec, "capability");
	const char *sc = jstr(rec, "syscall") ?: "", *effect = jstr(rec, "effect") ?: "";
	const struct jnode *bind = jget(rec, "bind"), *fx;
	long pid = (long)jnum(rec, "pid", 0);
	int port = (int)jnum(bind, "port", 0), capn = cap ? cap_from_name(cap) : -1, i;
	char who[MODEL_PATH_MAX];
	struct rep_finding *f;

	str_copy(who, unit ?: exe ?: comm ?: "?", sizeof(who));
	r->records++;
	for (i = 0; i < r->nfindings; i++) {
		f = &r->findings[i];
		if (f->host == host && f->cap == capn && f->port == port &&
		    f->failed == !strcmp(effect, "failed") && !strcmp(f->syscall, sc) &&
		    !strcmp(f->who, who))
			goto found;
	}
	f = realloc(r->findings, (size_t)(r->nfindings + 1) * sizeof(*f));
	if (!f)
		return -ENOMEM;
	r->findings = f;
	f = &r->findings[r->nfindings++];
	memset(f, 0, sizeof(*f));
	f->host = host;
	f->first = rec;
	f->cap = capn;
	f->port = port;
	f->failed = !strcmp(effect, "failed");
	str_copy(f->syscall, sc, sizeof(f->syscall));
	str_copy(f->who, who, sizeof(f->who));
	f->pid_min = f->pid_max = pid;
found:
	f->processes++;
	f->count += (__u64)jnum(rec, "count", 1);
	if (pid < f->pid_min)
		f->pid_min = pid;
	if (pid > f->pid_max)
		f->pid_max = pid;
	/*
	 * Only services get a drop-in (as in the summary); systemd's own child before it execs
	 * the service ("(NAME)", exe systemd) ignores its prlimit64 denial: not the service's need
	 */
	if (!unit || !f->failed || capn < 0 || !unit_name_ok(unit, ".service") ||
	    (comm && comm[0] == '(' && exe && strlen(exe) >= 8 &&
	     !strcmp(exe + strlen(exe) - 8, "/systemd")))
		return 0;
	/* without a summary (capfix killed), the unit's drop-in is its first finding's */
	for (fx = jget(rec, "fixes") ? jget(rec, "fixes")->child : NULL; fx; fx = fx->next) {
		const char *kind = jstr(fx, "kind"), *fu = jstr(fx, "unit");

		if (kind && !strcmp(kind, "systemd") && fu && !strcmp(fu, unit))
			return unit_add(r, unit, host, 1ULL << capn, 1, jstr(fx, "dropin"), false);
	}
	return unit_add(r, unit, host, 1ULL << capn, 1, NULL, false);
}

static int add_summary(struct rep *r, const struct jnode *rec, int host)
{
	const struct jnode *arr = jget(rec, "units"), *g;
	struct rep_unit *u;
	int i, j, err;

	/* SIGUSR1 summaries come before the final one: the last one a host wrote counts */
	for (i = 0; i < r->nunits; i++) {
		u = &r->units[i];
		for (j = 0; j < u->ntexts; j++)
			if (u->text_host[j] == host)
				u->texts[j] = NULL;
	}
	for (g = arr && arr->type == J_ARR ? arr->child : NULL; g; g = g->next) {
		const char *unit = jstr(g, "unit");

		if (!unit)
			continue;
		err = unit_add(r, unit, host, capset_of(jget(g, "missing")), 0,
			       jstr(jget(g, "fix"), "dropin"), true);
		if (err)
			return err;
	}
	return 0;
}

int rep_add(struct rep *r, const struct jnode *rec, const char *host)
{
	const char *type = jstr(rec, "type");
	int h;

	if (!type)
		return -EINVAL;
	h = host_index(r, jstr(rec, "host") ?: host);
	if (h < 0)
		return h;
	if (!strcmp(type, "denial"))
		return add_denial(r, rec, h);
	if (!strcmp(type, "summary"))
		return add_summary(r, rec, h);
	return 0; /* "verify" and record types of later versions: nothing to merge */
}

/* ---- merging drop-ins ---- */

#define REP_MAX_OTHER 32

static bool line_key(const char *line, const char *key)
{
	size_t l = strlen(key);

	return !strncmp(line, key, l) && line[l] == '=';
}

/*
 * Each host's drop-in was merged with that host's unit (render_dropin()), so:
 * - AmbientCapabilities=: the union is what every host needs (extra ones are harmless
 *   for a host that did not need them: the same service, one fix for the fleet);
 * - CapabilityBoundingSet=: each host's line is its own set widened, so the union never
 *   narrows a host that has one; a host without the line keeps a set capfix did not need
 *   to widen, and one line for all would replace it: that is a conflict;
 * - any other line (PrivateUsers=no ...) must be the same everywhere.
 */
int rep_merge_dropins(const char *const *texts, int n, char *out, size_t outlen, char *why,
		      size_t whylen)
{
	char other[MODEL_CMD_MAX] = "", list[1200], line[MODEL_CMD_MAX];
	const char *others[REP_MAX_OTHER]; /* the lines of other, each ending in '\n' */
	__u64 amb = 0, bnd = 0;
	int i, with_bnd = 0, used = 0, nother = 0;

	why[0] = '\0';
	for (i = 0; i < n; i++) {
		const char *p = texts[i], *nl;
		bool has_bnd = false;

		if (!p)
			continue;
		used++;
		for (; *p; p = *nl ? nl + 1 : nl) {
			const char *v;
			char *w, *save = NULL;

			nl = strchrnul(p, '\n');
			if ((size_t)(nl - p) >= sizeof(line))
				return str_printf(why, whylen, "a line of a drop-in is too long"),
				       -1;
			memcpy(line, p, (size_t)(nl - p));
			line[nl - p] = '\0';
			if (!line[0] || !strcmp(line, "[Service]"))
				continue;
			if (line_key(line, "AmbientCapabilities") ||
			    line_key(line, "CapabilityBoundingSet")) {
				bool a = line[0] == 'A';

				has_bnd |= !a;
				v = strchr(line, '=') + 1;
				for (w = strtok_r((char *)v, " ", &save); w;
				     w = strtok_r(NULL, " ", &save)) {
					int c = cap_from_name(w);

					if (c < 0 || c > 63) {
						str_printf(why, whylen, "unknown capability '%s'",
							   w);
						return -1;
					}
					*(a ? &amb : &bnd) |= 1ULL << c;
				}
				continue;
			}
			{
				const char *eq = strchr(line, '=');
				int kl = eq ? (int)(eq - line) : (int)strlen(line), k;

				for (k = 0; k < nother; k++) {
					size_t ll = strlen(line);

					if (!strncmp(others[k], line, ll) && others[k][ll] == '\n')
						break;
					if (!strncmp(others[k], line, (size_t)kl) &&
					    others[k][kl] == '=') {
						str_printf(why, whylen,
							   "%.*s= differs between hosts", kl, line);
						return -1;
					}
				}
				if (k < nother)
					continue; /* the same line from another host */
				if (nother == REP_MAX_OTHER)
					return str_printf(why, whylen, "too many settings"), -1;
				others[nother++] = other + strlen(other);
			}
			if (str_appendf(other, sizeof(other), "%s\n", line))
				return str_printf(why, whylen, "the drop-ins are too long"), -1;
		}
		with_bnd += has_bnd;
	}
	if (!used)
		return str_printf(why, whylen, "no host's findings named a drop-in"), -1;
	if (with_bnd && with_bnd != used) {
		str_printf(why, whylen,
			   "CapabilityBoundingSet= is widened on %d of %d hosts: one line "
			   "for all would replace the others' bounding sets",
			   with_bnd, used);
		return -1;
	}
	out[0] = '\0';
	if (str_appendf(out, outlen, "[Service]\n") ||
	    (amb && str_appendf(out, outlen, "AmbientCapabilities=%s\n",
				capmask_systemd(amb, list, sizeof(list)))) ||
	    (bnd && str_appendf(out, outlen, "CapabilityBoundingSet=%s\n",
				capmask_systemd(bnd, list, sizeof(list)))) ||
	    str_appendf(out, outlen, "%s", other))
		return str_printf(why, whylen, "the merged drop-in is too long"), -1;
	return 0;
}

int rep_merge(struct rep *r)
{
	int i;

	for (i = 0; i < r->nunits; i++) {
		struct rep_unit *u = &r->units[i];

		u->merged = !rep_merge_dropins(u->texts, u->ntexts, u->dropin, sizeof(u->dropin),
					       u->why, sizeof(u->why)) &&
			    !fix_systemd_dropin(&u->fix, u->name, u->dropin, NULL);
		if (!u->merged && !u->why[0])
			str_copy(u->why, "not a usable unit name", sizeof(u->why));
	}
	return 0;
}

/* ---- printing ---- */

static void print_hosts(FILE *out, const struct rep *r, const struct rep_unit *u)
{
	int i, n = 0;

	for (i = 0; i < r->nhosts && i < 256; i++) {
		if (!(u->hostmask[i / 64] & (1ULL << (i % 64))))
			continue;
		fputs(n++ ? ", " : "", out);
		text_str(out, r->hosts[i]);
	}
}

static void print_indented(FILE *out, const char *text, const char *indent)
{
	const char *p, *nl;

	for (p = text; *p; p = *nl ? nl + 1 : nl) {
		char line[MODEL_CMD_MAX];

		nl = strchrnul(p, '\n');
		snprintf(line, sizeof(line), "%.*s", (int)(nl - p), p);
		fputs(indent, out);
		text_str(out, line);
		fputc('\n', out);
	}
}

static void print_finding(FILE *out, const struct rep *r, const struct rep_finding *f)
{
	const struct jnode *rec = f->first, *x, *fx;
	const char *err = jstr(rec, "errno"), *unit = jstr(rec, "unit");
	const struct jnode *bind = jget(rec, "bind");

	text_str(out, r->hosts[f->host]);
	fputs(": ", out);
	if (f->syscall[0])
		fprintf(out, "%s() ", f->syscall);
	if (f->failed)
		fprintf(out, "failed with %s: ", err ?: "an error");
	fprintf(out, "%s denied", cap_name(f->cap) ?: "a capability");
	if (bind) {
		fputs(" (port ", out);
		fprintf(out, "%d)", f->port);
	}
	fputc('\n', out);
	fputs("  who  ", out);
	if (f->processes > 1)
		fprintf(out, "%llu processes (pids %ld-%ld), %llu times",
			(unsigned long long)f->processes, f->pid_min, f->pid_max,
			(unsigned long long)f->count);
	else
		fprintf(out, "pid %ld", f->pid_min);
	fputs(", ", out);
	text_str(out, jstr(rec, "comm") ?: "?");
	if (unit) {
		fputs(", unit ", out);
		text_str(out, unit);
	}
	fputc('\n', out);
	x = jget(rec, "explanations");
	if (x && x->type == J_ARR && x->child && jstr(x->child, "message")) {
		fputs("  why  ", out);
		text_str(out, jstr(x->child, "message"));
		fputc('\n', out);
	}
	fx = jget(rec, "fixes");
	fx = fx && fx->type == J_ARR ? fx->child : NULL;
	if (fx) {
		const char *cmd = jstr(fx, "command"), *path = jstr(fx, "path");

		fputs("  fix  ", out);
		if (path && jstr(fx, "dropin")) {
			text_str(out, path);
			fputc('\n', out);
			print_indented(out, jstr(fx, "dropin"), "         ");
			if (cmd)
				fputs("       ", out);
		}
		if (cmd) {
			fputs("$ ", out);
			text_str(out, cmd);
			fputc('\n', out);
		}
	}
}

void rep_print_text(FILE *out, const struct rep *r, bool summary_only)
{
	char list[1200];
	int i, j;

	if (!summary_only) {
		for (i = 0; i < r->nfindings; i++)
			print_finding(out, r, &r->findings[i]);
		if (r->nfindings)
			fputc('\n', out);
	}
	fprintf(out, "%d host(s), %llu denial record(s), %d distinct; %d unit(s)\n", r->nhosts,
		(unsigned long long)r->records, r->nfindings, r->nunits);
	for (i = 0; i < r->nunits; i++) {
		const struct rep_unit *u = &r->units[i];

		fputs("unit ", out);
		text_str(out, u->name);
		fprintf(out, " on %d host(s) (", u->nhosts);
		print_hosts(out, r, u);
		fprintf(out, "): %s\n", capmask_str(u->missing, list, sizeof(list), false));
		if (u->merged) {
			fputs("  one drop-in for every host: ", out);
			text_str(out, u->fix.path);
			fputc('\n', out);
			print_indented(out, u->dropin, "    ");
			fputs("  $ ", out);
			text_str(out, u->fix.command);
			fputc('\n', out);
			continue;
		}
		fputs("  no single drop-in: ", out);
		text_str(out, u->why);
		fputs("; each host's own:\n", out);
		for (j = 0; j < u->ntexts; j++) {
			if (!u->texts[j])
				continue;
			fputs("  ", out);
			text_str(out, r->hosts[u->text_host[j]]);
			fputs(":\n", out);
			print_indented(out, u->texts[j], "    ");
		}
	}
}

void rep_print_json(FILE *out, const struct rep *r)
{
	int i, j;

	fputs("{\"type\":\"report\",\"hosts\":[", out);
	for (i = 0; i < r->nhosts; i++) {
		fputs(i ? "," : "", out);
		json_str(out, r->hosts[i]);
	}
	fprintf(out, "],\"records\":%llu,\"findings\":[", (unsigned long long)r->records);
	for (i = 0; i < r->nfindings; i++) {
		const struct rep_finding *f = &r->findings[i];

		fprintf(out, "%s{\"host\":", i ? "," : "");
		json_str(out, r->hosts[f->host]);
		fputs(",\"who\":", out);
		json_str(out, f->who);
		fputs(",\"capability\":", out);
		json_str(out, cap_name(f->cap));
		fputs(",\"syscall\":", out);
		json_str(out, f->syscall[0] ? f->syscall : NULL);
		fprintf(out,
			",\"port\":%d,\"failed\":%s,\"processes\":%llu,\"count\":%llu,"
			"\"pid_min\":%ld,\"pid_max\":%ld}",
			f->port, f->failed ? "true" : "false", (unsigned long long)f->processes,
			(unsigned long long)f->count, f->pid_min, f->pid_max);
	}
	fputs("],\"units\":[", out);
	for (i = 0; i < r->nunits; i++) {
		const struct rep_unit *u = &r->units[i];
		int n = 0;

		fprintf(out, "%s{\"unit\":", i ? "," : "");
		json_str(out, u->name);
		fputs(",\"hosts\":[", out);
		for (j = 0; j < r->nhosts && j < 256; j++)
			if (u->hostmask[j / 64] & (1ULL << (j % 64))) {
				fputs(n++ ? "," : "", out);
				json_str(out, r->hosts[j]);
			}
		fputs("],", out);
		json_capset(out, "missing", u->missing);
		fputs(",\"merged\":", out);
		fputs(u->merged ? "true" : "false", out);
		fputs(",\"path\":", out);
		json_str(out, u->merged ? u->fix.path : NULL);
		fputs(",\"dropin\":", out);
		json_str(out, u->merged ? u->dropin : NULL);
		fputs(",\"command\":", out);
		json_str(out, u->merged ? u->fix.command : NULL);
		fputs(",\"conflict\":", out);
		json_str(out, u->merged ? NULL : u->why);
		fputs(",\"per_host\":[", out);
		for (j = 0, n = 0; j < u->ntexts; j++) {
			if (!u->texts[j])
				continue;
			fprintf(out, "%s{\"host\":", n++ ? "," : "");
			json_str(out, r->hosts[u->text_host[j]]);
			fputs(",\"dropin\":", out);
			json_str(out, u->texts[j]);
			fputc('}', out);
		}
		fputs("]}", out);
	}
	fputs("]}\n", out);
}

int rep_emit(const char *dir, const struct rep *r, char *err, size_t errlen)
{
	struct summary s = {};
	int i, ret;

	s.units = calloc((size_t)r->nunits + 1, sizeof(*s.units));
	if (!s.units)
		return -ENOMEM;
	for (i = 0; i < r->nunits; i++) {
		const struct rep_unit *u = &r->units[i];
		struct summary_group *g = &s.units[s.nunits];

		if (!u->merged) {
			p_err("report --emit: no drop-in for %s: %s", u->name, u->why);
			continue;
		}
		str_copy(g->name, u->name, sizeof(g->name));
		g->missing = u->missing;
		g->has_fix = g->fix_applies = true;
		g->fix = u->fix;
		s.nunits++;
	}
	ret = emit_write(dir, &s, err, errlen);
	free(s.units);
	return ret;
}

void rep_free(struct rep *r)
{
	int i;

	for (i = 0; i < r->nhosts; i++)
		free(r->hosts[i]);
	for (i = 0; i < r->nunits; i++) {
		free(r->units[i].texts);
		free(r->units[i].text_host);
	}
	free(r->hosts);
	free(r->findings);
	free(r->units);
	memset(r, 0, sizeof(*r));
}

/* ---- the command ---- */

static const char report_usage[] =
    "USAGE: capfix report [--json] [--summary] [--emit DIR] FILE...\n"
    "\n"
    "Reads JSON Lines that capfix --json wrote (one file per host, or many hosts in one;\n"
    "'-' is stdin) and prints the findings, one line per host, unit or executable,\n"
    "capability, syscall and port, then one drop-in per unit merged over every host.\n"
    "\n"
    "  -j, --json      one {\"type\":\"report\",...} object instead of text\n"
    "  -s, --summary   only the merged units\n"
    "      --emit DIR  write the merged drop-ins (and capfix-tasks.yml) under DIR\n"
    "  -h, --help      this text\n"
    "\n"
    "A record without a \"host\" member belongs to the host named by its file (its name\n"
    "without .json/.jsonl).\n";

struct loaded {
	struct jnode **recs;
	size_t n;
	char **lines;
};

static int load_file(struct rep *r, struct loaded *l, const char *path)
{
	FILE *f = strcmp(path, "-") ? fopen(path, "re") : stdin;
	char host[256], errbuf[128], *line = NULL, *dot, *copy;
	size_t cap = 0, lineno = 0;
	ssize_t n;
	int err = 0;

	if (!f) {
		p_err("report: cannot open %s: %s", path, strerror(errno));
		return -errno;
	}
	copy = strdup(path);
	str_copy(host, f == stdin ? "stdin" : basename(copy), sizeof(host));
	free(copy);
	dot = strrchr(host, '.');
	if (dot && (!strcmp(dot, ".json") || !strcmp(dot, ".jsonl")))
		*dot = '\0';
	while ((n = getline(&line, &cap, f)) > 0) {
		struct jnode *rec, **recs;
		size_t i;

		lineno++;
		for (i = 0; i < (size_t)n && strchr(" \t\r\n", line[i]); i++)
			;
		if (i == (size_t)n)
			continue;
		rec = jparse(line, (size_t)n, errbuf, sizeof(errbuf));
		if (!rec || rec->type != J_OBJ) {
			p_err("report: %s:%zu: not a JSON object (%s)", path, lineno,
			      rec ? "another JSON value" : errbuf);
			jfree(rec);
			err = -EINVAL;
			break;
		}
		recs = realloc(l->recs, (l->n + 1) * sizeof(*recs));
		if (!recs) {
			jfree(rec);
			err = -ENOMEM;
			break;
		}
		l->recs = recs;
		l->recs[l->n++] = rec;
		err = rep_add(r, rec, host);
		if (err) {
			p_err("report: %s:%zu: %s", path, lineno,
			      err == -EINVAL ? "not a capfix record (no \"type\")"
					     : strerror(-err));
			break;
		}
	}
	if (!err && ferror(f)) {
		err = -EIO;
		p_err("report: reading %s: %s", path, strerror(errno));
	}
	free(line);
	if (f != stdin)
		fclose(f);
	return err;
}

int report_main(int argc, char **argv)
{
	static const struct option opts[] = {
	    {"json", no_argument, NULL, 'j'},
	    {"summary", no_argument, NULL, 's'},
	    {"emit", required_argument, NULL, 'E'},
	    {"help", no_argument, NULL, 'h'},
	    {},
	};
	bool json = false, summary_only = false;
	const char *emit_dir = NULL;
	struct loaded l = {};
	struct rep r = {};
	int c, i, code = 0;
	char msg[512];
	size_t k;

	opterr = 0;
	optind = 1;
	while ((c = getopt_long(argc, argv, "+jsh", opts, NULL)) != -1) {
		switch (c) {
		case 'j':
			json = true;
			break;
		case 's':
			summary_only = true;
			break;
		case 'E':
			emit_dir = optarg;
			break;
		case 'h':
			fputs(report_usage, stdout);
			return 0;
		default:
			p_err("report: invalid option or missing argument: %s\n"
			      "Try 'capfix report --help' for more information.",
			      argv[optind - 1]);
			return 2;
		}
	}
	if (optind >= argc) {
		p_err("report: no FILE given\n"
		      "Try 'capfix report --help' for more information.");
		return 2;
	}
	for (i = optind; i < argc && !code; i++)
		if (load_file(&r, &l, argv[i]))
			code = 1;
	if (!code) {
		rep_merge(&r);
		if (json)
			rep_print_json(stdout, &r);
		else
			rep_print_text(stdout, &r, summary_only);
		if (fflush(stdout) || ferror(stdout))
			code = 1;
	}
	if (!code && emit_dir) {
		int n = rep_emit(emit_dir, &r, msg, sizeof(msg));

		if (n < 0) {
			p_err("report --emit: %s", msg);
			code = 1;
		} else {
			p_info("report --emit: %d file(s) written to %s", n, emit_dir);
		}
	}
	rep_free(&r);
	for (k = 0; k < l.n; k++)
		jfree(l.recs[k]);
	free(l.recs);
	return code;
}
