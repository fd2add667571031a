# SPDX-License-Identifier: GPL-2.0
# shellcheck shell=sh
#
# s31: OpenVPN for real, through the guard. Debian's OpenVPN 2.6 with TLS
# (a throwaway CA, server and client certificates made here with openssl),
# the server in the internet namespace on 203.0.113.1 udp/1194, the client
# in the guarded init namespace as a user would run it: its servers
# imported first (leakctl import), scripts/openvpn-updown as its up and down
# script, and privileges dropped to nobody, so the down script runs
# unprivileged. Sourced by netns.sh after s9 (leakblock unloaded, the
# WireGuard client up); the WireGuard client is taken down for the
# duration (its routes would fight OpenVPN's), and all is left as found.
#
#  client (init ns)                 wire              internet
#   tun0 10.98.0.2/24  --udp 192.168.1.2 -> 203.0.113.1:1194-->  tun0 10.98.0.1/24
#   0/1, 128/1 via tun0 (redirect-gateway def1, pushed)            DNS 198.51.100.53
#   203.0.113.1/32 via eth0                                        answers through tun0

S31_DIR=/tmp/s31
OPENVPN=/usr/sbin/openvpn
OPENSSL=/usr/bin/openssl
OVPN_PORT=1194
OVPN_SERVER_TUN=10.98.0.1
# The tcpdump filter of the OpenVPN tunnel, and of all else the client sent.
OVPN="udp and host $VPN_SERVER and port $OVPN_PORT"
OVPN_OTHER="not arp and not $NDP and not $MARKER and not ($OVPN) and not (ether src $WIRE_MAC and ip6 multicast)"

# s31_certs: a CA, and a server and a client certificate it signed, with
# the key usages that remote-cert-tls checks. P-256 keys: quick under TCG.
s31_certs() {
	cat >$S31_DIR/openssl.cnf <<'EOF'
[req]
distinguished_name = dn
prompt = no
[dn]
CN = unused
[ca]
basicConstraints = critical, CA:TRUE
keyUsage = critical, keyCertSign, cRLSign
subjectKeyIdentifier = hash
[server]
basicConstraints = CA:FALSE
keyUsage = critical, digitalSignature, keyAgreement
extendedKeyUsage = serverAuth
subjectKeyIdentifier = hash
authorityKeyIdentifier = keyid
[client]
basicConstraints = CA:FALSE
keyUsage = critical, digitalSignature, keyAgreement
extendedKeyUsage = clientAuth
subjectKeyIdentifier = hash
authorityKeyIdentifier = keyid
EOF
	(
		cd $S31_DIR || exit 1
		umask 077
		_ec="-newkey ec -pkeyopt ec_paramgen_curve:prime256v1 -nodes"
		# shellcheck disable=SC2086
		$OPENSSL req -config openssl.cnf -x509 -new $_ec -days 2 \
			-subj /CN=leakblock-s31-ca -extensions ca \
			-keyout ca.key -out ca.crt
		_serial=1
		for _who in server client; do
			_serial=$((_serial + 1))
			# shellcheck disable=SC2086
			$OPENSSL req -config openssl.cnf -new $_ec \
				-subj /CN=leakblock-s31-$_who \
				-keyout $_who.key -out $_who.csr
			$OPENSSL x509 -req -in $_who.csr -CA ca.crt \
				-CAkey ca.key -set_serial $_serial \
				-days 2 -extfile openssl.cnf -extensions $_who \
				-out $_who.crt
		done
		$OPENSSL verify -CAfile ca.crt server.crt client.crt
	) 2>&1
}

s31_configs() {
	cat >$S31_DIR/server.conf <<EOF
dev tun
proto udp
local $VPN_SERVER
port $OVPN_PORT
topology subnet
server 10.98.0.0 255.255.255.0
push "redirect-gateway def1"
ca $S31_DIR/ca.crt
cert $S31_DIR/server.crt
key $S31_DIR/server.key
dh none
keepalive 2 10
disable-dco
verb 3
EOF
	# What a user's profile looks like, with the leakblock hook.
	cat >$S31_DIR/client.ovpn <<EOF
client
dev tun
proto udp
remote $VPN_SERVER $OVPN_PORT udp
nobind
remote-cert-tls server
ca $S31_DIR/ca.crt
cert $S31_DIR/client.crt
key $S31_DIR/client.key
disable-dco
connect-retry 1
script-security 2
up /usr/share/leakblock/openvpn-updown
down /usr/share/leakblock/openvpn-updown
user nobody
group nogroup
verb 3
EOF
}

s31_server_start() {
	$IP netns exec $INET $OPENVPN --config $S31_DIR/server.conf \
		--log $S31_DIR/server.log &
	echo $! >$S31_DIR/server.pid
	wait_for 30 'grep -qs "Initialization Sequence Completed" $S31_DIR/server.log' ||
		fail "the OpenVPN server did not start: $(tail -n 20 $S31_DIR/server.log)"
}

# s31_client_start LOG: runs the client, returns once its tunnel is up.
s31_client_start() {
	_log=$1
	: >"$_log"
	$OPENVPN --config $S31_DIR/client.ovpn --log "$_log" &
	echo $! >$S31_DIR/client.pid
	if ! wait_for 60 'grep -qs "Initialization Sequence Completed" "$_log"'; then
		cat "$_log"
		fail "the OpenVPN client did not connect"
	fi
	log "client $(cat $S31_DIR/client.pid) connected"
}

s31_client_pid() { cat $S31_DIR/client.pid 2>/dev/null; }

# s31_alive PID: the process exists and is no zombie (a check's subshell
# started it, so whoever reaps it is not this shell).
s31_alive() {
	[ -e "/proc/$1/stat" ] && ! grep -q '^[0-9]* (.*) Z' "/proc/$1/stat" 2>/dev/null
}

# s31_kill SIGNAL PIDFILE: signals a process this file started, waits for
# it to be gone.
s31_kill() {
	_pid=$(cat "$2" 2>/dev/null) || return 0
	[ -n "$_pid" ] || return 0
	kill -"$1" "$_pid" 2>/dev/null || true
	wait_for 20 '! s31_alive $_pid' || return 1
	rm -f "$2"
}

s31_up() {
	[ -x $OPENVPN ] && [ -x $OPENSSL ] ||
		fail "openvpn or openssl is not in the image (scripts/install-deps.sh installs them)"
	# Fresh: armed, nothing configured, so the import is all there is.
	! lb_loaded || $RMMOD leakblock
	$MODPROBE leakblock
	grep -q '^tun ' /proc/modules || { $MODPROBE tun && touch /tmp/s31.tun-loaded; }
	vpn_client_down
	rm -rf $S31_DIR
	mkdir -p $S31_DIR
}

s31_down() {
	s31_kill TERM $S31_DIR/client.pid
	s31_kill TERM $S31_DIR/server.pid
	reap_sniffers s31-
	# The client, unprivileged when it stops, cannot take back its routes;
	# tun0 took most with it, but not its host route to the server, which
	# vpn_client_up replaces.
	vpn_client_up
	! lb_loaded || $RMMOD leakblock
	[ ! -e /tmp/s31.tun-loaded ] || $RMMOD tun
	rm -f /tmp/s31.tun-loaded
	rm -rf $S31_DIR
}

t_s31_connect() {
	have_leakblock
	s31_up
	read -r _t0 _ </proc/uptime
	s31_certs
	read -r _t1 _ </proc/uptime
	log "certificates made in $(awk "BEGIN { print $_t1 - $_t0 }") s"
	s31_configs
	s31_server_start
	# The server is named before the client starts, as the man page says.
	$LEAKCTL import $S31_DIR/client.ovpn
	_ep=$(policy endpoints)
	log "after import: $_ep"
	[ "$_ep" = 'endpoints=["203.0.113.1:1194/udp"] ' ] || fail "import: $_ep"
	expect_armed
	sniff_start s31-connect
	s31_client_start $S31_DIR/client.log
	probe dns $DNS4 --timeout 8000
	_rc=$_prc
	_ping=0
	ping -c 1 -W 5 $OVPN_SERVER_TUN || _ping=$?
	sniff_stop
	_t=$(pkts "$OVPN")
	_o=$(pkts "$OVPN_OTHER")
	_tun=$(policy tunnels)
	log "client log:"
	grep -E 'up|Peer Connection|Initialization' $S31_DIR/client.log
	log "after up: $_tun $(policy endpoints)"
	$IP route
	note "openvpn: $_t pkts, other: $_o pkts, DNS exit $_rc, ping exit $_ping"
	[ "$_tun" = 'tunnels=["tun0"] ' ] || fail "the up script did not add tun0: $_tun"
	[ $_rc -eq 0 ] || fail "no DNS reply through the OpenVPN tunnel (exit $_rc)"
	[ $_ping -eq 0 ] || fail "ping $OVPN_SERVER_TUN through the tunnel failed"
	[ "$_t" -gt 0 ] || fail "no OpenVPN packets on the wire"
	[ "$_o" -eq 0 ] || {
		$TCPDUMP -r "$PCAP" -nn "$OVPN_OTHER" 2>/dev/null
		fail "$_o frames beside the OpenVPN tunnel on the wire"
	}
}

# SIGKILL: no down script, no cleanup; tun0 goes with the process.
t_s31_killed_dev() {
	_g0=$(policy generation)
	s31_kill KILL $S31_DIR/client.pid || fail "the client did not die"
	wait_for 10 '! $IP link show tun0 >/dev/null 2>&1' || fail "tun0 is still there"
	[ "$(policy generation)" = "$_g0" ] || fail "the policy changed"
	leak_check s31-dev "$FROM_CLIENT and udp dst port 53" -- \
		dns $DNS4 --dev eth0 --timeout 1000
}

t_s31_killed_route() {
	$IP link show tun0 >/dev/null 2>&1 && fail "tun0 is back"
	# No --dev: the routes alone send it out eth0 now.
	leak_check s31-route "$FROM_CLIENT and udp dst port 53" -- \
		dns $DNS4 --timeout 1000
}

t_s31_restart() {
	expect_armed
	sniff_start s31-restart
	s31_client_start $S31_DIR/client2.log
	probe dns $DNS4 --timeout 8000
	_rc=$_prc
	sniff_stop
	_t=$(pkts "$OVPN")
	_o=$(pkts "$OVPN_OTHER")
	# A clean stop now: the down script runs as nobody, says so, and
	# changes nothing.
	_g0=$($LEAKCTL -j status | json_get generation)
	s31_kill TERM $S31_DIR/client.pid || fail "the client did not stop"
	_g1=$($LEAKCTL -j status | json_get generation)
	_down=$(grep 'openvpn-updown' $S31_DIR/client2.log | tail -n 1)
	log "down script: $_down"
	note "openvpn: $_t pkts, other: $_o pkts, DNS exit $_rc; down script as nobody: generation $_g0 -> $_g1"
	[ $_rc -eq 0 ] || fail "no DNS reply through the reconnected tunnel (exit $_rc)"
	[ "$_t" -gt 0 ] || fail "no OpenVPN packets on the wire"
	[ "$_o" -eq 0 ] || fail "$_o frames beside the OpenVPN tunnel on the wire"
	grep -q 'UID set to nobody' $S31_DIR/client2.log ||
		fail "the client did not drop its privileges"
	case $_down in
	*"tunnel tun0 down; leakblock keeps blocking"*) ;;
	*) fail "the down script did not run (or said something else)" ;;
	esac
	[ "$_g0" = "$_g1" ] || fail "stopping OpenVPN changed the policy"
}

check "s31 OpenVPN (TLS, certificates from a throwaway CA) connects through the guard after leakctl import; DNS and ping via tun0, wire shows only $VPN_SERVER:$OVPN_PORT" t_s31_connect
check "s31 OpenVPN client SIGKILLed: DNS forced out eth0 is blocked" t_s31_killed_dev
check "s31 OpenVPN client SIGKILLed: DNS by the routes left (out eth0) is blocked" t_s31_killed_route
check "s31 OpenVPN client restarted: reconnects through the guard; its down script, run as nobody, changes nothing" t_s31_restart
s31_down || true
