// SPDX-License-Identifier: (LGPL-2.1 OR BSD-2-Clause)
/* Test program: N anonymous mmap+munmap (each an unprivileged, harmless CAP_SYS_ADMIN probe);
 * prints "mmapstorm N: ok|<strerror>". */
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>

int main(int argc, char **argv)
{
	long n = argc > 1 ? strtol(argv[1], NULL, 10) : 1000, i;
	int err = 0;

	if (n < 1) {
		fprintf(stderr, "usage: mmapstorm [N]\n");
		return 2;
	}
	for (i = 0; i < n; i++) {
		void *p =
		    mmap(NULL, 4096, PROT_READ | PROT_WRITE, MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);

		if (p == MAP_FAILED) {
			err = errno;
			break;
		}
		munmap(p, 4096);
	}
	printf("mmapstorm %ld: %s\n", n, err ? strerror(err) : "ok");
	fflush(stdout);
	return err;
}
