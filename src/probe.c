// SPDX-License-Identifier: (LGPL-2.1 OR BSD-2-Clause)
/* What the running kernel offers: BTF, the cap_capable tracepoint, bpf_task_work. */
#include <errno.h>
#include <stdio.h>
#include <string.h>
#include <unistd.h>
#include <bpf/btf.h>
#include <bpf/libbpf.h>
#include "probe.h"
#include "strutil.h"

int probe_kernel(struct kernel_features *f, char *why, size_t whylen)
{
	struct btf *btf;
	FILE *fp;
	int v;

	memset(f, 0, sizeof(*f));
	if (access("/sys/kernel/btf/vmlinux", R_OK)) {
		str_printf(why, whylen,
			   "this kernel has no BTF (/sys/kernel/btf/vmlinux: %s); capfix needs a "
			   "kernel built with CONFIG_DEBUG_INFO_BTF=y (Linux 5.15 or later)",
			   strerror(errno));
		return -ENOENT;
	}
	btf = btf__load_vmlinux_btf();
	if (!btf) {
		int err = -errno;

		str_printf(why, whylen, "cannot read the kernel's BTF: %s", strerror(-err));
		return err;
	}
	f->btf = true;
	/* the tracepoint's BTF typedef is emitted with the event (include/trace/bpf_probe.h) */
	f->tp_cap_capable = btf__find_by_name_kind(btf, "btf_trace_cap_capable", BTF_KIND_TYPEDEF) > 0;
	f->task_work = btf__find_by_name_kind(btf, "bpf_task_work_schedule_resume_impl",
					      BTF_KIND_FUNC) > 0;
	f->security_capable = btf__find_by_name_kind(btf, "security_capable", BTF_KIND_FUNC) > 0;
	btf__free(btf);

	fp = fopen("/proc/sys/vm/overcommit_memory", "r");
	if (fp) {
		if (fscanf(fp, "%d", &v) == 1 && v == 2)
			f->overcommit_never = true;
		fclose(fp);
	}
	return 0;
}
