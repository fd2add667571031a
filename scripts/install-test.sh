#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
#
# Checks the ways leakblock is installed, without touching this system:
# `make install` into a scratch root (every file where it belongs, an
# existing policy never overwritten), the systemd unit with
# systemd-analyze verify, and a DKMS build against the VM kernel's headers
# in a scratch DKMS tree.
set -euo pipefail

repo="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
cd "$repo"
# shellcheck source=tests/vm/kernel.sh
. tests/vm/kernel.sh >/dev/null
scratch="$(mktemp -d)"
trap 'rm -rf "$scratch"' EXIT
passed=0
failed=0

# Runs a command with its output kept for when it fails.
quiet() {
	local out

	out="$("$@" 2>&1)" || {
		echo "$out" | tail -n 20
		return 1
	}
}

check() {
	local what=$1
	shift
	if "$@"; then
		echo "ok - $what"
		passed=$((passed + 1))
	else
		echo "not ok - $what"
		failed=$((failed + 1))
	fi
}

root="$scratch/root"
make -s install DESTDIR="$root" KVER="$KVER" >/dev/null
expect=(
	"0644 lib/modules/$KVER/extra/leakblock.ko"
	"0755 usr/sbin/leakctl"
	"0644 usr/share/man/man8/leakctl.8"
	"0644 usr/share/bash-completion/completions/leakctl"
	"0644 lib/systemd/system/leakblock.service"
	"0644 etc/modprobe.d/leakblock.conf"
	"0600 etc/leakblock/leakblock.conf"
	"0644 usr/share/leakblock/modules-load.d/leakblock.conf"
	"0755 usr/share/leakblock/openvpn-updown"
	"0755 usr/share/leakblock/nm-dispatcher"
	"0644 usr/share/leakblock/wg-quick.conf"
)
for line in "${expect[@]}"; do
	mode=${line%% *}
	file=${line#* }
	check "make install: /$file, mode $mode" \
		test "$(stat -c %a "$root/$file" 2>/dev/null)" = "${mode#0}"
done

echo "endpoint 192.0.2.7" >>"$root/etc/leakblock/leakblock.conf"
make -s install DESTDIR="$root" KVER="$KVER" >/dev/null
check "make install keeps an existing policy file" \
	grep -q '^endpoint 192.0.2.7$' "$root/etc/leakblock/leakblock.conf"
check "the installed default policy loads (parse only: no module here)" \
	bash -c "ctl/leakctl load '$repo/scripts/leakblock.conf' 2>&1 |
		grep -q 'module is not loaded'"

# verify wants the commands to exist: point them at this build.
mkdir -p "$scratch/unit"
sed -e "s|/usr/sbin/leakctl|$repo/ctl/leakctl|" \
	scripts/leakblock.service >"$scratch/unit/leakblock.service"
check "systemd-analyze verify leakblock.service" \
	quiet systemd-analyze verify --man=no "$scratch/unit/leakblock.service"

dkms_src="$scratch/src"
make -s dkms-source DESTDIR="$dkms_src" >/dev/null
version="$(sed -n 's/^PACKAGE_VERSION="\(.*\)"/\1/p' \
	"$dkms_src"/usr/src/leakblock-*/dkms.conf)"
dkms_args=(--sourcetree "$dkms_src/usr/src" --dkmstree "$scratch/dkms"
	-m leakblock -v "$version" -k "$KVER")
mkdir -p "$scratch/dkms"
check "dkms add" quiet dkms add "${dkms_args[@]}"
check "dkms build against linux-headers-$KVER" \
	quiet dkms build "${dkms_args[@]}"
check "dkms built leakblock.ko" test -f \
	"$scratch/dkms/leakblock/$version/$KVER/x86_64/module/leakblock.ko"

echo "install: $passed passed, $failed failed"
[ "$failed" = 0 ]
