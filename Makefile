# SPDX-License-Identifier: (LGPL-2.1 OR BSD-2-Clause)
# capfix: build (make), test (make test), benchmark (make bench), fuzz (make fuzz).
# V=1 shows full commands; SANITIZE=1 builds user space with ASan+UBSan into build/san.
# STATIC=1 (or make static) links capfix and the test helpers statically into build/static;
# make test-kernels boots Debian's kernels under QEMU and runs tests/kernels/ inside each.

ARCH ?= $(shell uname -m | sed -e 's/x86_64/x86/' -e 's/aarch64/arm64/')
ifeq ($(SANITIZE),1)
OUT ?= build/san
SAN_FLAGS := -fsanitize=address,undefined -fno-omit-frame-pointer -fno-sanitize-recover=all
else ifeq ($(STATIC),1)
OUT ?= build/static
else
OUT ?= build
endif
PREFIX ?= /usr/local
DESTDIR ?=
VERSION := 0.1.0
# --help and capfix(8) point here: README.md and the documents it links to, at the same
# relative paths (docs/) so that its links work
DOCDIR ?= $(PREFIX)/share/doc/capfix
DOC_FILES := docs/rules.md docs/blockers.md $(wildcard docs/*.yml)

CC ?= cc
CLANG ?= clang
BPFTOOL ?= bpftool
PKG_CONFIG ?= pkg-config
VMLINUX_H := vmlinux/$(ARCH)/vmlinux.h

# HAVE_SDBUS: asking systemd over D-Bus (libsystemd's sd-bus). Debian ships no libsystemd.a,
# so a static build goes without it and says so where the answer would have been used.
# A static glibc would still load the host's NSS modules (and crash in them): static_nss.h
# maps getpwnam() and friends to readers of /etc/passwd and /etc/group.
ifeq ($(STATIC),1)
HAVE_SDBUS := 0
PKG_STATIC := --static
LDFLAGS += -static
STATIC_CFLAGS := -DCAPFIX_STATIC -include include/static_nss.h
else
HAVE_SDBUS ?= 1
endif
LIBS := $(shell $(PKG_CONFIG) $(PKG_STATIC) --libs libbpf libelf zlib 2>/dev/null || echo -lbpf -lelf -lz)
# the unit tests and helpers link the library objects too (manager.o, journal.o): they need it
SDBUS_LIBS :=
ifeq ($(HAVE_SDBUS),1)
SDBUS_LIBS := $(shell $(PKG_CONFIG) --libs libsystemd 2>/dev/null || echo -lsystemd)
endif
LIBS += $(SDBUS_LIBS)
LIBBPF_CFLAGS := $(shell $(PKG_CONFIG) --cflags libbpf 2>/dev/null)
CFLAGS ?= -g -O2
CFLAGS += -Wall -Wextra -Werror -std=gnu11 -D_GNU_SOURCE -MMD -MP \
	  -Iinclude -I$(OUT) $(LIBBPF_CFLAGS) -DCAPFIX_VERSION='"$(VERSION)"' -DHAVE_SDBUS=$(HAVE_SDBUS) $(STATIC_CFLAGS) $(SAN_FLAGS)
LDFLAGS += $(SAN_FLAGS)
BPF_CFLAGS := -g -O2 -target bpf -D__TARGET_ARCH_$(ARCH) -Wall -Werror \
	      -I$(dir $(VMLINUX_H)) -Iinclude -Ibpf

ifeq ($(V),1)
Q =
msg =
else
Q = @
msg = @printf '  %-8s %s\n' "$(1)" "$(2)";
endif

SRCS := $(wildcard src/*.c)
OBJS := $(patsubst src/%.c,$(OUT)/%.o,$(SRCS))
# what the unit tests and the helpers link: all but the lifecycle and the libbpf users, so
# that they build and run without libbpf or the BPF toolchain
LIB_OBJS := $(filter-out $(OUT)/main.o $(OUT)/tracer.o $(OUT)/probe.o,$(OBJS))
UNIT_SRCS := $(wildcard tests/unit/*.c)
UNIT_OBJS := $(patsubst tests/unit/%.c,$(OUT)/tests/unit/%.o,$(UNIT_SRCS))
HELPER_SRCS := $(wildcard tests/helpers/*.c)
HELPERS := $(patsubst tests/helpers/%.c,$(OUT)/tests/%,$(HELPER_SRCS))
BENCH_SRCS := $(wildcard bench/*.c)
BENCH_BINS := $(patsubst bench/%.c,$(OUT)/bench/%,$(BENCH_SRCS))
FUZZ_SRCS := $(wildcard tests/fuzz/fuzz_*.c)
FUZZ_BINS := $(patsubst tests/fuzz/%.c,build/fuzz/%,$(FUZZ_SRCS))

.PHONY: all test check demo unit-test bench fuzz fuzz-bins install uninstall deb clean vmlinux deps helpers \
	static test-kernels
.DELETE_ON_ERROR:

all: $(OUT)/capfix

$(VMLINUX_H):
	@if [ "$(ARCH)" != x86 ]; then \
		echo "capfix: no $(VMLINUX_H) for ARCH=$(ARCH) yet; capfix supports x86-64 only (see the README's Requirements)" >&2; \
		exit 1; fi

# Regenerate the kernel type header from the running kernel's BTF (needs /sys/kernel/btf/vmlinux).
vmlinux:
	@mkdir -p $(dir $(VMLINUX_H))
	$(BPFTOOL) btf dump file /sys/kernel/btf/vmlinux format c > $(VMLINUX_H)

$(OUT) $(OUT)/tests $(OUT)/tests/unit $(OUT)/bench build/fuzz:
	$(Q)mkdir -p $@

# Two objects from one source: capfix_tw also holds the programs that call the bpf_task_work
# kfunc (6.18+). A kernel without it loads capfix.bpf.o, which has no ksym for libbpf to look
# up in module BTF (CAP_SYS_ADMIN), so the least-privilege set works on every kernel.
$(OUT)/capfix.bpf.o: BPF_DEFS :=
$(OUT)/capfix_tw.bpf.o: BPF_DEFS := -DCAPFIX_TASK_WORK
$(OUT)/capfix.bpf.o $(OUT)/capfix_tw.bpf.o: bpf/capfix.bpf.c $(wildcard bpf/*.bpf.h) include/capfix.h $(VMLINUX_H) | $(OUT)
	$(call msg,BPF,$@)
	$(Q)$(CLANG) $(BPF_CFLAGS) $(BPF_DEFS) -c $< -o $@.tmp.o
	$(Q)$(BPFTOOL) gen object $@ $@.tmp.o
	$(Q)rm -f $@.tmp.o

$(OUT)/%.skel.h: $(OUT)/%.bpf.o
	$(call msg,GEN-SKEL,$@)
	$(Q)$(BPFTOOL) gen skeleton $< name $*_bpf > $@

# only the tracer includes the skeletons
$(OUT)/tracer.o: $(OUT)/capfix.skel.h $(OUT)/capfix_tw.skel.h

$(OUT)/%.o: src/%.c | $(OUT)
	$(call msg,CC,$@)
	$(Q)$(CC) $(CFLAGS) -c $< -o $@

$(OUT)/capfix: $(OBJS) | $(OUT)/engine.pure
	$(call msg,LINK,$@)
	$(Q)$(CC) $(LDFLAGS) $^ $(LIBS) -o $@

# The pure rule engine: plain structs in, findings and fixes out. The build checks that its
# objects call no libc function that does I/O (scripts/check-pure.sh, nm), so that purity is
# enforced, not only a comment; the unit tests exercise it with fixtures.
ENGINE_OBJS := $(addprefix $(OUT)/,diagnose.o fix.o summary.o findings.o findstore.o event.o \
	       parse.o script.o names.o)
$(OUT)/engine.pure: $(ENGINE_OBJS) scripts/check-pure.sh
	$(call msg,PURE,$(notdir $(ENGINE_OBJS:.o=.c)))
	$(Q)scripts/check-pure.sh $(ENGINE_OBJS)
	$(Q)touch $@

$(OUT)/tests/unit/%.o: tests/unit/%.c | $(OUT)/tests/unit
	$(call msg,CC,$@)
	$(Q)$(CC) $(CFLAGS) -Isrc -c $< -o $@

$(OUT)/tests/unit-tests: $(UNIT_OBJS) $(LIB_OBJS)
	$(call msg,LINK,$@)
	$(Q)$(CC) $(LDFLAGS) $^ $(SDBUS_LIBS) -o $@

$(OUT)/tests/%: tests/helpers/%.c $(LIB_OBJS) | $(OUT)/tests
	$(call msg,CC,$@)
	$(Q)$(CC) $(CFLAGS) -Isrc $(LDFLAGS) $< $(LIB_OBJS) $(SDBUS_LIBS) -o $@

# Helpers that include no project header only provoke denials: they stay unsanitized even with
# SANITIZE=1, because the sanitizer runtime would add denials of its own (LeakSanitizer's
# fork at exit probes CAP_SYS_ADMIN; under secure-exec, after setcap, its /proc/self reads
# are denied CAP_DAC_READ_SEARCH) and the tests would see them.
FIXTURES := $(patsubst tests/helpers/%.c,$(OUT)/tests/%,$(shell grep -L '^\#include "' $(HELPER_SRCS)))
$(FIXTURES): $(OUT)/tests/%: tests/helpers/%.c | $(OUT)/tests
	$(call msg,CC,$@)
	$(Q)$(CC) $(filter-out $(SAN_FLAGS),$(CFLAGS)) $(filter-out $(SAN_FLAGS),$(LDFLAGS)) $< -o $@

$(OUT)/bench/%: bench/%.c | $(OUT)/bench
	$(call msg,CC,$@)
	$(Q)$(CC) $(CFLAGS) $< -o $@

helpers: $(HELPERS)

# Installs missing Debian packages (as root), nothing else.
deps:
	$(Q)scripts/install-deps.sh

# The README's two commands. Each installs what is missing first, then re-enters make so that
# pkg-config and bpftool are looked up after the install.
demo:
	$(Q)scripts/install-deps.sh
	$(Q)$(MAKE) --no-print-directory all helpers
	$(Q)OUT=$(OUT) scripts/demo.sh

# The whole suite: unit tests, fuzz smoke runs, integration and scenario tests with real BPF.
# Not root: nothing is installed, what builds is built (-k), and tests/run.sh runs what can
# run and reports the rest as SKIP with the reason.
IS_ROOT := $(filter 0,$(shell id -u))
test check:
	$(Q)scripts/install-deps.sh || [ -z "$(IS_ROOT)" ]
	$(Q)$(MAKE) --no-print-directory $(if $(IS_ROOT),,-k) all $(OUT)/tests/unit-tests helpers \
		$(if $(SANITIZE),,fuzz-bins) || [ -z "$(IS_ROOT)" ]
	$(Q)OUT=$(OUT) SANITIZE=$(SANITIZE) tests/run.sh

# A capfix with no shared library to find, for a server with nothing installed (README: "static
# build"), and the test helpers the kernel matrix copies into its guests.
static:
	$(Q)$(MAKE) --no-print-directory STATIC=1 all helpers

# Boots Debian's kernels under QEMU and runs tests/kernels/suite.sh inside each.
# KERNELS="5.10 6.1 6.12" picks them, KEEP=1 keeps every guest's log.
test-kernels:
	$(Q)scripts/install-deps.sh --kernels
	$(Q)$(MAKE) --no-print-directory STATIC=1 all helpers
	$(Q)KERNELS="$(KERNELS)" KEEP=$(KEEP) OUT=build/static tests/kernels/run.sh

unit-test: $(OUT)/tests/unit-tests
	$(Q)$(OUT)/tests/unit-tests

bench: all $(BENCH_BINS) $(HELPERS)
	$(Q)OUT=$(OUT) bench/run.sh

# The fuzz targets link only the pure parsers, not the /proc or system-manager I/O layer;
# service.c's unit file parser shares its file with --service's resolver (spawn.c) and loader
# (fileio.c: only regular files).
FUZZ_LIB_SRCS := src/parse.c src/script.c src/names.c src/strutil.c
build/fuzz/fuzz_unit_file: FUZZ_EXTRA_SRCS := src/service.c src/spawn.c src/fileio.c
build/fuzz/%: tests/fuzz/%.c $(FUZZ_LIB_SRCS) src/service.c src/spawn.c $(wildcard src/*.h) | build/fuzz
	$(call msg,FUZZ-CC,$@)
	$(Q)$(CLANG) -g -O1 -fsanitize=fuzzer,address,undefined -D_GNU_SOURCE -Iinclude -Isrc \
		-DCAPFIX_VERSION='"$(VERSION)"' $< $(FUZZ_LIB_SRCS) $(FUZZ_EXTRA_SRCS) -o $@

fuzz-bins: $(FUZZ_BINS)

fuzz: $(FUZZ_BINS)
	$(Q)FUZZ_SECONDS=$${FUZZ_SECONDS:-20} tests/fuzz/run.sh $(FUZZ_BINS)

install: $(OUT)/capfix
	install -D -m 0755 $(OUT)/capfix $(DESTDIR)$(PREFIX)/sbin/capfix
	install -D -m 0644 docs/capfix.8 $(DESTDIR)$(PREFIX)/share/man/man8/capfix.8
	install -d $(DESTDIR)$(PREFIX)/lib/systemd/system
	sed 's|^ExecStart=/usr/local/sbin/capfix|ExecStart=$(PREFIX)/sbin/capfix|' docs/capfix.service \
		> $(DESTDIR)$(PREFIX)/lib/systemd/system/capfix.service
	chmod 0644 $(DESTDIR)$(PREFIX)/lib/systemd/system/capfix.service
	install -d $(DESTDIR)$(DOCDIR)/docs
	install -m 0644 README.md $(DESTDIR)$(DOCDIR)/
	install -m 0644 $(DOC_FILES) $(DESTDIR)$(DOCDIR)/docs/

uninstall:
	rm -f $(DESTDIR)$(PREFIX)/sbin/capfix $(DESTDIR)$(PREFIX)/share/man/man8/capfix.8 \
	      $(DESTDIR)$(PREFIX)/lib/systemd/system/capfix.service
	rm -rf $(DESTDIR)$(DOCDIR)

# A Debian package of what `install` installs, in build/ (scripts/build-deb.sh)
deb:
	$(Q)scripts/install-deps.sh
	$(Q)$(MAKE) --no-print-directory all
	$(Q)OUT=$(OUT) VERSION=$(VERSION) scripts/build-deb.sh

clean:
	rm -rf build

-include $(wildcard $(OUT)/*.d $(OUT)/tests/unit/*.d)
