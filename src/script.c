// SPDX-License-Identifier: (LGPL-2.1 OR BSD-2-Clause)
/* Script detection (R7): which file an interpreter process runs, from its command line. */
#include <ctype.h>
#include <errno.h>
#include <stdlib.h>
#include <string.h>
#include "script.h"
#include "strutil.h"
#include "util.h"

/* ------------------------------------------------------------------------------------------
 * Scripts (R7): the kernel computes credentials from the interpreter binary
 * (fs/binfmt_script.c re-execs the interpreter with argv = interp [arg] script args...)
 */

enum interp_family {
	IF_NONE,
	IF_PYTHON,
	IF_PERL,
	IF_RUBY,
	IF_NODE,
	IF_JAVA,
	IF_SHELL,
	IF_PHP,
	IF_PHP_SERVER, /* php-fpm, php-cgi: scripts come from requests, not argv */
	IF_LUA,
	IF_R,
	IF_TCL,
};

static const struct {
	const char *name;
	enum interp_family fam;
	bool versioned; /* "python3.11", "perl5.36.0", "php8.2" */
} interp_table[] = {
    {"python", IF_PYTHON, true},      {"pypy", IF_PYTHON, true},	{"perl", IF_PERL, true},
    {"ruby", IF_RUBY, true},	      {"node", IF_NODE, true},		{"nodejs", IF_NODE, true},
    {"java", IF_JAVA, false},	      {"sh", IF_SHELL, false},		{"bash", IF_SHELL, true},
    {"dash", IF_SHELL, false},	      {"zsh", IF_SHELL, true},		{"ksh", IF_SHELL, true},
    {"mksh", IF_SHELL, false},	      {"ash", IF_SHELL, false},		{"php", IF_PHP, true},
    {"php-fpm", IF_PHP_SERVER, true}, {"php-cgi", IF_PHP_SERVER, true}, {"lua", IF_LUA, true},
    {"luajit", IF_LUA, true},	      {"Rscript", IF_R, false},		{"tclsh", IF_TCL, true},
    {"wish", IF_TCL, true},
};

static enum interp_family interp_family_of(const char *exe)
{
	const char *b;
	size_t i;

	if (!exe)
		return IF_NONE;
	b = strrchr(exe, '/');
	b = b ? b + 1 : exe;
	for (i = 0; i < ARRAY_SIZE(interp_table); i++) {
		size_t l = strlen(interp_table[i].name);
		const char *r = b + l;

		if (strncmp(b, interp_table[i].name, l))
			continue;
		if (!*r)
			return interp_table[i].fam;
		if (!interp_table[i].versioned || !isdigit((unsigned char)*r))
			continue;
		/* a version: digits and dots, then at most python's ABI letters (3.13t, 3.11d) */
		while (isdigit((unsigned char)*r) || *r == '.')
			r++;
		while (*r && strchr("dmtu", *r))
			r++;
		if (!*r)
			return interp_table[i].fam;
	}
	return IF_NONE;
}

bool interpreter_name(const char *exe)
{
	return interp_family_of(exe) != IF_NONE;
}

bool buf_is_shebang(const void *buf, size_t len)
{
	return len >= 2 && !memcmp(buf, "#!", 2);
}

#define SCRIPT_MAX_ARGS 256

/* options (exact words) whose value is the next argument, per family */
static bool opt_takes_arg(enum interp_family fam, const char *a)
{
	static const char *const py[] = {"-W", "-X", "-Q", NULL};
	static const char *const perl[] = {"-I", "-M", "-m", NULL};
	static const char *const ruby[] = {"-I", "-r", "-C", "-E", "--encoding", NULL};
	static const char *const node[] = {
	    "-r", "--require",	  "--import", "--loader",	"--experimental-loader",
	    "-C", "--conditions", "--title",  "--inspect-port", NULL};
	static const char *const java[] = {"-cp",
					   "-classpath",
					   "--class-path",
					   "-p",
					   "--module-path",
					   "--add-modules",
					   "--add-opens",
					   "--add-exports",
					   "--add-reads",
					   "--upgrade-module-path",
					   "--enable-native-access",
					   NULL};
	static const char *const shell[] = {"-o",	"+o",	       "-O", "+O",
					    "--rcfile", "--init-file", NULL};
	static const char *const php[] = {"-d", "-c", "-z", "-t", NULL};
	static const char *const lua[] = {"-l", NULL};
	static const char *const none[] = {NULL};
	const char *const *t;

	switch (fam) {
	case IF_PYTHON:
		t = py;
		break;
	case IF_PERL:
		t = perl;
		break;
	case IF_RUBY:
		t = ruby;
		break;
	case IF_NODE:
		t = node;
		break;
	case IF_JAVA:
		t = java;
		break;
	case IF_SHELL:
		t = shell;
		break;
	case IF_PHP:
		t = php;
		break;
	case IF_LUA:
		t = lua;
		break;
	default:
		t = none;
		break;
	}
	for (; *t; t++)
		if (!strcmp(a, *t))
			return true;
	return false;
}

/* "-c code", "-e code": what introduces code on the command line */
static bool opt_inline(enum interp_family fam, const char *a)
{
	switch (fam) {
	case IF_PYTHON:
		return !strcmp(a, "-c");
	case IF_PERL:
		return !strcmp(a, "-e") || !strcmp(a, "-E");
	case IF_RUBY:
	case IF_LUA:
	case IF_R:
		return !strcmp(a, "-e");
	case IF_NODE:
		return !strcmp(a, "-e") || !strcmp(a, "--eval") || !strcmp(a, "-p") ||
		       !strcmp(a, "--print");
	case IF_SHELL:
		return !strcmp(a, "-c");
	case IF_PHP:
		return !strcmp(a, "-r");
	default:
		return false;
	}
}

/* short-option letters that end a bundle and take the rest or the next word */
static const char *bundle_letters(enum interp_family fam)
{
	switch (fam) {
	case IF_PYTHON:
		return "cmWXQ";
	case IF_PERL:
		return "eEIMmixFdD";
	case IF_RUBY:
		return "eIrCE";
	case IF_SHELL:
		return "co";
	default:
		return "";
	}
}

static void set_script(struct script_info *si, int kind, const char *a, const char *b)
{
	si->kind = kind;
	if (b)
		str_printf(si->script, sizeof(si->script), "%s %s", a, b);
	else
		str_copy(si->script, a, sizeof(si->script));
}

int script_detect(const char *exe, const char *cmdline, size_t len, struct script_info *si)
{
	char *argv[SCRIPT_MAX_ARGS + 1];
	char *copy;
	enum interp_family fam;
	size_t i = 0;
	int argc = 0, k;

	memset(si, 0, sizeof(*si));
	fam = interp_family_of(exe);
	if (fam == IF_NONE)
		return 0;
	si->is_interpreter = true;
	si->kind = SCRIPT_NONE;
	if (!cmdline || !len || fam == IF_PHP_SERVER)
		return 0;
	copy = malloc(len + 1);
	if (!copy)
		return -ENOMEM;
	memcpy(copy, cmdline, len);
	copy[len] = '\0';
	while (i < len && argc < SCRIPT_MAX_ARGS) {
		argv[argc++] = copy + i;
		i += strlen(copy + i) + 1;
	}
	argv[argc] = NULL;

	/* argv[0] is the interpreter (or "-bash" for a login shell); options follow */
	for (k = 1; k < argc; k++) {
		const char *a = argv[k];
		const char *next = k + 1 < argc ? argv[k + 1] : NULL;
		const char *bl;

		if (!strcmp(a, "--")) {
			if (next)
				set_script(si, strcmp(next, "-") ? SCRIPT_FILE : SCRIPT_STDIN, next,
					   NULL);
			else
				si->kind = SCRIPT_STDIN;
			goto out;
		}
		if (!strcmp(a, "-")) {
			set_script(si, SCRIPT_STDIN, "-", NULL);
			goto out;
		}
		if (a[0] != '-' && !(fam == IF_SHELL && a[0] == '+')) {
			/* the first non-option: a script file, or java's main class */
			if (fam == IF_JAVA)
				set_script(si, SCRIPT_MODULE, a, NULL);
			else
				set_script(si, SCRIPT_FILE, a, NULL);
			goto out;
		}
		if (opt_inline(fam, a)) {
			set_script(si, SCRIPT_INLINE, a, next ? next : "");
			goto out;
		}
		if ((fam == IF_PYTHON && !strcmp(a, "-m")) ||
		    (fam == IF_JAVA && (!strcmp(a, "-m") || !strcmp(a, "--module"))) ||
		    (fam == IF_PHP && !strcmp(a, "-S"))) {
			/* python -m MOD runs a module, php -S a built-in web server: no one file */
			set_script(si, SCRIPT_MODULE, a, next ? next : "");
			goto out;
		}
		if ((fam == IF_JAVA && !strcmp(a, "-jar")) || (fam == IF_PHP && !strcmp(a, "-f"))) {
			if (next)
				set_script(si, SCRIPT_FILE, next, NULL);
			goto out;
		}
		if (fam == IF_SHELL && !strcmp(a, "-s")) {
			set_script(si, SCRIPT_STDIN, "-", NULL);
			goto out;
		}
		if (opt_takes_arg(fam, a)) {
			k++;
			continue;
		}
		if (a[1] == '-' || a[0] == '+')
			continue; /* --flag or --flag=value, +x for a shell */
		/* a bundle of short options: "-uc CODE", "-lne CODE", "-Wignore" */
		bl = bundle_letters(fam);
		for (i = 1; a[i]; i++) {
			const char *rest = a + i + 1;
			char opt[3] = {'-', a[i], 0};

			if (!strchr(bl, a[i]))
				continue;
			if (opt_inline(fam, opt) || (fam == IF_PYTHON && a[i] == 'm')) {
				const char *val = *rest ? rest : next;

				set_script(si, a[i] == 'm' ? SCRIPT_MODULE : SCRIPT_INLINE, opt,
					   val ? val : "");
				goto out;
			}
			/* the option's value is the rest of this word, or else the next word */
			if (!*rest && (fam != IF_PERL || strchr("IMm", a[i])))
				k++;
			break;
		}
	}
	/* no script named: most interpreters read stdin (or are interactive); java fails */
	if (fam != IF_JAVA) {
		si->kind = SCRIPT_STDIN;
		str_copy(si->script, "-", sizeof(si->script));
	}
out:
	free(copy);
	return 0;
}
