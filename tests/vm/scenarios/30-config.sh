# SPDX-License-Identifier: GPL-2.0
# shellcheck shell=sh
#
# s30: the configuration file (leakctl load) and the import of VPN client
# configurations (leakctl import), judged by what status reports and by
# the generation, which every change moves by exactly one. Sourced by
# netns.sh after s9 (leakblock unloaded, the WireGuard client up); leaves
# it so. No traffic: the policies here are checked on the wire elsewhere.

S30_DIR=/tmp/s30

# s30_list KEY: a JSON array of strings from status, one a line, sorted.
s30_list() {
	$LEAKCTL -j status | json_get "$1" | sed 's/^\[//; s/\]$//' |
		tr ',' '\n' | tr -d '"' | sed '/^$/d' | sort
}

s30_gen() { $LEAKCTL -j status | json_get generation; }

s30_up() {
	lb_loaded || $MODPROBE leakblock
	rm -rf $S30_DIR
	mkdir -p $S30_DIR
}

s30_down() {
	! lb_loaded || $RMMOD leakblock
	rm -rf $S30_DIR
}

# s30_expect FILE TEXT: FILE holds exactly TEXT's lines, sorted.
s30_expect() {
	printf '%s\n' "$2" | sed '/^$/d' | sort >"$1.expected"
	cmp -s "$1" "$1.expected" || {
		echo "expected:"
		cat "$1.expected"
		echo "got:"
		cat "$1"
		return 1
	}
}

t_s30_load() {
	have_leakblock
	s30_up
	cat >$S30_DIR/policy.conf <<'EOF'
# s30: a whole policy, every directive
armed yes
allow dhcp off   # not what the defaults say
allow ndp on
allow lan on
tunnel wg0 tun+
tunnel wgq0
endpoint 203.0.113.1:51820/udp
endpoint [2001:db8:2::2]:443/tcp 198.51.100.7	# tab before the comment
EOF
	# Start from the opposite: disarmed, dhcp on, lan off.
	$LEAKCTL disarm
	_g0=$(s30_gen)
	$LEAKCTL load $S30_DIR/policy.conf
	_g1=$(s30_gen)
	_st=$($LEAKCTL -j status)
	log "after load: $_st"
	s30_list tunnels >$S30_DIR/tunnels
	s30_list endpoints >$S30_DIR/endpoints
	note "generation $_g0 -> $_g1, armed $(echo "$_st" | json_get armed), allow $(echo "$_st" | json_get allow)"
	[ "$(echo "$_st" | json_get armed)" = true ] || fail "not armed"
	[ "$(echo "$_st" | json_get allow)" = '{"dhcp":false,"ndp":true,"lan":true}' ] ||
		fail "allowances not as loaded"
	s30_expect $S30_DIR/tunnels "wg0
tun+
wgq0" || fail "tunnels not as loaded"
	s30_expect $S30_DIR/endpoints "203.0.113.1:51820/udp
[2001:db8:2::2]:443/tcp
198.51.100.7" || fail "endpoints not as loaded"
	[ $((_g1 - _g0)) -eq 1 ] || fail "load took $((_g1 - _g0)) generations, not 1"
}

# s30_bad NAME LINE: load of $S30_DIR/NAME fails with one line that starts
# with FILE:LINE:, and changes nothing.
s30_bad() {
	_before=$(policy)
	_rc=0
	$LEAKCTL load $S30_DIR/$1 >$S30_DIR/$1.out 2>$S30_DIR/$1.err || _rc=$?
	_after=$(policy)
	log "load $1 -> exit $_rc: $(cat $S30_DIR/$1.err)"
	[ $_rc -eq 1 ] || fail "load $1: exit $_rc, not 1"
	[ "$(wc -l <$S30_DIR/$1.err)" -eq 1 ] || fail "load $1: not one line of error"
	grep -q "^leakctl: $S30_DIR/$1:$2: " $S30_DIR/$1.err ||
		fail "load $1: the error does not start with $S30_DIR/$1:$2:"
	[ "$_before" = "$_after" ] || fail "load $1 changed the policy (or its generation)"
	echo "$1:$2" >>$S30_DIR/bad.summary
}

t_s30_load_errors() {
	rm -f $S30_DIR/bad.summary
	# A valid file up to its last line: nothing of it may apply.
	cat >$S30_DIR/bad-endpoint.conf <<'EOF'
# everything here is fine but the last line
armed no
tunnel eth0
endpoint 192.0.2.55
endpoint 1.2.3.999
EOF
	s30_bad bad-endpoint.conf 5
	grep -q "1.2.3.999" $S30_DIR/bad-endpoint.conf.err || fail "the value is not quoted"
	cat >$S30_DIR/bad-armed.conf <<'EOF'
# armed twice
armed yes
allow lan on

endpoint 192.0.2.55
armed no
EOF
	s30_bad bad-armed.conf 6
	grep -q "line 2" $S30_DIR/bad-armed.conf.err || fail "the first armed line is not named"
	printf 'armed yes\ntunnel wg0\nfirewall off\n' >$S30_DIR/bad-word.conf
	s30_bad bad-word.conf 3
	note "errors at $(tr '\n' ' ' <$S30_DIR/bad.summary | sed 's/ $//'); policy and generation unchanged"
}

t_s30_import_wg() {
	umask 077
	cat >$S30_DIR/wg0.conf <<EOF
[Interface]
PrivateKey = $($WG genkey)
Address = 10.99.0.2/24
# No DNS =: wg-quick would need resolvconf.

[Peer]
# the VPN server of these tests
PublicKey = $SERVER_PUB
AllowedIPs = 0.0.0.0/1, 128.0.0.0/1
Endpoint = $VPN_SERVER:$VPN_PORT
PersistentKeepalive = 25

[Peer]
# a second site, over IPv6
PublicKey = $($WG genkey | $WG pubkey)
AllowedIPs = 10.99.1.0/24
Endpoint = [2001:db8:2::2]:51821
EOF
	umask 022
	$LEAKCTL flush
	_g0=$(s30_gen)
	$LEAKCTL import --dry-run $S30_DIR/wg0.conf | sort >$S30_DIR/wg-dry
	_g1=$(s30_gen)
	s30_list endpoints >$S30_DIR/wg-before
	$LEAKCTL import $S30_DIR/wg0.conf
	_g2=$(s30_gen)
	s30_list endpoints >$S30_DIR/wg-after
	log "dry run: $(tr '\n' ' ' <$S30_DIR/wg-dry)"
	note "added $(tr '\n' ' ' <$S30_DIR/wg-after)(dry run generation +$((_g1 - _g0)), import +$((_g2 - _g1)))"
	_want="$VPN_SERVER:$VPN_PORT/udp
[2001:db8:2::2]:51821/udp"
	s30_expect $S30_DIR/wg-dry "$_want" || fail "--dry-run printed other endpoints"
	[ "$_g1" -eq "$_g0" ] || fail "--dry-run changed the generation"
	[ ! -s $S30_DIR/wg-before ] || fail "--dry-run added endpoints"
	s30_expect $S30_DIR/wg-after "$_want" || fail "import added other endpoints"
	[ $((_g2 - _g1)) -eq 1 ] || fail "import took $((_g2 - _g1)) generations"
}

# OpenVPN reads <connection> blocks as its manual says, and so does import:
# once there is a block, top-level remotes are not used (the decoy below),
# and a block starts from the top level's settings where it stands (the
# second block's proto and port). Inline <ca> data holds no directives.
t_s30_import_ovpn() {
	cat >$S30_DIR/client.ovpn <<'EOF'
client
dev tun
nobind
proto udp
port 1194
# a decoy: OpenVPN ignores it, there are <connection> blocks
remote 192.0.2.77 1194 udp
<connection>
remote 203.0.113.1 1194 udp
</connection>
proto tcp-client
port 443
<connection>
remote 2001:db8:2::2
connect-retry 5
</connection>
<ca>
-----BEGIN CERTIFICATE-----
remote 198.51.100.99 53 udp
-----END CERTIFICATE-----
</ca>
remote-cert-tls server
verb 3
EOF
	$LEAKCTL flush
	_g0=$(s30_gen)
	$LEAKCTL import --dry-run $S30_DIR/client.ovpn | sort >$S30_DIR/ovpn-dry
	_g1=$(s30_gen)
	s30_list endpoints >$S30_DIR/ovpn-before
	$LEAKCTL import $S30_DIR/client.ovpn
	_g2=$(s30_gen)
	s30_list endpoints >$S30_DIR/ovpn-after
	log "dry run: $(tr '\n' ' ' <$S30_DIR/ovpn-dry)"
	note "added $(tr '\n' ' ' <$S30_DIR/ovpn-after)(dry run generation +$((_g1 - _g0)), import +$((_g2 - _g1)))"
	_want="203.0.113.1:1194/udp
[2001:db8:2::2]:443/tcp"
	s30_expect $S30_DIR/ovpn-dry "$_want" || fail "--dry-run printed other endpoints"
	[ "$_g1" -eq "$_g0" ] || fail "--dry-run changed the generation"
	[ ! -s $S30_DIR/ovpn-before ] || fail "--dry-run added endpoints"
	s30_expect $S30_DIR/ovpn-after "$_want" || fail "import added other endpoints"
	[ $((_g2 - _g1)) -eq 1 ] || fail "import took $((_g2 - _g1)) generations"
}

check "s30 load applies a whole policy file (armed, allow, tunnel, endpoint) in one generation" t_s30_load
check "s30 load of a file with an error on line N prints FILE:N: and changes nothing" t_s30_load_errors
check "s30 import of a WireGuard wg0.conf adds exactly its peers' endpoints; --dry-run changes nothing" t_s30_import_wg
check "s30 import of an OpenVPN profile with <connection> blocks adds exactly their remotes; --dry-run changes nothing" t_s30_import_ovpn
s30_down || true
