# SPDX-License-Identifier: GPL-2.0
# shellcheck shell=sh
#
# s22: a large endpoint set. 10,000 generated endpoints (IPv4 and IPv6,
# with and without ports and protocols) plus the real VPN server, in one
# set-endpoint: all of them reach the module and come back, the VPN works
# through the guard, what is not an endpoint stays blocked, and show-config
# and load reproduce the set. Sourced by netns.sh after s9 (leakblock
# unloaded, the WireGuard client up); leaves it so.
#
# The big status is never fed to json_get (its awk is quadratic in the
# line's length): s22_endpoints cuts the array out with sed.

S22_N=10000
S22_DIR=/tmp/s22
# A member of the set from its middle (i = 5002: ADDR:PORT/udp), probed out
# eth0 (the tunnel carries 0/1 and 128/1).
S22_MEMBER_ADDR=100.64.19.138

# s22_gen N: N distinct endpoints, one a line, in leakctl's own canonical
# form, so that they compare as text with what status prints. Five kinds,
# in turn: ADDR, ADDR:PORT, ADDR:PORT/udp, [ADDR6], [ADDR6]:PORT/tcp.
s22_gen() {
	awk -v n="$1" 'BEGIN {
		for (i = 1; i <= n; i++) {
			v4 = sprintf("100.64.%d.%d", int(i / 256) % 256, i % 256)
			v6 = sprintf("[2001:db8:ff::%x]", i)
			port = 1024 + (i * 7) % 60000
			k = i % 5
			if (k == 0) print v4
			else if (k == 1) print v4 ":" port
			else if (k == 2) print v4 ":" port "/udp"
			else if (k == 3) print v6
			else print v6 ":" port "/tcp"
		}
	}'
}

# s22_status NAME: one status read (each takes a while with 10,001
# endpoints), kept as $S22_DIR/NAME.json; s22_endpoints NAME: its
# endpoints, one a line, sorted; s22_generation NAME: its generation.
s22_status() { $LEAKCTL -j status >$S22_DIR/$1.json; }
s22_endpoints() {
	sed 's/.*"endpoints":\[//; s/\],"counters":.*//' $S22_DIR/$1.json |
		tr ',' '\n' | tr -d '"' | sed '/^$/d' | sort
}
s22_generation() {
	sed 's/.*"generation":\([0-9]*\).*/\1/' $S22_DIR/$1.json
}

s22_up() {
	lb_loaded || $MODPROBE leakblock
	$LEAKCTL set-endpoint $VPN_SERVER:$VPN_PORT/udp
	$LEAKCTL set-tunnel wg0
	rm -rf $S22_DIR
	mkdir -p $S22_DIR
	$LEAKCTL show-config >$S22_DIR/previous.conf
	policy armed allow tunnels endpoints >$S22_DIR/previous.policy
}

s22_down() {
	reap_sniffers s22-
	! lb_loaded || $RMMOD leakblock
	rm -rf $S22_DIR
}

t_s22_set() {
	have_leakblock
	s22_up
	s22_gen $S22_N >$S22_DIR/gen
	echo "$VPN_SERVER:$VPN_PORT/udp" >>$S22_DIR/gen
	sort $S22_DIR/gen >$S22_DIR/expected
	_n=$(wc -l <$S22_DIR/expected)
	[ "$(sort -u $S22_DIR/gen | wc -l)" -eq "$_n" ] || fail "the generator repeated itself"
	log "kinds: $(grep -c '^[0-9.]*$' $S22_DIR/gen) v4, $(grep -c '^[0-9.]*:[0-9]*$' $S22_DIR/gen) v4:port, $(grep -c '/udp$' $S22_DIR/gen) /udp, $(grep -c '^\[[^]]*\]$' $S22_DIR/gen) [v6], $(grep -c '/tcp$' $S22_DIR/gen) /tcp"
	s22_status set0
	_g0=$(s22_generation set0)
	read -r _t0 _ </proc/uptime
	# One command, one request: every endpoint on the command line.
	# shellcheck disable=SC2046
	$LEAKCTL set-endpoint $(cat $S22_DIR/gen)
	read -r _t1 _ </proc/uptime
	s22_status set1
	read -r _t2 _ </proc/uptime
	_g1=$(s22_generation set1)
	s22_endpoints set1 >$S22_DIR/running
	log "status: $(wc -c <$S22_DIR/set1.json) bytes"
	_got=$(wc -l <$S22_DIR/running)
	log "set-endpoint: $_t0 -> $_t1 s, generation $_g0 -> $_g1; status: $_t1 -> $_t2 s"
	note "$_n endpoints set, $_got in status, generation +$((_g1 - _g0))"
	[ "$_got" -eq "$_n" ] || fail "status lists $_got endpoints, not $_n"
	cmp -s $S22_DIR/expected $S22_DIR/running || {
		diff $S22_DIR/expected $S22_DIR/running | head -n 20
		fail "status lists other endpoints than were set"
	}
	[ $((_g1 - _g0)) -eq 1 ] || fail "generation went from $_g0 to $_g1"
	grep -qx "$S22_MEMBER_ADDR:[0-9]*/udp" $S22_DIR/running ||
		fail "$S22_MEMBER_ADDR is not a /udp member of the set"
}

# The VPN through 10,001 endpoints: as s2.
t_s22_tunnel() {
	tunnel_check s22-tunnel
}

t_s22_blocked() {
	leak_check s22-dns "$FROM_CLIENT and udp dst port 53" -- \
		dns $DNS4 --dev eth0 --timeout 1000
}

# A member of the set, in its middle, passes out eth0 (there is no server
# behind it: the wire carrying it is the verdict); the same address on
# another port is blocked, with its control.
t_s22_member() {
	_ep=$(grep -m1 "^$S22_MEMBER_ADDR:[0-9]*/udp\$" $S22_DIR/running)
	_port=${_ep#*:}
	_port=${_port%/udp}
	_other=$((_port + 1))
	captured s22-member "$FROM_CLIENT and udp and dst host $S22_MEMBER_ADDR and dst port $_port" -- \
		dns $S22_MEMBER_ADDR --port $_port --dev eth0 --timeout 300
	_m=$CAPTURED
	[ $_prc -ne 2 ] || fail "send to the endpoint $_ep failed"
	leak_check s22-other "$FROM_CLIENT and udp and dst host $S22_MEMBER_ADDR and dst port $_other" -- \
		dns $S22_MEMBER_ADDR --port $_other --dev eth0 --timeout 1000
	note "member $_ep passes: $_m pkts; port $_other: $(cat /tmp/lb-note)"
	[ "$_m" -ge 1 ] || fail "the endpoint $_ep was blocked"
}

t_s22_roundtrip() {
	s22_status rt0
	s22_endpoints rt0 >$S22_DIR/before
	_g0=$(s22_generation rt0)
	$LEAKCTL show-config >$S22_DIR/shown.conf
	_lines=$(grep -c '^endpoint ' $S22_DIR/shown.conf)
	$LEAKCTL load $S22_DIR/shown.conf
	s22_status rt1
	_g1=$(s22_generation rt1)
	s22_endpoints rt1 >$S22_DIR/after
	_n=$(wc -l <$S22_DIR/after)
	log "show-config: $_lines endpoint lines; load: generation $_g0 -> $_g1"
	note "$_lines endpoint lines shown, $_n after load, generation +$((_g1 - _g0))"
	cmp -s $S22_DIR/before $S22_DIR/after || {
		diff $S22_DIR/before $S22_DIR/after | head -n 20
		fail "load of show-config's output changed the endpoints"
	}
	[ "$_n" -eq $((S22_N + 1)) ] || fail "$_n endpoints after load"
	[ $((_g1 - _g0)) -eq 1 ] || fail "load moved the generation from $_g0 to $_g1"

	# Back to the policy before s22.
	$LEAKCTL load $S22_DIR/previous.conf
	_now=$(policy armed allow tunnels endpoints)
	log "restored: $_now"
	[ "$_now" = "$(cat $S22_DIR/previous.policy)" ] ||
		fail "the previous policy did not come back: $_now"
}

check "s22 set-endpoint with $S22_N generated endpoints (v4/v6, ports, protocols) + the VPN server: status lists exactly them" t_s22_set
check "s22 the VPN works through the guard with $((S22_N + 1)) endpoints: DNS and ping via wg0, wire shows only the tunnel" t_s22_tunnel
check "s22 with $((S22_N + 1)) endpoints, DNS forced out eth0 is blocked" t_s22_blocked
check "s22 a set member's address and port pass out eth0; the same address on another port is blocked" t_s22_member
check "s22 show-config | load reproduces the $((S22_N + 1)) endpoints in one generation; the previous policy is restored" t_s22_roundtrip
s22_down || true
