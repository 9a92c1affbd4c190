// SPDX-License-Identifier: (LGPL-2.1 OR BSD-2-Clause)
/* Test launcher: set a service's credentials exactly as spawn_apply_creds() does, then exec. */
#include <errno.h>
#include <getopt.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>
#include "names.h"
#include "spawn.h"

static const char usage[] =
    "USAGE: svc-launch [--user U] [--bounding CAPS | --drop-bounding CAPS] [--ambient CAPS]\n"
    "                  [--nnp] [--securebits N] -- COMMAND [ARGS]\n"
    "Like a systemd 252 unit with User=, CapabilityBoundingSet=, AmbientCapabilities=,\n"
    "NoNewPrivileges= and SecureBits=; CAPS are comma-separated (cap_net_bind_service, NET_RAW).\n"
    "Exit status as systemd's: 216 GROUP, 217 USER, 218 CAPABILITIES, 213 SECUREBITS,\n"
    "227 NO_NEW_PRIVILEGES, 203 EXEC (the message names the errno).\n";

int main(int argc, char **argv)
{
	static const struct option opts[] = {
	    {"user", required_argument, NULL, 'u'},
	    {"bounding", required_argument, NULL, 'b'},
	    {"drop-bounding", required_argument, NULL, 'd'},
	    {"ambient", required_argument, NULL, 'a'},
	    {"nnp", no_argument, NULL, 'n'},
	    {"securebits", required_argument, NULL, 's'},
	    {"help", no_argument, NULL, 'h'},
	    {},
	};
	struct spawn_opts o = {};
	char err[256];
	__u64 mask;
	int c, r, status;
	char *end;

	while ((c = getopt_long(argc, argv, "+u:b:d:a:ns:h", opts, NULL)) != -1) {
		switch (c) {
		case 'u':
			r = spawn_resolve_user(optarg, &o);
			if (r < 0) {
				fprintf(stderr, "svc-launch: user %s: %s\n", optarg, strerror(-r));
				return 217;
			}
			break;
		case 'b':
		case 'd':
		case 'a':
			if (spawn_parse_caps(optarg, &mask, err, sizeof(err)) < 0) {
				fprintf(stderr, "svc-launch: %s\n", err);
				return 2;
			}
			if (c == 'a') {
				o.ambient = mask;
			} else {
				o.set_bounding = true;
				o.bounding = c == 'b' ? mask : ~mask;
			}
			break;
		case 'n':
			o.no_new_privs = true;
			break;
		case 's':
			errno = 0;
			o.securebits = (unsigned int)strtoul(optarg, &end, 0);
			if (errno || *end || end == optarg) {
				fprintf(stderr, "svc-launch: bad --securebits '%s'\n", optarg);
				return 2;
			}
			break;
		case 'h':
			fputs(usage, stdout);
			return 0;
		default:
			fputs(usage, stderr);
			return 2;
		}
	}
	if (optind >= argc) {
		fputs(usage, stderr);
		return 2;
	}
	r = spawn_apply_creds(&o, &status, err, sizeof(err));
	if (r < 0) {
		fprintf(stderr, "svc-launch: %s\n", err);
		return status;
	}
	execvp(argv[optind], argv + optind);
	r = errno;
	fprintf(stderr, "svc-launch: Failed to execute %s: %s (%s)\n", argv[optind], strerror(r),
		errno_name(r) ? errno_name(r) : "?");
	return SPAWN_EXIT_EXEC;
}
