# SPDX-License-Identifier: GPL-2.0
# shellcheck shell=bash disable=SC2154 # root, here, KVER: mkinitramfs.sh's
#
# initramfs fragment (sourced by mkinitramfs.sh) for the benchmark,
# tests/vm/bench.sh: nft and iptables-nft for the rulesets leakblock is
# compared with, the nf_tables modules they load, and /bench.sh itself.
# A tool the host lacks is left out with a warning: bench.sh then skips
# its configurations, and nothing else needs them.

if command -v nft >/dev/null; then
	copy_bin "$(command -v nft)" /usr/sbin/nft
	modules+=(nf_tables)
else
	echo "mkinitramfs: warning: nft not installed (nftables), the benchmark skips it" >&2
fi

# iptables-nft and the extensions the benchmark's rules load (dlopened,
# so ldd cannot find them).
if command -v xtables-nft-multi >/dev/null; then
	copy_bin "$(command -v xtables-nft-multi)" /usr/sbin/xtables-nft-multi
	for lb_tool in iptables-nft iptables-nft-restore; do
		ln -sf xtables-nft-multi "$root/usr/sbin/$lb_tool"
	done
	# libxtables looks for them where it was built to: the host's path.
	lb_xt="$(strings "$(ldd "$(command -v xtables-nft-multi)" |
		sed -n 's#.* => \(/[^ ]*libxtables\.so[^ ]*\).*#\1#p')" |
		grep -m1 '^/.*/xtables$' || true)"
	for lb_ext in libxt_standard.so libxt_udp.so libxt_tcp.so; do
		[[ -z $lb_xt || ! -f $lb_xt/$lb_ext ]] ||
			copy_bin "$lb_xt/$lb_ext"
	done
	modules+=(nf_tables nft_compat xt_tcpudp)
	unset lb_tool lb_xt lb_ext
else
	echo "mkinitramfs: warning: iptables-nft not installed (iptables), the benchmark skips it" >&2
fi

# The floor, a hook that accepts everything: tests/bench/run.sh builds it
# and names it in LB_BENCH_NULLHOOK; other images go without.
if [[ -n ${LB_BENCH_NULLHOOK:-} && -f $LB_BENCH_NULLHOOK ]]; then
	mkdir -p "$root/lib/modules/$KVER/extra"
	strip --strip-debug -o "$root/lib/modules/$KVER/extra/lbbench_nullhook.ko" \
		"$LB_BENCH_NULLHOOK"
fi

install -m 0755 "$here/bench.sh" "$root/bench.sh"
