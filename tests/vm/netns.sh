#!/bin/sh
# SPDX-License-Identifier: GPL-2.0
#
# leakblock VM scenarios: does anything the guard should stop still reach
# the wire? Runs as root inside the test VM (busybox ash), started by
# init.sh. Topology:
#
#  +--------------------------------------+
#  | client: the VM's init namespace      |  leakblock guards this one
#  |  eth0 192.168.1.2/24 2001:db8:1::2   |  default routes via the wire
#  |  wg0  10.99.0.2/24 (IPv4 only)       |  0/1 + 128/1 via wg0 when up,
#  +------------------+-------------------+  203.0.113.1/32 via eth0
#                     | veth
#  +------------------+-------------------+
#  | wire: home router and eavesdropper   |
#  |  lan0 192.168.1.1 2001:db8:1::1      |  tcpdump -U -w on lan0
#  |  wan0 192.0.2.1/30 2001:db8:2::1     |  forwards v4 and v6
#  +------------------+-------------------+
#                     | veth
#  +------------------+-------------------+
#  | internet                             |
#  |  up0  192.0.2.2/30 2001:db8:2::2     |
#  |  lo   203.0.113.1  VPN server, WireGuard udp/51820                  |
#  |       198.51.100.53, 2001:db8:53::53 public DNS (lbprobe serve)     |
#  |  wg0  10.99.0.1/24 server side of the tunnel: the DNS addresses     |
#  |       are local, so they answer through it without forwarding      |
#  +--------------------------------------+
#
# Every leak verdict is what the sniffer captured, never the module's own
# counters, and each has a control: the same probe without the guard (not
# loaded, or disarmed) must be captured, so a blind sniffer cannot pass.
set -e

. /lib.sh

cleanup() {
	set +e
	exec 2>/dev/null
	topology_down
	# Unloading at the end is one more teardown path to check.
	! lb_loaded || $RMMOD leakblock || echo "# rmmod leakblock failed at cleanup"
}
trap cleanup EXIT

# lbprobe's exit status without tripping set -e.
probe() {
	_prc=0
	$LBPROBE "$@" || _prc=$?
	return 0
}

# A guarded probe must not get an answer: 2 (send failed: EPERM is the
# local drop) or 3 (no reply) are both fine.
expect_blocked() {
	[ $_prc -eq 2 ] || [ $_prc -eq 3 ] ||
		fail "probe was not blocked: exit $_prc"
}

lb_arm() { $LEAKCTL arm; }
lb_disarm() { $LEAKCTL disarm; }

# Every guarded half starts armed. Finding it otherwise is a failure (a
# check before must have left it so), but it is re-armed first, so one
# failure does not cascade into the checks after it.
expect_armed() {
	[ "$(policy armed)" = "armed=true " ] && return 0
	lb_arm
	fail "the guard was found disarmed"
}

# captured NAME FILTER -- PROBE...: run one probe under the sniffer and
# set CAPTURED to the number of matching frames.
captured() {
	_name=$1
	_filter=$2
	shift 3
	sniff_start "$_name"
	probe "$@"
	sniff_stop
	CAPTURED=$(pkts "$_filter")
	log "$_name: lbprobe $* -> exit $_prc, $CAPTURED frames match '$_filter'"
}

# leak_check NAME FILTER -- PROBE...: the guarded probe is not captured
# (armed now), the same probe with the guard disarmed is.
leak_check() {
	_lname=$1
	_lfilter=$2
	shift 3
	have_leakblock
	expect_armed
	captured "$_lname-guarded" "$_lfilter" -- "$@"
	_g=$CAPTURED
	_grc=$_prc
	lb_disarm
	captured "$_lname-control" "$_lfilter" -- "$@"
	_c=$CAPTURED
	lb_arm
	note "control: $_c pkts, guarded: $_g pkts"
	[ "$_c" -ge 1 ] || fail "control: the sniffer saw nothing unguarded"
	[ "$_g" -eq 0 ] || fail "leak: $_g frames captured while guarded"
	_prc=$_grc
	expect_blocked
}

# ---- baseline, no module loaded ----------------------------------------

t_baseline_direct() {
	captured base-direct "$FROM_CLIENT and udp dst port 53" -- \
		dns $DNS4
	[ $_prc -eq 0 ] || fail "no reply from $DNS4"
	_c4=$CAPTURED
	captured base-direct6 "$FROM_CLIENT and ip6 and udp dst port 53" -- \
		dns $DNS6
	[ $_prc -eq 0 ] || fail "no reply from $DNS6"
	note "v4: $_c4 pkts, v6: $CAPTURED pkts captured"
	[ "$_c4" -ge 1 ] && [ "$CAPTURED" -ge 1 ] ||
		fail "the sniffer missed the direct queries"
}

t_baseline_vpn() {
	vpn_client_up
	sniff_start base-vpn
	probe dns $DNS4 --timeout 8000
	_rc=$_prc
	ping -c 1 -W 5 $TUN_SERVER
	sniff_stop
	_t=$(pkts "$TUNNEL")
	_o=$(pkts "$OTHER")
	_d=$(pkts "udp port 53")
	note "tunnel: $_t pkts, other: $_o pkts, cleartext dns: $_d pkts"
	[ $_rc -eq 0 ] || fail "no DNS reply through the tunnel"
	[ "$_t" -gt 0 ] || fail "no tunnel packets on the wire"
	[ "$_o" -eq 0 ] || fail "traffic beside the tunnel"
	vpn_client_down
}

# ---- 1. fail-closed right after insmod ---------------------------------

t_fail_closed() {
	vpn_client_down
	! lb_loaded || $RMMOD leakblock
	captured s1-control "$FROM_CLIENT and udp dst port 53" -- dns $DNS4
	_c=$CAPTURED
	note "control: $_c pkts, guarded: n/a"
	[ $_prc -eq 0 ] || fail "control: no reply from $DNS4"
	[ "$_c" -ge 1 ] || fail "control: the sniffer saw nothing"
	have_leakblock
	$MODPROBE leakblock
	_st=$($LEAKCTL -j status)
	log "status after insmod: $_st"
	captured s1-guarded "$FROM_CLIENT and udp dst port 53" -- \
		dns $DNS4 --timeout 1000
	note "control: $_c pkts, guarded: $CAPTURED pkts"
	[ "$CAPTURED" -eq 0 ] || fail "leak right after insmod"
	expect_blocked
	[ "$(echo "$_st" | json_get armed)" = true ] ||
		fail "not armed after insmod"
	[ "$(echo "$_st" | json_get endpoints)" = "[]" ] ||
		fail "endpoints configured after insmod"
	[ "$(echo "$_st" | json_get tunnels)" = "[]" ] ||
		fail "tunnels configured after insmod"
}

# ---- 2. the tunnel works through the guard -----------------------------

# tunnel_check NAME: a DNS query and a ping through the tunnel are answered,
# and the wire carries the tunnel's packets and nothing else.
tunnel_check() {
	sniff_start "$1"
	probe dns $DNS4 --timeout 8000
	_rc=$_prc
	_ping=0
	ping -c 1 -W 5 $TUN_SERVER || _ping=$?
	sniff_stop
	_t=$(pkts "$TUNNEL")
	_o=$(pkts "$OTHER")
	note "tunnel: $_t pkts, other: $_o pkts"
	[ $_rc -eq 0 ] || fail "no DNS reply through the tunnel (exit $_rc)"
	[ $_ping -eq 0 ] || fail "ping $TUN_SERVER through the tunnel failed"
	[ "$_t" -gt 0 ] || fail "no tunnel packets on the wire"
	[ "$_o" -eq 0 ] || fail "$_o frames beside the tunnel on the wire"
}

t_tunnel() {
	have_leakblock
	lb_loaded
	$LEAKCTL set-endpoint $VPN_SERVER:$VPN_PORT/udp
	$LEAKCTL set-tunnel wg0
	_st=$($LEAKCTL -j status)
	log "status: $_st"
	# Through the guard, not around it.
	[ "$(echo "$_st" | json_get armed)" = true ] || fail "not armed"
	vpn_client_up
	tunnel_check s2
}

# ---- 3..6 leaks beside the tunnel and after it -------------------------

t_dns_dev() {
	leak_check s3 "$FROM_CLIENT and udp dst port 53" -- \
		dns $DNS4 --dev eth0 --timeout 1000
}

t_dns_v6() {
	leak_check s4 "$FROM_CLIENT and ip6 and udp dst port 53" -- \
		dns $DNS6 --timeout 1000
}

t_down_dns4() {
	$IP link show wg0 >/dev/null 2>&1 && fail "wg0 still exists"
	leak_check s5-dns4 "$FROM_CLIENT and ip and udp dst port 53" -- \
		dns $DNS4 --timeout 1000
}

t_down_dns6() {
	leak_check s5-dns6 "$FROM_CLIENT and ip6 and udp dst port 53" -- \
		dns $DNS6 --timeout 1000
}

# ping is not lbprobe: busybox ping exits 1 for both a failed send and no
# reply, so only the capture counts here.
t_down_ping() {
	have_leakblock
	expect_armed
	sniff_start s5-ping-guarded
	ping -c 1 -W 1 $DNS4 || true
	sniff_stop
	_g=$(pkts "$FROM_CLIENT and icmp and dst host $DNS4")
	lb_disarm
	sniff_start s5-ping-control
	ping -c 1 -W 2 $DNS4 || true
	sniff_stop
	_c=$(pkts "$FROM_CLIENT and icmp and dst host $DNS4")
	lb_arm
	note "control: $_c pkts, guarded: $_g pkts"
	[ "$_c" -ge 1 ] || fail "control: the sniffer saw nothing unguarded"
	[ "$_g" -eq 0 ] || fail "leak: ping captured while guarded"
}

t_endpoint_udp53() {
	leak_check s6-udp53 "$FROM_CLIENT and udp and dst host $VPN_SERVER and dst port 53" -- \
		dns $VPN_SERVER --port 53 --timeout 1000
}

t_endpoint_tcp443() {
	leak_check s6-tcp443 "$FROM_CLIENT and tcp and dst host $VPN_SERVER and dst port 443" -- \
		dns $VPN_SERVER --port 443 --tcp --timeout 1000
}

# The endpoint itself must pass: the WireGuard server ignores a DNS query,
# so no reply, but the wire carries it.
t_endpoint_51820() {
	have_leakblock
	expect_armed
	captured s6-51820 "$FROM_CLIENT and udp and dst host $VPN_SERVER and dst port $VPN_PORT" -- \
		dns $VPN_SERVER --port $VPN_PORT --timeout 300
	note "guarded: $CAPTURED pkts"
	[ $_prc -ne 2 ] || fail "send to the endpoint failed"
	[ "$CAPTURED" -ge 1 ] || fail "the endpoint's port was blocked"
}

# An IPv6 endpoint: its address and port pass (the IPv6 hook's fast path,
# and the DNS server answers), the same address over TCP stays blocked.
t_endpoint_ipv6() {
	have_leakblock
	expect_armed
	$LEAKCTL add-endpoint "[$DNS6]:53/udp"
	captured s6-v6-endpoint "$FROM_CLIENT and ip6 and udp and dst port 53" -- \
		dns $DNS6 --timeout 2000
	_e=$CAPTURED
	_erc=$_prc
	_rc=0
	( leak_check s6-v6-tcp "$FROM_CLIENT and ip6 and tcp and dst port 53" -- \
		dns $DNS6 --tcp --timeout 1000 ) || _rc=$?
	$LEAKCTL del-endpoint "[$DNS6]:53/udp"
	note "endpoint [$DNS6]:53/udp: $_e pkts, DNS exit $_erc; TCP to it: $(cat /tmp/lb-note 2>/dev/null)"
	[ "$_e" -ge 1 ] || fail "the IPv6 endpoint's port was blocked"
	[ $_erc -eq 0 ] || fail "no DNS reply from the IPv6 endpoint (exit $_erc)"
	[ $_rc -eq 0 ] || fail "TCP to the IPv6 endpoint's address was not blocked"
}

# ---- 7. unprivileged configuration -------------------------------------

nobody() {
	$SETPRIV --reuid=65534 --regid=65534 --clear-groups "$@"
}

# unpriv CMD...: must fail with an EPERM message, policy unchanged.
unpriv() {
	_rc=0
	nobody $LEAKCTL "$@" 2>/tmp/unpriv.err || _rc=$?
	log "as nobody: leakctl $* -> exit $_rc: $(cat /tmp/unpriv.err)"
	[ $_rc -ne 0 ] || fail "leakctl $* succeeded without privilege"
	grep -qiE 'not permitted|eperm|permission' /tmp/unpriv.err ||
		fail "leakctl $*: no EPERM message"
}

t_unprivileged() {
	have_leakblock
	_before=$(policy)
	unpriv disarm
	unpriv set-endpoint $DNS4:53/udp
	unpriv allow lan on
	_after=$(policy)
	log "before: $_before"
	log "after:  $_after"
	[ "$_before" = "$_after" ] || fail "the policy changed"
	leak_check s7 "$FROM_CLIENT and udp dst port 53" -- \
		dns $DNS4 --dev eth0 --timeout 1000
}

# ---- 8. bad input leaves the policy unchanged --------------------------

# bad CMD...: exit non-zero, exactly one line on stderr.
bad() {
	_rc=0
	$LEAKCTL "$@" >/tmp/bad.out 2>/tmp/bad.err || _rc=$?
	_lines=$(wc -l </tmp/bad.err)
	echo "# leakctl $* -> exit $_rc: $(cat /tmp/bad.err)" >>/tmp/bad.summary
	log "leakctl $* -> exit $_rc, stderr ($_lines lines): $(cat /tmp/bad.err)"
	[ $_rc -ne 0 ] || fail "leakctl $* succeeded"
	[ "$_lines" -eq 1 ] && [ -s /tmp/bad.err ] ||
		fail "leakctl $*: $_lines lines on stderr, not one"
}

t_bad_input() {
	have_leakblock
	rm -f /tmp/bad.summary
	_before=$(policy armed allow tunnels endpoints)
	bad set-endpoint 203.0.113.9 1.2.3.999
	bad del-endpoint 203.0.113.77
	# Only the kernel knows what is configured: its ENOENT must show.
	grep -qiE 'not configured|no such file' /tmp/bad.err ||
		fail "del-endpoint: the kernel's error is not in the message"
	bad set-tunnel 'a/b'
	bad allow lan maybe
	_after=$(policy armed allow tunnels endpoints)
	log "before: $_before"
	log "after:  $_after"
	[ "$_before" = "$_after" ] || fail "the policy changed"
	probe dns $DNS4 --timeout 5000
	note "tunnel DNS afterwards: exit $_prc"
	[ $_prc -eq 0 ] || fail "the tunnel stopped working"
}

# ---- 9. rmmod under traffic --------------------------------------------

t_rmmod_traffic() {
	have_leakblock
	lb_loaded
	$IP link show wg0 >/dev/null
	# Blocked v4 and v6, and allowed through the tunnel and to the
	# endpoint: every branch of the hook is busy while it goes away.
	_pids=
	for _dst in "$DNS4 53 --dev eth0" "$DNS6 53" "$TUN_SERVER 9" \
		"$VPN_SERVER $VPN_PORT"; do
		# shellcheck disable=SC2086
		# Long enough to outlast a slow rmmod on a busy host; they
		# are stopped as soon as it has returned.
		$LBPROBE flood $_dst --count 100000000 --duration 20000 \
			>>/tmp/flood.log 2>&1 &
		_pids="$_pids $!"
	done
	sleep 0.5
	$RMMOD leakblock
	_alive=0
	for _p in $_pids; do
		! kill -0 $_p 2>/dev/null || _alive=$((_alive + 1))
	done
	log "rmmod returned with $_alive of 4 floods still running"
	# shellcheck disable=SC2086 # one argument per process
	kill $_pids 2>/dev/null || true
	wait $_pids || true
	cat /tmp/flood.log
	[ $_alive -gt 0 ] || fail "the floods ended before rmmod: not under traffic"
	lb_loaded && fail "leakblock still loaded"

	captured s9-control "$FROM_CLIENT and udp dst port 53" -- \
		dns $DNS4 --dev eth0 --timeout 2000
	_c=$CAPTURED
	$MODPROBE leakblock
	captured s9-guarded "$FROM_CLIENT and udp dst port 53" -- \
		dns $DNS4 --dev eth0 --timeout 1000
	_g=$CAPTURED
	_grc=$_prc
	note "control: $_c pkts, guarded: $_g pkts"
	$RMMOD leakblock
	[ "$_c" -ge 1 ] || fail "control: the sniffer saw nothing unguarded"
	[ "$_g" -eq 0 ] || fail "leak right after the second insmod"
	_prc=$_grc
	expect_blocked
}

# ---- run ----------------------------------------------------------------

topology_up
servers_up
vpn_server_up

check "s0 baseline: direct DNS v4+v6 is answered and seen by the sniffer" t_baseline_direct
check "s0 baseline: the WireGuard VPN works without leakblock" t_baseline_vpn
check "s1 fail-closed right after insmod: DNS not on the wire" t_fail_closed
check "s2 tunnel works with endpoint+tunnel set: DNS and ping via wg0, wire shows only the tunnel" t_tunnel
check "s3 DNS forced out eth0 (SO_BINDTODEVICE) is blocked" t_dns_dev
check "s4 IPv6 DNS beside the IPv4-only tunnel is blocked" t_dns_v6
vpn_client_down
check "s5 VPN down: IPv4 DNS stays blocked" t_down_dns4
check "s5 VPN down: IPv6 DNS stays blocked" t_down_dns6
check "s5 VPN down: ping $DNS4 stays blocked" t_down_ping
vpn_client_up
check "s6 endpoint address, other port: UDP $VPN_SERVER:53 is blocked" t_endpoint_udp53
check "s6 endpoint address, other port: TCP $VPN_SERVER:443 is blocked" t_endpoint_tcp443
check "s6 endpoint $VPN_SERVER:$VPN_PORT/udp itself passes" t_endpoint_51820
check "s6 IPv6 endpoint [$DNS6]:53/udp passes, TCP to its address is blocked" t_endpoint_ipv6
check "s7 unprivileged configuration fails with EPERM, policy unchanged, still blocking" t_unprivileged
check "s8 bad input fails with one line, policy unchanged, tunnel still works" t_bad_input
[ ! -s /tmp/bad.summary ] || cat /tmp/bad.summary
check "s9 rmmod under traffic, then insmod is fail-closed again" t_rmmod_traffic

# More scenarios, one file per feature, in the same world and with the same
# helpers; each starts from whatever state s9 or the file before left.
for scenarios in /scenarios/*.sh; do
	[ -e "$scenarios" ] || continue
	. "$scenarios"
done
