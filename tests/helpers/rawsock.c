// SPDX-License-Identifier: (LGPL-2.1 OR BSD-2-Clause)
/* Test program: open an ICMP raw socket (CAP_NET_RAW); prints "rawsock: ok|<strerror>", exits with
 * the errno. */
#include <errno.h>
#include <netinet/in.h>
#include <stdio.h>
#include <string.h>
#include <sys/socket.h>
#include <unistd.h>

int main(void)
{
	int fd = socket(AF_INET, SOCK_RAW, IPPROTO_ICMP), err = fd < 0 ? errno : 0;

	if (fd >= 0)
		close(fd);
	printf("rawsock: %s\n", err ? strerror(err) : "ok");
	fflush(stdout);
	return err;
}
