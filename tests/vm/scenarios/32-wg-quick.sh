# SPDX-License-Identifier: GPL-2.0
# shellcheck shell=sh
#
# s32: wg-quick for real, with leakblock's hooks. The real wg-quick (bash)
# brings up a second WireGuard interface, wgq0, to the existing server (a
# peer of its own there), from a wgq0.conf outside /etc/wireguard (so the
# import must find the file wg-quick was given) with the PreUp and PostUp
# lines of scripts/wg-quick.conf, taken from the installed copy:
#
#   PreUp = leakctl import "${CONFIG_FILE:-...}"   the server, before
#   PostUp = leakctl add-tunnel %i                 the tunnel, after
#
# It starts from a freshly loaded module (armed, nothing configured): the
# hooks alone must let the VPN through. Sourced by netns.sh after s9
# (leakblock unloaded, the WireGuard client up); lib.sh's wg0 is taken down
# for the duration (same server, same routes), and all is left as found.

S32_DIR=/tmp/s32
S32_CONF=$S32_DIR/conf/wgq0.conf
WG_QUICK=/usr/bin/wg-quick

s32_up() {
	[ -x $WG_QUICK ] && [ -x /bin/bash ] ||
		fail "wg-quick or bash is not in the image"
	[ -f /usr/share/leakblock/wg-quick.conf ] ||
		fail "scripts/wg-quick.conf is not in the image"
	# Fresh: armed, no endpoints, no tunnels.
	! lb_loaded || $RMMOD leakblock
	$MODPROBE leakblock
	vpn_client_down
	rm -rf $S32_DIR
	mkdir -p $S32_DIR
	umask 077
	mkdir $S32_DIR/conf
	$WG genkey >$S32_DIR/wgq0.key
	umask 022
	$WG pubkey <$S32_DIR/wgq0.key >$S32_DIR/wgq0.pub
	inet $WG set wg0 peer "$(cat $S32_DIR/wgq0.pub)" allowed-ips 10.99.0.3/32
	# As a user would write it. AllowedIPs 0/1 and 128/1, not 0/0: with
	# 0/0 wg-quick sets up fwmark rules with nft or iptables, which the
	# image need not have; so the endpoint gets its own route, as
	# lib.sh's vpn_client_up does. No DNS =: no resolvconf here.
	umask 077
	{
		echo "[Interface]"
		echo "PrivateKey = $(cat $S32_DIR/wgq0.key)"
		echo "Address = 10.99.0.3/24"
		echo "PreUp = ip route replace $VPN_SERVER/32 via 192.168.1.1 dev eth0"
		echo "# leakblock (scripts/wg-quick.conf):"
		grep -E '^(PreUp|PostUp|PreDown|PostDown) *=' \
			/usr/share/leakblock/wg-quick.conf
		echo
		echo "[Peer]"
		echo "PublicKey = $SERVER_PUB"
		echo "Endpoint = $VPN_SERVER:$VPN_PORT"
		echo "AllowedIPs = 0.0.0.0/1, 128.0.0.0/1"
	} >$S32_CONF
	umask 022
	log "$S32_CONF:"
	grep -v PrivateKey $S32_CONF
	grep -q '^PreUp = leakctl import' $S32_CONF &&
		grep -q '^PostUp = leakctl add-tunnel' $S32_CONF ||
		fail "scripts/wg-quick.conf has no import and add-tunnel hooks"
}

s32_down() {
	$IP link show wgq0 >/dev/null 2>&1 && $WG_QUICK down $S32_CONF
	[ ! -s $S32_DIR/wgq0.pub ] ||
		inet $WG set wg0 peer "$(cat $S32_DIR/wgq0.pub)" remove
	reap_sniffers s32-
	vpn_client_up
	! lb_loaded || $RMMOD leakblock
	rm -rf $S32_DIR
}

t_s32_up() {
	have_leakblock
	s32_up
	_before=$(policy tunnels endpoints)
	sniff_start s32-up
	_rc=0
	$WG_QUICK up $S32_CONF >$S32_DIR/up.log 2>&1 || _rc=$?
	cat $S32_DIR/up.log
	[ $_rc -eq 0 ] || { sniff_stop; fail "wg-quick up wgq0: exit $_rc"; }
	probe dns $DNS4 --timeout 8000
	_dns=$_prc
	_ping=0
	ping -c 1 -W 5 $TUN_SERVER || _ping=$?
	sniff_stop
	_t=$(pkts "$TUNNEL")
	_o=$(pkts "$OTHER")
	_after=$(policy tunnels endpoints)
	log "policy before: $_before"
	log "policy after:  $_after"
	note "tunnel: $_t pkts, other: $_o pkts, DNS exit $_dns, ping exit $_ping; ${_after% }"
	[ "$_before" = 'tunnels=[] endpoints=[] ' ] || fail "the module was not fresh"
	[ "$_after" = "tunnels=[\"wgq0\"] endpoints=[\"$VPN_SERVER:$VPN_PORT/udp\"] " ] ||
		fail "the hooks did not add wgq0 and the endpoint"
	[ $_dns -eq 0 ] || fail "no DNS reply through wgq0 (exit $_dns)"
	[ $_ping -eq 0 ] || fail "ping $TUN_SERVER through wgq0 failed"
	[ "$_t" -gt 0 ] || fail "no tunnel packets on the wire"
	[ "$_o" -eq 0 ] || fail "$_o frames beside the tunnel on the wire"
}

t_s32_down() {
	_g0=$(policy generation)
	$WG_QUICK down $S32_CONF
	$IP link show wgq0 >/dev/null 2>&1 && fail "wgq0 is still there"
	[ "$(policy generation)" = "$_g0" ] || fail "wg-quick down changed the policy"
	leak_check s32-down "$FROM_CLIENT and udp dst port 53" -- \
		dns $DNS4 --timeout 1000
}

check "s32 wg-quick up with leakblock's PreUp/PostUp hooks from a fresh module: DNS and ping via wgq0, wire shows only the tunnel" t_s32_up
check "s32 wg-quick down: the policy stays, DNS by the routes left (out eth0) is blocked" t_s32_down
s32_down || true
