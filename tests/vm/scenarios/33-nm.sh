# SPDX-License-Identifier: GPL-2.0
# shellcheck shell=sh
#
# s33: scripts/nm-dispatcher, called as NetworkManager's dispatcher calls
# it: $1 the interface (for VPN actions VPN_IP_IFACE), $2 the action, and
# NetworkManager's variables in an otherwise empty environment. vpn-up must
# let the VPN's device through, and nothing else may change the policy.
# Sourced by netns.sh after s9 (leakblock unloaded, the WireGuard client
# up); leaves it so.

NM_DISPATCHER=/usr/share/leakblock/nm-dispatcher

# nm_dispatch IFACE ACTION [VAR=VALUE...]: the script's exit status in _nrc.
nm_dispatch() {
	_iface=$1
	_action=$2
	shift 2
	_nrc=0
	env -i PATH=/usr/sbin:/usr/bin:/sbin:/bin \
		CONNECTION_UUID=5b8e3a2c-1f4d-4e4b-9a51-6c0f2d7e8a11 \
		CONNECTION_ID=work-vpn NM_DISPATCHER_ACTION="$_action" \
		"$@" $NM_DISPATCHER "$_iface" "$_action" >>/tmp/s33.log 2>&1 ||
		_nrc=$?
	log "nm-dispatcher '$_iface' $_action $* -> exit $_nrc"
}

s33_up() {
	[ -x $NM_DISPATCHER ] || fail "scripts/nm-dispatcher is not in the image"
	lb_loaded || $MODPROBE leakblock
	# The server is known (NetworkManager has to reach it), the tunnel
	# not yet: that is the dispatcher's job.
	$LEAKCTL flush
	$LEAKCTL set-endpoint $VPN_SERVER:$VPN_PORT/udp
	rm -f /tmp/s33.log
}

s33_down() {
	! lb_loaded || $RMMOD leakblock
	rm -f /tmp/s33.log
}

t_s33_vpn_up() {
	have_leakblock
	s33_up
	$IP link show wg0 >/dev/null || fail "the WireGuard client is not up"
	probe dns $DNS4 --timeout 1000
	_before=$_prc
	_g0=$(policy generation)
	nm_dispatch wg0 vpn-up DEVICE_IFACE=eth0 DEVICE_IP_IFACE=eth0 \
		VPN_IP_IFACE=wg0 VPN_IP4_ADDRESS_0="10.99.0.2/24 0.0.0.0"
	_up=$_nrc
	_g1=$(policy generation)
	_t=$(policy tunnels)
	probe dns $DNS4 --timeout 8000
	_after=$_prc
	cat /tmp/s33.log
	note "DNS via wg0 before: exit $_before, after vpn-up: exit $_after; ${_t% }, generation +$((_g1 - _g0))"
	[ $_up -eq 0 ] || fail "vpn-up: exit $_up"
	[ "$_t" = 'tunnels=["wg0"] ' ] || fail "vpn-up did not add wg0: $_t"
	[ $((_g1 - _g0)) -eq 1 ] || fail "vpn-up took $((_g1 - _g0)) generations"
	[ $_before -eq 2 ] || fail "DNS into wg0 was not blocked before vpn-up (exit $_before)"
	[ $_after -eq 0 ] || fail "no DNS reply through wg0 after vpn-up (exit $_after)"
}

# VPN_IP_IFACE wins over $1; without it, $1 is the device.
t_s33_iface() {
	_g0=$(policy generation)
	nm_dispatch ppp0 vpn-up DEVICE_IFACE=eth0
	_a=$_nrc
	nm_dispatch eth0 vpn-up DEVICE_IFACE=eth0 VPN_IP_IFACE=tun7
	_b=$_nrc
	_g1=$(policy generation)
	_t=$(policy tunnels)
	note "${_t% }, generation +$((_g1 - _g0))"
	[ $_a -eq 0 ] && [ $_b -eq 0 ] || fail "vpn-up failed: exit $_a, $_b"
	[ "$_t" = 'tunnels=["wg0","ppp0","tun7"] ' ] || fail "tunnels: $_t"
	[ $((_g1 - _g0)) -eq 2 ] || fail "two vpn-up took $((_g1 - _g0)) generations"
}

t_s33_others() {
	_before=$(policy)
	nm_dispatch wg0 vpn-down DEVICE_IFACE=eth0 VPN_IP_IFACE=wg0
	[ $_nrc -eq 0 ] || fail "vpn-down: exit $_nrc"
	grep -q 'still blocking' /tmp/s33.log || fail "vpn-down said nothing"
	[ "$(policy)" = "$_before" ] || fail "vpn-down changed the policy"
	_n=1
	for _a in pre-up up pre-down down vpn-pre-up vpn-pre-down \
		dhcp4-change dhcp6-change reapply; do
		nm_dispatch eth0 $_a DEVICE_IFACE=eth0 DEVICE_IP_IFACE=eth0
		[ $_nrc -eq 0 ] || fail "$_a: exit $_nrc"
		_n=$((_n + 1))
	done
	nm_dispatch none hostname
	nm_dispatch "" connectivity-change CONNECTIVITY_STATE=FULL
	nm_dispatch "" dns-change
	nm_dispatch eth0 no-such-action
	_n=$((_n + 4))
	# vpn-up without any interface is refused, and changes nothing.
	nm_dispatch "" vpn-up
	_bad=$_nrc
	_after=$(policy)
	log "before: $_before"
	log "after:  $_after"
	note "vpn-down and $((_n - 1)) other actions: policy and generation unchanged; vpn-up without interface: exit $_bad"
	[ "$_after" = "$_before" ] || fail "the policy changed"
	[ $_bad -ne 0 ] || fail "vpn-up without an interface succeeded"
}

check "s33 nm-dispatcher vpn-up (as NetworkManager calls it) adds the VPN's device: DNS through wg0, blocked before, flows after" t_s33_vpn_up
check "s33 nm-dispatcher vpn-up takes VPN_IP_IFACE, else \$1" t_s33_iface
check "s33 nm-dispatcher vpn-down and every other action change nothing" t_s33_others
s33_down || true
