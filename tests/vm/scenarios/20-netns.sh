# SPDX-License-Identifier: GPL-2.0
# shellcheck shell=sh
#
# s20: every network namespace has its own policy. Sourced by netns.sh after
# s9, with its helpers and world (leakblock unloaded, the WireGuard client
# up); leaves it so.
#
#  +----------------------------+   veth   +----------------------------+
#  | lbx: a container's netns   |----------| lbxwire: its eavesdropper  |
#  |  x0 198.18.0.2/24          |          |  lan0 198.18.0.1/24        |
#  |  default via 198.18.0.1    |          |  tcpdump -i lan0           |
#  +----------------------------+          +----------------------------+
#
# lbx's wire is named lan0 in a namespace of its own, so lib.sh's sniffer
# and netns.sh's leak_check run unchanged with wire(), probe() and $LEAKCTL
# pointed at lbx and its wire (s20_as_lbx): the same leak check, with its
# control, inside lbx, and nothing of it in the init namespace.

S20_NS=lbx
S20_WIRE=lbxwire
S20_MARKER=198.18.0.99

s20_up() {
	lb_loaded || $MODPROBE leakblock
	# The init namespace as s2 configures it: the VPN works through it.
	$LEAKCTL set-endpoint $VPN_SERVER:$VPN_PORT/udp
	$LEAKCTL set-tunnel wg0
	$IP netns add $S20_NS
	$IP netns add $S20_WIRE
	$IP -n $S20_NS link set lo up
	$IP -n $S20_WIRE link set lo up
	$IP -n $S20_NS link add x0 type veth peer name lan0 netns $S20_WIRE
	$IP -n $S20_NS addr add 198.18.0.2/24 dev x0
	$IP -n $S20_WIRE addr add 198.18.0.1/24 dev lan0
	$IP -n $S20_NS link set x0 up
	$IP -n $S20_WIRE link set lan0 up
	$IP -n $S20_NS route add default via 198.18.0.1
	$IP -n $S20_WIRE neigh add $S20_MARKER lladdr 02:00:00:00:00:99 \
		dev lan0 nud permanent
}

s20_down() {
	reap_sniffers s20-
	$IP netns del $S20_NS 2>/dev/null
	$IP netns del $S20_WIRE 2>/dev/null
	! lb_loaded || $RMMOD leakblock
}

# For the rest of the check (a subshell): the probe, leakctl and the
# sniffer's wire are lbx's (the sniffer's marker is sent by lbprobe in
# the wire, so the probe is redefined, not $LBPROBE).
s20_as_lbx() {
	probe() {
		_prc=0
		$IP netns exec $S20_NS $LBPROBE "$@" || _prc=$?
		return 0
	}
	LEAKCTL="$IP netns exec $S20_NS $LEAKCTL"
	# wire() and the sniffer both follow $WIRE.
	WIRE=$S20_WIRE
	MARKER_IP=$S20_MARKER
	MARKER="(udp and dst host $MARKER_IP)"
	# leakctl and the module were checked in the init namespace.
	have_leakblock() { :; }
}

# s20_status KEY: a member of leakctl -j status, in the init namespace.
s20_status() { $LEAKCTL -j status | json_get "$1"; }

t_s20_new_disarmed() {
	have_leakblock
	s20_up
	_init=$(s20_status armed)
	_x=$($IP netns exec $S20_NS $LEAKCTL -j status)
	log "lbx, made after the load: $_x"
	# The wire existed before the module was loaded: pernet init runs
	# for it at load time, with the same result.
	_w=$($IP netns exec $WIRE $LEAKCTL -j status | json_get armed)
	note "init armed: $_init, lbx armed: $(echo "$_x" | json_get armed), wire armed: $_w"
	[ "$_init" = true ] || fail "the init namespace is not armed"
	[ "$(echo "$_x" | json_get armed)" = false ] || fail "lbx is not disarmed"
	[ "$(echo "$_x" | json_get endpoints)" = "[]" ] ||
		fail "lbx inherited endpoints"
	[ "$(echo "$_x" | json_get tunnels)" = "[]" ] ||
		fail "lbx inherited tunnels"
	[ "$_w" = false ] || fail "the wire namespace is not disarmed"
}

t_s20_arm_inside() {
	_before=$(policy)
	$IP netns exec $S20_NS $LEAKCTL arm
	# A plain subshell, so that set -e holds in it.
	(
		s20_as_lbx
		leak_check s20-lbx "ip and udp dst port 53" -- \
			dns $DNS4 --timeout 1000
	)
	_lbx=$(cat /tmp/lb-note)
	_after=$(policy)
	log "init before: $_before"
	log "init after:  $_after"
	note "$_lbx; init policy unchanged"
	[ "$_before" = "$_after" ] || fail "the init namespace's policy changed"
	[ "$($IP netns exec $S20_NS $LEAKCTL -j status | json_get armed)" = true ] ||
		fail "lbx is not armed after its check"
}

# As nobody, in a user namespace of its own (where it is root):
s20_nobody() {
	$SETPRIV --reuid=65534 --regid=65534 --clear-groups "$@"
}

t_s20_userns() {
	_before=$(policy)
	# A new netns, owned by nobody's new user namespace, is nobody's to
	# configure (busybox unshare: -r maps nobody to root there).
	_rc=0
	s20_nobody unshare -Urn sh -c "$LEAKCTL -j status && $LEAKCTL arm &&
		$LEAKCTL set-endpoint $VPN_SERVER:$VPN_PORT/udp &&
		$LEAKCTL -j status" >/tmp/s20-userns.out 2>&1 || _rc=$?
	log "unshare -Urn as nobody -> exit $_rc:"
	cat /tmp/s20-userns.out
	[ $_rc -eq 0 ] || fail "nobody could not configure its own netns"
	_first=$(sed -n 1p /tmp/s20-userns.out | json_get armed)
	_last=$(tail -n1 /tmp/s20-userns.out | json_get armed)
	[ "$_first" = false ] || fail "its new netns did not start disarmed"
	[ "$_last" = true ] || fail "arming its netns did not show"

	# The same user namespace without a netns of its own: the init
	# namespace belongs to the initial user namespace.
	_rc=0
	s20_nobody unshare -Ur $LEAKCTL disarm >/tmp/s20-init.err 2>&1 || _rc=$?
	log "unshare -Ur as nobody: leakctl disarm -> exit $_rc: $(cat /tmp/s20-init.err)"
	[ $_rc -ne 0 ] || fail "nobody disarmed the init namespace from its user namespace"
	grep -qiE 'not permitted|eperm|permission' /tmp/s20-init.err ||
		fail "no EPERM message"
	_rc2=0
	s20_nobody $LEAKCTL set-tunnel eth0 >/tmp/s20-init2.err 2>&1 || _rc2=$?
	log "as nobody: leakctl set-tunnel eth0 -> exit $_rc2: $(cat /tmp/s20-init2.err)"
	[ $_rc2 -ne 0 ] && grep -qiE 'not permitted|eperm|permission' /tmp/s20-init2.err ||
		fail "set-tunnel in the init namespace did not fail with EPERM"
	_after=$(policy)
	log "init before: $_before"
	log "init after:  $_after"
	note "own netns: status, arm, set-endpoint exit 0; init netns: disarm exit $_rc, set-tunnel exit $_rc2 (EPERM)"
	[ "$_before" = "$_after" ] || fail "the init namespace's policy changed"
}

check "s20 a new netns starts disarmed, without endpoints or tunnels; the init namespace stays armed" t_s20_new_disarmed
check "s20 arming a netns from inside blocks its own DNS out its veth; the init namespace's policy is unchanged" t_s20_arm_inside
check "s20 unprivileged user namespace: root there configures its own netns, gets EPERM for the init namespace" t_s20_userns
s20_down || true
