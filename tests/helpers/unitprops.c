// SPDX-License-Identifier: (LGPL-2.1 OR BSD-2-Clause)
/* Test program: a unit's settings as capfix reads them, asked over D-Bus (manager.c) or parsed
 * from `systemctl show` text on stdin (-), one line, for comparing the two. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include "manager.h"
#include "parse.h"

int main(int argc, char **argv)
{
	static char buf[256 << 10];
	struct unit_props up;
	size_t n;
	int r;

	if (argc == 2 && !strcmp(argv[1], "-")) {
		n = fread(buf, 1, sizeof(buf) - 1, stdin);
		r = unit_props_parse(buf, n, &up);
	} else if (argc == 3 || argc == 4) {
		/* unitprops PID UNIT [UID]: PID's manager (system, or UID's user manager) */
		r = unit_props_read_ns(atoi(argv[1]), argv[2], argc == 4,
				       argc == 4 ? (uid_t)atoi(argv[3]) : 0, &up);
	} else {
		fprintf(stderr,
			"usage: unitprops PID UNIT [UID] | unitprops - <systemctl-show-text\n");
		return 2;
	}
	if (r || !up.known) {
		printf("unknown: %s\n", up.unknown_why);
		return 1;
	}
	printf("user=%s nnp=%d dyn=%d pu=%d implies=%d/%s bset=%d/%llx amb=%llx sb=%u raf=%d "
	       "scf=%d load=%s frag=%s\n",
	       up.user, up.no_new_privileges, up.dynamic_user, up.private_users, up.implies_nnp,
	       up.implies_nnp_by, up.bounding_set_known, (unsigned long long)up.bounding_set,
	       (unsigned long long)up.ambient, up.secure_bits, up.restrict_address_families,
	       up.system_call_filter, up.load_state, up.fragment_path);
	return 0;
}
