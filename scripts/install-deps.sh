#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
#
# Install everything leakblock's build and tests need on Debian 12, as
# root: the module build (headers), leakctl (libnl), the unit tests and
# fuzzers (check, clang), and the VM tests (QEMU, busybox, the tools that
# go into the initramfs). Idempotent and non-interactive: packages already
# present are left alone, and apt is not even asked when all are.
set -euo pipefail

packages=(
	# module and control tool
	build-essential
	linux-headers-amd64
	libnl-3-dev
	libnl-genl-3-dev
	pkg-config
	kmod
	# unit tests, fuzzing, static checks
	check
	clang
	libclang-rt-14-dev
	sparse
	shellcheck
	groff-base
	# install checks: the unit (systemd-analyze) and a DKMS build
	systemd
	dkms
	# VM tests: kernel image download and unpacking, the VM, the initramfs
	qemu-system-x86
	busybox-static
	cpio
	gzip
	xz-utils
	util-linux
	iproute2
	tcpdump
	wireguard-tools
	libc6-dev
	# VM scenarios: OpenVPN with throwaway certificates (s31), wg-quick
	# runs on bash (s32)
	openvpn
	openssl
	bash
	# the benchmark (make bench): the rulesets leakblock is compared with,
	# copied into the VM, and the chart
	nftables
	iptables
	gnuplot-nox
)

missing=()
for p in "${packages[@]}"; do
	if [[ $(dpkg-query -W -f='${db:Status-Status}' "$p" 2>/dev/null) != installed ]]; then
		missing+=("$p")
	fi
done

if ((${#missing[@]} == 0)); then
	echo "install-deps: all ${#packages[@]} packages already installed"
	exit 0
fi

if [[ $(id -u) != 0 ]]; then
	echo "install-deps: run as root to install: ${missing[*]}" >&2
	exit 1
fi

export DEBIAN_FRONTEND=noninteractive
echo "install-deps: installing ${missing[*]}"
apt-get update -q
apt-get install -y -q --no-install-recommends "${missing[@]}"
