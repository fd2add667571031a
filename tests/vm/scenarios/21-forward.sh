# SPDX-License-Identifier: GPL-2.0
# shellcheck shell=sh
#
# s21: forwarded traffic. A container routed through the client (no NAT)
# crosses the client's POST_ROUTING hook on its way out eth0, and the
# client's policy, not the container's (its netns stays disarmed), decides.
# Sourced by netns.sh after s9 (leakblock unloaded, the WireGuard client
# up); leaves it so.
#
#  +------------------------------+  veth  +------------------------------+
#  | ctr: the container           |--------| client (init namespace)      |
#  |  c0 100.64.1.2/24            |        |  vc0 100.64.1.1/24           |
#  |     2001:db8:c::2/64         |        |      2001:db8:c::1/64        |
#  |  default via the client      |        |  forwards v4 and v6          |
#  +------------------------------+        +------------------------------+
#
# The wire and the internet get return routes for 100.64.1.0/24 and
# 2001:db8:c::/64, so the controls are answered end to end. 100.64.0.0/10
# (shared address space) is in none of the `lan' allowance's ranges: the
# guard lets nothing through for being "local".
#
# vc0 is named with `leakctl add-tunnel': as README.md says, a local veth
# or bridge is an interface like any other, and what the client sends into
# the container (replies it forwards, answers of its own) leaves through
# it. s21 shows first that without it the host cannot even answer the
# container; then that naming it lets nothing more out of eth0: the
# container's queries there are blocked all the same.

S21_NS=ctr
S21_ADDR=100.64.1.2
S21_ADDR6=2001:db8:c::2

s21_up() {
	lb_loaded || $MODPROBE leakblock
	$LEAKCTL set-endpoint $VPN_SERVER:$VPN_PORT/udp
	$LEAKCTL set-tunnel wg0
	sysctl -n net.ipv4.ip_forward >/tmp/s21.fwd4
	sysctl -n net.ipv6.conf.all.forwarding >/tmp/s21.fwd6
	$IP netns add $S21_NS
	$IP netns exec $S21_NS sysctl -qw net.ipv6.conf.all.accept_dad=0
	$IP netns exec $S21_NS sysctl -qw net.ipv6.conf.default.accept_dad=0
	$IP -n $S21_NS link set lo up
	$IP link add vc0 type veth peer name c0 netns $S21_NS
	$IP addr add 100.64.1.1/24 dev vc0
	$IP addr add 2001:db8:c::1/64 dev vc0 nodad
	$IP link set vc0 up
	$IP -n $S21_NS addr add $S21_ADDR/24 dev c0
	$IP -n $S21_NS addr add $S21_ADDR6/64 dev c0 nodad
	$IP -n $S21_NS link set c0 up
	$IP -n $S21_NS route add default via 100.64.1.1
	$IP -n $S21_NS -6 route add default via 2001:db8:c::1
	sysctl -qw net.ipv4.ip_forward=1
	sysctl -qw net.ipv6.conf.all.forwarding=1
	$IP -n $WIRE route add 100.64.1.0/24 via 192.168.1.2
	$IP -n $WIRE -6 route add 2001:db8:c::/64 via 2001:db8:1::2
	$IP -n $INET route add 100.64.1.0/24 via 192.0.2.1
	$IP -n $INET -6 route add 2001:db8:c::/64 via 2001:db8:2::1
}

s21_down() {
	reap_sniffers s21-
	[ -z "$S21_SERVE_PID" ] || kill $S21_SERVE_PID 2>/dev/null
	S21_SERVE_PID=
	$IP -n $WIRE route del 100.64.1.0/24 2>/dev/null
	$IP -n $WIRE -6 route del 2001:db8:c::/64 2>/dev/null
	$IP -n $INET route del 100.64.1.0/24 2>/dev/null
	$IP -n $INET -6 route del 2001:db8:c::/64 2>/dev/null
	$IP netns del $S21_NS 2>/dev/null
	$IP link del vc0 2>/dev/null
	[ ! -s /tmp/s21.fwd4 ] || sysctl -qw net.ipv4.ip_forward="$(cat /tmp/s21.fwd4)"
	[ ! -s /tmp/s21.fwd6 ] ||
		sysctl -qw net.ipv6.conf.all.forwarding="$(cat /tmp/s21.fwd6)"
	$IP link show wg0 >/dev/null 2>&1 || vpn_client_up
	! lb_loaded || $RMMOD leakblock
}

# For the rest of the check (a subshell): probes are sent by the container,
# and the control's exit status is kept in S21_CONTROL_RC: its reply proves
# the routes, so a guarded run that gets none proves the guard.
s21_in_ctr() {
	S21_CONTROL=
	S21_CONTROL_RC=
	probe() {
		_prc=0
		$IP netns exec $S21_NS $LBPROBE "$@" || _prc=$?
		[ -z "$S21_CONTROL" ] || S21_CONTROL_RC=$_prc
		return 0
	}
	lb_disarm() { $LEAKCTL disarm; S21_CONTROL=1; }
	lb_arm() { $LEAKCTL arm; S21_CONTROL=; }
}

s21_control_answered() {
	note "$(cat /tmp/lb-note), control answered: exit $S21_CONTROL_RC"
	[ "$S21_CONTROL_RC" = 0 ] || fail "the control got no reply"
}

# The host's own resolver, as containers often use: its answers go out
# vc0, which the guard blocks until vc0 is named a tunnel.
t_s21_host_resolver() {
	have_leakblock
	s21_up
	$LBPROBE serve 100.64.1.1 53 >/tmp/s21-serve.log 2>&1 &
	echo $! >/tmp/s21-serve.pid
	wait_for 10 'grep -qs serving /tmp/s21-serve.log' ||
		fail "the host resolver did not start"
	_before=$($IP netns exec $S21_NS $LBPROBE dns 100.64.1.1 --timeout 1000 2>&1) && _b=0 || _b=$?
	log "vc0 not a tunnel: exit $_b: $_before"
	$LEAKCTL add-tunnel vc0
	_after=$($IP netns exec $S21_NS $LBPROBE dns 100.64.1.1 --timeout 3000 2>&1) && _a=0 || _a=$?
	log "vc0 a tunnel: exit $_a: $_after"
	note "host answers the container: without add-tunnel vc0 exit $_b, with it exit $_a"
	[ $_b -eq 3 ] || fail "the host's answer into vc0 was not blocked (exit $_b)"
	[ $_a -eq 0 ] || fail "no answer with vc0 a tunnel (exit $_a)"
	_t=$(policy tunnels)
	[ "$_t" = 'tunnels=["vc0","wg0"] ' ] || [ "$_t" = 'tunnels=["wg0","vc0"] ' ] ||
		fail "unexpected tunnels: $_t"
}

# IPv6 beside the IPv4-only tunnel: forwarded out eth0 by the default route.
t_s21_v6() {
	$IP link show wg0 >/dev/null || fail "the WireGuard client is not up"
	s21_in_ctr
	leak_check s21-v6 "$FROM_CLIENT and ip6 and src host $S21_ADDR6 and udp dst port 53" -- \
		dns $DNS6 --timeout 1500
	s21_control_answered
}

# The tunnel gone: the container's IPv4 follows the default route out eth0.
t_s21_v4_down() {
	vpn_client_down
	s21_in_ctr
	leak_check s21-v4 "$FROM_CLIENT and ip and src host $S21_ADDR and udp dst port 53" -- \
		dns $DNS4 --timeout 1500
	s21_control_answered
}

check "s21 container behind the client: the host answers it only once its veth is add-tunnel'd" t_s21_host_resolver
S21_SERVE_PID=$(cat /tmp/s21-serve.pid 2>/dev/null || true)
check "s21 container's IPv6 DNS, forwarded out eth0 beside the IPv4-only tunnel, is blocked" t_s21_v6
check "s21 container's IPv4 DNS, forwarded out eth0 with the VPN down, is blocked" t_s21_v4_down
s21_down || true
