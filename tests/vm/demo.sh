#!/bin/sh
# SPDX-License-Identifier: GPL-2.0
#
# The eavesdropper's view of a VPN session, without and then with
# leakblock. Same topology as netns.sh (see the diagram there): the client
# runs a WireGuard VPN to 203.0.113.1, the wire namespace sniffs the
# client's link. An app leaks DNS twice: a socket bound to eth0, and an
# IPv6 query that the IPv4-only tunnel does not carry.
set -e

. /lib.sh

# The sniffer's progress notes are for the suite's logs, not this story.
log() { :; }

cleanup() {
	set +e
	exec 2>/dev/null
	topology_down
	! lb_loaded || $RMMOD leakblock
}
trap cleanup EXIT

heading() {
	echo
	echo "=== $* ==="
	echo
}

# The app's session: one query through the VPN, two that leak.
session() {
	sniff_start "$1"
	for q in "$DNS4 --name vpn-ok.example" \
		"$DNS4 --dev eth0 --name bound-to-eth0.example" \
		"$DNS6 --name ipv6-beside-the-tunnel.example"; do
		_rc=0
		# shellcheck disable=SC2086
		_out=$($LBPROBE dns $q --timeout 3000) || _rc=$?
		echo "  app: dns $q -> $_out"
	done
	sniff_stop
	echo
	echo "  The eavesdropper on the wire captured:"
	show_capture
	LEAKED=$(pkts "$FROM_CLIENT and udp dst port 53")
	TUNNELED=$(pkts "$TUNNEL")
	echo
	echo "  => $LEAKED cleartext DNS queries, $TUNNELED tunnel packets"
}

topology_up
servers_up
vpn_server_up
vpn_client_up
echo "client routes:"
$IP route | sed 's/^/  /'
$IP -6 route show default | sed 's/^/  /'

heading "1. WireGuard VPN up, WITHOUT leakblock"
session demo-without
without=$LEAKED

heading "2. The same, WITH leakblock (endpoint $VPN_SERVER:$VPN_PORT/udp, tunnel wg0)"
have_leakblock
$MODPROBE leakblock
$LEAKCTL set-endpoint $VPN_SERVER:$VPN_PORT/udp
$LEAKCTL set-tunnel wg0
echo "  leakctl status:"
$LEAKCTL status | sed 's/^/    /'
echo
session demo-with
with=$LEAKED
echo
echo "  leakctl status afterwards (the counters tell what was dropped):"
$LEAKCTL status | sed 's/^/    /'

heading "Summary"
echo "  cleartext DNS queries seen by the eavesdropper: without leakblock $without, with leakblock $with"
[ "$without" -ge 2 ] && [ "$with" -eq 0 ]
