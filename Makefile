# SPDX-License-Identifier: GPL-2.0
#
# make             the module for the running kernel, and leakctl
# make check       every test: unit, fuzz, style, and the VM suite
# make demo        the eavesdropper's view of a VPN session, in a VM
#
# The kernel module's own build is Kbuild (./Kbuild, kmod/Kbuild).

KVER ?= $(shell uname -r)
KDIR ?= /lib/modules/$(KVER)/build

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
	   build/fuzz/fuzz_endpoint build/fuzz/fuzz_config
FUZZ_SECONDS ?= 60

.PHONY: all module ctl unit fuzz style vm-module vm-test check demo deps \
	clean

all: module ctl

module:
	$(MAKE) -C $(KDIR) M=$(CURDIR) modules

ctl: ctl/leakctl

ctl/leakctl: $(LEAKCTL_SRCS) $(wildcard ctl/*.h) include/uapi/linux/leakblock.h
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
build/fuzz/fuzz_endpoint: tests/fuzz/fuzz_endpoint.c $(LEAKCTL_PURE_SRCS)
build/fuzz/fuzz_config: tests/fuzz/fuzz_config.c $(LEAKCTL_PURE_SRCS)
$(FUZZERS):
	@mkdir -p build/fuzz
	clang -g -O1 -fsanitize=fuzzer $(SANITIZE) $(INCLUDES) -o $@ $^

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

style:
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
	$(MAKE) unit fuzz style vm-test

deps:
	scripts/install-deps.sh

clean:
	$(MAKE) -C $(KDIR) M=$(CURDIR) clean 2>/dev/null || true
	rm -rf build ctl/leakctl
