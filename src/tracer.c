// SPDX-License-Identifier: (LGPL-2.1 OR BSD-2-Clause)
/* The BPF side's lifecycle: open, configure, load, attach (with fallbacks), poll. */
#include <errno.h>
#include <fcntl.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <bpf/bpf.h>
#include <bpf/btf.h>
#include <bpf/libbpf.h>
#include "capfix.skel.h"
#include "capfix_tw.skel.h"
#include "log.h"
#include "probe.h"
#include "retsyms.h"
#include "strutil.h"
#include "tracer.h"
#include "util.h"

/*
 * Two skeletons of one source (Makefile): capfix_tw holds the bpf_task_work programs too.
 * Their globals are the same variables in the same order, so one layout serves both.
 */
_Static_assert(sizeof(struct capfix_bpf__rodata) == sizeof(struct capfix_tw_bpf__rodata),
	       "capfix and capfix_tw objects differ in .rodata");
_Static_assert(sizeof(struct capfix_bpf__bss) == sizeof(struct capfix_tw_bpf__bss),
	       "capfix and capfix_tw objects differ in .bss");

struct tracer {
	struct capfix_bpf *skel; /* kernels without bpf_task_work, or */
	struct capfix_tw_bpf *skel_tw; /* the object that calls it */
	struct bpf_object *obj; /* the loaded one's */
	struct capfix_bpf__bss *bss;
	struct ret_targets ret; /* RESULT_SYSCALL_RET: the syscalls watched */
	struct bpf_link *ret_link;
	struct ret_targets ret_fx; /* RESULT_SYSCALL_FEXIT: the shorter list */
	struct bpf_link **fx_links; /* one program per entry point */
	size_t nfx;
	struct ring_buffer *rb;
	tracer_event_fn fn;
	void *fn_ctx;
	int cgroup_fd;
	enum attach_kind attach;
	enum result_hook result;
	char describe[128];
	char fallback_log[1024];
	unsigned int refuse; /* CAPFIX_TEST_REFUSE: REFUSE_ATTACH(a) | REFUSE_RESULT(r) */
};

static bool verbose;

static int libbpf_print(enum libbpf_print_level level, const char *fmt, va_list args)
{
	/* capfix explains failures itself; -v adds libbpf's own words */
	if (!verbose || level == LIBBPF_DEBUG)
		return 0;
	return vfprintf(stderr, fmt, args);
}

void tracer_set_verbose(bool v)
{
	verbose = v;
	libbpf_set_print(libbpf_print);
}

static const char *attach_name(enum attach_kind a)
{
	switch (a) {
	case ATTACH_TP_BTF:
		return "tp_btf/cap_capable";
	case ATTACH_FEXIT:
		return "fexit/security_capable";
	case ATTACH_KPROBE:
		return "kprobe/security_capable";
	default:
		return "auto";
	}
}

static const char *result_name(enum result_hook r)
{
	switch (r) {
	case RESULT_TASK_WORK:
		return "bpf_task_work";
	case RESULT_SYS_EXIT:
		return "raw_tp/sys_exit";
	case RESULT_SYSCALL_RET:
		return "kretprobe.multi/__x64_sys_*";
	case RESULT_SYSCALL_FEXIT:
		return "fexit/__x64_sys_*";
	default:
		return "none";
	}
}

static int on_rb_event(void *ctx, void *data, size_t size)
{
	struct tracer *t = ctx;

	if (size < sizeof(struct event))
		return 0;
	return t->fn ? t->fn(t->fn_ctx, data) : 0;
}

static void log_fallback(struct tracer *t, enum attach_kind a, enum result_hook r, const char *what,
			 int err)
{
	str_appendf(t->fallback_log, sizeof(t->fallback_log), "%s + %s: %s: %s\n",
		    attach_name(a), result_name(r), what, strerror(-err));
}

/*
 * CAPFIX_TEST_REFUSE="tp_btf,task_work,...": a test switch that makes the named hooks fail to
 * load, so the fallback order and its -v reasons (log_fallback) are tested on any kernel
 * (tests/integration/test_fallback.sh). A refused variant's programs carry a prog_flags bit
 * no kernel defines: BPF_PROG_LOAD itself refuses them with EINVAL (kernel/bpf/syscall.c,
 * bpf_prog_load()), and everything after it is the path a real refusal takes.
 * An environment variable rather than an option: the CLI and its manual stay what operators
 * use. It cannot make capfix do more, only use a costlier hook or exit with an error, and
 * whoever sets root's environment controls more than that already (PATH, LD_PRELOAD);
 * secure_getenv() ignores it when capfix was given privileges by a set-user-ID bit or file
 * capabilities (AT_SECURE), where the environment is a less privileged caller's. When set,
 * capfix always says so.
 */
#define REFUSE_ATTACH(a) (1u << (a))
#define REFUSE_RESULT(r) (1u << (8 + (r)))
#define REFUSE_FLAG (1u << 31) /* a prog_flags bit outside the kernel's BPF_F_* */

static const struct {
	const char *name;
	unsigned int bit;
} refusable[] = {
	{"tp_btf", REFUSE_ATTACH(ATTACH_TP_BTF)},
	{"fexit", REFUSE_ATTACH(ATTACH_FEXIT)},
	{"kprobe", REFUSE_ATTACH(ATTACH_KPROBE)},
	{"task_work", REFUSE_RESULT(RESULT_TASK_WORK)},
	{"syscall_ret", REFUSE_RESULT(RESULT_SYSCALL_RET)},
	{"syscall_fexit", REFUSE_RESULT(RESULT_SYSCALL_FEXIT)},
	{"sys_exit", REFUSE_RESULT(RESULT_SYS_EXIT)},
};

static int test_refusals(unsigned int *mask, char *why, size_t whylen)
{
	const char *env = secure_getenv("CAPFIX_TEST_REFUSE");
	char word[16], esc[64];
	size_t pos = 0, i;
	int n;

	*mask = 0;
	if (!env)
		return 0;
	while ((n = str_next_word(env, strlen(env), &pos, ",", word, sizeof(word)))) {
		for (i = 0; n > 0 && i < ARRAY_SIZE(refusable); i++)
			if (!strcmp(word, refusable[i].name))
				break;
		if (n < 0 || i == ARRAY_SIZE(refusable)) {
			str_printf(why, whylen,
				   "CAPFIX_TEST_REFUSE: unknown hook '%s' (tp_btf, fexit, kprobe, "
				   "task_work, syscall_ret, syscall_fexit or sys_exit)",
				   text_escape(esc, sizeof(esc), word));
			return -EINVAL;
		}
		*mask |= refusable[i].bit;
	}
	/* only known names and commas are left: env prints as itself */
	if (*mask)
		p_warn("CAPFIX_TEST_REFUSE=%s: these hooks are made to fail to load (a test switch)",
		       env);
	return 0;
}

static void set_name_words(volatile __u64 *words, size_t nwords, const char *s)
{
	char buf[CAPFIX_CGROUP_LEN] = {};

	str_copy(buf, s, nwords * 8 < sizeof(buf) ? nwords * 8 : sizeof(buf));
	memcpy((void *)words, buf, nwords * 8);
}

/*
 * The hooks see tgids of the initial pid namespace. In it, getpid() is that tgid; in another
 * one (capfix in a container or a sandboxed unit) the BPF side learns it at capfix's first
 * fork (learn_self() in capfix.bpf.c), see tracer_learn_self().
 */
static void set_self(struct capfix_bpf *skel, struct capfix_tw_bpf *skel_tw,
		     struct capfix_bpf__rodata *ro)
{
	struct capfix_bpf__bss *bss = skel_tw ? (struct capfix_bpf__bss *)skel_tw->bss : skel->bss;
	struct stat st;

	if (stat("/proc/self/ns/pid", &st) || st.st_ino == PROC_PID_INIT_INO) {
		bss->self_tgid = getpid();
		return;
	}
	ro->self_ns_dev = st.st_dev;
	ro->self_ns_ino = st.st_ino;
	ro->self_ns_tgid = getpid();
}

/* one fork after attaching, so that capfix's own tgid is known before anything is traced */
static void tracer_learn_self(struct tracer *t)
{
	pid_t child;

	if (t->bss->self_tgid)
		return;
	child = fork();
	if (child == 0)
		_exit(0);
	if (child > 0)
		while (waitpid(child, NULL, 0) < 0 && errno == EINTR)
			;
	if (!t->bss->self_tgid)
		p_warn("cannot tell capfix's own process apart in this pid namespace: "
		       "its own checks may be reported");
	else
		p_debug("capfix is pid %u in the initial pid namespace", t->bss->self_tgid);
}

static void autoload(struct bpf_object *obj, const char *name)
{
	bpf_program__set_autoload(bpf_object__find_program_by_name(obj, name), true);
}

static bool in_btf(const char *sym, void *btf)
{
	return btf__find_by_name_kind(btf, sym, BTF_KIND_FUNC) > 0;
}

/* the syscall entry points of this kernel (/proc/kallsyms names need no privilege) */
static int ret_targets_load(struct ret_targets *rt)
{
	FILE *fp = fopen("/proc/kallsyms", "re");
	struct btf *btf;
	int err;

	if (rt->n)
		return 0;
	if (!fp)
		return -errno;
	err = ret_targets_read(rt, fp);
	fclose(fp);
	if (err)
		return err;
	/* fexit needs the function in BTF; the few entry points without it stay unwatched */
	btf = btf__load_vmlinux_btf();
	if (btf) {
		ret_targets_filter(rt, in_btf, btf);
		btf__free(btf);
	}
	return rt->n ? 0 : -ENOENT;
}

static int map_fd(const struct tracer *t, const char *name)
{
	return bpf_map__fd(bpf_object__find_map_by_name(t->obj, name));
}

static void destroy_skel(struct capfix_bpf *skel, struct capfix_tw_bpf *skel_tw)
{
	capfix_bpf__destroy(skel);
	capfix_tw_bpf__destroy(skel_tw);
}

static void destroy_clones(struct tracer *t)
{
	size_t i;

	for (i = 0; i < t->nfx; i++)
		bpf_link__destroy(t->fx_links[i]);
	free(t->fx_links);
	t->fx_links = NULL;
	t->nfx = 0;
}

/*
 * RESULT_SYSCALL_FEXIT: a BPF_PROG_TYPE_TRACING program is bound to one function at load,
 * so each watched entry point gets its own copy of the object, with every map (globals
 * included) shared with the loaded one, and only syscall_fexit loaded. Once attached, the
 * link holds the program and the program its maps: the copy and its descriptors go.
 */
static int attach_fexit_clones(struct tracer *t, struct bpf_object *primary)
{
	struct bpf_program *prog;
	struct capfix_bpf *c;
	struct bpf_map *m;
	int err = 0;
	size_t i;

	t->fx_links = calloc(t->ret_fx.n, sizeof(*t->fx_links));
	if (!t->fx_links)
		return -ENOMEM;
	for (i = 0; i < t->ret_fx.n && !err; i++) {
		c = capfix_bpf__open();
		if (!c)
			return -errno;
		bpf_object__for_each_map(m, c->obj) {
			err = bpf_map__reuse_fd(m, bpf_map__fd(bpf_object__find_map_by_name(
							   primary, bpf_map__name(m))));
			if (err)
				break;
		}
		bpf_object__for_each_program(prog, c->obj)
			bpf_program__set_autoload(prog, false);
		bpf_program__set_autoload(c->progs.syscall_fexit, true);
		if (!err)
			err = bpf_program__set_attach_target(c->progs.syscall_fexit, 0,
							     t->ret_fx.syms[i]);
		if (!err)
			err = capfix_bpf__load(c);
		if (!err) {
			t->fx_links[t->nfx] = bpf_program__attach(c->progs.syscall_fexit);
			if (t->fx_links[t->nfx])
				t->nfx++;
			else
				err = -errno;
		}
		capfix_bpf__destroy(c);
	}
	return err;
}

/* one attempt: a fresh skeleton configured for (a, r); 0 or -errno */
static int try_variant(struct tracer *t, const struct tracer_config *cfg,
		       const struct kernel_features *kf, enum attach_kind a, enum result_hook r)
{
	bool tw = r == RESULT_TASK_WORK;
	struct capfix_tw_bpf *skel_tw = NULL;
	struct capfix_bpf *skel = NULL;
	struct capfix_bpf__rodata *ro;
	struct bpf_program *prog;
	struct bpf_object *obj;
	const char *s = tw ? "_tw" : "";
	char name[64];
	int err;

	if (tw)
		skel_tw = capfix_tw_bpf__open();
	else
		skel = capfix_bpf__open();
	if (!skel && !skel_tw) {
		err = -errno;
		log_fallback(t, a, r, "open", err);
		return err;
	}
	obj = tw ? skel_tw->obj : skel->obj;
	ro = tw ? (struct capfix_bpf__rodata *)skel_tw->rodata : skel->rodata;
	set_self(skel, skel_tw, ro);
	ro->filter_tgid = cfg->filter_tgid;
	ro->filter_cgroup = cfg->cgroup_path != NULL;
	ro->filter_unit = cfg->unit != NULL;
	if (cfg->unit)
		set_name_words(ro->unit_name, CAPFIX_CGROUP_LEN / 8, cfg->unit);
	ro->filter_comm = cfg->comm != NULL;
	if (cfg->comm)
		set_name_words(ro->comm_name, CAPFIX_COMM_LEN / 8, cfg->comm);
	ro->result_hook = r;
	if (r == RESULT_SYSCALL_RET)
		memcpy((void *)ro->ret_nrs, t->ret.nrs, sizeof(t->ret.nrs));
	if (r == RESULT_SYSCALL_FEXIT)
		memcpy((void *)ro->ret_nrs, t->ret_fx.nrs, sizeof(t->ret_fx.nrs));
	ro->emit_harmless = cfg->all;
	/* R19: the overcommit probe matters under vm.overcommit_memory=2 */
	ro->noise_table = cfg->noise_table && !kf->overcommit_never;

	bpf_object__for_each_program(prog, obj)
		bpf_program__set_autoload(prog, false);
	switch (a) {
	case ATTACH_TP_BTF:
		snprintf(name, sizeof(name), "cap_capable_tp%s", s);
		autoload(obj, name);
		break;
	case ATTACH_FEXIT:
		snprintf(name, sizeof(name), "security_capable_fexit%s", s);
		autoload(obj, name);
		/* the overcommit probe bypasses security_capable() */
		if (kf->vm_enough_memory) {
			snprintf(name, sizeof(name), "vm_enough_memory_fexit%s", s);
			autoload(obj, name);
		} else if (kf->vm_enough_memory_sym && !tw) {
			autoload(obj, "vm_enough_memory_kretprobe");
		}
		break;
	default:
		autoload(obj, "security_capable_entry");
		autoload(obj, "security_capable_exit");
		if (kf->vm_enough_memory_sym)
			autoload(obj, "vm_enough_memory_kretprobe");
		break;
	}
	if (r == RESULT_SYS_EXIT)
		autoload(obj, "sys_exit");
	if (r == RESULT_SYSCALL_RET) {
		autoload(obj, "syscall_ret");
		/* attached below with the list of entry points, not the section's pattern */
		bpf_program__set_autoattach(bpf_object__find_program_by_name(obj, "syscall_ret"),
					    false);
	}
	/* the traced tree (-p, COMMAND) and capfix's own, which it must not see (issue 12) */
	autoload(obj, "sched_process_fork");
	autoload(obj, "sched_process_exit");
	if (t->refuse & (REFUSE_ATTACH(a) | REFUSE_RESULT(r)))
		bpf_object__for_each_program(prog, obj)
			if (bpf_program__autoload(prog))
				bpf_program__set_flags(prog, bpf_program__flags(prog) | REFUSE_FLAG);

	err = tw ? capfix_tw_bpf__load(skel_tw) : capfix_bpf__load(skel);
	if (err) {
		log_fallback(t, a, r, "load", err);
		goto fail;
	}
	t->obj = obj;
	if (t->cgroup_fd >= 0) {
		__u32 zero = 0;

		err = bpf_map_update_elem(map_fd(t, "cgroup_filter"), &zero, &t->cgroup_fd, BPF_ANY);
		if (err) {
			err = -errno;
			log_fallback(t, a, r, "cgroup filter", err);
			goto fail;
		}
	}
	err = tw ? capfix_tw_bpf__attach(skel_tw) : capfix_bpf__attach(skel);
	if (err) {
		log_fallback(t, a, r, "attach", err);
		goto fail;
	}
	if (r == RESULT_SYSCALL_RET) {
		LIBBPF_OPTS(bpf_kprobe_multi_opts, o, .syms = t->ret.syms, .cnt = t->ret.n,
			    .retprobe = true);

		t->ret_link = bpf_program__attach_kprobe_multi_opts(
			bpf_object__find_program_by_name(obj, "syscall_ret"), NULL, &o);
		if (!t->ret_link) {
			err = -errno;
			log_fallback(t, a, r, "attach", err);
			goto fail;
		}
	}
	if (r == RESULT_SYSCALL_FEXIT) {
		err = attach_fexit_clones(t, obj);
		if (err) {
			log_fallback(t, a, r, "fexit on the syscalls", err);
			goto fail;
		}
	}
	t->skel = skel;
	t->skel_tw = skel_tw;
	t->bss = tw ? (struct capfix_bpf__bss *)skel_tw->bss : skel->bss;
	t->attach = a;
	t->result = r;
	return 0;
fail:
	t->obj = NULL;
	bpf_link__destroy(t->ret_link);
	t->ret_link = NULL;
	destroy_clones(t);
	destroy_skel(skel, skel_tw);
	return err;
}

int tracer_open(struct tracer **out, const struct tracer_config *cfg, char *why, size_t whylen)
{
	enum attach_kind attaches[3];
	enum result_hook results[5];
	struct kernel_features kf;
	int na = 0, nr = 0, i, j, err;
	bool have_ret = false;
	struct tracer *t;

	*out = NULL;
	err = probe_kernel(&kf, why, whylen);
	if (err)
		return err;
	t = calloc(1, sizeof(*t));
	if (!t)
		return -ENOMEM;
	t->cgroup_fd = -1;
	err = test_refusals(&t->refuse, why, whylen);
	if (err)
		goto fail;
	if (cfg->cgroup_path) {
		t->cgroup_fd = open(cfg->cgroup_path, O_RDONLY | O_DIRECTORY | O_CLOEXEC);
		if (t->cgroup_fd < 0) {
			err = -errno;
			str_printf(why, whylen, "cgroup %s: %s", cfg->cgroup_path, strerror(-err));
			goto fail;
		}
	}

	/* the preferred variant first; a forced one still falls back, and -v says why */
	if (cfg->attach != ATTACH_AUTO)
		attaches[na++] = cfg->attach;
	if (cfg->attach != ATTACH_TP_BTF) {
		if (kf.tp_cap_capable)
			attaches[na++] = ATTACH_TP_BTF;
		else
			str_appendf(t->fallback_log, sizeof(t->fallback_log),
				    "tp_btf/cap_capable: no capability:cap_capable tracepoint (Linux < 6.14)\n");
	}
	if (!kf.tp_cap_capable && !kf.vm_enough_memory_sym)
		str_appendf(t->fallback_log, sizeof(t->fallback_log),
			    "cap_vm_enough_memory: not in kallsyms: the overcommit probe (R19) and "
			    "the R3 exec watch are not seen\n");
	else if (!kf.tp_cap_capable && !kf.vm_enough_memory)
		str_appendf(t->fallback_log, sizeof(t->fallback_log),
			    "fexit/cap_vm_enough_memory: not in BTF, a kretprobe watches the "
			    "overcommit probe instead\n");
	if (cfg->attach != ATTACH_FEXIT)
		attaches[na++] = ATTACH_FEXIT;
	if (cfg->attach != ATTACH_KPROBE)
		attaches[na++] = ATTACH_KPROBE;

	/* kretprobe.multi where bpf_task_work is missing, before the host-wide sys_exit */
	if (cfg->result == RESULT_SYSCALL_RET || cfg->result == RESULT_SYSCALL_FEXIT ||
	    !kf.task_work) {
		have_ret = ret_targets_load(&t->ret) == 0 && ret_targets_copy(&t->ret_fx, &t->ret) == 0;
		if (have_ret)
			ret_targets_filter(&t->ret_fx, ret_syscall_fexit_watched, NULL);
		if (!have_ret)
			str_appendf(t->fallback_log, sizeof(t->fallback_log),
				    "kretprobe.multi/__x64_sys_*: no syscall entry points in "
				    "/proc/kallsyms\n");
	}
	if (cfg->result >= 0 &&
	    ((cfg->result != RESULT_SYSCALL_RET && cfg->result != RESULT_SYSCALL_FEXIT) || have_ret))
		results[nr++] = cfg->result;
	if (cfg->result != RESULT_TASK_WORK) {
		if (kf.task_work)
			results[nr++] = RESULT_TASK_WORK;
		else
			str_appendf(t->fallback_log, sizeof(t->fallback_log),
				    "bpf_task_work: kfunc not in this kernel (Linux < 6.18)\n");
	}
	if (cfg->result != RESULT_SYSCALL_RET && have_ret)
		results[nr++] = RESULT_SYSCALL_RET;
	/*
	 * fexit on the syscalls is only tried when asked for (--result syscall_fexit): ~60
	 * programs to verify and trampolines to attach take seconds (measured: bench/RESULTS.md)
	 */
	if (cfg->result != RESULT_SYS_EXIT)
		results[nr++] = RESULT_SYS_EXIT;

	err = -ENOENT;
	for (i = 0; i < na; i++) {
		for (j = 0; j < nr; j++) {
			/* kprobe programs cannot call kfuncs */
			if (attaches[i] == ATTACH_KPROBE && results[j] == RESULT_TASK_WORK)
				continue;
			err = try_variant(t, cfg, &kf, attaches[i], results[j]);
			if (!err)
				goto attached;
			if (err == -EPERM && getuid() != 0 && i == 0 && j == 0)
				break; /* no privileges: every variant will say the same */
		}
	}
	if (err == -EPERM && kf.memlock_charged && getuid() != 0)
		str_printf(why, whylen,
			   "not allowed to load BPF programs (%s): before Linux 5.11 BPF maps count "
			   "against RLIMIT_MEMLOCK: raise it (LimitMEMLOCK=infinity in the unit, "
			   "ulimit -l unlimited) besides CAP_BPF, CAP_PERFMON, CAP_SYS_PTRACE and "
			   "CAP_DAC_READ_SEARCH",
			   strerror(-err));
	else if (err == -EPERM)
		str_printf(why, whylen,
			   "not allowed to load BPF programs (%s): run capfix as root, or with "
			   "CAP_BPF, CAP_PERFMON, CAP_SYS_PTRACE and CAP_DAC_READ_SEARCH",
			   strerror(-err));
	else
		str_printf(why, whylen, "no way to trace capability checks on this kernel:\n%s",
			   t->fallback_log);
	goto fail;

attached:
	tracer_learn_self(t);
	t->rb = ring_buffer__new(map_fd(t, "rb"), on_rb_event, t, NULL);
	if (!t->rb) {
		err = -errno;
		str_printf(why, whylen, "ring buffer: %s", strerror(-err));
		goto fail;
	}
	str_printf(t->describe, sizeof(t->describe), "%s + %s", attach_name(t->attach),
		   result_name(t->result));
	*out = t;
	return 0;
fail:
	tracer_close(t);
	return err;
}

int tracer_add_tgid(struct tracer *t, pid_t tgid)
{
	__u32 key = tgid;
	__u8 one = 1;

	if (bpf_map_update_elem(map_fd(t, "traced"), &key, &one, BPF_ANY))
		return -errno;
	/* a command capfix started is no longer part of capfix's own tree */
	if (bpf_map_delete_elem(map_fd(t, "own_tree"), &key) == 0)
		__atomic_fetch_sub(&t->bss->own_tree_count, 1, __ATOMIC_RELAXED);
	return 0;
}

int tracer_poll(struct tracer *t, int timeout_ms, tracer_event_fn fn, void *ctx)
{
	t->fn = fn;
	t->fn_ctx = ctx;
	return ring_buffer__poll(t->rb, timeout_ms);
}

int tracer_agg_foreach(struct tracer *t, tracer_agg_fn fn, void *ctx)
{
	int fd = map_fd(t, "agg");
	struct agg_key key, next;
	struct agg_val val;
	void *prev = NULL;
	int n = 0;

	while (!bpf_map_get_next_key(fd, prev, &next)) {
		if (!bpf_map_lookup_elem(fd, &next, &val)) {
			fn(ctx, &next, &val);
			n++;
		}
		key = next;
		prev = &key;
	}
	return n;
}

void tracer_stats(struct tracer *t, __u64 out[STAT_MAX])
{
	int ncpu = libbpf_num_possible_cpus(), i, c;
	struct {
		__u64 v[STAT_MAX];
	} *per;
	__u32 zero = 0;

	memset(out, 0, sizeof(__u64) * STAT_MAX);
	if (ncpu <= 0)
		return;
	per = calloc(ncpu, sizeof(*per));
	if (!per)
		return;
	if (!bpf_map_lookup_elem(map_fd(t, "stats"), &zero, per))
		for (c = 0; c < ncpu; c++)
			for (i = 0; i < STAT_MAX; i++)
				out[i] += per[c].v[i];
	free(per);
}

const char *tracer_describe(const struct tracer *t)
{
	return t->describe;
}

const char *tracer_fallback_log(const struct tracer *t)
{
	return t->fallback_log;
}

void tracer_close(struct tracer *t)
{
	if (!t)
		return;
	ring_buffer__free(t->rb);
	bpf_link__destroy(t->ret_link);
	destroy_clones(t);
	destroy_skel(t->skel, t->skel_tw);
	ret_targets_free(&t->ret);
	ret_targets_free(&t->ret_fx);
	if (t->cgroup_fd >= 0)
		close(t->cgroup_fd);
	free(t);
}
