# SPDX-License-Identifier: GPL-2.0
# shellcheck shell=bash
#
# initramfs fragment (sourced by mkinitramfs.sh) for
# tests/vm/scenarios/32-wg-quick.sh: the real wg-quick, a bash script (so
# bash, where its #! looks), and scripts/wg-quick.conf where `make install'
# puts it, for s32 to take its hook lines from. wg-quick also needs ip and
# wg, already in the image, and no resolvconf: s32's config has no DNS =.

if command -v wg-quick >/dev/null && command -v bash >/dev/null; then
	copy_bin "$(command -v bash)" /bin/bash
	copy_bin "$(command -v wg-quick)" /usr/bin/wg-quick
else
	echo "mkinitramfs: warning: wg-quick or bash not installed, s32 will fail" >&2
fi
install -D -m 0644 "$repo/scripts/wg-quick.conf" \
	"$root/usr/share/leakblock/wg-quick.conf"
