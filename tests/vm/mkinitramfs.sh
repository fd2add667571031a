#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
#
# Build the VM test initramfs: busybox, the real iproute2, tcpdump, wg,
# setpriv and kmod, leakctl and lbprobe, the few kernel modules the tests
# need (with their dependencies) and kmod/leakblock.ko.
#
# Usage: tests/vm/mkinitramfs.sh [OUTPUT.cpio.gz]
#
# Needs tests/vm/kernel.sh's tree and a built lbprobe (run.sh does both).
# LB_VM_DIR: work directory (default <repo>/build/vm); LBPROBE: the lbprobe
# binary (default $LB_VM_DIR/lbprobe); LEAKBLOCK_KO, LEAKCTL: override the
# module and the control tool. A missing module or leakctl is left out with
# a warning, so the infrastructure can be tested without them.
set -euo pipefail

here="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
repo="$(cd "$here/../.." && pwd)"
# shellcheck source=tests/vm/kernel.sh
. "$here/kernel.sh" >/dev/null

vmdir="${LB_VM_DIR:-$repo/build/vm}"
out="${1:-$vmdir/initramfs.cpio.gz}"
lbprobe="${LBPROBE:-$vmdir/lbprobe}"
ko="${LEAKBLOCK_KO:-$repo/kmod/leakblock.ko}"
leakctl="${LEAKCTL:-$repo/ctl/leakctl}"
root="$vmdir/initramfs"

# Modules the scenarios load by name; their dependencies come from the
# kernel's own modules.dep.
modules=(wireguard veth)
if [[ -f $ko ]]; then
	# leakblock's own dependencies, if it grows any.
	read -r -a deps <<<"$(modinfo -F depends "$ko" | tr ',' ' ')"
	modules+=("${deps[@]}")
fi

rm -rf "$root"
mkdir -p "$root"/{bin,sbin,usr/bin,usr/sbin,etc,proc,sys,dev,tmp,run,root}
mkdir -p "$root/lib/modules/$KVER" "$root/lib64" "$root/var"
ln -s ../run "$root/var/run"
# The kernel opens /dev/console for /init before anything is mounted.
mknod -m 600 "$root/dev/console" c 5 1 2>/dev/null ||
	echo "mkinitramfs: warning: cannot create /dev/console (not root?)" >&2

# Copies a file to the same path inside the image, plus the shared
# libraries it needs, as ldd finds them on this host.
copy_bin() {
	local src="$1" dst="${2:-$1}" lib
	rm -f "$root$dst"
	mkdir -p "$(dirname "$root$dst")"
	cp -L "$src" "$root$dst"
	while read -r lib; do
		[[ -e $root$lib ]] && continue
		mkdir -p "$(dirname "$root$lib")"
		cp -L "$lib" "$root$lib"
	done < <(ldd "$src" 2>/dev/null | grep -o '/[^ ]*' || true)
}

# Busybox first: the real tools below replace some of its applet links.
cp /bin/busybox "$root/bin/busybox"
for applet in $("$root/bin/busybox" --list); do
	[[ $applet == busybox ]] || ln -sf busybox "$root/bin/$applet"
done

copy_bin "$(command -v ip)" /sbin/ip
copy_bin "$(command -v tcpdump)" /usr/bin/tcpdump
copy_bin "$(command -v wg)" /usr/bin/wg
copy_bin "$(command -v setpriv)" /usr/bin/setpriv
copy_bin "$(command -v kmod)" /bin/kmod
for tool in modprobe insmod rmmod depmod lsmod modinfo; do
	rm -f "$root/bin/$tool" "$root/sbin/$tool"
	ln -s ../bin/kmod "$root/sbin/$tool"
done
copy_bin "$lbprobe" /usr/bin/lbprobe
if [[ -x $leakctl ]]; then
	copy_bin "$leakctl" /usr/bin/leakctl
else
	echo "mkinitramfs: warning: $leakctl not built, leaving it out" >&2
fi

# What further scenarios need, one fragment per feature: each may call
# copy_bin, add to modules and put files under $root.
for fragment in "$here"/initramfs.d/*.sh; do
	[[ -e $fragment ]] || continue
	# shellcheck source=/dev/null
	. "$fragment"
done

# Kernel modules: exactly what modprobe would load for each, and nothing
# else, so the image stays a few MiB.
kmods="$KROOT/lib/modules/$KVER"
for m in "${modules[@]}"; do
	modprobe -d "$KROOT" -S "$KVER" --show-depends "$m" |
		awk '$1 == "insmod" { print $2 }'
done | sort -u | while read -r path; do
	rel="${path#*/lib/modules/"$KVER"/}"
	mkdir -p "$(dirname "$root/lib/modules/$KVER/$rel")"
	cp "$path" "$root/lib/modules/$KVER/$rel"
done
# Without these modprobe cannot tell a built-in module from a missing one.
cp "$kmods"/modules.builtin "$kmods"/modules.builtin.modinfo \
	"$kmods"/modules.order "$root/lib/modules/$KVER/"
if [[ -f $ko ]]; then
	mkdir -p "$root/lib/modules/$KVER/extra"
	# Debug info is most of its size; oopses are symbolized from
	# kallsyms anyway.
	strip --strip-debug -o "$root/lib/modules/$KVER/extra/leakblock.ko" "$ko"
else
	echo "mkinitramfs: warning: $ko not built, leaving it out" >&2
fi
depmod -b "$root" "$KVER"

cat >"$root/etc/passwd" <<'EOF'
root:x:0:0:root:/root:/bin/sh
tcpdump:x:101:101:tcpdump:/nonexistent:/bin/false
nobody:x:65534:65534:nobody:/nonexistent:/bin/false
EOF
cat >"$root/etc/group" <<'EOF'
root:x:0:
tcpdump:x:101:
nogroup:x:65534:
EOF
echo 'hosts: files' >"$root/etc/nsswitch.conf"
printf '127.0.0.1 localhost\n::1 localhost\n' >"$root/etc/hosts"

install -m 0755 "$here/init.sh" "$root/init"
install -m 0755 "$here/lib.sh" "$here/netns.sh" "$here/demo.sh" "$root/"
mkdir -p "$root/scenarios"
for scenarios in "$here"/scenarios/*.sh; do
	[[ -e $scenarios ]] || continue
	install -m 0644 "$scenarios" "$root/scenarios/"
done

# Fixed owner and order, so the image only changes when its content does.
(cd "$root" && find . -mindepth 1 | LC_ALL=C sort |
	cpio --quiet -o -H newc -R 0:0 | gzip -1 -n) >"$out.tmp"
mv "$out.tmp" "$out"
echo "INITRAMFS=$out ($(du -k "$out" | cut -f1) KiB)"
