// SPDX-License-Identifier: (LGPL-2.1 OR BSD-2-Clause)
/* What the running kernel offers: its version, the cap_capable tracepoint, bpf_task_work. */
#include <errno.h>
#include <stdio.h>
#include <string.h>
#include <unistd.h>
#include <sys/utsname.h>
#include <bpf/btf.h>
#include <bpf/libbpf.h>
#include "probe.h"
#include "strutil.h"

/*
 * The oldest kernel capfix is tested on (make test-kernels): Debian 11's 5.10. Every
 * feature it needs is older: BPF ring buffer (5.8), BTF-typed tracepoints and fexit (5.5),
 * bpf_probe_read_kernel (5.5), global functions (5.6), vmlinux BTF in sysfs (5.4);
 * newer helpers are used only where the kernel has them (bpf/core_fixes.bpf.h).
 */
#define MIN_MAJOR 5
#define MIN_MINOR 10

/* a kernel function kprobes can name (the names are readable without privileges) */
static bool kallsyms_has(const char *name)
{
	char line[256], sym[128];
	bool found = false;
	FILE *fp;

	fp = fopen("/proc/kallsyms", "r");
	if (!fp)
		return false;
	while (!found && fgets(line, sizeof(line), fp))
		found = sscanf(line, "%*s %*s %127s", sym) == 1 && !strcmp(sym, name);
	fclose(fp);
	return found;
}

int probe_kernel(struct kernel_features *f, char *why, size_t whylen)
{
	struct utsname u;
	int v, major, minor;
	struct btf *btf;
	FILE *fp;

	memset(f, 0, sizeof(*f));
	if (!uname(&u) && sscanf(u.release, "%d.%d", &major, &minor) == 2) {
		if (major < MIN_MAJOR || (major == MIN_MAJOR && minor < MIN_MINOR)) {
			str_printf(why, whylen, "Linux %s is too old: capfix needs Linux %d.%d or later",
				   u.release, MIN_MAJOR, MIN_MINOR);
			return -ENOTSUP;
		}
		/* 5.11 charges BPF memory to the memory cgroup instead (kernel/bpf/syscall.c) */
		f->memlock_charged = major == 5 && minor < 11;
	}
	if (access("/sys/kernel/btf/vmlinux", R_OK)) {
		str_printf(why, whylen,
			   "this kernel has no BTF (/sys/kernel/btf/vmlinux: %s); capfix needs a "
			   "kernel built with CONFIG_DEBUG_INFO_BTF=y (Linux %d.%d or later)",
			   strerror(errno), MIN_MAJOR, MIN_MINOR);
		return -ENOENT;
	}
	btf = btf__load_vmlinux_btf();
	if (!btf) {
		int err = -errno;

		str_printf(why, whylen, "cannot read the kernel's BTF: %s", strerror(-err));
		return err;
	}
	/* the tracepoint's BTF typedef is emitted with the event (include/trace/bpf_probe.h) */
	f->tp_cap_capable = btf__find_by_name_kind(btf, "btf_trace_cap_capable", BTF_KIND_TYPEDEF) > 0;
	f->task_work = btf__find_by_name_kind(btf, "bpf_task_work_schedule_resume_impl",
					      BTF_KIND_FUNC) > 0;
	f->vm_enough_memory = btf__find_by_name_kind(btf, "cap_vm_enough_memory", BTF_KIND_FUNC) > 0;
	btf__free(btf);
	f->vm_enough_memory_sym = kallsyms_has("cap_vm_enough_memory");

	fp = fopen("/proc/sys/vm/overcommit_memory", "r");
	if (fp) {
		if (fscanf(fp, "%d", &v) == 1 && v == 2)
			f->overcommit_never = true;
		fclose(fp);
	}
	return 0;
}
