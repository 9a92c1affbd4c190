// SPDX-License-Identifier: (LGPL-2.1 OR BSD-2-Clause)
/* libFuzzer target: /proc/PID/cgroup lines and cgroup path classification. */
#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include "parse.h"

static void check(const struct cgroup_info *ci)
{
	if (strnlen(ci->unit, sizeof(ci->unit)) >= sizeof(ci->unit) ||
	    strnlen(ci->container_id, sizeof(ci->container_id)) >= sizeof(ci->container_id) ||
	    strnlen(ci->pod_uid, sizeof(ci->pod_uid)) >= sizeof(ci->pod_uid) ||
	    ci->runtime < RUNTIME_NONE || ci->runtime > RUNTIME_LXC)
		abort();
	/* a unit we report must be one systemctl takes as a unit */
	if (ci->unit[0] && !strchr(ci->unit, '/') && strchr(ci->unit, '\n'))
		abort();
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	static char path[MODEL_PATH_MAX], out[MODEL_UNIT_MAX];
	struct cgroup_info ci;

	cgroup_classify((const char *)data, size, &ci);
	check(&ci);
	if (!cgroup_file_path((const char *)data, size, path, sizeof(path))) {
		cgroup_classify(path, strlen(path), &ci);
		check(&ci);
		unit_unescape(ci.unit, out, sizeof(out));
		unit_name_valid(ci.unit);
		unit_unescape(path, out, sizeof(out));
		if (strnlen(out, sizeof(out)) >= sizeof(out))
			abort();
	}
	return 0;
}
