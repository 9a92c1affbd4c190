// SPDX-License-Identifier: (LGPL-2.1 OR BSD-2-Clause)
/* Test program: bind a TCP port; prints "bind ADDR PORT: ok|<strerror>", exits with the errno. */
#include <arpa/inet.h>
#include <errno.h>
#include <netinet/in.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>
#include <time.h>
#include <unistd.h>

static int bind_once(int family, const char *addr, int port)
{
	struct sockaddr_storage ss = {};
	socklen_t len;
	int fd, one = 1, err = 0;

	if (family == AF_INET6) {
		struct sockaddr_in6 *s6 = (struct sockaddr_in6 *)&ss;

		s6->sin6_family = AF_INET6;
		s6->sin6_port = htons((unsigned short)port);
		if (inet_pton(AF_INET6, addr, &s6->sin6_addr) != 1)
			return EINVAL;
		len = sizeof(*s6);
	} else {
		struct sockaddr_in *s4 = (struct sockaddr_in *)&ss;

		s4->sin_family = AF_INET;
		s4->sin_port = htons((unsigned short)port);
		if (inet_pton(AF_INET, addr, &s4->sin_addr) != 1)
			return EINVAL;
		len = sizeof(*s4);
	}
	fd = socket(family, SOCK_STREAM | SOCK_CLOEXEC, 0);
	if (fd < 0)
		return errno;
	setsockopt(fd, SOL_SOCKET, SO_REUSEADDR, &one, sizeof(one));
	if (bind(fd, (struct sockaddr *)&ss, len) < 0)
		err = errno;
	close(fd);
	return err;
}

int main(int argc, char **argv)
{
	int family = AF_INET, port = -1, repeat = 1, sleep_ms = 0, i, err = 0;
	const char *addr = NULL;

	for (i = 1; i < argc; i++) {
		if (!strcmp(argv[i], "-6"))
			family = AF_INET6;
		else if (!strcmp(argv[i], "--addr") && i + 1 < argc)
			addr = argv[++i];
		else if (!strcmp(argv[i], "--repeat") && i + 1 < argc)
			repeat = atoi(argv[++i]);
		else if (!strcmp(argv[i], "--sleep-ms") && i + 1 < argc)
			sleep_ms = atoi(argv[++i]);
		else if (port < 0 && argv[i][0] >= '0' && argv[i][0] <= '9')
			port = atoi(argv[i]);
		else
			port = -2;
	}
	if (port < 0 || port > 65535 || repeat < 1) {
		fprintf(stderr,
			"usage: bindport [-6] [--addr A] PORT [--repeat N] [--sleep-ms M]\n");
		return 2;
	}
	if (!addr)
		addr = family == AF_INET6 ? "::1" : "127.0.0.1";
	for (i = 0; i < repeat; i++) {
		err = bind_once(family, addr, port);
		if (sleep_ms > 0)
			nanosleep(&(struct timespec){sleep_ms / 1000, (sleep_ms % 1000) * 1000000L},
				  NULL);
	}
	printf("bind %s %d: %s\n", addr, port, err ? strerror(err) : "ok");
	fflush(stdout);
	return err;
}
