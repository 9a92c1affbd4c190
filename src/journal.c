// SPDX-License-Identifier: (LGPL-2.1 OR BSD-2-Clause)
/* Findings as structured journal entries when stdout is the journal (CAPFIX_UNIT= ...). */
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <sys/uio.h>
#include <syslog.h>
#include <unistd.h>
#include "diagnose.h"
#include "journal.h"
#include "names.h"
#include "strutil.h"

#if defined(HAVE_SDBUS) && HAVE_SDBUS
#include <systemd/sd-journal.h>

bool journal_stdout(void)
{
	const char *js = getenv("JOURNAL_STREAM");
	unsigned long long dev, ino;
	struct stat st;

	/* systemd.exec(5): "the device and inode numbers of the stream", "%u:%u" decimal */
	if (!js || sscanf(js, "%llu:%llu", &dev, &ino) != 2 || fstat(STDOUT_FILENO, &st))
		return false;
	return st.st_dev == dev && st.st_ino == ino;
}

#define JMAX_FIELDS 24

struct jfields {
	struct iovec iov[JMAX_FIELDS];
	int n;
	bool oom;
};

/* FIELD=value; nothing for an empty value (journal fields are absent, not empty) */
static void jf(struct jfields *f, const char *field, const char *val)
{
	char *s;

	if (!val || !*val || f->n == JMAX_FIELDS)
		return;
	if (asprintf(&s, "%s=%s", field, val) < 0) {
		f->oom = true;
		return;
	}
	f->iov[f->n].iov_base = s;
	f->iov[f->n++].iov_len = strlen(s);
}

static void jfn(struct jfields *f, const char *field, long long v)
{
	char buf[32];

	snprintf(buf, sizeof(buf), "%lld", v);
	jf(f, field, buf);
}

int journal_send_finding(const struct report *r, const char *text)
{
	const struct proc_facts *pf = r->pf;
	const struct finding *fd = r->f;
	const struct diagnosis *d = r->d;
	struct jfields f = {};
	char buf[MODEL_TEXT_MAX], port[16];
	int i, err;

	jf(&f, "MESSAGE", text);
	jfn(&f, "PRIORITY", fd->effect == EFFECT_FAILED ? LOG_WARNING : LOG_INFO);
	jf(&f, "SYSLOG_IDENTIFIER", "capfix");
	jf(&f, "CAPFIX_UNIT", pf->unit);
	jf(&f, "CAPFIX_CAPABILITY", fd->cap >= 0 ? cap_name(fd->cap) : NULL);
	jf(&f, "CAPFIX_RECOMMENDED", d && d->cap >= 0 ? cap_name(d->cap) : NULL);
	jf(&f, "CAPFIX_EXE", pf->exe);
	jf(&f, "CAPFIX_COMM", pf->comm);
	jfn(&f, "CAPFIX_PID", pf->pid);
	jfn(&f, "CAPFIX_UID", pf->creds.uid);
	jf(&f, "CAPFIX_SYSCALL", syscall_name(fd->syscall));
	jf(&f, "CAPFIX_ERRNO", fd->err ? errno_name(fd->err) : NULL);
	jf(&f, "CAPFIX_EFFECT",
	   fd->effect == EFFECT_FAILED	   ? "failed"
	   : fd->effect == EFFECT_HARMLESS ? "harmless"
					   : "unknown");
	if (fd->is_bind) {
		snprintf(port, sizeof(port), "%d", fd->port);
		jf(&f, "CAPFIX_PORT", port);
	}
	jf(&f, "CAPFIX_CGROUP", pf->cgroup);
	if (d) {
		buf[0] = '\0';
		for (i = 0; i < d->nblockers; i++)
			str_appendf(buf, sizeof(buf), "%s%s", i ? " " : "",
				    blocker_code_name(d->blockers[i].code));
		jf(&f, "CAPFIX_BLOCKERS", buf);
		if (d->nfixes) {
			jf(&f, "CAPFIX_FIX_KIND", fix_kind_name(d->fixes[0].kind));
			jf(&f, "CAPFIX_FIX", d->fixes[0].command);
			jf(&f, "CAPFIX_FIX_PATH", d->fixes[0].path);
			jf(&f, "CAPFIX_FIX_DROPIN", d->fixes[0].dropin);
		}
	}
	err = f.oom ? -ENOMEM : sd_journal_sendv(f.iov, f.n);
	for (i = 0; i < f.n; i++)
		free(f.iov[i].iov_base);
	return err;
}

int journal_send_summary(const struct summary *s, bool json)
{
	struct jfields f = {};
	char *text = NULL;
	size_t len = 0;
	FILE *m = open_memstream(&text, &len);
	int i, err;

	if (!m)
		return -ENOMEM;
	(json ? output_summary_json : output_summary_text)(m, s);
	if (fclose(m)) {
		free(text);
		return -ENOMEM;
	}
	while (len && text[len - 1] == '\n')
		text[--len] = '\0';
	jf(&f, "MESSAGE", text);
	free(text);
	jfn(&f, "PRIORITY", LOG_INFO);
	jf(&f, "SYSLOG_IDENTIFIER", "capfix");
	jf(&f, "CAPFIX_TYPE", "summary");
	jfn(&f, "CAPFIX_FINDINGS", (long long)s->findings);
	jfn(&f, "CAPFIX_FAILED", (long long)s->failed);
	err = f.oom ? -ENOMEM : sd_journal_sendv(f.iov, f.n);
	for (i = 0; i < f.n; i++)
		free(f.iov[i].iov_base);
	return err;
}

#else /* no libsystemd (the static build): stdout stays the only output */

bool journal_stdout(void)
{
	return false;
}

int journal_send_finding(const struct report *r, const char *text)
{
	(void)r;
	(void)text;
	return -EOPNOTSUPP;
}

int journal_send_summary(const struct summary *s, bool json)
{
	(void)s;
	(void)json;
	return -EOPNOTSUPP;
}

#endif
