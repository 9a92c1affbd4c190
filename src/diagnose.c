// SPDX-License-Identifier: (LGPL-2.1 OR BSD-2-Clause)
/* Why a capability was denied (rules R1-R20) and which fixes can work, best first. */
#include <stdarg.h>
#include <stdio.h>
#include <string.h>
#include <sys/socket.h>
#include <sys/stat.h>
#include <linux/capability.h>
#include <linux/securebits.h>
#include "diagnose.h"
#include "fix.h"
#include "names.h"
#include "strutil.h"
#include "util.h"

#define BIT(c) (1ULL << (c))

static const struct {
	const char *name;
	const char *rule;
	const char *fallback; /* used when the sentence with the facts does not fit */
} blocker_info[BLOCKER__COUNT] = {
    [BLOCKER_NO_NEW_PRIVS] = {"no_new_privs", "R1",
			      "NoNewPrivs is set: file capabilities cannot raise the permitted "
			      "set of a non-root process, so setcap has no effect (R1)."},
    [BLOCKER_BOUNDING_SET] = {"bounding_set", "R4",
			      "The capability is not in the bounding set: neither setcap nor "
			      "ambient capabilities can grant it (R4)."},
    [BLOCKER_NOSUID_MOUNT] = {"nosuid_mount", "R2",
			      "The executable is on a nosuid mount: the kernel ignores its file "
			      "capabilities (R2)."},
    [BLOCKER_FOREIGN_MOUNT] = {"foreign_mount", "R2",
			       "The executable is in another mount namespace: the kernel "
			       "ignores its file capabilities (R2)."},
    [BLOCKER_INTERPRETER] = {"interpreter", "R7",
			     "The program is a script: capabilities come from the interpreter "
			     "binary, so setcap on the script has no effect (R7)."},
    [BLOCKER_USER_NAMESPACE] = {"user_namespace", "R11",
				"The process is in a child user namespace and the check was "
				"against the initial one, where its capabilities do not count "
				"(R11)."},
    [BLOCKER_FILE_CAPS_MISSING] = {"file_caps_missing", "R16",
				   "The executable carries no file capability for it; an upgrade, "
				   "a copy or a chown removes them (R16)."},
    [BLOCKER_FILE_CAPS_NOT_EFFECTIVE] = {"file_caps_not_effective", "R3",
					 "The file capability is permitted (+p) but not "
					 "effective (+e), and the program does not raise it "
					 "itself."},
    [BLOCKER_SETUID_EXE] = {"setuid_exe", "R8",
			    "The executable is setuid root, but that does not apply here (R8)."},
    [BLOCKER_CONTAINER_NONROOT] = {"container_nonroot", "R5",
				   "The container runs as a non-root user: --cap-add only fills "
				   "its bounding set (R5)."},
    [BLOCKER_SYSTEMD_USER_MANAGER] = {"systemd_user_manager", "R18",
				      "A systemd user manager has no capabilities to give: its "
				      "units cannot grant any."},
    [BLOCKER_LSM] = {"lsm", "R14",
		     "The capability check passed but the syscall still failed: a security "
		     "module (SELinux, AppArmor, Landlock) denied it (R14)."},
    [BLOCKER_CAPABILITY_DUMB] = {"capability_dumb", "R3",
				 "The executable's +ep file capability is outside the bounding "
				 "set, so the kernel refuses to run it (R3)."},
    [BLOCKER_FILE_CAPS_ROOTID] = {"file_caps_rootid", "R12",
				  "The file capabilities are v3, bound to another user "
				  "namespace's root: they do not count here (R12)."},
    [BLOCKER_NOROOT] = {"noroot", "R9",
			"SECBIT_NOROOT is set: root gets no capabilities automatically at "
			"exec (R9)."},
    [BLOCKER_PRIVILEGE_DROPPED] = {"privilege_dropped", "R10",
				   "The program switched away from root itself, which cleared "
				   "its capabilities (R10)."},
    [BLOCKER_PRIVATE_USERS] = {"private_users", "R11",
			       "PrivateUsers=yes: the service holds no capability in the host's "
			       "user namespace (R11)."},
    [BLOCKER_INIT_NS_ONLY] = {"init_ns_only", "R11",
			      "The capability only counts in the initial user namespace and the "
			      "process runs in a child one (R11)."},
    [BLOCKER_AMBIENT_LOST] = {"ambient_lost", "R6",
			      "Exec of a file with file capabilities cleared the ambient "
			      "capabilities (R6)."},
    [BLOCKER_CRED_NOT_CURRENT] = {"cred_not_current", "R20",
				  "The kernel checked other credentials than this process's "
				  "own (R20)."},
    [BLOCKER_SHARED_EXE] = {"shared_exe", "R7",
			    "The executable runs other programs for whoever calls it: file "
			    "capabilities on it would serve every user and never reach the "
			    "program it starts (R7)."},
    [BLOCKER_SETUID_FILE] = {"setuid_file", "R8",
			     "The executable is setuid or setgid: setcap on it changes how it "
			     "works for every user (R8)."},
    [BLOCKER_PATH_WRITABLE] = {"path_writable", "SEC",
			       "A non-root user can write or replace the executable or a "
			       "directory on its path: file capabilities there would be theirs."},
    [BLOCKER_PATH_INEXACT] = {"path_inexact", "SEC",
			      "The executable's path is not known exactly (cut short by the "
			      "kernel, or not verifiable): setcap could hit another file."},
};

static const char *const fix_names[FIX__COUNT] = {
    [FIX_SYSTEMD] = "systemd",
    [FIX_SOCKET_ACTIVATION] = "socket_activation",
    [FIX_SYSCTL] = "sysctl",
    [FIX_SETCAP] = "setcap",
    [FIX_AMBIENT_WRAPPER] = "ambient_wrapper",
    [FIX_DOCKER] = "docker",
    [FIX_KUBERNETES] = "kubernetes",
    [FIX_OWNERSHIP] = "ownership",
    [FIX_CONFIG] = "config",
};

const char *blocker_code_name(enum blocker_code c)
{
	return (unsigned int)c < BLOCKER__COUNT ? blocker_info[c].name : "unknown";
}

const char *fix_kind_name(enum fix_kind k)
{
	return (unsigned int)k < FIX__COUNT ? fix_names[k] : "unknown";
}

/*
 * Per-capability knowledge, section 3 of the rules. init_ns_only: the kernel uses
 * capable() (the initial user namespace) for it (R11). ownership: the usual cause is a
 * file's owner or mode, and fixing that beats a capability that overrides every file on
 * the system. alt_first: the non-capability alternative ranks above granting the cap.
 */
struct cap_info {
	int cap;
	bool init_ns_only;
	bool ownership;
	bool alt_first;
	const char *alt_settings; /* [Service] settings doing the job without the cap */
	const char *alt_warning;
};

static const struct cap_info cap_table[] = {
    {CAP_CHOWN, .ownership = true, .alt_first = true},
    {CAP_DAC_OVERRIDE, .ownership = true, .alt_first = true},
    {CAP_DAC_READ_SEARCH, .ownership = true, .alt_first = true},
    {CAP_FOWNER, .ownership = true, .alt_first = true},
    /* vfs_mknod uses capable() */
    {CAP_MKNOD, .init_ns_only = true},
    {CAP_SYS_MODULE, .init_ns_only = true},
    {CAP_SYS_TIME, .init_ns_only = true},
    /* can_nice(); RLIMIT_NICE / RLIMIT_RTPRIO let an unprivileged process do the same */
    {CAP_SYS_NICE, .init_ns_only = true, .alt_first = true,
     .alt_settings = "LimitNICE=-20\nLimitRTPRIO=99\n",
     .alt_warning = "Raises RLIMIT_NICE and RLIMIT_RTPRIO instead of granting CAP_SYS_NICE: "
		    "the program may then lower its nice value or use real-time "
		    "scheduling up to those limits, nothing more (setrlimit(2))."},
    /* can_do_mlock(): mlock within RLIMIT_MEMLOCK needs no capability */
    {CAP_IPC_LOCK, .init_ns_only = true, .alt_first = true,
     .alt_settings = "LimitMEMLOCK=infinity\n",
     .alt_warning = "Raises RLIMIT_MEMLOCK instead of granting CAP_IPC_LOCK: mlock(2) "
		    "within the limit needs no capability."},
    /* do_prlimit: raising a hard limit needs it; the manager can set the limit instead */
    {CAP_SYS_RESOURCE, .alt_first = true, .alt_settings = "LimitNOFILE=524288\n",
     .alt_warning = "Sets the limit in the manager instead of letting the program raise it "
		    "(CAP_SYS_RESOURCE): use the Limit*= setting of the resource it "
		    "raises (LimitNOFILE=, LimitNPROC=, LimitSTACK=, ...)."},
    {CAP_BPF, .init_ns_only = true},
    {CAP_PERFMON, .init_ns_only = true},
};

static const struct cap_info *cap_info_of(int cap)
{
	static const struct cap_info none = {.cap = -1};
	size_t i;

	for (i = 0; i < ARRAY_SIZE(cap_table); i++)
		if (cap_table[i].cap == cap)
			return &cap_table[i];
	return &none;
}

/*
 * Where the process lives decides which fixes exist and their order. Within a context
 * the fixes are ranked by a slot (one row per context below, lower is better, -1 means
 * not offered there). The reasons for each order:
 *
 * SERVICE (a systemd system service): the ambient drop-in first. It gives one
 * capability to one unit, survives package upgrades (setcap does not, R16), needs nothing
 * from the program (socket activation does) and widens nothing for other users (the
 * sysctl does). R17's "cheapest first" list is about what avoids a capability at all;
 * those follow: socket activation, then the namespace-wide sysctl, then setcap, which is
 * fragile (R16) and grants the capability to every user who runs the file.
 *
 * CONTAINER: the sysctl first. The container's network namespace is its own, so the
 * sysctl widens nothing outside it and works for root and non-root users alike, which is
 * R5's order; --cap-add/capabilities.add next (with RUN setcap for a non-root user, R5).
 *
 * PLAIN (no manager, or a login session) and USER_MGR (a user manager, which cannot grant
 * capabilities): setcap first, the only fix that does not change how the program is
 * started; then the setpriv ambient wrapper (R7's fix for scripts), the sysctl, a new
 * system unit, socket activation (it needs a unit and the program's support).
 *
 * In every context a non-capability alternative that is strictly less privilege (an
 * rlimit, an owned directory) comes first, and last resorts (setcap on an interpreter)
 * come last.
 */
enum ctx_kind { CTX_SERVICE, CTX_CONTAINER, CTX_PLAIN, CTX_USER_MGR, CTX__COUNT };
enum slot {
	S_ALT_FIRST,
	S_MANAGER, /* systemd drop-in, docker/kubernetes cap-add */
	S_SOCKET,
	S_SYSCTL,
	S_SETCAP,
	S_WRAPPER,
	S_SETCAP_ROOT, /* setcap of a root-equivalent capability (cap_root_equivalent()) */
	S_NEW_UNIT,
	S_ALT_LATER,
	S_LAST,
	S__COUNT,
};

static const int slot_rank[CTX__COUNT][S__COUNT] = {
    /*		   ALT1 MGR SOCK SYSCTL SETCAP WRAP SETCAP_ROOT NEWUNIT ALT2 LAST */
    [CTX_SERVICE] = {0, 1, 2, 3, 4, -1, 4, -1, 5, 9},
    [CTX_CONTAINER] = {0, 2, -1, 1, -1, -1, -1, -1, 3, 9},
    [CTX_PLAIN] = {0, -1, 5, 3, 1, 2, 4, 4, 6, 9},
    [CTX_USER_MGR] = {0, -1, -1, 3, 1, 2, 4, 4, 6, 9},
};

struct ctx {
	const struct proc_facts *pf;
	const struct finding *f;
	struct diagnosis *d;
	int rank[MODEL_MAX_FIXES];
	enum ctx_kind kind;
	const struct cap_info *ci;
	int cap;      /* d->cap */
	__u64 grant;  /* what the fixes grant (a mask: CAP_BPF and CAP_PERFMON may go together) */
	char cn[200]; /* its names for sentences: "CAP_BPF and CAP_PERFMON" */
	const char *exe;      /* resolved path when known */
	const char *unit;     /* CTX_SERVICE: the unit */
	struct unit_props up; /* the unit's props, completed from the process where unknown */
	bool unit_is_root;
	bool nonroot;
	bool fcaps_count;	/* the file has caps and the kernel honours them here (step 0) */
	bool port_fix;		/* a low-port bind the sysctl/socket activation can solve (R17) */
	const char *sc;		/* the syscall's name for sentences */
	bool in_bnd, perm, eff; /* grant is in the bounding, permitted, effective set */
	__u64 blockers;		/* one bit per enum blocker_code */
	bool setuid_drops; /* a setuid-root program that gave up root for its non-root caller */
	bool drops_file_caps; /* the program clears what a file capability gave it */
};

/*
 * Programs known to clear their capabilities at start when they run as non-root unless
 * the capability is also inheritable: iproute2's ip (lib/utils.c drop_cap(), "apps with
 * ambient caps can fork and call ip"). Ambient grants set the inheritable bit; setcap
 * does not (P'(inh) = P(inh)), so only the ambient fixes work for them.
 */
static bool drops_file_caps(const char *exe)
{
	static const char *const progs[] = {"/usr/bin/ip", "/bin/ip", "/usr/sbin/ip", "/sbin/ip",
					    NULL};
	const char *const *p;

	for (p = progs; exe && *p; p++)
		if (!strcmp(exe, *p))
			return true;
	return false;
}

static bool has(const struct ctx *x, enum blocker_code c)
{
	return x->blockers & BIT(c);
}

static void add_blocker(struct ctx *x, enum blocker_code c, const char *fmt, ...)
    __attribute__((format(printf, 3, 4)));
static void add_blocker(struct ctx *x, enum blocker_code c, const char *fmt, ...)
{
	struct diagnosis *d = x->d;
	struct blocker *b;
	va_list ap;
	int n;

	if (has(x, c) || d->nblockers >= MODEL_MAX_BLOCKERS)
		return;
	x->blockers |= BIT(c);
	b = &d->blockers[d->nblockers++];
	b->code = c;
	b->rule = blocker_info[c].rule;
	va_start(ap, fmt);
	n = vsnprintf(b->text, sizeof(b->text), fmt, ap);
	va_end(ap);
	/* a sentence cut in the middle of a path says something else: use the plain one */
	if (n < 0 || (size_t)n >= sizeof(b->text))
		str_copy(b->text, blocker_info[c].fallback, sizeof(b->text));
}

/* a capability that overrides every file's permissions, where the file is known (R19) */
static bool dac_demoted(const struct ctx *x, enum slot s, const struct fix *fx)
{
	return x->f->file_known && s != S_ALT_FIRST && fx->kind != FIX_OWNERSHIP &&
	       (x->grant & (BIT(CAP_DAC_OVERRIDE) | BIT(CAP_DAC_READ_SEARCH)));
}

/* inserts fx by rank, stable; a full list drops its worst entry */
static void add_fix(struct ctx *x, enum slot s, const struct fix *fx)
{
	struct diagnosis *d = x->d;
	int r = slot_rank[x->kind][s], pos, i;

	if (r < 0)
		return;
	if (dac_demoted(x, s, fx))
		r = slot_rank[x->kind][S_LAST];
	for (pos = 0; pos < d->nfixes && x->rank[pos] <= r; pos++)
		;
	if (pos >= MODEL_MAX_FIXES)
		return;
	if (d->nfixes == MODEL_MAX_FIXES)
		d->nfixes--;
	for (i = d->nfixes; i > pos; i--) {
		d->fixes[i] = d->fixes[i - 1];
		x->rank[i] = x->rank[i - 1];
	}
	d->fixes[pos] = *fx;
	if (r == slot_rank[x->kind][S_LAST] && dac_demoted(x, s, fx))
		str_appendf(d->fixes[pos].warning, sizeof(d->fixes[pos].warning), "%s%s",
			    fx->warning[0] ? " " : "",
			    "A DAC capability lets the program read (or write) every file of the "
			    "system, /etc/shadow included: close to root. Fix the file instead.");
	x->rank[pos] = r;
	d->nfixes++;
}

static const char *capn(int cap)
{
	const char *n = cap_name(cap);

	return n ? n : "an unknown capability";
}

/* "CAP_A", "CAP_A and CAP_B", "CAP_A, CAP_B and CAP_C" */
static void cap_names_join(__u64 mask, char *buf, size_t len)
{
	const struct capmask_style st = {.sep = ", ", .last_sep = " and ", .known_only = true};

	capmask_render(buf, len, mask, &st);
}

/* ---- R19: the least-privileged capability of a chain ---- */

static bool syscall_is(int nr, const char *const *names)
{
	const char *n = syscall_name(nr);

	for (; n && *names; names++)
		if (!strcmp(n, *names))
			return true;
	return false;
}

/*
 * generic_permission() (fs/namei.c) asks for CAP_DAC_READ_SEARCH only when the access
 * does not write (a file read, a directory read or search), whichever of the two it
 * asks first on a given kernel (R19). So DAC_READ_SEARCH in the chain means the failed
 * access was read-only and DAC_READ_SEARCH alone would have passed it. The exception is
 * a syscall that goes on to write after the lookup (unlink, rename, mkdir...): a
 * lookup that failed on search would then fail again on the write check, which needs
 * DAC_OVERRIDE. Unlike a guess from the syscall alone, this also gets open() right,
 * whose flags we do not see.
 */
static const char *const writing_syscalls[] = {
    "unlink",	   "unlinkat",	   "rename", "renameat", "renameat2", "mkdir",	  "mkdirat",
    "rmdir",	   "link",	   "linkat", "symlink",	 "symlinkat", "mknod",	  "mknodat",
    "creat",	   "truncate",	   "chmod",  "fchmodat", "fchmodat2", "chown",	  "lchown",
    "fchownat",	   "utimensat",	   "utimes", "utime",	 "futimesat", "setxattr", "lsetxattr",
    "removexattr", "lremovexattr", NULL,
};

static int least_privileged(const struct finding *f, __u64 *grant)
{
	__u64 ch = f->chain | (f->cap >= 0 && f->cap <= CAPFIX_MAX_CAP ? BIT(f->cap) : 0);

	*grant = f->cap >= 0 && f->cap < CAP_NAMES_COUNT ? BIT(f->cap) : 0;
	if ((ch & BIT(CAP_DAC_READ_SEARCH)) && (ch & BIT(CAP_DAC_OVERRIDE))) {
		int c = syscall_is(f->syscall, writing_syscalls) ? CAP_DAC_OVERRIDE
								 : CAP_DAC_READ_SEARCH;

		*grant = BIT(c);
		return c;
	}
	/* bpf_capable() and perfmon_capable() accept CAP_BPF / CAP_PERFMON before
	 * CAP_SYS_ADMIN; checkpoint_restore_ns_capable() likewise (R19) */
	if (ch & BIT(CAP_SYS_ADMIN)) {
		__u64 specific =
		    ch & (BIT(CAP_BPF) | BIT(CAP_PERFMON) | BIT(CAP_CHECKPOINT_RESTORE));

		if (specific) {
			*grant = specific;
			if (f->cap >= 0 && f->cap <= CAPFIX_MAX_CAP && (specific & BIT(f->cap)))
				return f->cap;
			return specific & BIT(CAP_BPF)	     ? CAP_BPF
			       : specific & BIT(CAP_PERFMON) ? CAP_PERFMON
							     : CAP_CHECKPOINT_RESTORE;
		}
	}
	/* SO_MARK / SO_PRIORITY > 6 accept CAP_NET_RAW since 5.17 (R19) */
	if ((ch & BIT(CAP_NET_RAW)) && (ch & BIT(CAP_NET_ADMIN))) {
		*grant = BIT(CAP_NET_RAW);
		return CAP_NET_RAW;
	}
	return f->cap;
}

/* ---- blockers ---- */

/* where no_new_privs comes from (R1), "" when we cannot tell */
static void nnp_source(const struct ctx *x, char *buf, size_t len)
{
	const struct unit_props *up = &x->pf->unit_props;
	const char *u = x->pf->unit;

	buf[0] = '\0';
	if (up->known && up->no_new_privileges)
		str_printf(buf, len, " (NoNewPrivileges=yes in %s)", u);
	else if (up->known && up->dynamic_user)
		str_printf(buf, len, " (DynamicUser=yes in %s implies NoNewPrivileges=, R18)", u);
	else if (up->known && up->implies_nnp)
		str_printf(buf, len,
			   " (%s= in %s implies NoNewPrivileges= for a service without "
			   "CAP_SYS_ADMIN)",
			   up->implies_nnp_by[0] ? up->implies_nnp_by : "a sandboxing option", u);
	else if (x->pf->runtime == RUNTIME_KUBERNETES)
		str_copy(buf, " (allowPrivilegeEscalation: false, probably)", len);
	else if (x->kind == CTX_CONTAINER)
		str_copy(buf, " (--security-opt no-new-privileges, probably)", len);
	else if (x->kind == CTX_SERVICE)
		str_printf(buf, len, " (inherited: %s sets no option known to imply it)", u);
}

static bool rootid_bad(const struct proc_facts *pf)
{
	const struct file_caps *fc = &pf->fcaps;

	/* rootid_owns_currentns (security/commoncap.c): the rootid must map to root in the
	 * caller's user namespace or an ancestor; the initial namespace's root is 0 */
	if (fc->present != TRI_YES || !fc->has_rootid || fc->rootid == 0)
		return false;
	if (!pf->userns_child)
		return true;
	return pf->userns_root_known && fc->rootid != pf->userns_root_uid;
}

/* R14: the sets allowed it, an LSM said no; nothing else applies */
static bool r14_lsm(struct ctx *x)
{
	const struct proc_facts *pf = x->pf;
	const struct finding *f = x->f;

	if (!f->lsm_suspect)
		return false;
	add_blocker(x, BLOCKER_LSM,
		    "The capability check passed (%s is in the effective set), yet %s() "
		    "failed with %s: %s denied it, not the capability rules (R14).",
		    x->cn, x->sc, errno_name(f->err) ? errno_name(f->err) : "an error",
		    pf->lsm[0] ? pf->lsm : "a security module (SELinux, AppArmor or Landlock)");
	return true;
}

/* R20: the checked cred is not the process's own */
static void r20_cred_not_current(struct ctx *x)
{
	if (x->f->cred_not_current)
		add_blocker(
		    x, BLOCKER_CRED_NOT_CURRENT,
		    "The kernel checked other credentials than this process's own (the "
		    "opener of the socket, or another task, R20): granting %s to %s may not "
		    "be enough; the process that opened the socket needs it.",
		    x->cn, x->pf->comm);
}

/* R3: F(eff) set and a F(perm) bit lost to the bounding set: execve EPERM; nothing else applies */
static bool r3_capability_dumb(struct ctx *x)
{
	if (!x->f->exec_fail)
		return false;
	add_blocker(x, BLOCKER_CAPABILITY_DUMB,
		    "%s carries %s as an effective file capability (+ep), and the kernel "
		    "refuses to run such a capability-dumb program unless it gets every "
		    "capability the file lists: execve() failed with EPERM before any "
		    "capability check (R3).",
		    x->exe, x->cn);
	add_blocker(x, BLOCKER_BOUNDING_SET,
		    "%s is not in the bounding set of the process that ran it%s%s, so exec "
		    "cannot grant it (R4).",
		    x->cn, x->kind == CTX_SERVICE ? ", set by " : "",
		    x->kind == CTX_SERVICE ? x->unit : "");
	return true;
}

/* R4: F(perm) is ANDed with the bounding set; ambient caps need it too */
static void r4_bounding_set(struct ctx *x)
{
	const struct proc_facts *pf = x->pf;
	const struct unit_props *up = &pf->unit_props;
	__u64 bit = x->grant;
	char where[256], missing[200];

	if (x->in_bnd)
		return;
	cap_names_join(bit & ~pf->creds.caps.bounding, missing, sizeof(missing));
	where[0] = '\0';
	if (up->known && up->bounding_set_known && (up->bounding_set & bit) != bit)
		str_printf(where, sizeof(where), " (CapabilityBoundingSet= of %s excludes it)",
			   pf->unit);
	else if (pf->runtime == RUNTIME_KUBERNETES)
		str_copy(where, " (not in the container's securityContext.capabilities.add)",
			 sizeof(where));
	else if (x->kind == CTX_CONTAINER)
		str_printf(where, sizeof(where), " (%s started the container without --cap-add %s)",
			   runtime_label(pf->runtime), missing + 4);
	add_blocker(x, BLOCKER_BOUNDING_SET,
		    "%s is not in the bounding set%s: nothing this process runs can gain it, "
		    "neither setcap nor ambient capabilities help (R4)%s",
		    missing, where,
		    up->known && (up->ambient & bit)
			? "; AmbientCapabilities= names it, but systemd drops ambient "
			  "capabilities outside the bounding set (R18)."
			: ".");
}

/* R11: user namespaces */
static void r11_user_namespace(struct ctx *x)
{
	const struct proc_facts *pf = x->pf;
	const struct unit_props *up = &pf->unit_props;
	bool pu = up->known && up->private_users;

	if (!pf->userns_child)
		return;
	if (pu)
		add_blocker(x, BLOCKER_PRIVATE_USERS,
			    "PrivateUsers=yes in %s runs it in its own user namespace, where it "
			    "holds no capability over the host's resources, even as root (R11).",
			    pf->unit);
	if (x->ci->init_ns_only)
		add_blocker(x, BLOCKER_INIT_NS_ONLY,
			    "The kernel checks %s only in the initial user namespace "
			    "(capable()), and this process runs in a child user namespace: no "
			    "capability granted inside it can help (R11).",
			    x->cn);
	else if (!pf->target_ns_child && !pu)
		add_blocker(x, BLOCKER_USER_NAMESPACE,
			    "This process runs in a child user namespace, but %s() was checked "
			    "against a namespace the initial user namespace owns (%s), where "
			    "capabilities held inside do not count (R11).",
			    x->sc, x->f->is_bind ? "the host's network namespace" : "the host's");
}

/* R18: a systemd user manager runs unprivileged and has nothing to hand down */
static void r18_user_manager(struct ctx *x)
{
	const struct proc_facts *pf = x->pf;

	if (x->kind == CTX_USER_MGR && !x->perm)
		add_blocker(x, BLOCKER_SYSTEMD_USER_MANAGER,
			    "%s runs under the systemd user manager of uid %u (user@%u.service), "
			    "which holds no capabilities: AmbientCapabilities= in a user unit "
			    "cannot grant %s.",
			    pf->unit[0] ? pf->unit : "It", (unsigned int)pf->user_manager_uid,
			    (unsigned int)pf->user_manager_uid, x->cn);
}

/* R5: runtimes fill only the bounding set of a non-root container process */
static void r5_container_nonroot(struct ctx *x)
{
	if (x->kind == CTX_CONTAINER && x->nonroot && x->in_bnd && !x->perm)
		add_blocker(x, BLOCKER_CONTAINER_NONROOT,
			    "The container runs as uid %u: %s puts added capabilities "
			    "(--cap-add, capabilities.add) only into a non-root process's "
			    "bounding set, never into its permitted or ambient set, so that alone "
			    "gives it nothing (R5).",
			    (unsigned int)x->pf->creds.uid, runtime_label(x->pf->runtime));
}

/* R10: all uids switched away from root clear permitted and effective; R6: ambient too */
static void r10_privilege_dropped(struct ctx *x)
{
	const struct proc_facts *pf = x->pf;
	const struct unit_props *up = &pf->unit_props;
	char where[256] = "";

	if (!x->nonroot || x->perm)
		return;
	if (x->kind == CTX_SERVICE && up->known && !up->user[0] && !up->dynamic_user)
		str_printf(where, sizeof(where), "%s starts it as root (no User=)", pf->unit);
	else if (pf->parent.known && pf->parent.uid == 0 && pf->parent.same_exe)
		str_copy(where,
			 "Its parent runs the same program as root, so it looks like a worker "
			 "that a root master forked",
			 sizeof(where));
	else if (pf->creds.uid == 0 || pf->creds.suid == 0)
		str_printf(where, sizeof(where), "Its real or saved uid is still 0");
	if (where[0])
		add_blocker(x, BLOCKER_PRIVILEGE_DROPPED,
			    "%s, and the program itself switched to uid %u: that switch clears "
			    "the permitted and effective sets, the ambient set with them, so "
			    "capabilities granted at start are gone by the time of %s() (R10, "
			    "R6).",
			    where, (unsigned int)pf->creds.euid, x->sc);
}

/* R9: SECBIT_NOROOT disables root's automatic capabilities */
static void r9_noroot(struct ctx *x)
{
	const struct proc_facts *pf = x->pf;
	const struct unit_props *up = &pf->unit_props;
	char where[256] = "";

	if (pf->creds.euid != 0 || x->perm || !x->in_bnd ||
	    !((pf->securebits_known && (pf->creds.securebits & SECBIT_NOROOT)) ||
	      (up->known && (up->secure_bits & SECBIT_NOROOT))))
		return;
	if (up->known && (up->secure_bits & SECBIT_NOROOT))
		str_printf(where, sizeof(where), " (SecureBits=noroot in %s)", pf->unit);
	add_blocker(x, BLOCKER_NOROOT,
		    "SECBIT_NOROOT is set%s: root gets no capabilities automatically at exec, "
		    "only file or ambient ones (R9).",
		    where);
}

/* R6: a file with any capability xattr clears the ambient set at exec */
static void r6_ambient_lost(struct ctx *x)
{
	const struct proc_facts *pf = x->pf;
	const struct unit_props *up = &pf->unit_props;
	__u64 bit = x->grant;
	char where[256] = "", list[256];

	if (!x->nonroot || !x->in_bnd || (pf->creds.caps.ambient & bit) || !x->fcaps_count)
		return;
	if (up->known && (up->ambient & bit))
		str_printf(where, sizeof(where), "%s grants %s with AmbientCapabilities=", pf->unit,
			   x->cn);
	else if (pf->parent.known && (pf->parent.ambient & bit))
		str_printf(where, sizeof(where), "Its parent holds %s as an ambient capability",
			   x->cn);
	capmask_str(pf->fcaps.permitted, list, sizeof(list), true);
	if (where[0])
		add_blocker(x, BLOCKER_AMBIENT_LOST,
			    "%s, but %s carries file capabilities (%s), and exec of a file with "
			    "any capability xattr clears the ambient set (R6).",
			    where, x->exe, list[0] ? list : "none permitted");
}

/*
 * R1, step 5: the gain is clipped to the permitted set before exec, empty for a non-root
 * process. Except under systemd with User= and any AmbientCapabilities=: exec_child() sets
 * keep-caps before the uid change, so the process reaches execve with root's permitted set
 * and a file's caps survive the clipping (verified on systemd 252,
 * tests/integration/test_systemd_sandbox.sh).
 */
static void r1_no_new_privs(struct ctx *x)
{
	char where[256];

	if (!x->pf->creds.no_new_privs ||
	    (x->up.known && x->up.user[0] && x->up.ambient && !x->up.dynamic_user))
		return;
	nnp_source(x, where, sizeof(where));
	add_blocker(x, BLOCKER_NO_NEW_PRIVS,
		    "NoNewPrivs is set%s: file capabilities cannot raise the permitted set of a "
		    "non-root process, so setcap on %s has no effect (R1).",
		    where, x->exe);
}

/* R2: file capabilities count only on a suid-capable mount of the process's namespace */
static void r2_nosuid_or_foreign_mount(struct ctx *x)
{
	const struct proc_facts *pf = x->pf;

	if (pf->mount_nosuid == TRI_YES)
		add_blocker(x, BLOCKER_NOSUID_MOUNT,
			    "%s is on %s, mounted nosuid: the kernel ignores file capabilities "
			    "and setuid bits there, so setcap on it has no effect (R2).",
			    x->exe, pf->mount_point[0] ? pf->mount_point : "a mount");
	if (pf->foreign_mount == TRI_YES)
		add_blocker(x, BLOCKER_FOREIGN_MOUNT,
			    "%s lives in another mount namespace than the process: the kernel "
			    "ignores its file capabilities (mnt_may_suid, R2).",
			    x->exe);
}

/* R7: the kernel takes capabilities from the interpreter, not the script */
static void r7_interpreter(struct ctx *x)
{
	const struct proc_facts *pf = x->pf;

	if (pf->is_interpreter)
		add_blocker(x, BLOCKER_INTERPRETER,
			    "%s is an interpreter running %s: the kernel takes capabilities from "
			    "the interpreter binary, so setcap on the script has no effect, and "
			    "setcap on the interpreter would give %s to every script it runs "
			    "(R7).",
			    x->exe, pf->script[0] ? pf->script : "a script", x->cn);
}

/* R12: v3 file caps count only in the user namespace of their rootid */
static void r12_rootid(struct ctx *x)
{
	if (rootid_bad(x->pf))
		add_blocker(x, BLOCKER_FILE_CAPS_ROOTID,
			    "The file capabilities of %s are v3, bound to root uid %u of a user "
			    "namespace (setcap was run inside one): they count only there, not "
			    "for this process (R12).",
			    x->exe, (unsigned int)x->pf->fcaps.rootid);
}

/* R8: setuid-root + file caps: a non-root user gets only the file caps. R1/R2: no setuid
 * at all under no_new_privs or on nosuid */
static void r8_setuid_exe(struct ctx *x)
{
	const struct proc_facts *pf = x->pf;
	const struct file_caps *fc = &pf->fcaps;

	if (pf->exe_stat_ok != TRI_YES || !(pf->exe_mode & S_ISUID) || pf->exe_owner != 0)
		return;
	if (fc->present == TRI_YES && !(fc->permitted & x->grant))
		add_blocker(x, BLOCKER_SETUID_EXE,
			    "%s is setuid root but also carries file capabilities: for a non-root "
			    "user the kernel applies only the file capabilities, which lack %s "
			    "(R8).",
			    x->exe, x->cn);
	else if (pf->creds.no_new_privs || pf->mount_nosuid == TRI_YES)
		add_blocker(x, BLOCKER_SETUID_EXE,
			    "%s is setuid root, but the kernel ignores the setuid bit here (%s).",
			    x->exe, pf->creds.no_new_privs ? "NoNewPrivs, R1" : "nosuid mount, R2");
	else if (x->nonroot && pf->creds.uid != 0 && pf->creds.suid != 0 &&
		 fc->present != TRI_YES) {
		/*
		 * It ran as root and switched to its caller's uid itself before the check
		 * (util-linux mount and umount do for a mount not in fstab, sys-utils/mount.c
		 * suid_drop()): the switch clears every capability (R10), and setcap on a
		 * setuid-root file would give it to every user.
		 */
		x->setuid_drops = true;
		add_blocker(x, BLOCKER_SETUID_EXE,
			    "%s is setuid root and dropped root itself for its non-root caller "
			    "before %s(), which cleared its capabilities (R10): no capability "
			    "given to it or to its caller survives that. Run it as root (for "
			    "mount: a systemd .mount unit, or an fstab entry with the user option).",
			    x->exe, x->sc);
	}
}

/* R16: nothing on the file (maybe wiped by an upgrade, a copy, a chown) */
static void r16_file_caps_missing(struct ctx *x)
{
	const struct proc_facts *pf = x->pf;
	const struct unit_props *up = &pf->unit_props;
	const struct file_caps *fc = &pf->fcaps;
	__u64 bit = x->grant;

	if (pf->is_interpreter || has(x, BLOCKER_FILE_CAPS_ROOTID) ||
	    !(fc->present == TRI_NO || (fc->present == TRI_YES && !(fc->permitted & bit))) ||
	    (up->known && (up->ambient & bit)))
		return;
	add_blocker(x, BLOCKER_FILE_CAPS_MISSING,
		    "%s%s carries %s, so exec gives this non-root process nothing; if setcap "
		    "was run on it, an upgrade, a copy or a chown has since removed it (R16).",
		    x->exe, pf->exe_gone ? " (replaced since the process started)" : "",
		    fc->present == TRI_NO ? "no file capabilities"
					  : "file capabilities without this one");
}

/* step 7: P'(eff) = F(eff) ? P'(perm) : P'(amb); a capability-dumb program with +p only
 * never raises it */
static void file_caps_not_effective(struct ctx *x)
{
	const struct file_caps *fc = &x->pf->fcaps;

	if (x->nonroot && !x->eff && fc->present == TRI_YES && (fc->permitted & x->grant) &&
	    !fc->effective && x->fcaps_count)
		add_blocker(x, BLOCKER_FILE_CAPS_NOT_EFFECTIVE,
			    "%s carries %s as permitted only (+p, no +e): the process gets it in "
			    "its permitted set but not in the effective one, and this program does "
			    "not raise it itself.",
			    x->exe, x->cn);
}

/* The blockers, one function per rule, in the order their sentences are printed. */
static void find_blockers(struct ctx *x)
{
	const struct capsets *cs = &x->pf->creds.caps;

	x->sc = syscall_name(x->f->syscall);
	if (!x->sc)
		x->sc = "the syscall";
	x->in_bnd = (cs->bounding & x->grant) == x->grant;
	x->perm = (cs->permitted & x->grant) == x->grant;
	x->eff = (cs->effective & x->grant) == x->grant;

	if (r14_lsm(x))
		return;
	r20_cred_not_current(x);
	if (r3_capability_dumb(x))
		return;
	r4_bounding_set(x);
	r11_user_namespace(x);
	r18_user_manager(x);
	r5_container_nonroot(x);
	r10_privilege_dropped(x);
	r9_noroot(x);
	r6_ambient_lost(x);
	/* the file-capability route: only a non-root process that lacks the cap needs it */
	if (x->nonroot && !x->perm) {
		r1_no_new_privs(x);
		r2_nosuid_or_foreign_mount(x);
		r7_interpreter(x);
		r12_rootid(x);
		r8_setuid_exe(x);
		r16_file_caps_missing(x);
	}
	file_caps_not_effective(x);
}

/* ---- files setcap must never be given (docs/SECURITY.md "Fixes capfix prints") ---- */

/*
 * Programs that run other programs their caller names (found through a PATH lookup or given
 * as a path), or that are many programs in one file. Capabilities on such a file serve every
 * user for everything the file can do, and never reach the program it starts: a non-root
 * exec of a file without file capabilities gets an empty permitted set (R5).
 */
static const char *const shared_exes[] = {
    "env",     "busybox", "toybox", "sudo",	  "su",	    "doas",   "runuser", "setpriv",
    "capsh",   "nice",	  "ionice", "nohup",	  "timeout", "setsid", "stdbuf",  "chrt",
    "taskset", "prlimit", "flock",  "xargs",	  "find",    "watch",  "chroot",  "unshare",
    "nsenter", "script",  "run-parts", "systemd-run",
};

static bool shared_exe(const char *exe)
{
	const char *b = strrchr(exe, '/');
	size_t i;

	b = b ? b + 1 : exe;
	for (i = 0; i < ARRAY_SIZE(shared_exes); i++)
		if (!strcmp(b, shared_exes[i]))
			return true;
	return false;
}

/*
 * Capabilities that make their holder root, or able to become root, on their own
 * (capabilities(7), and the kernel sites named). Left out on purpose: CAP_NET_ADMIN
 * (rewires the network, but reaches no file, process or kernel memory), CAP_PERFMON (reads
 * profiling data; with CAP_BPF it is covered by CAP_BPF's entry), CAP_SYS_CHROOT (the
 * chroot-and-hardlink escalation needs a hard link to a setuid binary, refused by
 * fs.protected_hardlinks=1, the default), CAP_FSETID, CAP_KILL, CAP_IPC_OWNER (denial of
 * service or one process's data, not the system).
 */
static const struct {
	int cap;
	const char *why;
} root_equiv[] = {
    {CAP_CHOWN, "can take ownership of any file, /etc/shadow included (chown_ok)"},
    {CAP_DAC_OVERRIDE, "can write any file, /etc/passwd and /etc/sudoers included "
		       "(generic_permission)"},
    {CAP_DAC_READ_SEARCH, "can read any file (/etc/shadow, private keys) and open any "
			  "inode by handle (open_by_handle_at, the 'shocker' escape)"},
    {CAP_FOWNER, "can chmod any file, e.g. make /etc/shadow writable (inode_owner_or_capable)"},
    {CAP_SETGID, "can join any group, e.g. disk or shadow (setgroups, setgid)"},
    {CAP_SETUID, "can become uid 0 (setuid(0), ns_capable_setid)"},
    {CAP_SETPCAP, "can put any bounding-set capability into its inheritable set, which "
		  "file inheritable capabilities turn into real ones (cap_capset)"},
    {CAP_SYS_MODULE, "can load kernel code (init_module, may_init_module)"},
    {CAP_SYS_RAWIO, "can write kernel and device memory (/dev/mem, ioperm, SG_IO)"},
    {CAP_SYS_PTRACE, "can attach to root's processes and run code in them (ptrace_attach)"},
    {CAP_SYS_ADMIN, "can mount over /etc, use setns and much more: capabilities(7) calls "
		    "it 'the new root'"},
    {CAP_SYS_BOOT, "can boot a kernel of its choosing (kexec_load)"},
    {CAP_MKNOD, "can create a device node of the root disk and write it raw (vfs_mknod)"},
    {CAP_SETFCAP, "can give any file any capability (cap_inode_setxattr)"},
    {CAP_BPF, "can load privileged BPF programs; with CAP_PERFMON they read kernel memory "
	      "and write other processes' memory (bpf_probe_write_user)"},
};

const char *cap_root_equivalent(int cap)
{
	size_t i;

	for (i = 0; i < ARRAY_SIZE(root_equiv); i++)
		if (root_equiv[i].cap == cap)
			return root_equiv[i].why;
	return NULL;
}

int setcap_root_warning(const struct proc_facts *pf, const char *exe, __u64 caps, char *buf,
			size_t len)
{
	int c;

	/* a file only its owner (root) and no group or other may run gives nothing away */
	if (pf->exe_stat_ok == TRI_YES && !(pf->exe_mode & (S_IXGRP | S_IXOTH)))
		return 0;
	for (c = 0; c < CAP_NAMES_COUNT; c++)
		if ((caps & BIT(c)) && cap_root_equivalent(c))
			return str_printf(buf, len,
					  "Every user who can run %s gets %s, which is as good as "
					  "root: it %s. Grant it to the one service (drop-in) or "
					  "start the program with the ambient wrapper instead. "
					  "Upgrades and copies remove it (R16).",
					  exe, cap_name(c), cap_root_equivalent(c))
				       ? -1
				       : 1;
	return 0;
}

int setcap_refusal(const struct proc_facts *pf, char *buf, size_t len)
{
	const char *exe = pf->exe_real[0] ? pf->exe_real : pf->exe;

	buf[0] = '\0';
	if (pf->is_interpreter) {
		str_printf(buf, len,
			   "%s is an interpreter: file capabilities on it would go to every "
			   "script any user runs with it (R7).",
			   exe);
		return BLOCKER_INTERPRETER;
	}
	if (shared_exe(exe)) {
		str_printf(buf, len,
			   "%s runs other programs for whoever calls it: file capabilities on it "
			   "would serve every user and never reach the program it starts (R7).",
			   exe);
		return BLOCKER_SHARED_EXE;
	}
	if (pf->exe_stat_ok == TRI_YES && (pf->exe_mode & (S_ISUID | S_ISGID))) {
		str_printf(buf, len,
			   "%s is set%s: setcap on it would change what it does for every user "
			   "(R8).",
			   exe, pf->exe_mode & S_ISUID ? "uid" : "gid");
		return BLOCKER_SETUID_FILE;
	}
	if (pf->path_trusted == TRI_NO) {
		str_printf(buf, len,
			   "%s can be written or replaced by a non-root user (%s): file "
			   "capabilities on it would be theirs.",
			   exe, pf->path_weak[0] ? pf->path_weak : "a path component");
		return BLOCKER_PATH_WRITABLE;
	}
	if (pf->path_trusted != TRI_YES || exe[0] != '/' || strlen(exe) >= MODEL_PATH_MAX - 1) {
		str_printf(buf, len,
			   "The path of %s is not known exactly (%s): setcap could change "
			   "another file.",
			   pf->comm,
			   pf->exe_truncated ? "the kernel cut it short" :
			   pf->exe_gone      ? "the file was replaced" :
					       "it could not be checked as the file the process ran");
		return BLOCKER_PATH_INEXACT;
	}
	return -1;
}

/* ---- fixes ---- */

/*
 * Whether an ambient grant reaches the program (R6): a file whose capabilities the
 * kernel honours clears the ambient set at exec. It still works if the file itself
 * carries the capability with +e: the ambient grant put it in the permitted set before
 * exec, so even no_new_privs does not clip it (step 5 clips to P(perm)).
 */
static bool ambient_survives(const struct ctx *x)
{
	const struct file_caps *fc = &x->pf->fcaps;

	return !x->fcaps_count ||
	       (fc->effective && ((fc->permitted | fc->inheritable) & x->grant) == x->grant);
}

/*
 * R21: file systems that cannot store security.capability: setcap fails there with
 * EOPNOTSUPP ("Operation not supported"). FUSE depends on the file system behind it.
 */
static int xattr_support(const char *fstype)
{
	static const char *const none[] = {"ramfs", "vfat", "msdos", "exfat", "iso9660", "nfs",
					   "nfs4", "cifs", "smb2", "smb3", NULL};
	const char *const *p;

	for (p = none; *p; p++)
		if (!strcmp(fstype, *p))
			return 0;
	return strncmp(fstype, "fuse", 4) ? 1 : -1; /* -1: maybe */
}

static const char *setcap_warning =
    "Package upgrades, copies without --preserve=xattr and chown remove file capabilities: "
    "re-run it after each (R16). Every user who runs the file gets the capability, and "
    "LD_PRELOAD/LD_LIBRARY_PATH are then ignored for it (secure-exec).";

static void fix_setcap_exe(struct ctx *x)
{
	const struct proc_facts *pf = x->pf;
	long long rootid = -1;
	char w[MODEL_TEXT_MAX];
	struct fix fx;
	__u64 perm = x->grant, inh = 0;
	int r;

	/* setcap replaces the whole xattr: keep what the file already carries */
	if (pf->fcaps.present == TRI_YES && !has(x, BLOCKER_FILE_CAPS_ROOTID)) {
		perm |= pf->fcaps.permitted;
		inh = pf->fcaps.inheritable & ~perm;
	}
	/* R12: inside a user namespace the file caps must name that namespace's root */
	if (pf->userns_child && pf->userns_root_known && pf->userns_root_uid != 0)
		rootid = pf->userns_root_uid;
	/* as good as root for every user who can run the file: after the per-service fixes */
	r = setcap_root_warning(pf, x->exe, x->grant, w, sizeof(w));
	if (r < 0)
		return;
	if (r > 0) {
		if (!fix_setcap(&fx, x->exe, perm, inh, rootid, w))
			add_fix(x, S_SETCAP_ROOT, &fx);
		return;
	}
	if (xattr_support(pf->mount_fstype) < 0) {
		/* R21: a FUSE file system may not store it; the ambient fixes do not need it */
		str_printf(w, sizeof(w),
			   "%s is on %s, which may not store file capabilities: if setcap says "
			   "\"Operation not supported\", or getcap shows nothing afterwards, use "
			   "ambient capabilities instead (R21). %s",
			   x->exe, pf->mount_fstype, setcap_warning);
		if (!fix_setcap(&fx, x->exe, perm, inh, rootid, w))
			add_fix(x, S_LAST, &fx);
		return;
	}
	if (!fix_setcap(&fx, x->exe, perm, inh, rootid, setcap_warning))
		add_fix(x, S_SETCAP, &fx);
}

static bool setcap_possible(const struct ctx *x)
{
	static const enum blocker_code rules_out[] = {
	    BLOCKER_NO_NEW_PRIVS,    BLOCKER_NOSUID_MOUNT,	BLOCKER_FOREIGN_MOUNT,
	    BLOCKER_BOUNDING_SET,    BLOCKER_INIT_NS_ONLY,	BLOCKER_USER_NAMESPACE,
	    BLOCKER_PRIVATE_USERS,   BLOCKER_PRIVILEGE_DROPPED, BLOCKER_LSM,
	    BLOCKER_CAPABILITY_DUMB,
	};
	const struct proc_facts *pf = x->pf;
	size_t i;

	/* only exec with file caps helps a non-root process, or root under noroot (R9) */
	if (x->kind == CTX_CONTAINER || x->setuid_drops || x->drops_file_caps ||
	    !xattr_support(x->pf->mount_fstype) || (!x->nonroot && !has(x, BLOCKER_NOROOT)))
		return false;
	for (i = 0; i < ARRAY_SIZE(rules_out); i++)
		if (has(x, rules_out[i]))
			return false;
	/* the file already has it and nothing explains the denial: setcap again is no fix */
	if (pf->fcaps.present == TRI_YES && pf->fcaps.effective &&
	    (pf->fcaps.permitted & x->grant) == x->grant && !has(x, BLOCKER_FILE_CAPS_ROOTID))
		return false;
	return x->exe && x->exe[0] == '/';
}

/*
 * The program's arguments for a wrapper or ExecStart=, into buf (NUL-separated, returns
 * the length): as they were, except that the word naming a script file (R7) becomes its
 * absolute path, so the command works from any directory. 0: not known.
 */
static size_t program_args(const struct ctx *x, char *buf, size_t len)
{
	const struct finding *f = x->f;
	const char *script = x->pf->script, *base = strrchr(script, '/'), *w;
	size_t i, n = 0, l;
	bool done = x->pf->script_kind != SCRIPT_FILE || script[0] != '/';

	for (i = 0; i < f->args_len; i += l + 1) {
		w = f->args + i;
		l = strnlen(w, f->args_len - i);
		if (!done && (!strcmp(w, script) || ((!strchr(w, '/') || !strncmp(w, "./", 2)) &&
						     !strcmp(strrchr(w, '/') ? strrchr(w, '/') + 1 : w,
							     base + 1)))) {
			w = script;
			done = true;
		}
		if (n + strlen(w) + 1 > len)
			return 0;
		memcpy(buf + n, w, strlen(w) + 1);
		n += strlen(w) + 1;
	}
	return done ? n : 0;
}

static void fix_service(struct ctx *x)
{
	const struct proc_facts *pf = x->pf;
	char dropin[MODEL_CMD_MAX], extra[128], w[MODEL_TEXT_MAX];
	struct fix fx, pre, both;
	bool pu_off = x->up.private_users;
	__u64 ambient, bounding = x->grant;
	bool nnp = pf->creds.no_new_privs;
	int n;

	/* a drop-in cannot get past these: the capability does not count where it is checked */
	if ((has(x, BLOCKER_INIT_NS_ONLY) || has(x, BLOCKER_USER_NAMESPACE)) && !pu_off)
		return;
	if (x->setuid_drops)
		return;
	extra[0] = '\0';
	ambient = x->unit_is_root && !has(x, BLOCKER_NOROOT) ? 0 : x->grant;
	if (has(x, BLOCKER_PRIVILEGE_DROPPED)) {
		/* R10: ambient on a root unit is cleared when the program switches users
		 * (R6); start it as that user instead */
		if (pf->creds.euid == 0)
			return;
		if (pf->user_name[0])
			str_printf(extra, sizeof(extra), "User=%s\n", pf->user_name);
		else
			str_printf(extra, sizeof(extra), "User=%u\n", (unsigned int)pf->creds.euid);
		ambient = x->grant;
	}
	w[0] = '\0';
	if (!ambient_survives(x)) {
		/* R6: keep what the file gave the program, through ambient, and remove the
		 * xattr so the ambient set survives exec */
		ambient |= pf->fcaps.permitted;
		if (fix_setcap_remove(&pre, x->exe, NULL))
			return;
	}
	n = render_dropin_ex(&x->up, ambient, bounding, pu_off, extra, dropin, sizeof(dropin));
	if (n <= 0)
		return;
	if (ambient && nnp)
		str_printf(w, sizeof(w),
			   "NoNewPrivileges= can stay: ambient capabilities survive it (R1).%s",
			   extra[0]
			       ? " The program must no longer switch users itself: configure it "
				 "to run as the current user (R10)."
			       : "");
	else if (extra[0])
		str_copy(w,
			 "The program must no longer switch users itself: configure it to run as "
			 "the current user (R10).",
			 sizeof(w));
	if (!ambient_survives(x))
		str_appendf(w, sizeof(w),
			    "%sRemoves the file capabilities of the executable, "
			    "which would clear the ambient set at exec (R6).",
			    w[0] ? " " : "");
	if (fix_systemd_dropin(&fx, x->unit, dropin, w))
		return;
	if (!ambient_survives(x)) {
		if (fix_and_then(&both, FIX_SYSTEMD, &pre, &fx))
			return;
		add_fix(x, S_MANAGER, &both);
		return;
	}
	add_fix(x, S_MANAGER, &fx);
}

/* a grant that runs the file from a path others can change hands it to them too */
static void warn_path_writable(const struct ctx *x, char *w, size_t len)
{
	if (x->pf->path_trusted == TRI_NO)
		str_appendf(w, len,
			    " %s can be replaced by a non-root user (%s): whoever does gets %s "
			    "through this; move it where only root can write first.",
			    x->exe, x->pf->path_weak[0] ? x->pf->path_weak : "a path component",
			    x->cn);
}

static void fix_new_unit(struct ctx *x)
{
	const struct proc_facts *pf = x->pf;
	char w[MODEL_TEXT_MAX], user[48], args[sizeof(x->f->args) + MODEL_PATH_MAX];
	size_t n = program_args(x, args, sizeof(args));
	const char *name = "YOUR.service";
	struct fix fx;

	if (has(x, BLOCKER_INIT_NS_ONLY) || has(x, BLOCKER_PRIVILEGE_DROPPED) ||
	    !ambient_survives(x) || !x->nonroot || x->setuid_drops)
		return;
	user[0] = '\0';
	if (pf->user_name[0])
		str_copy(user, pf->user_name, sizeof(user));
	else
		str_printf(user, sizeof(user), "%u", (unsigned int)pf->creds.euid);
	if (x->kind == CTX_USER_MGR)
		str_printf(w, sizeof(w),
			   "YOUR.service is a placeholder. A user unit cannot hold capabilities: "
			   "run it as a system service with User= instead (and stop the user unit "
			   "%s).",
			   pf->unit[0] ? pf->unit : "");
	else
		str_printf(w, sizeof(w),
			   "YOUR.service is a placeholder: no systemd service runs this process "
			   "now.%s",
			   n ? "" : " Add the program's arguments to ExecStart=.");
	warn_path_writable(x, w, sizeof(w));
	if (!fix_systemd_new_unit(&fx, name, x->exe, n ? NULL : pf->script, user, x->grant, w) &&
	    !fix_append_args(&fx, args, n))
		add_fix(x, S_NEW_UNIT, &fx);
}

static void fix_ports(struct ctx *x)
{
	const struct proc_facts *pf = x->pf;
	const struct finding *f = x->f;
	struct fix fx;

	if (!x->port_fix)
		return;
	if (x->kind == CTX_CONTAINER) {
		if (pf->runtime == RUNTIME_KUBERNETES) {
			if (!fix_k8s_sysctl(&fx, f->port))
				add_fix(x, S_SYSCTL, &fx);
		} else if (pf->runtime != RUNTIME_LXC) {
			if (!fix_docker_sysctl(&fx,
					       pf->runtime == RUNTIME_PODMAN	   ? CT_PODMAN
					       : pf->runtime == RUNTIME_CONTAINERD ? CT_NERDCTL
										   : CT_DOCKER,
					       f->port))
				add_fix(x, S_SYSCTL, &fx);
		}
		return;
	}
	/* PID 1 binds the socket: no capability and no namespace question at all (R11, R17) */
	if (x->kind == CTX_SERVICE) {
		if (!fix_socket_activation(&fx, x->unit, f->family, f->addr, f->port))
			add_fix(x, S_SOCKET, &fx);
	} else if (x->kind == CTX_PLAIN) {
		if (!fix_socket_activation(&fx, "YOUR.service", f->family, f->addr, f->port))
			add_fix(x, S_SOCKET, &fx);
	}
	if (!fix_sysctl_port(&fx, f->port, pf->port_start))
		add_fix(x, S_SYSCTL, &fx);
}

static void fix_container(struct ctx *x)
{
	const struct proc_facts *pf = x->pf;
	enum container_flavour fl = pf->runtime == RUNTIME_PODMAN	? CT_PODMAN
				    : pf->runtime == RUNTIME_CONTAINERD ? CT_NERDCTL
									: CT_DOCKER;
	bool nonroot = x->nonroot && !x->f->exec_fail;
	char w[MODEL_TEXT_MAX];
	struct fix fx;

	/* a capability only the initial user namespace honours cannot be added to a
	 * user-namespaced container at all (R11) */
	if (has(x, BLOCKER_INIT_NS_ONLY) || has(x, BLOCKER_USER_NAMESPACE))
		return;
	w[0] = '\0';
	if (nonroot) {
		/* R5 and R1: the file route needs the file caps and no no_new_privs */
		if (has(x, BLOCKER_INTERPRETER) || has(x, BLOCKER_NOSUID_MOUNT))
			return;
		str_printf(
		    w, sizeof(w),
		    "The container runs as uid %u: the capability reaches it only through the "
		    "file capability set in the image (R5)%s.",
		    (unsigned int)pf->creds.uid,
		    pf->creds.no_new_privs ? ", and only without no-new-privileges / with "
				       "allowPrivilegeEscalation (R1)"
				     : "");
	}
	if (pf->runtime == RUNTIME_KUBERNETES) {
		if (!fix_k8s_cap_add(&fx, x->grant, nonroot, x->exe, w[0] ? w : NULL))
			add_fix(x, S_MANAGER, &fx);
	} else if (pf->runtime != RUNTIME_LXC) {
		if (!fix_docker_cap_add(&fx, fl, x->grant, nonroot, x->exe, w[0] ? w : NULL))
			add_fix(x, S_MANAGER, &fx);
	}
}

/* the *Directory= setting that gives a service its own directory under a system path */
static const struct {
	const char *prefix, *setting;
} managed_dirs[] = {
    {"/var/lib/", "StateDirectory"},
    {"/var/log/", "LogsDirectory"},
    {"/var/cache/", "CacheDirectory"},
    {"/run/", "RuntimeDirectory"},
};

/*
 * A file or directory the process may not access (generic_permission(), R19's DAC
 * chain): fix that object for this process, best first: a group it already grants the
 * access to, the service's own directory, an ACL entry. The DAC capabilities override
 * every file's permissions, so they come last (demoted in add_fix()).
 */
static void fix_file(struct ctx *x)
{
	const struct proc_facts *pf = x->pf;
	const struct finding *f = x->f;
	unsigned int need = f->file_search ? 1 : f->file_write ? 2 : 4;
	char settings[MODEL_PATH_MAX], w[MODEL_TEXT_MAX], gname[80];
	const char *perm;
	struct fix fx;
	size_t i, n;

	if (S_ISDIR(f->file_mode) && !f->file_search)
		need |= 1; /* listing or creating in a directory goes with searching it */
	perm = f->file_search ? "X" : f->file_write ? (S_ISDIR(f->file_mode) ? "wX" : "rw")
						    : (S_ISDIR(f->file_mode) ? "rX" : "r");
	if (f->file_group_name[0])
		str_copy(gname, f->file_group_name, sizeof(gname));
	else
		str_printf(gname, sizeof(gname), "%u", (unsigned int)f->file_group);
	/* the file's group already has the access: membership is all it takes (shadow) */
	if (f->file_group != 0 && ((f->file_mode >> 3) & need) == need) {
		str_printf(w, sizeof(w),
			   "%s is group %s with mode %04o: membership in %s gives %s the access "
			   "without a capability that overrides every file's permissions.",
			   f->file, gname, f->file_mode & 07777, gname,
			   pf->user_name[0] ? pf->user_name : "the user");
		if (x->kind == CTX_SERVICE) {
			if (!str_printf(settings, sizeof(settings), "SupplementaryGroups=%s\n",
					gname) &&
			    !fix_systemd_config(&fx, FIX_OWNERSHIP, x->unit, "capfix-groups.conf",
						settings, w))
				add_fix(x, S_ALT_FIRST, &fx);
		} else if (x->kind != CTX_CONTAINER && x->nonroot && f->ngroups >= 0 &&
			   !fix_group_wrapper(&fx, pf->user_name, pf->creds.euid, pf->creds.egid,
					      f->groups, f->ngroups, f->file_group, x->exe, w)) {
			fix_append_args(&fx, f->args, f->args_len);
			add_fix(x, S_ALT_FIRST, &fx);
		}
	}
	/* the service's own directory, which systemd creates owned by its user */
	for (i = 0; x->kind == CTX_SERVICE && i < ARRAY_SIZE(managed_dirs); i++) {
		const char *rest;

		n = strlen(managed_dirs[i].prefix);
		if (strncmp(f->file, managed_dirs[i].prefix, n))
			continue;
		rest = f->file + n;
		n = strcspn(rest, "/");
		if (!n || n > 64 || str_printf(settings, sizeof(settings), "%s=%.*s\n",
					       managed_dirs[i].setting, (int)n, rest))
			break;
		str_printf(w, sizeof(w),
			   "systemd creates %s%.*s owned by the service's user at each start "
			   "(%s=, systemd.exec(5)), and fixes the ownership of what is inside.",
			   managed_dirs[i].prefix, (int)n, rest, managed_dirs[i].setting);
		if (!fix_systemd_config(&fx, FIX_OWNERSHIP, x->unit, "capfix-directories.conf",
					settings, w))
			add_fix(x, S_ALT_FIRST, &fx);
		break;
	}
	if (x->kind == CTX_CONTAINER || !x->nonroot)
		return;
	str_printf(w, sizeof(w),
		   "%s is owned by uid %u, group %s, mode %04o, and %s (uid %u) may not %s it: an "
		   "ACL entry gives this user alone that access (needs the acl tools and ACL "
		   "support in the file system).",
		   f->file, (unsigned int)f->file_owner, gname, f->file_mode & 07777,
		   pf->comm, (unsigned int)pf->creds.euid,
		   f->file_search ? "search" : f->file_write ? "write" : "read");
	if (!fix_ownership_file(&fx, f->file, pf->user_name, pf->creds.euid, perm, w))
		add_fix(x, S_ALT_FIRST, &fx);
}

static void fix_alternatives(struct ctx *x)
{
	const struct proc_facts *pf = x->pf;
	const struct finding *f = x->f;
	const struct cap_info *ci = x->ci;
	enum slot s = ci->alt_first ? S_ALT_FIRST : S_ALT_LATER;
	char settings[256], dir[MODEL_UNIT_MAX];
	struct fix fx;
	size_t n;

	if (ci->alt_settings && x->kind == CTX_SERVICE &&
	    !fix_systemd_config(&fx, FIX_CONFIG, x->unit, "capfix-limits.conf", ci->alt_settings,
				ci->alt_warning))
		add_fix(x, s, &fx);
	if (x->cap == CAP_SYS_TIME && x->kind != CTX_CONTAINER &&
	    !fix_text(&fx, FIX_CONFIG, NULL, NULL, NULL, "timedatectl set-ntp true",
		      "Lets systemd-timesyncd (or chronyd) keep the clock instead of this "
		      "program; only if it is not itself meant to be the time daemon."))
		add_fix(x, S_ALT_LATER, &fx);
	/*
	 * ICMP echo needs no raw socket where ping_group_range allows the group
	 * (net/ipv4/ping.c ping_init_sock()): only for an ICMP socket, which ping falls back
	 * from, and only when the range does not hold the group already (R17)
	 */
	if (x->cap == CAP_NET_RAW && x->kind != CTX_CONTAINER && f->icmp_socket &&
	    !f->ping_range_holds && !fix_sysctl_ping(&fx, pf->creds.egid))
		add_fix(x, S_ALT_LATER, &fx);
	/* syslog(2) reads the kernel log without CAP_SYSLOG when dmesg_restrict is 0
	 * (kernel/printk/printk.c check_syslog_permissions()) */
	if (x->cap == CAP_SYSLOG && x->kind != CTX_CONTAINER &&
	    (syscall_is(f->syscall, (const char *const[]){"syslog", NULL}) ||
	     !strcmp(f->path_arg, "/dev/kmsg")) &&
	    !fix_sysctl_text(&fx, "kernel.dmesg_restrict", "0", "60-capfix-dmesg-restrict.conf",
			     "Lets every local user read the kernel log, as on a default Debian "
			     "kernel before 2022; instead of CAP_SYSLOG for one program."))
		add_fix(x, S_ALT_LATER, &fx);
	if (!ci->ownership)
		return;
	if (f->file_known && x->cap != CAP_CHOWN) {
		fix_file(x);
	} else if (f->file[0] == '/' && x->cap != CAP_CHOWN) {
		if (!fix_ownership_file(&fx, f->file, pf->user_name, pf->creds.euid,
					x->cap != CAP_DAC_READ_SEARCH ? "rwX" : "rX", NULL))
			add_fix(x, S_ALT_FIRST, &fx);
	} else if (x->kind == CTX_SERVICE) {
		/* StateDirectory= creates /var/lib/NAME owned by the service's user */
		n = strlen(x->unit) - strlen(".service");
		str_printf(dir, sizeof(dir), "%.*s", (int)n, x->unit);
		if (strspn(dir,
			   "abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789._-") ==
			strlen(dir) &&
		    !str_printf(settings, sizeof(settings), "StateDirectory=%s\n", dir) &&
		    !fix_systemd_config(
			&fx, FIX_OWNERSHIP, x->unit, "capfix-ownership.conf", settings,
			"If the files it is denied are its own data: systemd creates "
			"/var/lib/NAME (StateDirectory=; LogsDirectory=, "
			"CacheDirectory=, RuntimeDirectory= likewise) owned by the "
			"service's user; point the program there instead of granting "
			"a capability that overrides every file's permissions."))
			add_fix(x, S_ALT_FIRST, &fx);
	} else if (x->kind != CTX_CONTAINER && x->nonroot && !f->path_arg[0]) {
		/* a placeholder directory: only when the denied path is not known at all (a
		 * chown of a named file wants that file, not a new directory) */
		if (!fix_tmpfiles(&fx, pf->user_name, pf->creds.euid))
			add_fix(x, S_ALT_FIRST, &fx);
	}
}

static void fix_wrapper(struct ctx *x)
{
	const struct proc_facts *pf = x->pf;
	char w[MODEL_TEXT_MAX], args[sizeof(x->f->args) + MODEL_PATH_MAX];
	size_t n = program_args(x, args, sizeof(args));
	struct fix fx;

	if (!x->nonroot || has(x, BLOCKER_INIT_NS_ONLY) || has(x, BLOCKER_USER_NAMESPACE) ||
	    has(x, BLOCKER_PRIVILEGE_DROPPED) || !ambient_survives(x) || x->setuid_drops)
		return;
	str_printf(w, sizeof(w),
		   "Run it as root%s%s. setpriv "
		   "switches to the user, then raises the ambient set, which survives exec (and "
		   "no_new_privs) while root's other capabilities do not (R6, R7).",
		   has(x, BLOCKER_BOUNDING_SET) ? " from a shell whose bounding set includes it "
						  "(grep CapBnd /proc/self/status)"
						: "",
		   n ? "" : "; put the program's own arguments at the end");
	warn_path_writable(x, w, sizeof(w));
	if (!fix_ambient_wrapper(&fx, pf->user_name, pf->creds.euid, pf->creds.egid, x->grant,
				 x->exe, n ? NULL : pf->script, w) &&
	    !fix_append_args(&fx, args, n))
		add_fix(x, S_WRAPPER, &fx);
}

static void fix_exec_fail(struct ctx *x)
{
	char dropin[MODEL_CMD_MAX], w[MODEL_TEXT_MAX];
	struct fix fx;

	/* R3: raise the bounding set where the process is started, or drop the +e */
	if (x->kind == CTX_SERVICE &&
	    render_dropin_ex(&x->up, 0, x->grant, false, NULL, dropin, sizeof(dropin)) > 0 &&
	    !fix_systemd_dropin(&fx, x->unit, dropin, NULL))
		add_fix(x, S_MANAGER, &fx);
	if (x->kind == CTX_CONTAINER)
		fix_container(x);
	str_printf(w, sizeof(w),
		   "Removes the file capabilities, so the kernel runs the program again, but "
		   "without %s: only if it can do without (ping, for one, falls back to ICMP "
		   "sockets where net.ipv4.ping_group_range allows its group) (R3).",
		   capn(x->cap));
	if (x->kind != CTX_CONTAINER && !fix_setcap_remove(&fx, x->exe, w))
		add_fix(x, S_ALT_LATER, &fx);
}

static void find_fixes(struct ctx *x)
{
	struct fix fx;

	if (has(x, BLOCKER_LSM)) {
		if (!fix_lsm_audit(&fx, x->pf->lsm, x->pf->comm))
			add_fix(x, S_ALT_FIRST, &fx);
		return;
	}
	if (x->f->exec_fail) {
		fix_exec_fail(x);
		return;
	}
	fix_alternatives(x);
	fix_ports(x);
	if (x->kind == CTX_SERVICE)
		fix_service(x);
	else if (x->kind == CTX_CONTAINER)
		fix_container(x);
	else
		fix_new_unit(x);
	if (setcap_possible(x)) {
		char why[MODEL_TEXT_MAX];
		int refused = setcap_refusal(x->pf, why, sizeof(why));

		if (refused < 0)
			fix_setcap_exe(x);
		else
			add_blocker(x, refused, "%s", why);
	}
	if (x->kind == CTX_PLAIN || x->kind == CTX_USER_MGR)
		fix_wrapper(x);
}

/* ---- summary ---- */

static void summarize(struct ctx *x)
{
	const struct proc_facts *pf = x->pf;
	const struct finding *f = x->f;
	struct diagnosis *d = x->d;
	const char *sc = syscall_name(f->syscall), *en = errno_name(f->err);
	char what[160], why[400];

	if (!sc)
		sc = "a syscall";
	if (f->exec_fail) {
		if (str_printf(d->summary, sizeof(d->summary),
			       "execve() failed with EPERM: the file carries %s with +ep, which is "
			       "outside the bounding set, so the kernel refuses to run it (R3).",
			       capn(x->cap)))
			str_copy(d->summary, "execve() failed with EPERM (R3).",
				 sizeof(d->summary));
		return;
	}
	if (f->is_bind && f->port > 0)
		str_printf(what, sizeof(what), "bind() to %s%s%s:%d",
			   f->family == AF_INET6 ? "[" : "", f->addr[0] ? f->addr : "*",
			   f->family == AF_INET6 ? "]" : "", f->port);
	else if (f->netlink) /* R22: the send went through, the request did not */
		str_printf(what, sizeof(what), "The %s request (sent with %s())",
			   f->nl_what[0] ? f->nl_what : "netlink", sc);
	else if (f->path_arg[0])
		str_printf(what, sizeof(what), "%s(\"%.80s\")", sc, f->path_arg);
	else
		str_printf(what, sizeof(what), "%s()", sc);
	if (f->not_cause[0]) {
		if (str_printf(d->summary, sizeof(d->summary), "%s by %s (pid %d) was denied %s, "
			       "but that is not why it failed: %s", what, pf->comm, (int)pf->pid,
			       capn(f->cap), f->not_cause))
			str_copy(d->summary, f->not_cause, sizeof(d->summary));
		return;
	}
	if (has(x, BLOCKER_LSM)) {
		str_printf(d->summary, sizeof(d->summary),
			   "%s by %s (pid %d) failed with %s although the check for %s passed: a "
			   "security module denied it (R14).",
			   what, pf->comm, (int)pf->pid, en ? en : "an error", capn(f->cap));
		return;
	}
	why[0] = '\0';
	if (f->cap >= 0 && f->cap < CAP_NAMES_COUNT && !(x->grant & BIT(f->cap)))
		str_printf(why, sizeof(why), " (%s also checked; %s suffice%s, R19)", capn(f->cap),
			   x->cn, __builtin_popcountll(x->grant) > 1 ? "" : "s");
	if (f->file_known)
		str_appendf(why, sizeof(why), "; %s is uid %u gid %u mode %04o, the process uid %u "
			    "gid %u", f->file, (unsigned int)f->file_owner,
			    (unsigned int)f->file_group, f->file_mode & 07777,
			    (unsigned int)pf->creds.euid, (unsigned int)pf->creds.egid);
	if (!xattr_support(pf->mount_fstype))
		str_appendf(why, sizeof(why), "; %s is on %s, which cannot store file capabilities: "
			    "setcap fails there (R21), ambient capabilities work", x->exe,
			    pf->mount_fstype);
	if (x->drops_file_caps)
		str_appendf(why, sizeof(why), "; %s drops capabilities that are not inheritable "
			    "at start, so setcap alone cannot help, ambient capabilities do",
			    x->exe);
	if (d->nblockers)
		str_appendf(why, sizeof(why), "; first obstacle: %s (%s)",
			    blocker_code_name(d->blockers[0].code), d->blockers[0].rule);
	else if ((pf->creds.caps.effective & x->grant) == x->grant)
		str_appendf(why, sizeof(why),
			    "; it holds it, so the checked credentials or "
			    "namespace were not its own");
	else if (!x->nonroot)
		str_appendf(why, sizeof(why), "; it runs as root but dropped it itself");
	if (str_printf(d->summary, sizeof(d->summary),
		       "%s by %s (pid %d, uid %u) %s%s: it lacks %s%s.", what, pf->comm,
		       (int)pf->pid, (unsigned int)pf->creds.uid,
		       f->effect == EFFECT_HARMLESS ? "was denied a capability but succeeded"
		       : f->netlink		    ? "failed in the kernel's reply with "
						    : "failed with ",
		       f->effect == EFFECT_HARMLESS ? ""
		       : en			    ? en
						    : "an error",
		       x->cn, why))
		str_printf(d->summary, sizeof(d->summary), "%s failed: it lacks %s.", what,
			   capn(x->cap));
}

bool unit_owns_process(const struct proc_facts *pf)
{
	const char *last = strrchr(pf->cgroup, '/');

	if (pf->runtime != RUNTIME_SYSTEMD_SYSTEM || pf->login_session ||
	    !unit_name_ok(pf->unit, ".service"))
		return false;
	/* a user's own manager: a drop-in there would hand the user the capability */
	if (!strncmp(pf->unit, "user@", 5))
		return false;
	/*
	 * The unit's own cgroup, not one below it: the cgroups under a unit with Delegate=
	 * (user@UID.service above all) are created and filled by whoever the unit delegated
	 * them to, and a drop-in would grant the whole unit what one of its guests asked for.
	 */
	return last && !strcmp(last + 1, pf->unit);
}

static enum ctx_kind ctx_kind_of(const struct proc_facts *pf)
{
	switch (pf->runtime) {
	case RUNTIME_SYSTEMD_SYSTEM:
		if (!strncmp(pf->unit, "user@", 5))
			return CTX_USER_MGR;
		return unit_owns_process(pf) ? CTX_SERVICE : CTX_PLAIN;
	case RUNTIME_SYSTEMD_USER:
		return CTX_USER_MGR;
	case RUNTIME_DOCKER:
	case RUNTIME_KUBERNETES:
	case RUNTIME_PODMAN:
	case RUNTIME_CONTAINERD:
	case RUNTIME_LXC:
		return CTX_CONTAINER;
	default:
		return unit_name_ok(pf->service_unit, ".service") ? CTX_SERVICE : CTX_PLAIN;
	}
}

static void diagnose_grant(const struct proc_facts *pf, const struct finding *f, int cap,
			   __u64 grant, struct diagnosis *d)
{
	struct ctx x;

	memset(d, 0, sizeof(*d));
	memset(&x, 0, sizeof(x));
	x.pf = pf;
	x.f = f;
	x.d = d;
	x.kind = ctx_kind_of(pf);
	x.unit = x.kind == CTX_SERVICE && !pf->unit[0] ? pf->service_unit : pf->unit;
	x.exe = pf->exe_real[0] ? pf->exe_real : pf->exe;
	x.cap = d->cap = cap;
	x.grant = d->caps = grant & CAPS_ALL;
	if (!x.grant || !cap_name(x.cap)) {
		d->caps = 0;
		str_printf(d->summary, sizeof(d->summary),
			   "%s was denied capability %d, unknown to "
			   "capfix: no diagnosis.",
			   pf->comm, f->cap);
		return;
	}
	cap_names_join(x.grant, x.cn, sizeof(x.cn));
	x.ci = cap_info_of(x.cap);
	x.drops_file_caps = drops_file_caps(x.exe);
	x.nonroot = pf->creds.euid != 0;
	x.fcaps_count = pf->fcaps.present == TRI_YES && pf->mount_nosuid != TRI_YES &&
			pf->foreign_mount != TRI_YES && !rootid_bad(pf);
	x.port_fix = f->is_bind && (x.grant & BIT(CAP_NET_BIND_SERVICE)) && f->port > 0 &&
		     f->port < 65536 && (pf->port_start < 0 || f->port < pf->port_start);

	/* the unit's settings, completed from what the kernel showed of the process: its
	 * bounding set is the unit's (within the manager's), its ambient set likewise */
	x.up = pf->unit_props;
	if (!x.up.known) {
		memset(&x.up, 0, sizeof(x.up));
		x.up.known = true;
		x.up.ambient = pf->creds.caps.ambient;
		x.unit_is_root = pf->creds.euid == 0;
	} else {
		x.unit_is_root = !x.up.user[0] && !x.up.dynamic_user;
	}
	if (!x.up.bounding_set_known) {
		x.up.bounding_set_known = true;
		x.up.bounding_set = pf->creds.caps.bounding;
	}

	find_blockers(&x);
	find_fixes(&x);
	summarize(&x);
}

void diagnose(const struct proc_facts *pf, const struct finding *f, struct diagnosis *d)
{
	__u64 grant;
	int cap = least_privileged(f, &grant);

	diagnose_grant(pf, f, cap, grant, d);
}

void diagnose_caps(const struct proc_facts *pf, const struct finding *f, __u64 caps,
		   struct diagnosis *d)
{
	__u64 grant;
	int cap = least_privileged(f, &grant);

	/* the finding's own cap leads the sentences when it is among them */
	if (!(caps & BIT(cap)))
		cap = caps & CAPS_ALL ? __builtin_ctzll(caps & CAPS_ALL) : -1;
	diagnose_grant(pf, f, cap, caps, d);
}

bool finding_lsm_suspect(const struct proc_facts *pf, const struct finding *f)
{
	/*
	 * R14: the capability sets the kernel checked hold the cap, yet the check was denied:
	 * another LSM (SELinux, AppArmor) said no (fexit/kprobe variants see their verdict).
	 * Not when a user namespace other than the initial one is involved: cap_capable()
	 * then also compares namespaces (R11), and holding the cap proves nothing.
	 */
	return f->cap >= 0 && (pf->creds.caps.effective & (1ULL << (f->cap & 63))) &&
	       !pf->userns_child && !pf->target_ns_child;
}

int exec_fail_cap(const struct proc_facts *pf)
{
	__u64 out;
	int i;

	if (pf->fcaps.present != TRI_YES || !pf->fcaps.effective)
		return -1;
	out = pf->fcaps.permitted & ~pf->creds.caps.bounding;
	for (i = 0; i <= CAPFIX_MAX_CAP; i++)
		if (out & (1ULL << i))
			return i;
	return -1;
}

bool manager_preexec(const struct proc_facts *pf)
{
	size_t n = strlen(pf->exe);

	return pf->comm[0] == '(' && n >= 8 && !strcmp(pf->exe + n - 8, "/systemd");
}
