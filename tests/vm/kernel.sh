#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
#
# Fetch (never install) the Debian kernel image that matches the installed
# linux-headers-amd64, so the module built against those headers can be
# loaded in a QEMU guest: the host kernel itself cannot load modules.
#
# Usage: tests/vm/kernel.sh            prints KVER=, VMLINUZ=, KROOT=, KHEADERS=
#        . tests/vm/kernel.sh          the same variables, exported
#
# Sourcing works from bash and from POSIX sh (make's /bin/sh is dash), so
# the body keeps to POSIX sh. dash cannot tell a sourced file its own path:
# there it is found from LB_REPO, else the current directory.
#
# LB_VM_DIR overrides the cache directory (default: <repo>/build/vm).
# LB_KVER overrides the version (default: from linux-headers-amd64).

# lb_find_deb DIR KVER VERSION: a downloaded image package, if any. The
# version is escaped in file names ("1:2.3" is "1%3a2.3").
lb_find_deb() {
	lb_v="$(echo "$3" | sed 's/:/%3a/g')"
	ls "$1/linux-image-${2}_${lb_v}_"*.deb \
		"$1/linux-image-${2}-unsigned_${lb_v}_"*.deb 2>/dev/null |
		head -n1 || true
}

# lb_download DIR KVER VERSION: the signed package is the usual one; some
# kernels only have the unsigned build. The sandbox user cannot write to
# most cache dirs, so apt runs the download as root.
lb_download() {
	for lb_pkg in "linux-image-$2" "linux-image-$2-unsigned"; do
		if (cd "$1" && apt-get download -q -o APT::Sandbox::User=root \
			"$lb_pkg=$3" >&2); then
			return 0
		fi
	done
	return 1
}

lb_kernel_main() {
	if [ -n "${LB_REPO:-}" ]; then
		lb_repo="$LB_REPO"
	elif [ -n "${BASH_VERSION:-}" ]; then
		lb_repo="$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)"
	else
		lb_repo="$(pwd)"
	fi
	if [ ! -f "$lb_repo/tests/vm/kernel.sh" ]; then
		echo "kernel.sh: cannot find the repository (set LB_REPO)" >&2
		return 1
	fi
	lb_dir="${LB_VM_DIR:-$lb_repo/build/vm}"
	mkdir -p "$lb_dir" || return 1
	lb_dir="$(cd "$lb_dir" && pwd)"

	lb_kver="${LB_KVER:-}"
	if [ -z "$lb_kver" ]; then
		# The metapackage depends on exactly one versioned headers
		# package: "linux-headers-6.1.0-56-amd64 (= 6.1.192-2)".
		lb_kver="$(dpkg-query -W -f='${Depends}' linux-headers-amd64 |
			tr ',' '\n' |
			sed -n 's/^ *linux-headers-\([^ ]*\).*/\1/p' | head -n1)"
	fi
	if [ -z "$lb_kver" ]; then
		echo "kernel.sh: cannot derive the kernel version from linux-headers-amd64" >&2
		return 1
	fi
	if [ ! -d "/usr/src/linux-headers-$lb_kver" ]; then
		echo "kernel.sh: /usr/src/linux-headers-$lb_kver is missing" >&2
		return 1
	fi

	# The image must be the very build the headers describe.
	lb_ver="$(dpkg-query -W -f='${Version}' "linux-headers-$lb_kver")"
	lb_root="$lb_dir/kernel-$lb_kver"
	if [ ! -f "$lb_root/.done" ] ||
		[ "$(cat "$lb_root/.done")" != "$lb_ver" ]; then
		rm -rf "$lb_root" "$lb_root.tmp"
		mkdir -p "$lb_dir/debs" || return 1
		lb_deb="$(lb_find_deb "$lb_dir/debs" "$lb_kver" "$lb_ver")"
		if [ -z "$lb_deb" ]; then
			# Stale package lists are the usual reason for a miss.
			lb_download "$lb_dir/debs" "$lb_kver" "$lb_ver" ||
				{ [ "$(id -u)" = 0 ] && apt-get update -q >&2 &&
					lb_download "$lb_dir/debs" "$lb_kver" "$lb_ver"; }
			lb_deb="$(lb_find_deb "$lb_dir/debs" "$lb_kver" "$lb_ver")"
		fi
		if [ -z "$lb_deb" ]; then
			echo "kernel.sh: could not download linux-image-$lb_kver $lb_ver" >&2
			return 1
		fi
		mkdir -p "$lb_root.tmp" &&
			dpkg -x "$lb_deb" "$lb_root.tmp" &&
			depmod -b "$lb_root.tmp" "$lb_kver" &&
			echo "$lb_ver" >"$lb_root.tmp/.done" &&
			mv "$lb_root.tmp" "$lb_root" || return 1
	fi

	KVER="$lb_kver"
	KROOT="$lb_root"
	VMLINUZ="$lb_root/boot/vmlinuz-$lb_kver"
	KHEADERS="/usr/src/linux-headers-$lb_kver"
	if [ ! -f "$VMLINUZ" ]; then
		echo "kernel.sh: $VMLINUZ is missing" >&2
		return 1
	fi
	export KVER KROOT VMLINUZ KHEADERS
}

if [ -n "${BASH_VERSION:-}" ] && [ "${BASH_SOURCE[0]}" = "$0" ]; then
	set -euo pipefail
	lb_kernel_main
	echo "KVER=$KVER"
	echo "VMLINUZ=$VMLINUZ"
	echo "KROOT=$KROOT"
	echo "KHEADERS=$KHEADERS"
else
	lb_kernel_main
fi
