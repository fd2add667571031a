#!/bin/sh
# SPDX-License-Identifier: GPL-2.0
#
# PID 1 of the leakblock test VM: mount the basics, run the scenario
# script named by lb.mode= on the kernel command line (suite: netns.sh,
# demo: demo.sh), check the kernel log, print the result line the host
# greps for, power off. Whatever happens, it must reach the power-off: an
# exiting PID 1 panics the kernel.

export PATH=/usr/sbin:/usr/bin:/sbin:/bin
export HOME=/root LANG=C

mount -t devtmpfs dev /dev 2>/dev/null
exec </dev/console >/dev/console 2>&1
mount -t proc proc /proc
mount -t sysfs sys /sys
mount -t tmpfs tmp /tmp
mount -t tmpfs run /run
mkdir -p /run/netns /dev/pts /dev/shm
mount -t devpts devpts /dev/pts
ln -sf /proc/self/fd /dev/fd

# Keep the console for results; the kernel log is read and checked below.
dmesg -n 1
/sbin/ip link set lo up

mode=suite
timeout=480
for arg in $(cat /proc/cmdline); do
	case $arg in
	lb.mode=*) mode=${arg#lb.mode=} ;;
	lb.timeout=*) timeout=${arg#lb.timeout=} ;;
	esac
done

finish() {
	echo "LEAKBLOCK-VM-RESULT: $1"
	sync
	poweroff -f
	sleep 5
	echo o >/proc/sysrq-trigger
}

# Outlive a hung scenario: the host would time out anyway, but this way
# the console says why.
(
	sleep "$timeout"
	echo "not ok - the VM watchdog expired after ${timeout}s"
	dmesg | tail -n 50
	finish "FAIL (watchdog)"
) &

# The firmware leaves the console mid-line.
echo
echo "# leakblock VM: $(uname -r), mode $mode"
start=$(cut -d. -f1 /proc/uptime)
case $mode in
suite) sh /netns.sh ;;
*)
	if [ -f "/$mode.sh" ]; then
		sh "/$mode.sh"
	else
		echo "unknown lb.mode=$mode"
		false
	fi
	;;
esac
rc=$?
end=$(cut -d. -f1 /proc/uptime)
echo "# $mode took $((end - start)) s (VM uptime ${end} s)"

# What the modules had to say, for the record (module taint notes etc.).
dmesg | grep -iE 'leakblock|wireguard' | sed 's/^/# dmesg: /'

n=0 pass=0 failed=0
[ ! -f /tmp/lb-tally ] || read -r n pass failed </tmp/lb-tally

if [ $rc -ne 0 ]; then
	n=$((n + 1)) failed=$((failed + 1))
	echo "not ok $n - $mode script exited with status $rc"
fi

# Any of these in the kernel log fails the run, whatever the checks said.
pattern='BUG:|WARNING:|Oops|Call Trace|general protection|UBSAN|KASAN|refcount_t'
n=$((n + 1))
if dmesg | grep -qE "$pattern"; then
	failed=$((failed + 1))
	echo "not ok $n - kernel log clean (no BUG/WARNING/Oops/UBSAN/KASAN/refcount_t)"
	dmesg | sed 's/^/#   /'
else
	pass=$((pass + 1))
	echo "ok $n - kernel log clean (no BUG/WARNING/Oops/UBSAN/KASAN/refcount_t)"
fi

if [ $failed -eq 0 ]; then
	finish "PASS ($pass passed, $failed failed)"
else
	finish "FAIL ($pass passed, $failed failed)"
fi
