# SPDX-License-Identifier: GPL-2.0
# shellcheck shell=bash
#
# initramfs fragment (sourced by mkinitramfs.sh) for
# tests/vm/scenarios/31-openvpn.sh: Debian's OpenVPN, openssl to make the
# throwaway CA and certificates at test time, the tun module, and the
# leakblock OpenVPN hook where `make install' puts it. Without openvpn or
# openssl on the host (scripts/install-deps.sh installs both) they are left
# out with a warning, and s31 fails saying so.

if command -v openvpn >/dev/null && command -v openssl >/dev/null; then
	copy_bin "$(command -v openvpn)" /usr/sbin/openvpn
	copy_bin "$(command -v openssl)" /usr/bin/openssl
	modules+=(tun)
else
	echo "mkinitramfs: warning: openvpn or openssl not installed, s31 will fail" >&2
fi
install -D -m 0755 "$repo/scripts/openvpn-updown" \
	"$root/usr/share/leakblock/openvpn-updown"
