# SPDX-License-Identifier: GPL-2.0
#
# make             the module for the running kernel, and leakctl
# make check       every test: unit, fuzz, style, and the VM suite
# make demo        the eavesdropper's view of a VPN session, in a VM
#
# The kernel module's own build is Kbuild (./Kbuild, kmod/Kbuild).

KVER ?= $(shell uname -r)
KDIR ?= /lib/modules/$(KVER)/build
VERSION := 0.1

PREFIX ?= /usr
SBINDIR ?= $(PREFIX)/sbin
MANDIR ?= $(PREFIX)/share/man
DATADIR ?= $(PREFIX)/share/leakblock
COMPLETIONDIR ?= $(PREFIX)/share/bash-completion/completions
UNITDIR ?= /lib/systemd/system
MODULEDIR ?= /lib/modules/$(KVER)/extra
SYSCONFDIR ?= /etc

CC ?= cc
CFLAGS ?= -O2 -g
WARNINGS := -std=gnu11 -Wall -Wextra -Werror
INCLUDES := -Iinclude/uapi
NL_CFLAGS = $(shell pkg-config --cflags libnl-genl-3.0)
NL_LIBS = $(shell pkg-config --libs libnl-genl-3.0)
CHECK_FLAGS = $(shell pkg-config --cflags --libs check)
SANITIZE := -fsanitize=address,undefined -fno-sanitize-recover=all

# The pure C the module runs, built into the unit tests and fuzzers too.
KMOD_PURE_SRCS := kmod/verdict.c kmod/pktparse.c kmod/dnsparse.c

include ctl/Makefile.inc

UNIT_SRCS := $(wildcard tests/unit/*.c) $(KMOD_PURE_SRCS) $(LEAKCTL_PURE_SRCS)
FUZZERS := build/fuzz/fuzz_pktparse build/fuzz/fuzz_dnsparse \
	   build/fuzz/fuzz_endpoint build/fuzz/fuzz_config \
	   build/fuzz/fuzz_audit build/fuzz/fuzz_event
FUZZ_SECONDS ?= 45

.PHONY: all module ctl unit fuzz style vm-module vm-test check demo deps \
	install dkms-source install-test bench clean

all: module ctl

module:
	$(MAKE) -C $(KDIR) M=$(CURDIR) modules

ctl: ctl/leakctl

ctl/leakctl: $(LEAKCTL_SRCS) $(wildcard ctl/*.h kmod/*.h) \
	     include/uapi/linux/leakblock.h
	$(CC) $(WARNINGS) $(CFLAGS) $(INCLUDES) $(NL_CFLAGS) -o $@ \
		$(LEAKCTL_SRCS) $(NL_LIBS)

build/run-unit: $(UNIT_SRCS) $(wildcard tests/unit/*.h kmod/*.h ctl/*.h)
	@mkdir -p build
	$(CC) $(WARNINGS) -O1 -g $(SANITIZE) $(INCLUDES) -o $@ $(UNIT_SRCS) \
		$(CHECK_FLAGS)

unit: build/run-unit
	build/run-unit

build/fuzz/fuzz_pktparse: tests/fuzz/fuzz_pktparse.c kmod/pktparse.c kmod/verdict.c
build/fuzz/fuzz_dnsparse: tests/fuzz/fuzz_dnsparse.c kmod/dnsparse.c
# leakctl's pure parts use the module's pure C (audit judges frames with it).
build/fuzz/fuzz_endpoint: tests/fuzz/fuzz_endpoint.c $(LEAKCTL_PURE_SRCS) \
	$(KMOD_PURE_SRCS)
build/fuzz/fuzz_config: tests/fuzz/fuzz_config.c $(LEAKCTL_PURE_SRCS) \
	$(KMOD_PURE_SRCS)
build/fuzz/fuzz_audit: tests/fuzz/fuzz_audit.c $(LEAKCTL_PURE_SRCS) \
	$(KMOD_PURE_SRCS)
build/fuzz/fuzz_event: tests/fuzz/fuzz_event.c $(LEAKCTL_PURE_SRCS) \
	$(KMOD_PURE_SRCS)
$(FUZZERS): $(wildcard kmod/*.h ctl/*.h)
	@mkdir -p build/fuzz
	clang -g -O1 -fsanitize=fuzzer $(SANITIZE) $(INCLUDES) -o $@ \
		$(filter %.c,$^)

# Each fuzzer runs FUZZ_SECONDS from its own growing corpus.
fuzz: $(FUZZERS)
	@for f in $(FUZZERS); do \
		mkdir -p $$f.corpus && \
		echo "fuzz: $$f for $(FUZZ_SECONDS) s" && \
		$$f -max_total_time=$(FUZZ_SECONDS) -print_final_stats=1 \
			$$f.corpus 2>$$f.log && \
		grep -h 'stat::number_of_executed_units' $$f.log || \
		{ tail -n 40 $$f.log; exit 1; }; \
	done

style: ctl
	scripts/style.sh

# The module for the kernel the VM boots: Debian's linux-image-amd64.
vm-module:
	. tests/vm/kernel.sh && $(MAKE) -C "$$KHEADERS" M=$(CURDIR) modules

vm-test: vm-module ctl
	tests/vm/run.sh suite

demo: deps
	$(MAKE) vm-module ctl
	tests/vm/run.sh demo

check: deps
	$(MAKE) unit fuzz style install-test vm-test

deps:
	scripts/install-deps.sh

# The benchmark in the test VM under QEMU -icount (about 6 minutes): prints
# the table and writes results/bench.txt, bench.csv and bench.png.
bench: deps
	$(MAKE) vm-module ctl
	tests/bench/run.sh

# The module, leakctl, its man page and completion, the boot unit and the
# VPN hooks. Nothing is enabled: see README.md. An existing policy file is
# never overwritten.
install:
	install -D -m 0644 kmod/leakblock.ko $(DESTDIR)$(MODULEDIR)/leakblock.ko
	install -D -m 0755 ctl/leakctl $(DESTDIR)$(SBINDIR)/leakctl
	install -D -m 0644 man/leakctl.8 $(DESTDIR)$(MANDIR)/man8/leakctl.8
	install -D -m 0644 scripts/leakctl.bash-completion \
		$(DESTDIR)$(COMPLETIONDIR)/leakctl
	install -D -m 0644 scripts/leakblock.service \
		$(DESTDIR)$(UNITDIR)/leakblock.service
	install -D -m 0644 scripts/modprobe.d/leakblock.conf \
		$(DESTDIR)$(SYSCONFDIR)/modprobe.d/leakblock.conf
	install -D -m 0644 scripts/modules-load.d/leakblock.conf \
		$(DESTDIR)$(DATADIR)/modules-load.d/leakblock.conf
	install -D -m 0755 scripts/openvpn-updown $(DESTDIR)$(DATADIR)/openvpn-updown
	install -D -m 0755 scripts/nm-dispatcher $(DESTDIR)$(DATADIR)/nm-dispatcher
	install -D -m 0644 scripts/wg-quick.conf $(DESTDIR)$(DATADIR)/wg-quick.conf
	[ -e $(DESTDIR)$(SYSCONFDIR)/leakblock/leakblock.conf ] || \
		install -D -m 0600 scripts/leakblock.conf \
			$(DESTDIR)$(SYSCONFDIR)/leakblock/leakblock.conf
	[ -n "$(DESTDIR)" ] || depmod -a $(KVER)

# The module's source as DKMS wants it, for `dkms install leakblock/$(VERSION)`.
dkms-source:
	install -d $(DESTDIR)/usr/src/leakblock-$(VERSION)/kmod
	install -m 0644 Kbuild $(DESTDIR)/usr/src/leakblock-$(VERSION)/
	install -m 0644 kmod/Kbuild $(filter-out %.mod.c,$(wildcard kmod/*.c)) \
		kmod/*.h $(DESTDIR)/usr/src/leakblock-$(VERSION)/kmod/
	cp -r include $(DESTDIR)/usr/src/leakblock-$(VERSION)/
	sed 's/@VERSION@/$(VERSION)/' scripts/dkms.conf \
		> $(DESTDIR)/usr/src/leakblock-$(VERSION)/dkms.conf

# install and dkms into a scratch root, against the VM kernel's headers.
install-test: vm-module ctl
	scripts/install-test.sh

clean:
	$(MAKE) -C $(KDIR) M=$(CURDIR) clean 2>/dev/null || true
	rm -rf build ctl/leakctl
