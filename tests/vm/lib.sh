# SPDX-License-Identifier: GPL-2.0
#
# Helpers shared by netns.sh and demo.sh inside the VM (busybox ash):
# the topology, the WireGuard VPN, the sniffer, the check runner.
#
# Busybox runs its own applets before $PATH, so every real tool is called
# by its full path.

IP=/sbin/ip
TCPDUMP=/usr/bin/tcpdump
WG=/usr/bin/wg
SETPRIV=/usr/bin/setpriv
MODPROBE=/sbin/modprobe
RMMOD=/sbin/rmmod
LEAKCTL=/usr/bin/leakctl
LBPROBE=/usr/bin/lbprobe

WIRE=wire
INET=internet
CLIENT_MAC=02:00:00:00:00:02
WIRE_MAC=02:00:00:00:00:01
VPN_SERVER=203.0.113.1
VPN_PORT=51820
DNS4=198.51.100.53
DNS6=2001:db8:53::53
TUN_SERVER=10.99.0.1
# The sniffer's end-of-capture marker goes to an address that nobody owns,
# through a static neighbour entry, so the client never sees or answers it.
MARKER_IP=192.168.1.99

# tcpdump filters. Frames the client sent, the tunnel, and the traffic
# every link needs (ARP; NDP is ICMPv6 types 133..137, offset 40 assumes
# no extension headers, which is what the kernel sends).
FROM_CLIENT="ether src $CLIENT_MAC"
TUNNEL="udp and host $VPN_SERVER and port $VPN_PORT"
NDP="(icmp6 and ip6[40] >= 133 and ip6[40] <= 137)"
MARKER="(udp and dst host $MARKER_IP)"
# Everything on the wire that is neither the tunnel nor link upkeep. The
# router's own IPv6 multicast chatter (MLD reports) is no client leak.
OTHER="not arp and not $NDP and not $MARKER and not ($TUNNEL) and not (ether src $WIRE_MAC and ip6 multicast)"

VERBOSE=0
grep -q 'lb.verbose=1' /proc/cmdline 2>/dev/null && VERBOSE=1

# log TEXT: a comment line for a check's log, stamped with the VM uptime.
log() {
	read -r _up _ </proc/uptime
	echo "# [$_up] $*"
}
fail() { echo "FAIL: $*" >&2; exit 1; }
wire() { $IP netns exec $WIRE "$@"; }
inet() { $IP netns exec $INET "$@"; }

# Polls a shell condition every 50 ms, for at most $1 seconds.
wait_for() {
	_tries=$(($1 * 20))
	shift
	while ! eval "$*"; do
		_tries=$((_tries - 1))
		[ $_tries -gt 0 ] || return 1
		sleep 0.05
	done
}

# ---- topology ---------------------------------------------------------

topology_up() {
	$MODPROBE veth
	$IP link set lo up
	$IP netns add $WIRE
	$IP netns add $INET
	$IP -n $WIRE link set lo up
	$IP -n $INET link set lo up
	# No duplicate address detection anywhere: until it finishes, the
	# link-local addresses stay tentative and the first packets
	# forwarded over a link can be lost.
	for _ns in "" "$IP netns exec $WIRE" "$IP netns exec $INET"; do
		$_ns sysctl -qw net.ipv6.conf.all.accept_dad=0
		$_ns sysctl -qw net.ipv6.conf.default.accept_dad=0
	done

	# client eth0 <-> wire lan0; wire wan0 <-> internet up0
	$IP link add eth0 address $CLIENT_MAC type veth \
		peer name lan0 address $WIRE_MAC netns $WIRE
	$IP -n $WIRE link add wan0 type veth peer name up0 netns $INET

	$IP addr add 192.168.1.2/24 dev eth0
	$IP addr add 2001:db8:1::2/64 dev eth0 nodad
	$IP link set eth0 up
	$IP route add default via 192.168.1.1 dev eth0
	$IP -6 route add default via 2001:db8:1::1 dev eth0

	$IP -n $WIRE addr add 192.168.1.1/24 dev lan0
	$IP -n $WIRE addr add 2001:db8:1::1/64 dev lan0 nodad
	$IP -n $WIRE addr add 192.0.2.1/30 dev wan0
	$IP -n $WIRE addr add 2001:db8:2::1/64 dev wan0 nodad
	$IP -n $WIRE link set lan0 up
	$IP -n $WIRE link set wan0 up
	$IP -n $WIRE route add default via 192.0.2.2
	$IP -n $WIRE -6 route add default via 2001:db8:2::2
	$IP -n $WIRE neigh add $MARKER_IP lladdr 02:00:00:00:00:99 \
		dev lan0 nud permanent
	wire sysctl -qw net.ipv4.ip_forward=1
	wire sysctl -qw net.ipv6.conf.all.forwarding=1

	$IP -n $INET addr add 192.0.2.2/30 dev up0
	$IP -n $INET addr add 2001:db8:2::2/64 dev up0 nodad
	$IP -n $INET addr add $VPN_SERVER/32 dev lo
	$IP -n $INET addr add $DNS4/32 dev lo
	$IP -n $INET addr add $DNS6/128 dev lo
	$IP -n $INET link set up0 up
	$IP -n $INET route add 192.168.1.0/24 via 192.0.2.1
	$IP -n $INET -6 route add 2001:db8:1::/64 via 2001:db8:2::1

	wait_for 10 '[ "$(cat /sys/class/net/eth0/operstate)" = up ]' ||
		fail "eth0 did not come up"
}

# The public DNS servers; replies leave from the address that was asked.
servers_up() {
	inet $LBPROBE serve $DNS4 53 >/tmp/serve4.log 2>&1 &
	SERVE4_PID=$!
	inet $LBPROBE serve $DNS6 53 >/tmp/serve6.log 2>&1 &
	SERVE6_PID=$!
	wait_for 10 'grep -qs serving /tmp/serve4.log && grep -qs serving /tmp/serve6.log' ||
		fail "DNS servers did not start: $(cat /tmp/serve4.log /tmp/serve6.log)"
}

# topology_down: stops a sniffer left running and the servers, and undoes
# vpn_client_up and topology_up; for an EXIT trap, errors silenced.
topology_down() {
	[ -z "$SNIFF_PID" ] || kill $SNIFF_PID
	[ -z "$SERVE4_PID" ] || kill $SERVE4_PID
	[ -z "$SERVE6_PID" ] || kill $SERVE6_PID
	wait
	vpn_client_down
	$IP link del eth0
	$IP netns del $WIRE
	$IP netns del $INET
}

# ---- the VPN ----------------------------------------------------------

vpn_server_up() {
	$MODPROBE wireguard
	umask 077
	$WG genkey >/tmp/server.key
	$WG genkey >/tmp/client.key
	umask 022
	SERVER_PUB=$($WG pubkey </tmp/server.key)
	CLIENT_PUB=$($WG pubkey </tmp/client.key)
	$IP -n $INET link add wg0 type wireguard
	inet $WG set wg0 private-key /tmp/server.key listen-port $VPN_PORT \
		peer "$CLIENT_PUB" allowed-ips 10.99.0.2/32
	$IP -n $INET addr add $TUN_SERVER/24 dev wg0
	$IP -n $INET link set wg0 up
}

# The classic wg-quick split: everything over wg0 except the endpoint,
# which stays on the wire. IPv6 is left on eth0: an IPv4-only tunnel.
vpn_client_up() {
	vpn_client_down
	$IP link add wg0 type wireguard
	$WG set wg0 private-key /tmp/client.key peer "$SERVER_PUB" \
		endpoint $VPN_SERVER:$VPN_PORT allowed-ips 0.0.0.0/0
	$IP addr add 10.99.0.2/24 dev wg0
	$IP link set wg0 up
	$IP route replace $VPN_SERVER/32 via 192.168.1.1 dev eth0
	$IP route add 0.0.0.0/1 dev wg0
	$IP route add 128.0.0.0/1 dev wg0
}

vpn_client_down() {
	$IP link del wg0 2>/dev/null || true
}

# ---- the sniffer in the wire namespace ---------------------------------

# sniff_start NAME: capture everything on the client-facing link into
# /tmp/NAME.pcap, returning once tcpdump is really capturing (it writes
# the pcap header only after its socket is bound).
sniff_start() {
	PCAP=/tmp/$1.pcap
	rm -f "$PCAP"
	# Not through wire(): $! must be tcpdump itself (ip execs it), not a
	# subshell whose death would leave tcpdump capturing.
	$IP netns exec $WIRE $TCPDUMP -i lan0 -nn -U -Z root --immediate-mode \
		-s 256 -w "$PCAP" >"$PCAP.log" 2>&1 &
	SNIFF_PID=$!
	wait_for 20 '[ "$(stat -c %s "$PCAP" 2>/dev/null || echo 0)" -ge 24 ]' ||
		fail "tcpdump did not start: $(cat "$PCAP.log")"
	log "sniffer $1 capturing"
}

# pkts FILTER: how many captured frames match a tcpdump filter.
pkts() {
	$TCPDUMP -Z root -r "$PCAP" -nn "$*" 2>/dev/null | wc -l
}

# Sends marker frames from the wire until the capture holds one, so all
# that crossed the link before it was captured too, then stops tcpdump.
sniff_stop() {
	_n=0
	while [ "$(pkts "$MARKER")" -eq 0 ]; do
		_n=$((_n + 1))
		[ $_n -le 100 ] || fail "the sniffer never saw its marker"
		[ $((_n % 10)) -ne 1 ] ||
			wire $LBPROBE flood $MARKER_IP 9 --count 1 >/dev/null
		sleep 0.05
	done
	kill -TERM $SNIFF_PID 2>/dev/null || true
	wait $SNIFF_PID 2>/dev/null || true
	log "sniffer stopped after $_n marker polls"
}

# reap_sniffers PREFIX: stop any tcpdump still writing /tmp/PREFIX*.pcap,
# so a failed check cannot leave one capturing into the next.
reap_sniffers() {
	for _p in /proc/[0-9]*; do
		case "$(tr '\0' ' ' <"$_p/cmdline" 2>/dev/null)" in
		"$TCPDUMP "*" -w /tmp/$1"*.pcap*) kill "${_p#/proc/}" 2>/dev/null ;;
		esac
	done
	return 0
}

# show_capture: the eavesdropper's decoded view, marker left out. -K: veth
# hands over locally sent packets with their checksums not yet filled in.
show_capture() {
	$TCPDUMP -Z root -r "$PCAP" -nn -v -K "not $MARKER" 2>/dev/null | sed 's/^/    /'
}

# ---- leakblock ---------------------------------------------------------

have_leakblock() {
	[ -x $LEAKCTL ] || fail "leakctl is not in the image (ctl/leakctl not built)"
	$MODPROBE -n leakblock 2>/dev/null ||
		fail "leakblock.ko is not in the image (kmod/leakblock.ko not built)"
}

lb_loaded() { grep -q '^leakblock ' /proc/modules; }

# json_get KEY: one top-level member's raw value from a one-line JSON
# object (leakctl -j), nested objects and arrays included.
json_get() {
	awk -v key="$1" -f /tmp/json.awk
}

# policy [KEY...]: the policy members of leakctl -j status (by default
# all but what traffic changes: counters, event statistics), one line.
policy() {
	_j=$($LEAKCTL -j status)
	for _k in ${*:-armed generation allow tunnels endpoints}; do
		printf '%s=%s ' $_k "$(echo "$_j" | json_get $_k)"
	done
}

cat >/tmp/json.awk <<'EOF'
# Returns the index just past the value that starts at s[i].
function skip(s, i,   c, depth, inq) {
	depth = 0; inq = 0
	for (; i <= length(s); i++) {
		c = substr(s, i, 1)
		if (inq) {
			if (c == "\\") i++
			else if (c == "\"") { inq = 0; if (depth == 0) return i + 1 }
			continue
		}
		if (c == "\"") inq = 1
		else if (c == "{" || c == "[") depth++
		else if (c == "}" || c == "]") {
			if (depth == 0) return i
			if (--depth == 0) return i + 1
		} else if (c == "," && depth == 0) return i
	}
	return i
}
{
	i = index($0, "\"" key "\":")
	if (!i)
		exit 1
	i += length(key) + 3
	print substr($0, i, skip($0, i) - i)
}
EOF

# ---- checks ------------------------------------------------------------

T_N=0
T_PASS=0
T_FAIL=0

# note TEXT: what a check's result line shows in parentheses.
note() { echo "$*" >/tmp/lb-note; }

# check DESCRIPTION FUNCTION: runs FUNCTION in a subshell with set -e (not
# as an if condition, where ash would ignore set -e), prints TAP-style
# ok/not ok with its note, and its log when it failed.
check() {
	_desc=$1
	shift
	T_N=$((T_N + 1))
	rm -f /tmp/lb-note
	set +e
	(set -e; "$@") >/tmp/lb-check.log 2>&1
	_rc=$?
	set -e
	_note=
	[ ! -s /tmp/lb-note ] || _note=" ($(cat /tmp/lb-note))"
	if [ $_rc -eq 0 ]; then
		T_PASS=$((T_PASS + 1))
		echo "ok $T_N - $_desc$_note"
		[ $VERBOSE = 0 ] || sed 's/^/#   /' /tmp/lb-check.log
	else
		T_FAIL=$((T_FAIL + 1))
		echo "not ok $T_N - $_desc$_note"
		sed 's/^/#   /' /tmp/lb-check.log
	fi
	echo "$T_N $T_PASS $T_FAIL" >/tmp/lb-tally
}
