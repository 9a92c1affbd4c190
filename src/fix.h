/* SPDX-License-Identifier: (LGPL-2.1 OR BSD-2-Clause) */
/* Rendering of fixes (commands, drop-ins, snippets): the rule engine's, the summary's, --emit's. */
#ifndef __CAPFIX_FIX_H
#define __CAPFIX_FIX_H

#include <stdbool.h>
#include <stddef.h>
#include "model.h"

/* every capability the kernel knows (0..CAP_CHECKPOINT_RESTORE) */
#define CAPS_ALL ((1ULL << 41) - 1)

/*
 * Each fix_* fills *fx completely (fx is zeroed first) and returns 0, or -1 when
 * something did not fit or a precondition failed: the caller then drops the fix, so a
 * truncated command is never offered.
 */

/* "setcap CAPS PATH": perm gets =+ep, inh (if any) +i; rootid >= 0 adds -n ROOTID (R12) */
int fix_setcap(struct fix *fx, const char *path, __u64 perm, __u64 inh, long long rootid,
	       const char *warning);
/* "setcap -r PATH" (R3: a build that does not need the capability) */
int fix_setcap_remove(struct fix *fx, const char *path, const char *warning);

/*
 * The [Service] drop-in granting caps (a mask) to a unit with properties up (which may
 * be !known), never shrinking its bounding set (see fix.c for systemd's merge rules).
 * Returns the number of settings written (0: nothing to change), -1 if buf is too small.
 */
int render_dropin(const struct unit_props *up, __u64 caps, bool unit_is_root, char *buf,
		  size_t len);
/* A [Service] drop-in for an existing unit; ambient may be 0. bounding_add: caps the unit's
 * bounding set must contain (merged, never shrunk). Returns the number of settings written. */
int render_dropin_ex(const struct unit_props *up, __u64 ambient, __u64 bounding_add,
		     bool private_users_off, const char *extra, char *buf, size_t len);
/* /etc/systemd/system/UNIT.d/capfix.conf + "systemctl daemon-reload && systemctl restart UNIT" */
int fix_systemd_dropin(struct fix *fx, const char *unit, const char *dropin, const char *warning);
/* a whole new service unit (R18 canonical form) for a process no system unit runs yet */
int fix_systemd_new_unit(struct fix *fx, const char *unit, const char *exe, const char *script,
			 const char *user, __u64 caps, const char *warning);
/* NAME.socket with ListenStream= for service unit NAME.service (R17) */
int fix_socket_activation(struct fix *fx, const char *service, int family, const char *addr,
			  int port);
/* sysctl -w net.ipv4.ip_unprivileged_port_start=PORT + /etc/sysctl.d file (R17) */
int fix_sysctl_port(struct fix *fx, int port, int current);
/* sysctl -w net.ipv4.ping_group_range="GID GID" (section 3, NET_RAW for ICMP echo) */
int fix_sysctl_ping(struct fix *fx, unsigned int gid);

enum container_flavour { CT_DOCKER, CT_PODMAN, CT_NERDCTL };
/* --cap-add (and, for a non-root user, RUN setcap in the image: R5) */
int fix_docker_cap_add(struct fix *fx, enum container_flavour fl, __u64 caps, bool nonroot,
		       const char *exe, const char *warning);
/* --sysctl net.ipv4.ip_unprivileged_port_start=PORT (R5, R17) */
int fix_docker_sysctl(struct fix *fx, enum container_flavour fl, int port);
/* securityContext.capabilities.add (+ allowPrivilegeEscalation for file caps, R1, R5) */
int fix_k8s_cap_add(struct fix *fx, __u64 caps, bool nonroot, const char *exe, const char *warning);
/* pod securityContext.sysctls (R17) */
int fix_k8s_sysctl(struct fix *fx, int port);

/* setpriv wrapper raising ambient caps after the uid switch (R6, R7) */
int fix_ambient_wrapper(struct fix *fx, const char *user_name, uid_t uid, gid_t gid, __u64 caps,
			const char *exe, const char *script, const char *warning);

/* kind FIX_CONFIG/FIX_OWNERSHIP with a command or a drop-in given by the caller */
int fix_text(struct fix *fx, enum fix_kind kind, const char *unit, const char *path,
	     const char *dropin, const char *command, const char *warning);

/* setfacl -m u:USER:PERM FILE (PERM of rwxX) */
int fix_ownership_file(struct fix *fx, const char *file, const char *user_name, uid_t uid,
		       const char *perm, const char *warning);
/* setpriv --reuid U --regid G --groups GROUPS,ADD -- EXE: the process plus one group */
int fix_group_wrapper(struct fix *fx, const char *user_name, uid_t uid, gid_t gid,
		      const gid_t *groups, int ngroups, gid_t add, const char *exe,
		      const char *warning);
/* the program's arguments (NUL-separated, len bytes) at the end of a wrapper's command or a
 * new unit's ExecStart=; other fixes are left alone */
int fix_append_args(struct fix *fx, const char *args, size_t len);
/* sysctl -w KEY=VALUE, and /etc/sysctl.d/CONF to keep it */
int fix_sysctl_text(struct fix *fx, const char *key, const char *value, const char *conf,
		    const char *warning);

/* [Service] settings in UNIT.d/NAME (kind FIX_CONFIG or FIX_OWNERSHIP): LimitMEMLOCK= ... */
int fix_systemd_config(struct fix *fx, enum fix_kind kind, const char *unit, const char *name,
		       const char *settings, const char *warning);
/* the command that shows an LSM's denial (R14) */
int fix_lsm_audit(struct fix *fx, const char *lsm, const char *comm);
/* copy of `then` whose command is "FIRST && THEN" */
int fix_and_then(struct fix *fx, enum fix_kind kind, const struct fix *first,
		 const struct fix *then);
/* tmpfiles.d directory owned by the user (ownership instead of DAC caps), placeholder path */
int fix_tmpfiles(struct fix *fx, const char *user_name, uid_t uid);

/* valid systemd unit name of the given suffix (".service"): also keeps paths sane */
bool unit_name_ok(const char *unit, const char *suffix);
/* "CAP_A CAP_B" (systemd spelling) */
char *capmask_systemd(__u64 mask, char *buf, size_t len);

#endif /* __CAPFIX_FIX_H */
