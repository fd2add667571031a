# SPDX-License-Identifier: GPL-2.0
# shellcheck shell=bash
#
# initramfs fragment (sourced by mkinitramfs.sh) for
# tests/vm/scenarios/33-nm.sh: leakblock's NetworkManager dispatcher script,
# where `make install' puts it. NetworkManager itself is not needed: s33
# calls the script as its dispatcher would.

install -D -m 0755 "$repo/scripts/nm-dispatcher" \
	"$root/usr/share/leakblock/nm-dispatcher"
