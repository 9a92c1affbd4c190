#!/bin/sh
# SPDX-License-Identifier: (LGPL-2.1 OR BSD-2-Clause)
# The rule engine reads nothing and changes nothing (STYLE.md: plain structs in, no /proc,
# files, BPF or environment): its objects may call no libc function that touches files,
# /proc, processes, users, sockets, time, the environment or a stream. Run by make on every
# rebuild of an engine object; prints the offending calls and fails.
# Usage: scripts/check-pure.sh OBJ...   (NM= another nm)
set -eu
NM=${NM:-nm}
deny='open|openat|openat2|creat|read|pread|readv|write|pwrite|writev|close|dup|dup2|dup3|pipe|pipe2'
deny="$deny|fopen|fdopen|freopen|fclose|fread|fgets|fgetc|getc|getline|getdelim|fscanf|scanf"
deny="$deny|fprintf|vfprintf|printf|vprintf|fputs|fputc|putc|puts|putchar|fwrite|fflush|perror"
deny="$deny|stat|fstat|lstat|fstatat|newfstatat|statx|statfs|fstatfs|statvfs|access|faccessat"
deny="$deny|readlink|readlinkat|realpath|opendir|fdopendir|readdir|scandir|chdir|getcwd"
deny="$deny|getxattr|lgetxattr|fgetxattr|setxattr|mkdir|mkdirat|unlink|unlinkat|rename|renameat"
deny="$deny|getpw[a-z_]*|setpwent|endpwent|getgr[a-z_]*|setgrent|endgrent|getgrouplist"
deny="$deny|socket|connect|bind|send|sendto|sendmsg|recv|recvfrom|recvmsg|ioctl|poll|select"
deny="$deny|syscall|fork|vfork|clone|exec[a-z]*|fexecve|system|popen|kill|wait|waitpid|setns"
deny="$deny|unshare|mount|prctl|capget|capset|setuid|setresuid|setgid|setresgid|getuid|geteuid"
deny="$deny|getenv|secure_getenv|gethostname|uname|time|clock_gettime|gettimeofday|sleep|usleep"
deny="$deny|sd_[a-z_]*|bpf_[a-z_]*|ring_buffer_[a-z_]*|libbpf_[a-z_]*"
bad=0
for o in "$@"; do
	# __read_chk (_FORTIFY_SOURCE), open64, fopen@GLIBC_2.2.5: the function underneath
	calls=$("$NM" -u "$o" | awk '{ print $2 }' | sed -e 's/@.*//' -e 's/^__\(.*\)_chk$/\1/' \
		-e 's/^\(.*[a-z]\)64$/\1/' -e 's/^__isoc99_//' | grep -Ex "$deny" | sort -u | tr '\n' ' ')
	if [ -n "$calls" ]; then
		echo "capfix: $o is part of the pure rule engine but calls: $calls" >&2
		bad=1
	fi
done
exit $bad
