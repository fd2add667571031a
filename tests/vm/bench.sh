#!/bin/sh
# SPDX-License-Identifier: GPL-2.0
#
# The leakblock benchmark, inside the test VM (lb.mode=bench; the host side
# is tests/bench/run.sh). Run under QEMU -icount, guest time follows the
# instruction count, so a rate is a repeatable figure of the work the
# kernel does per packet; only rates and ratios are reported.
#
#  +------------------------------------------+
#  | client: the VM's init namespace           |  the guard under test
#  |  eth1 198.18.0.2/24  default route        |  endpoints, drops
#  |  wg0  10.99.0.2/24   (a veth: the tunnel) |  same path cost as eth1
#  +-----------+----------------+-------------+
#              | veth           | veth
#  +-----------+----------------+-------------+
#  | sink: sink1, sink2 up, no addresses       |  frames are for another
#  +-------------------------------------------+  MAC: ip_rcv drops them
#
# Each round measures every configuration in turn (rounds interleave, so
# a slow drift cannot favour one): no guard, leakblock (1, 100, 10,000
# endpoints; tunnel; drop), the same policy as an nftables inet ruleset,
# and as iptables-nft rules if the image has them. Traffic: lbprobe bench,
# a tight loop of 64-byte UDP sends on a connected socket. The replacement
# of 100 endpoints by 10,000 is timed for leakctl and nft -f.
#
# Result lines for the host: "BENCH rate CONFIG ROUND PPS OK FAILED",
# "BENCH ctl WHAT ROUND MICROSECONDS", "BENCH info KEY VALUE...".
# Kernel command line: lb.bench.count=N (sends per round, default 200000),
# lb.bench.rounds=N (default 3), lb.bench.trace=0 (skip the ftrace check),
# lb.bench.nft=0 and lb.bench.iptables=0 (skip those rulesets).
set -e

. /lib.sh

NFT=/usr/sbin/nft
IPT=/usr/sbin/iptables-nft
IPT_RESTORE=/usr/sbin/iptables-nft-restore

COUNT=200000
ROUNDS=3
TRACE=1
for _arg in $(cat /proc/cmdline); do
	case $_arg in
	lb.bench.count=*) COUNT=${_arg#lb.bench.count=} ;;
	lb.bench.rounds=*) ROUNDS=${_arg#lb.bench.rounds=} ;;
	lb.bench.trace=*) TRACE=${_arg#lb.bench.trace=} ;;
	lb.bench.nft=0) NFT=/nonexistent ;;
	lb.bench.iptables=0) IPT=/nonexistent ;;
	esac
done

SINK=sink
# Frames go to this MAC, which no interface has: the sink's ip_rcv drops
# them as PACKET_OTHERHOST, about the cheapest way for a packet to end.
OTHER_MAC=02:00:00:00:bb:99
ENDPOINT=203.0.113.1
ENDPOINT_PORT=51820
TUN_DST=10.99.0.1
DROP_DST=198.51.100.53
SCALES="1 100 10000"
TRACEFS=/sys/kernel/tracing

HAVE_NFT=0
[ ! -x $NFT ] || HAVE_NFT=1
HAVE_IPT=0
[ ! -x $IPT ] || HAVE_IPT=1
HAVE_NULLHOOK=0
! $MODPROBE -n lbbench_nullhook 2>/dev/null || HAVE_NULLHOOK=1

cleanup() {
	set +e
	exec 2>/dev/null
	! lb_loaded || $RMMOD leakblock
	[ $HAVE_NFT = 0 ] || $NFT flush ruleset
	$IP link del eth1
	$IP link del wg0
	$IP netns del $SINK
}
trap cleanup EXIT

# now_us: CLOCK_REALTIME in microseconds; under -icount it is guest time.
now_us() {
	# %d would overflow busybox awk's int; %.0f prints the double whole.
	adjtimex | awk '/tv_sec/ { s = $2 } /tv_usec/ { u = $2 }
		END { printf "%.0f\n", s * 1000000 + u }'
}

topology() {
	$MODPROBE veth
	$IP netns add $SINK
	$IP link add eth1 type veth peer name sink1 netns $SINK
	$IP link add wg0 type veth peer name sink2 netns $SINK
	$IP -n $SINK link set sink1 up
	$IP -n $SINK link set sink2 up
	$IP addr add 198.18.0.2/24 dev eth1
	$IP addr add 10.99.0.2/24 dev wg0
	$IP link set eth1 up
	$IP link set wg0 up
	$IP route add default via 198.18.0.1 dev eth1
	$IP neigh add 198.18.0.1 lladdr $OTHER_MAC dev eth1 nud permanent
	$IP neigh add $TUN_DST lladdr $OTHER_MAC dev wg0 nud permanent
	wait_for 10 '[ "$(cat /sys/class/net/eth1/operstate)" = up ]' ||
		fail "eth1 did not come up"
	wait_for 10 '[ "$(cat /sys/class/net/wg0/operstate)" = up ]' ||
		fail "wg0 did not come up"
}

# Endpoint lists: N - 1 others, then the one the traffic goes to, last.
# ep-N.args for leakctl, ep-N.conf for leakctl load, ep-N.nft for nft -f
# (replacing the set in one transaction), ep-N.ipt for iptables-restore.
make_endpoints() {
	for _n in $SCALES; do
		awk -v n="$_n" -v last="$ENDPOINT" -v port="$ENDPOINT_PORT" '
		BEGIN {
			for (i = 1; i < n; i++)
				printf "100.%d.%d.%d:%d/udp\n", 64 + int(i / 65536),
					int(i / 256) % 256, i % 256, port
			printf "%s:%d/udp\n", last, port
		}' >/tmp/ep-$_n.list
		tr '\n' ' ' </tmp/ep-$_n.list >/tmp/ep-$_n.args
		{
			echo "tunnel wg0"
			sed 's/^/endpoint /' /tmp/ep-$_n.list
		} >/tmp/ep-$_n.conf
		{
			echo "flush set inet killswitch endpoints4"
			printf 'add element inet killswitch endpoints4 {'
			sed 's#^\(.*\):\([0-9]*\)/udp$#\1 . udp . \2#' /tmp/ep-$_n.list |
				paste -sd, -
			echo '}'
		} >/tmp/ep-$_n.nft
	done
}

# The same policy as leakblock's, as the strongest nftables kill switches
# write it: one filter chain on the way out (postrouting, where leakblock
# hooks too, so forwarded traffic is guarded as well), sets for the
# tunnel names and the endpoints, the DHCP and NDP allowances, drop.
nft_ruleset() {
	cat <<'EOF'
table inet killswitch {
	set tunnels {
		type ifname
		elements = { "wg0" }
	}
	set endpoints4 {
		type ipv4_addr . inet_proto . inet_service
	}
	set endpoints6 {
		type ipv6_addr . inet_proto . inet_service
	}
	set hosts4 {
		type ipv4_addr
	}
	set hosts6 {
		type ipv6_addr
	}
	chain postrouting {
		type filter hook postrouting priority filter; policy drop;
		oifname "lo" accept
		oifname @tunnels accept
		ip daddr . meta l4proto . th dport @endpoints4 accept
		ip6 daddr . meta l4proto . th dport @endpoints6 accept
		ip daddr @hosts4 accept
		ip6 daddr @hosts6 accept
		meta nfproto ipv4 udp sport 68 udp dport 67 accept
		meta nfproto ipv6 udp sport 546 udp dport 547 accept
		icmpv6 type { nd-router-solicit, nd-router-advert, nd-neighbor-solicit, nd-neighbor-advert, nd-redirect } accept
	}
}
EOF
}

# iptables-nft as the older kill switches write it: the filter table's
# OUTPUT chain (it has no POSTROUTING), one rule per endpoint. IPv4 only:
# the IPv6 half would be ip6tables rules that these packets never see.
ipt_ruleset() {
	echo "*filter"
	echo ":INPUT ACCEPT [0:0]"
	echo ":FORWARD ACCEPT [0:0]"
	echo ":OUTPUT DROP [0:0]"
	echo "-A OUTPUT -o lo -j ACCEPT"
	echo "-A OUTPUT -o wg0 -j ACCEPT"
	sed 's#^\(.*\):\([0-9]*\)/udp$#-A OUTPUT -d \1/32 -p udp -m udp --dport \2 -j ACCEPT#' \
		/tmp/ep-$1.list
	echo "-A OUTPUT -p udp -m udp --sport 68 --dport 67 -j ACCEPT"
	echo "COMMIT"
}

# measure CONFIG ROUND DST PORT EXPECT: one round of traffic; EXPECT is
# pass (every send succeeds) or drop (every send fails with EPERM).
measure() {
	_out=$($LBPROBE bench "$3" "$4" --count "$COUNT")
	echo "# $1 round $2: $_out"
	set -- "$1" "$2" "$5" $_out
	# bench ADDR PORT: N sends, OK ok, FAIL failed (ERRNO), NS ns, RATE pps
	_ok=$9 _failed=${11} _errno=${13%,} _pps=${16}
	case $3 in
	pass) [ "$_failed" = 0 ] || fail "$1: $_failed sends failed ($_errno)" ;;
	drop) [ "$_ok" = 0 ] && [ "$_errno" = "(EPERM)" ] ||
		fail "$1: $_ok sends passed, errno $_errno" ;;
	esac
	echo "BENCH rate $1 $2 $_pps $_ok $_failed"
}

# timed WHAT ROUND COMMAND...: guest time of one command.
timed() {
	_what=$1 _round=$2
	shift 2
	_t0=$(now_us)
	"$@" >/dev/null
	_t1=$(now_us)
	echo "BENCH ctl $_what $_round $((_t1 - _t0))"
}

round_noguard() {
	measure noguard-endpoint "$1" $ENDPOINT $ENDPOINT_PORT pass
	measure noguard-tunnel "$1" $TUN_DST 9 pass
	# The floor of any netfilter guard: a hook that accepts everything.
	if [ $HAVE_NULLHOOK = 1 ]; then
		$MODPROBE lbbench_nullhook
		measure nullhook-endpoint "$1" $ENDPOINT $ENDPOINT_PORT pass
		$RMMOD lbbench_nullhook
		# And the floor of any endpoint check: one name, one endpoint.
		$MODPROBE lbbench_nullhook minimal=1 tunnel=wg0 \
			endpoint=$ENDPOINT port=$ENDPOINT_PORT
		measure minimal-endpoint "$1" $ENDPOINT $ENDPOINT_PORT pass
		$RMMOD lbbench_nullhook
	fi
}

round_leakblock() {
	$MODPROBE leakblock
	$LEAKCTL set-tunnel wg0
	for _n in $SCALES; do
		# shellcheck disable=SC2046 # one argument per endpoint
		timed "leakctl-set-endpoint-$_n" "$1" \
			$LEAKCTL set-endpoint $(cat /tmp/ep-$_n.args)
		measure "leakblock-endpoint-$_n" "$1" $ENDPOINT $ENDPOINT_PORT pass
	done
	measure leakblock-tunnel "$1" $TUN_DST 9 pass
	measure leakblock-drop "$1" $DROP_DST 53 drop
	# The whole policy from a file, 10,000 endpoints again (replacing
	# the same set: the work is the same as from any other).
	timed leakctl-load-10000 "$1" $LEAKCTL load /tmp/ep-10000.conf
	$LEAKCTL status | grep -q "$ENDPOINT" || fail "leakctl load lost the endpoint"
	$RMMOD leakblock
}

round_nft() {
	nft_ruleset | $NFT -f -
	for _n in $SCALES; do
		timed "nft-f-$_n" "$1" $NFT -f /tmp/ep-$_n.nft
		measure "nft-endpoint-$_n" "$1" $ENDPOINT $ENDPOINT_PORT pass
	done
	measure nft-tunnel "$1" $TUN_DST 9 pass
	measure nft-drop "$1" $DROP_DST 53 drop
	$NFT flush ruleset
}

# Rules in a list, not a set: 10,000 of them is not a kill switch anyone
# runs, and would take the rest of the time budget. The tunnel and drop
# paths are measured with the one-rule list.
round_ipt() {
	ipt_ruleset 100 | $IPT_RESTORE
	measure iptables-endpoint-100 "$1" $ENDPOINT $ENDPOINT_PORT pass
	ipt_ruleset 1 | $IPT_RESTORE
	measure iptables-endpoint-1 "$1" $ENDPOINT $ENDPOINT_PORT pass
	measure iptables-tunnel "$1" $TUN_DST 9 pass
	measure iptables-drop "$1" $DROP_DST 53 drop
	$NFT flush ruleset
}

# ---- no allocation, no lock on the packet path --------------------------

# trace_graph NAME DST PORT: every function the IPv4 hook, lb_guard_ipv4,
# calls, for 200 sends. Those called for at least half of the sends are the
# packet path's; the rest ran in an interrupt (a timer, RCU callbacks) that
# came while the hook did, and are counted apart.
trace_graph() {
	echo 0 >$TRACEFS/tracing_on
	echo >$TRACEFS/trace
	echo lb_guard_ipv4 >$TRACEFS/set_graph_function
	echo 0 >$TRACEFS/options/funcgraph-irqs
	echo function_graph >$TRACEFS/current_tracer
	echo 1 >$TRACEFS/tracing_on
	$LBPROBE bench "$2" "$3" --count 200 --warmup 0 >/dev/null
	echo 0 >$TRACEFS/tracing_on
	# "| funcname() {" or "| funcname();", the duration column first.
	sed -nE 's/.*[|] *([A-Za-z_][A-Za-z0-9_.]*)( \[[a-z_]+\])?[(][)].*/\1/p' \
		$TRACEFS/trace |
		sort | uniq -c | sort -rn >/tmp/graph-$1
	# One packet's call graph, for the record.
	awk '/lb_guard_ipv4/ { on = 1 } on && n++ < 24 { print "# graph: " $0 }' \
		$TRACEFS/trace
	echo nop >$TRACEFS/current_tracer
	echo >$TRACEFS/set_graph_function
	# (busybox awk reads "printf a, NR > 1 ..." as a redirection)
	echo "BENCH info graph-$1 $(awk '$1 >= 100 { printf("%s%s:%s", sep, $2, $1); sep = "," }' /tmp/graph-$1)"
	echo "BENCH info graph-$1-interrupts $(awk '$1 < 100 { n++ } END { print n + 0 }' /tmp/graph-$1) functions"
	# RCU read-side sections are no lock (the netfilter core runs every
	# hook in one); spinlocks, mutexes and allocators are.
	_bad=$(awk '$1 >= 100 { print $2 }' /tmp/graph-$1 |
		grep -Ev '^__rcu_read_(un)?lock$' |
		grep -E 'spin|mutex|rwsem|(^|_)(down|lock)_|_lock(_|$)|trylock|alloc|kmem_cache|slab' |
		tr '\n' ' ')
	echo "BENCH info graph-$1-verdict ${_bad:-clean}"
}

# alloc_events NAME DST PORT: slab and page allocations per send.
alloc_events() {
	echo 0 >$TRACEFS/tracing_on
	echo >$TRACEFS/trace
	for _e in kmalloc kmem_cache_alloc mm_page_alloc; do
		[ ! -e $TRACEFS/events/kmem/$_e ] ||
			echo 1 >$TRACEFS/events/kmem/$_e/enable
	done
	echo 1 >$TRACEFS/tracing_on
	$LBPROBE bench "$2" "$3" --count 1000 --warmup 0 >/dev/null
	echo 0 >$TRACEFS/tracing_on
	for _e in kmalloc kmem_cache_alloc mm_page_alloc; do
		[ ! -e $TRACEFS/events/kmem/$_e ] ||
			echo 0 >$TRACEFS/events/kmem/$_e/enable
	done
	_k=$(grep -c ' kmalloc:' $TRACEFS/trace || true)
	_c=$(grep -c ' kmem_cache_alloc:' $TRACEFS/trace || true)
	_p=$(grep -c ' mm_page_alloc:' $TRACEFS/trace || true)
	echo "BENCH info allocs-$1 kmalloc=$_k kmem_cache_alloc=$_c mm_page_alloc=$_p per=1000"
}

# cost PATH DST PORT FUNC...: each function's duration per call, traced
# alone (function_graph, no children), median over 200 sends. Under
# -icount a guest nanosecond is an instruction, so this is the function's
# instruction count plus the tracer's own, which the null hook's
# nullhook_accept (3 instructions) calibrates.
cost() {
	_path=$1 _dst=$2 _port=$3
	shift 3
	for _fn in "$@"; do
		echo 0 >$TRACEFS/tracing_on
		echo >$TRACEFS/trace
		# A function this build does not have (or inlined) is skipped.
		if ! echo "$_fn" >$TRACEFS/set_ftrace_filter 2>/dev/null; then
			echo "BENCH info cost-$_path-$_fn ?"
			continue
		fi
		echo 0 >$TRACEFS/options/funcgraph-irqs
		echo function_graph >$TRACEFS/current_tracer
		echo 1 >$TRACEFS/tracing_on
		$LBPROBE bench "$_dst" "$_port" --count 200 --warmup 0 >/dev/null
		echo 0 >$TRACEFS/tracing_on
		_ns=$(sed -nE "s/^ *[0-9]+[)] *[+!]? *([0-9.]+) us *[|] *$_fn( \\[[a-z_]+\\])?[(][)];.*/\\1/p" \
			$TRACEFS/trace | sort -n |
			awk '{ v[NR] = $1 } END { if (NR) printf "%.0f", v[int((NR + 1) / 2)] * 1000 }')
		echo "BENCH info cost-$_path-$_fn ${_ns:-?}"
		echo nop >$TRACEFS/current_tracer
		echo >$TRACEFS/set_ftrace_filter
	done
}

trace_checks() {
	mount -t tracefs nodev $TRACEFS 2>/dev/null || true
	if [ ! -w $TRACEFS/current_tracer ] ||
		! grep -qw function_graph $TRACEFS/available_tracers; then
		echo "BENCH info trace unavailable"
		return 0
	fi
	echo 16384 >$TRACEFS/buffer_size_kb
	alloc_events noguard $ENDPOINT $ENDPOINT_PORT
	$MODPROBE leakblock
	$LEAKCTL set-tunnel wg0
	# shellcheck disable=SC2046 # one argument per endpoint
	$LEAKCTL set-endpoint $(cat /tmp/ep-10000.args) >/dev/null
	alloc_events leakblock-endpoint $ENDPOINT $ENDPOINT_PORT
	alloc_events leakblock-tunnel $TUN_DST 9
	alloc_events leakblock-drop $DROP_DST 53
	trace_graph endpoint $ENDPOINT $ENDPOINT_PORT
	trace_graph tunnel $TUN_DST 9
	trace_graph drop $DROP_DST 53
	# The device, the fast path and the counter are inlined into the hook.
	cost endpoint $ENDPOINT $ENDPOINT_PORT lb_guard_ipv4
	cost tunnel $TUN_DST 9 lb_guard_ipv4
	cost drop $DROP_DST 53 lb_guard_ipv4 lb_guard_packet lb_events_blocked
	$RMMOD leakblock
	if [ $HAVE_NULLHOOK = 1 ]; then
		$MODPROBE lbbench_nullhook
		cost nullhook $ENDPOINT $ENDPOINT_PORT nullhook_accept
		$RMMOD lbbench_nullhook
		$MODPROBE lbbench_nullhook minimal=1 tunnel=wg0 \
			endpoint=$ENDPOINT port=$ENDPOINT_PORT
		cost minimal $ENDPOINT $ENDPOINT_PORT minimal_guard
		$RMMOD lbbench_nullhook
	fi
}

# ---- main -----------------------------------------------------------------

have_leakblock
topology
make_endpoints
echo "BENCH info count $COUNT"
echo "BENCH info rounds $ROUNDS"
echo "BENCH info kernel $(uname -r)"
echo "BENCH info nft $HAVE_NFT $([ $HAVE_NFT = 0 ] || $NFT --version)"
echo "BENCH info iptables $HAVE_IPT $([ $HAVE_IPT = 0 ] || $IPT --version)"
echo "BENCH info nullhook $HAVE_NULLHOOK"
[ $HAVE_NFT = 0 ] || $MODPROBE nf_tables
[ $HAVE_IPT = 0 ] || $MODPROBE nft_compat

_r=1
while [ $_r -le "$ROUNDS" ]; do
	log "round $_r"
	round_noguard $_r
	round_leakblock $_r
	[ $HAVE_NFT = 0 ] || round_nft $_r
	[ $HAVE_IPT = 0 ] || round_ipt $_r
	_r=$((_r + 1))
done
[ "$TRACE" = 0 ] || trace_checks
echo "BENCH done"
