#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
#
# Boot Debian's own kernel in QEMU (TCG: no KVM here, and the host kernel
# cannot load modules) with the leakblock test initramfs and run either the
# scenario suite or the demo.
#
# Usage: tests/vm/run.sh [suite|demo]
#
# Environment:
#   LB_VM_DIR       work and cache directory (default <repo>/build/vm)
#   LB_VM_TIMEOUT   seconds before the VM is killed (default 600)
#   LB_VM_ICOUNT=1  add -icount shift=0,sleep=off (deterministic timing);
#                   implies -smp 1: with icount, QEMU 7.2 hangs this kernel
#                   at "x86: Booting SMP configuration" (any -cpu, any shift)
#   LB_VM_SMP       number of vCPUs (default 2)
#   LB_VM_VERBOSE=1 print every check's log, not only the failures'
#   LB_VM_APPEND    extra kernel command line
#
# The console goes to $LB_VM_DIR/console.log. Exit 0 only if the VM printed
# its PASS line; the suite ends with "vm: N passed, M failed".
set -euo pipefail

mode="${1:-suite}"
here="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
# suite runs netns.sh; any other MODE runs tests/vm/MODE.sh.
if [[ $mode != suite && ! -f $here/$mode.sh ]]; then
	echo "usage: $0 [suite|demo|MODE, with tests/vm/MODE.sh]" >&2
	exit 2
fi

repo="$(cd "$here/../.." && pwd)"
export LB_VM_DIR="${LB_VM_DIR:-$repo/build/vm}"
mkdir -p "$LB_VM_DIR"
vmdir="$(cd "$LB_VM_DIR" && pwd)"
host_timeout="${LB_VM_TIMEOUT:-600}"
log="$vmdir/console.log"
t0=$SECONDS

# shellcheck source=tests/vm/kernel.sh
. "$here/kernel.sh"

[[ -f $repo/kmod/leakblock.ko ]] ||
	echo "run.sh: warning: kmod/leakblock.ko is not built; its checks will fail" >&2
[[ -x $repo/ctl/leakctl ]] ||
	echo "run.sh: warning: ctl/leakctl is not built; its checks will fail" >&2

gcc -O2 -Wall -Wextra -o "$vmdir/lbprobe" "$here/lbprobe.c"
LBPROBE="$vmdir/lbprobe" "$here/mkinitramfs.sh" "$vmdir/initramfs.cpio.gz" >/dev/null

append="console=ttyS0 panic=-1 oops=panic panic_on_warn=0 quiet"
append+=" mitigations=off lb.mode=$mode lb.timeout=$((host_timeout - 60))"
[[ ${LB_VM_VERBOSE:-0} != 1 ]] || append+=" lb.verbose=1"
append+="${LB_VM_APPEND:+ $LB_VM_APPEND}"

smp="${LB_VM_SMP:-2}"
[[ ${LB_VM_ICOUNT:-0} != 1 || -n ${LB_VM_SMP:-} ]] || smp=1

qemu=(qemu-system-x86_64 -machine q35 -cpu max -m 512M -smp "$smp"
	-accel tcg -nographic -no-reboot -nic none
	-kernel "$VMLINUZ" -initrd "$vmdir/initramfs.cpio.gz"
	-append "$append")
# shellcheck disable=SC2054 # one option value, commas and all
[[ ${LB_VM_ICOUNT:-0} != 1 ]] || qemu+=(-icount shift=0,sleep=off)

echo "run.sh: booting $KVER ($mode), console in $log"
t1=$SECONDS
# The raw console is kept; the terminal gets it without carriage returns
# and the firmware's escape sequences.
timeout --kill-after=10 "$host_timeout" "${qemu[@]}" </dev/null 2>&1 |
	tee "$log" | sed -u 's/\r$//; s/\x1b\[[0-9;?]*[A-Za-z]//g; s/\x1bc//g' || true
t2=$SECONDS

clean="$(tr -d '\r' <"$log")"
result="$(grep -a '^LEAKBLOCK-VM-RESULT: ' <<<"$clean" | tail -n1 || true)"
echo "run.sh: build $((t1 - t0)) s, VM $((t2 - t1)) s"

if [[ $mode == demo ]]; then
	if [[ $result == "LEAKBLOCK-VM-RESULT: PASS"* ]]; then
		echo "demo: PASS"
		exit 0
	fi
	echo "demo: FAIL${result:+ ($result)}"
	exit 1
fi

passed="$(grep -ac '^ok [0-9]' <<<"$clean" || true)"
failed="$(grep -ac '^not ok' <<<"$clean" || true)"
if [[ -z $result ]]; then
	# The VM died or hung before its verdict: that is a failure too.
	echo "not ok - the VM did not finish (timeout or crash), see $log"
	failed=$((failed + 1))
fi
echo "vm: $passed passed, $failed failed"
[[ $result == "LEAKBLOCK-VM-RESULT: PASS"* && $failed -eq 0 ]]
