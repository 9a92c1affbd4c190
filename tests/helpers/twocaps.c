// SPDX-License-Identifier: (LGPL-2.1 OR BSD-2-Clause)
/*
 * Test program needing two capabilities, one after the other: bind TCP port 80 on 127.0.0.1
 * (CAP_NET_BIND_SERVICE), then open an ICMP raw socket (CAP_NET_RAW). A fix for the first
 * failure reveals the second. Prints each step; exits with the errno of the first failure, or
 * 0; with --sleep SECONDS it then stays up (a service that keeps running).
 */
#include <arpa/inet.h>
#include <errno.h>
#include <netinet/in.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>
#include <unistd.h>

int main(int argc, char **argv)
{
	struct sockaddr_in sin = { .sin_family = AF_INET, .sin_port = htons(80) };
	int fd, raw, one = 1, err;
	unsigned int secs = 0;

	if (argc == 3 && !strcmp(argv[1], "--sleep"))
		secs = (unsigned int)atoi(argv[2]);
	else if (argc != 1) {
		fprintf(stderr, "usage: twocaps [--sleep SECONDS]\n");
		return 2;
	}
	inet_pton(AF_INET, "127.0.0.1", &sin.sin_addr);
	fd = socket(AF_INET, SOCK_STREAM | SOCK_CLOEXEC, 0);
	if (fd < 0)
		return errno;
	setsockopt(fd, SOL_SOCKET, SO_REUSEADDR, &one, sizeof(one));
	if (bind(fd, (struct sockaddr *)&sin, sizeof(sin)) < 0) {
		err = errno;
		printf("twocaps: bind 127.0.0.1:80: %s\n", strerror(err));
		return err;
	}
	printf("twocaps: bind 127.0.0.1:80: ok\n");
	raw = socket(AF_INET, SOCK_RAW | SOCK_CLOEXEC, IPPROTO_ICMP);
	if (raw < 0) {
		err = errno;
		printf("twocaps: raw socket: %s\n", strerror(err));
		return err;
	}
	printf("twocaps: raw socket: ok\n");
	fflush(stdout);
	while (secs > 0)
		secs = sleep(secs);
	close(raw);
	close(fd);
	return 0;
}
