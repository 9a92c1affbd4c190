// SPDX-License-Identifier: (LGPL-2.1 OR BSD-2-Clause)
/* libFuzzer target: mountinfo parser; the first line is the path to look up. */
#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include "parse.h"

static void check(const struct mount_entry *me)
{
	if (strnlen(me->mount_point, sizeof(me->mount_point)) >= sizeof(me->mount_point) ||
	    strnlen(me->options, sizeof(me->options)) >= sizeof(me->options) ||
	    strnlen(me->fstype, sizeof(me->fstype)) >= sizeof(me->fstype) ||
	    me->mount_point[0] != '/')
		abort();
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	const char *buf = (const char *)data, *nl = memchr(buf, '\n', size);
	size_t first = nl ? (size_t)(nl - buf) : 0, rest;
	static struct mount_entry me;
	char path[256], out[64];
	size_t i;

	/* the looked-up path: absolute, no NULs (as readlink would give) */
	path[0] = '/';
	for (i = 0; i < first && i < sizeof(path) - 2; i++)
		path[i + 1] = buf[i] ? buf[i] : '_';
	path[i + 1] = '\0';
	buf += nl ? first + 1 : 0;
	rest = size - (nl ? first + 1 : 0);

	if (!mountinfo_find_path(buf, rest, path, &me)) {
		check(&me);
		size_t l = strlen(me.mount_point);

		/* the match is a prefix of the path (trailing slashes aside) */
		while (l > 1 && me.mount_point[l - 1] == '/')
			l--;
		if (l > 1 && strncmp(me.mount_point, path, l))
			abort();
	}
	if (!mountinfo_find_id(buf, rest, size > 0 ? data[0] : 0, &me))
		check(&me);
	if (!mountinfo_parse_line(buf, rest, &me))
		check(&me);
	mountinfo_unescape(buf, rest, out, sizeof(out));
	if (strnlen(out, sizeof(out)) >= sizeof(out))
		abort();
	return 0;
}
