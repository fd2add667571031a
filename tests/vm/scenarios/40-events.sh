# SPDX-License-Identifier: GPL-2.0
# shellcheck shell=sh
#
# s40: telling what the guard stopped. kmod/events.c: each dropped packet
# that parsed is reported, to the events multicast group and, with the
# log_blocked parameter, to the kernel log, under one rate limit per
# namespace (event_rate a second, here 20); what the limit holds back is
# counted (events_suppressed) and its number rides on the next report. All
# of it happens only while someone listens or logging is on: otherwise
# neither report nor counter moves.
#
# What can be asserted exactly, between two status reads with a listener
# (or the log) present all along: every drop (drop_no_match, both
# families) is either reported (a log line, or events_sent and a monitor
# line) or suppressed, so reports + suppressed = drops; after a quiet
# second and one more drop, every suppressed packet has been announced, so
# the "N more" numbers add up to the suppressed count. A flood of T seconds
# gives at most event_rate * (ceil(T) + 1) reports: each rate-limit window
# is a second long, and at most ceil(T) + 1 of them meet the flood.
#
# leakctl monitor and leakctl audit are checked if this leakctl has them.
# Sourced by netns.sh after s9 (leakblock unloaded, the WireGuard client
# up); leaves it so.

S40_DIR=/tmp/s40
S40_PARAMS=/sys/module/leakblock/parameters

s40_up() {
	! lb_loaded || $RMMOD leakblock
	$MODPROBE leakblock
	$LEAKCTL set-endpoint $VPN_SERVER:$VPN_PORT/udp
	$LEAKCTL set-tunnel wg0
	rm -rf $S40_DIR
	mkdir -p $S40_DIR
}

s40_down() {
	for _f in $S40_DIR/*.pid; do
		[ -e "$_f" ] || continue
		kill "$(cat "$_f")" 2>/dev/null
	done
	reap_sniffers s40-
	! lb_loaded || $RMMOD leakblock
	rm -rf $S40_DIR
}

# s40_has CMD: this leakctl has the command.
s40_has() { $LEAKCTL --help 2>/dev/null | grep -q "^  $1 "; }

# s40_counts: "SENT SUPPRESSED DROPS" from status, drops of both families.
s40_counts() {
	$LEAKCTL -j status | sed -n 's/.*"drop_no_match":{"ipv4":\([0-9]*\),"ipv6":\([0-9]*\)}.*"events_sent":\([0-9]*\),"events_suppressed":\([0-9]*\).*/\3 \4 \1 \2/p' |
		{ read -r _s _u _d4 _d6 && echo "$_s $_u $((_d4 + _d6))"; }
}

# s40_mark NAME: a line in the kernel log; s40_klog NAME: the log after it.
s40_mark() { echo "s40: mark $1" >/dev/kmsg; }
s40_klog() { dmesg | sed -n "/s40: mark $1\$/,\$p" | sed 1d; }

# s40_flood MS: blocked UDP to the DNS server out eth0 for MS ms; sets
# S40_FAILED (sends the guard refused), S40_SENT and S40_SECS (ceil).
s40_flood() {
	read -r _f0 _ </proc/uptime
	_out=$($LBPROBE flood $DNS4 53 --dev eth0 --count 1000000000 --duration "$1")
	read -r _f1 _ </proc/uptime
	log "$_out, from $_f0 to $_f1 s"
	S40_SENT=$(echo "$_out" | sed -n 's/.*: \([0-9]*\) sent.*/\1/p')
	S40_FAILED=$(echo "$_out" | sed -n 's/.*, \([0-9]*\) failed.*/\1/p')
	S40_SECS=$(awk "BEGIN { t = $_f1 - $_f0; print (t == int(t)) ? t : int(t) + 1 }")
}

# s40_bound: at most this many reports for a flood of S40_SECS seconds.
s40_bound() { echo $(($(cat $S40_PARAMS/event_rate) * (S40_SECS + 1))); }

# A rate the limit's nanosecond clock cannot keep must not load at all
# (the load fails: no guard, which the caller sees, rather than no limit).
t_s40_rate_param() {
	have_leakblock
	$RMMOD leakblock
	_rc=0
	$MODPROBE leakblock event_rate=1000001 2>$S40_DIR/rate.err || _rc=$?
	_loaded=no
	! lb_loaded || _loaded=yes
	_err=$(head -n 1 $S40_DIR/rate.err)
	s40_up
	note "modprobe event_rate=1000001: exit $_rc, loaded: $_loaded ($_err); then a plain load: event_rate=$(cat $S40_PARAMS/event_rate)"
	[ $_rc -ne 0 ] || fail "the module loaded with event_rate=1000001"
	[ $_loaded = no ] || fail "leakblock is loaded after the refused load"
	[ "$(cat $S40_PARAMS/event_rate)" = 20 ] || fail "event_rate is not 20 after a plain load"
}

t_s40_quiet() {
	have_leakblock
	s40_up
	[ "$(cat $S40_PARAMS/log_blocked)" = N ] || fail "log_blocked is on at load"
	set -- $(s40_counts)
	s40_flood 500
	set -- "$@" $(s40_counts)
	note "no listener, no log: $(($5 - $2)) suppressed, $(($4 - $1)) sent, $(($6 - $3)) drops"
	[ "$S40_SENT" = 0 ] || fail "the flood was not blocked: $S40_SENT sent"
	[ $(($6 - $3)) -ge "$S40_FAILED" ] && [ "$S40_FAILED" -gt 0 ] ||
		fail "drops did not count the flood"
	[ $(($4 - $1)) -eq 0 ] && [ $(($5 - $2)) -eq 0 ] ||
		fail "event counters moved with nobody listening"
}

t_s40_log_line() {
	echo 1 >$S40_PARAMS/log_blocked
	_name=lb-s40-log-$$.leak.example
	s40_mark log
	probe dns $DNS4 --dev eth0 --name $_name --timeout 300
	expect_blocked
	_line=$(s40_klog log | grep 'leakblock: blocked' || true)
	log "kernel log: $_line"
	note "$(echo "$_line" | sed 's/^\[[ 0-9.]*\] //')"
	[ "$(echo "$_line" | grep -c .)" -eq 1 ] || fail "not one log line"
	echo "$_line" | grep -Eq "leakblock: blocked udp 192\.168\.1\.2:[0-9]+ -> 198\.51\.100\.53:53 via eth0: DNS A $_name \(not an endpoint\)\$" ||
		fail "the log line is not as expected"
}

t_s40_log_flood() {
	set -- $(s40_counts)
	s40_mark flood
	# One second: every line of it goes to the console at the end.
	s40_flood 1000
	# A quiet second, then one more drop: it carries the count of all
	# that the limit held back.
	sleep 1.2
	probe dns $DNS4 --dev eth0 --name lb-s40-after-flood.example --timeout 300
	set -- "$@" $(s40_counts)
	echo 0 >$S40_PARAMS/log_blocked
	s40_klog flood >$S40_DIR/flood.klog
	_lines=$(grep -c 'leakblock: blocked' $S40_DIR/flood.klog || true)
	_more=$(sed -n 's/.*leakblock: \([0-9]*\) more blocked packets not reported\( (rate limit)\)\{0,1\}$/\1/p' \
		$S40_DIR/flood.klog | awk '{ n += $1 } END { print n + 0 }')
	_sup=$(($5 - $2))
	_drops=$(($6 - $3))
	_bound=$(s40_bound)
	tail -n 3 $S40_DIR/flood.klog
	note "flood of $S40_FAILED pkts in ${S40_SECS}s: $_lines log lines (bound $_bound), $_sup suppressed, $_more announced, $_drops drops"
	[ "$S40_SENT" = 0 ] || fail "the flood was not blocked"
	# the last line is the probe after the flood
	[ $((_lines - 1)) -le "$_bound" ] || fail "more log lines than the rate allows"
	[ $((_lines - 1)) -ge 1 ] || fail "the flood was not logged at all"
	[ "$_sup" -gt 0 ] || fail "events_suppressed did not move"
	[ $(($4 - $1)) -eq 0 ] || fail "events were sent with nobody listening"
	[ $((_lines + _sup)) -eq "$_drops" ] ||
		fail "log lines + suppressed ($_lines + $_sup) != drops ($_drops)"
	[ "$_more" -eq "$_sup" ] || fail "announced $_more, suppressed $_sup"
	[ "$_drops" -ge "$S40_FAILED" ] || fail "fewer drops than refused sends"
}

# ---- leakctl monitor ----------------------------------------------------

# s40_wait_line FILE TEXT SECONDS
s40_wait_line() {
	_wf=$1
	_wt=$2
	wait_for "$3" 'grep -qF "$_wt" "$_wf"'
}

t_s40_monitor_start() {
	s40_has monitor || { note "SKIP: this leakctl has no monitor"; return 0; }
	# Events only: the check before turned the log off, but may have
	# failed first.
	echo 0 >$S40_PARAMS/log_blocked
	# A subshell waits for it, for its exit status: the check that stops
	# it runs in another subshell, which cannot wait for it.
	(
		$LEAKCTL monitor >$S40_DIR/mon.out 2>$S40_DIR/mon.err &
		echo $! >$S40_DIR/monitor.pid
		_mrc=0
		wait $! || _mrc=$?
		echo $_mrc >$S40_DIR/monitor.rc
	) &
	wait_for 10 '[ -s $S40_DIR/monitor.pid ]' || fail "monitor did not start"
	# Joined once it prints one of these (each a report, well under the
	# rate).
	_i=0
	until grep -q 'lb-s40-warmup' $S40_DIR/mon.out; do
		_i=$((_i + 1))
		[ $_i -le 40 ] || fail "monitor printed nothing: $(cat $S40_DIR/mon.err)"
		probe dns $DNS4 --dev eth0 --name lb-s40-warmup-$_i.example --timeout 200
		sleep 0.2
	done
	log "monitor listening after $_i probes"
	sleep 1.1
	s40_counts >$S40_DIR/mon.c0
	wc -l <$S40_DIR/mon.out >$S40_DIR/mon.l0
	_name=lb-s40-monitor-$$.leak.example
	probe dns $DNS4 --dev eth0 --name $_name --timeout 300
	expect_blocked
	s40_wait_line $S40_DIR/mon.out "$_name" 10 || fail "monitor did not report the query"
	_line=$(grep -F "$_name" $S40_DIR/mon.out)
	note "$_line"
	echo "$_line" | grep -Eq "^blocked udp 192\.168\.1\.2:[0-9]+ -> 198\.51\.100\.53:53 via eth0: DNS A $_name \(not an endpoint\)\$" ||
		fail "the monitor line is not as expected"
}

t_s40_monitor_flood() {
	s40_has monitor || { note "SKIP: this leakctl has no monitor"; return 0; }
	_pid=$(cat $S40_DIR/monitor.pid)
	kill -0 "$_pid" || fail "monitor is not running"
	set -- $(cat $S40_DIR/mon.c0)
	_l0=$(cat $S40_DIR/mon.l0)
	s40_flood 2000
	sleep 1.2
	probe dns $DNS4 --dev eth0 --name lb-s40-monitor-end.example --timeout 300
	s40_wait_line $S40_DIR/mon.out lb-s40-monitor-end 10 ||
		fail "monitor did not report the last query"
	set -- "$@" $(s40_counts)
	kill -TERM "$_pid"
	wait_for 10 '[ -s $S40_DIR/monitor.rc ]' || fail "monitor did not stop on SIGTERM"
	_rc=$(cat $S40_DIR/monitor.rc)
	rm -f $S40_DIR/monitor.pid
	tail -n +$((_l0 + 1)) $S40_DIR/mon.out >$S40_DIR/mon.window
	# the query of the check before, the flood, the last query
	_lines=$(grep -c '^blocked ' $S40_DIR/mon.window || true)
	_flood=$(grep "^blocked " $S40_DIR/mon.window | grep -vc 'DNS A lb-s40-' || true)
	_more=$(sed -n 's/^(\([0-9]*\) more blocked packets not reported: rate limit)$/\1/p' \
		$S40_DIR/mon.window | awk '{ n += $1 } END { print n + 0 }')
	_sent=$(($4 - $1))
	_sup=$(($5 - $2))
	_drops=$(($6 - $3))
	_bound=$(s40_bound)
	tail -n 3 $S40_DIR/mon.window
	log "monitor exit $_rc, stderr: $(cat $S40_DIR/mon.err)"
	note "flood of $S40_FAILED pkts in ${S40_SECS}s: $_flood lines (bound $_bound), $_more announced, status: $_sent sent, $_sup suppressed, $_drops drops; monitor exit $_rc"
	grep -q 'receive buffer overrun' $S40_DIR/mon.window && fail "monitor lost events"
	[ "$_flood" -le "$_bound" ] || fail "more flood lines than the rate allows"
	[ "$_flood" -ge 1 ] || fail "the flood was not reported at all"
	[ "$_sup" -gt 0 ] || fail "events_suppressed did not move"
	[ "$_more" -gt 0 ] || fail "no '(N more ...: rate limit)' line"
	[ "$_lines" -eq "$_sent" ] || fail "$_lines lines, $_sent events sent"
	[ "$_more" -eq "$_sup" ] || fail "announced $_more, suppressed $_sup"
	[ $((_sent + _sup)) -eq "$_drops" ] ||
		fail "sent + suppressed ($_sent + $_sup) != drops ($_drops)"
	[ $_rc -eq 0 ] || fail "monitor exited $_rc on SIGTERM"
}

t_s40_monitor_unpriv() {
	s40_has monitor || { note "SKIP: this leakctl has no monitor"; return 0; }
	_rc=0
	timeout 10 $SETPRIV --reuid=65534 --regid=65534 --clear-groups \
		$LEAKCTL monitor >$S40_DIR/unpriv.out 2>$S40_DIR/unpriv.err || _rc=$?
	log "as nobody: leakctl monitor -> exit $_rc: $(cat $S40_DIR/unpriv.err)"
	note "exit $_rc: $(head -n 1 $S40_DIR/unpriv.err)"
	[ $_rc -eq 1 ] || fail "exit $_rc, not 1"
	grep -qiE 'not permitted|eperm|permission' $S40_DIR/unpriv.err || fail "no EPERM message"
}

# ---- leakctl audit --------------------------------------------------------

# s40_watching PID: the process has a packet socket bound to eth0.
s40_watching() {
	_ifi=$(cat /sys/class/net/eth0/ifindex)
	for _ino in $(ls -l /proc/$1/fd 2>/dev/null | sed -n 's/.*socket:\[\([0-9]*\)\]$/\1/p'); do
		awk -v ifi="$_ifi" -v ino="$_ino" \
			'NR > 1 && $5 == ifi && $9 == ino { found = 1 } END { exit !found }' \
			/proc/net/packet && return 0
	done
	return 1
}

# s40_audit NAME: audit eth0 for 3 s under the sniffer, three DNS queries
# out eth0 in the middle; sets A_RC, A_LEAKS (its leak lines for them),
# A_TOTAL (all its leak lines), A_SUMMARY and W_PKTS (the sniffer's count
# of the same queries).
s40_audit() {
	_q="$FROM_CLIENT and udp and dst host $DNS4 and dst port 53"
	_aout=$S40_DIR/$1.out
	sniff_start "$1"
	$LEAKCTL audit --iface eth0 --duration 3 >$_aout 2>$S40_DIR/$1.err &
	_apid=$!
	echo $_apid >$S40_DIR/audit.pid
	# Its first line ("audit: watching ...") is not flushed before the
	# first leak: ready is when its packet socket is bound to eth0.
	wait_for 10 's40_watching $_apid' ||
		fail "audit did not start: $(cat $S40_DIR/$1.err)"
	for _i in 1 2 3; do
		probe dns $DNS4 --dev eth0 --name lb-s40-$1-$_i.example --timeout 200
	done
	A_RC=0
	wait $_apid || A_RC=$?
	rm -f $S40_DIR/audit.pid
	sniff_stop
	W_PKTS=$(pkts "$_q")
	cat $S40_DIR/$1.out
	A_LEAKS=$(grep -c "^leak udp 192\.168\.1\.2:[0-9]* -> $DNS4:53 via eth0: DNS A lb-s40-$1-[123]\.example (not an endpoint)\$" $S40_DIR/$1.out || true)
	A_TOTAL=$(grep -c '^leak ' $S40_DIR/$1.out || true)
	A_SUMMARY=$(grep '^audit: .* leaks$' $S40_DIR/$1.out || true)
	log "audit $1: exit $A_RC, $A_LEAKS of its leaks are the queries, $A_TOTAL in all; sniffer: $W_PKTS; $A_SUMMARY"
}

t_s40_audit_leak() {
	s40_has audit || { note "SKIP: this leakctl has no audit"; return 0; }
	lb_disarm
	s40_audit s40-audit-open
	lb_arm
	note "disarmed: audit exit $A_RC, $A_LEAKS leaks reported, sniffer $W_PKTS pkts"
	[ $A_RC -eq 3 ] || fail "audit exit $A_RC, not 3"
	[ "$W_PKTS" -eq 3 ] || fail "the sniffer saw $W_PKTS queries, not 3"
	[ "$A_LEAKS" -eq "$W_PKTS" ] || fail "audit reported $A_LEAKS, the wire carried $W_PKTS"
	echo "$A_SUMMARY" | grep -q " $A_TOTAL leaks\$" || fail "the summary does not count $A_TOTAL leaks"
}

t_s40_audit_clean() {
	s40_has audit || { note "SKIP: this leakctl has no audit"; return 0; }
	expect_armed
	s40_audit s40-audit-armed
	note "armed: audit exit $A_RC, $A_TOTAL leaks reported, sniffer $W_PKTS pkts"
	[ $A_RC -eq 0 ] || fail "audit exit $A_RC, not 0"
	[ "$A_TOTAL" -eq 0 ] || fail "audit reported $A_TOTAL leaks"
	[ "$W_PKTS" -eq 0 ] || fail "leak: the sniffer saw $W_PKTS queries"
	echo "$A_SUMMARY" | grep -q ' 0 leaks$' || fail "the summary does not say 0 leaks"
}

check "s40 events: with no listener and no log, a blocked flood moves no event counter" t_s40_quiet
check "s40 events: event_rate over 1000000 is refused at load, and nothing is loaded" t_s40_rate_param
check "s40 events: log_blocked=1 logs a blocked DNS query with its name" t_s40_log_line
check "s40 events: a blocked flood is logged at most event_rate a second; lines + suppressed = drops, all announced" t_s40_log_flood
check "s40 monitor: reports a blocked DNS query with its name" t_s40_monitor_start
check "s40 monitor: a blocked flood gives bounded lines and a '(N more ...: rate limit)' line; lines = sent, sent + suppressed = drops" t_s40_monitor_flood
check "s40 monitor: unprivileged, fails with EPERM" t_s40_monitor_unpriv
check "s40 audit: with the guard disarmed, reports the leaks the sniffer saw, exit 3" t_s40_audit_leak
check "s40 audit: with the guard armed, no leak on the wire or in audit, exit 0" t_s40_audit_clean
s40_down || true
