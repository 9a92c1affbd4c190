// SPDX-License-Identifier: (LGPL-2.1 OR BSD-2-Clause)
/* Test program: setfcap CAP FILE gives FILE the file capability CAP (a number) as +ep. */
#include <errno.h>
#include <linux/capability.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/xattr.h>

/*
 * The kernel matrix's guests have no libcap/setcap: this writes the security.capability
 * xattr itself, in the revision-2 layout (struct vfs_cap_data, include/uapi/linux/capability.h)
 * that cap_convert_nscap() accepts from a root in the initial user namespace.
 */
int main(int argc, char **argv)
{
	struct vfs_cap_data d;
	unsigned long cap;
	char *end;

	if (argc != 3) {
		fprintf(stderr, "usage: setfcap CAP FILE\n");
		return 2;
	}
	errno = 0;
	cap = strtoul(argv[1], &end, 10);
	if (errno || *end || end == argv[1] || cap > CAP_LAST_CAP) {
		fprintf(stderr, "setfcap: invalid capability number '%s'\n", argv[1]);
		return 2;
	}
	memset(&d, 0, sizeof(d));
	/* little-endian on disk; the test hosts are x86 */
	d.magic_etc = VFS_CAP_REVISION_2 | VFS_CAP_FLAGS_EFFECTIVE;
	d.data[cap / 32].permitted = 1u << (cap % 32);
	if (setxattr(argv[2], "security.capability", &d, XATTR_CAPS_SZ_2, 0)) {
		fprintf(stderr, "setfcap %s: %s\n", argv[2], strerror(errno));
		return 1;
	}
	return 0;
}
