// SPDX-License-Identifier: (LGPL-2.1 OR BSD-2-Clause)
/* Test program: chown FILE UID:GID (CAP_CHOWN); prints "chown FILE UID:GID: ok|<strerror>", exits
 * with the errno. */
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

int main(int argc, char **argv)
{
	unsigned long uid, gid;
	char *end;
	int err;

	if (argc != 3 || (uid = strtoul(argv[2], &end, 10), *end != ':') ||
	    (gid = strtoul(end + 1, &end, 10), *end)) {
		fprintf(stderr, "usage: chownfile FILE UID:GID\n");
		return 2;
	}
	err = chown(argv[1], (uid_t)uid, (gid_t)gid) < 0 ? errno : 0;
	printf("chown %s %lu:%lu: %s\n", argv[1], uid, gid, err ? strerror(err) : "ok");
	fflush(stdout);
	return err;
}
