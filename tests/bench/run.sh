#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
#
# The leakblock benchmark, host side: boots the test VM in bench mode
# (tests/vm/bench.sh) under QEMU -icount, so guest time follows the
# instruction count and every rate is repeatable; then prints one table
# and writes it as results/bench.txt, results/bench.csv and a bar chart,
# results/bench.png. Only rates and ratios are reported, never wall times.
#
# Usage: tests/bench/run.sh        (make bench: builds what it needs first)
#
# Environment:
#   LB_BENCH_COUNT    sends per round and configuration (default 100000)
#   LB_BENCH_ROUNDS   rounds; the median is reported (default 3)
#   LB_BENCH_DIR      work directory (default <repo>/build/vm-bench, apart
#                     from the VM suite's, which may run at the same time)
#   LB_BENCH_RESULTS  output directory (default <repo>/results)
#   LB_BENCH_STRICT=1 exit 1 when a target is missed
#   LB_BENCH_TIMEOUT  seconds before the VM is killed (default 1800)
#   LB_BENCH_REPORT_ONLY=1  no VM: the report again from the last console
#   LB_BENCH_APPEND   more kernel arguments for tests/vm/bench.sh, e.g.
#                     lb.bench.nft=0 lb.bench.iptables=0 lb.bench.trace=0
set -euo pipefail

here="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
repo="$(cd "$here/../.." && pwd)"
count="${LB_BENCH_COUNT:-100000}"
rounds="${LB_BENCH_ROUNDS:-3}"
out="${LB_BENCH_RESULTS:-$repo/results}"
export LB_VM_DIR="${LB_BENCH_DIR:-$repo/build/vm-bench}"
mkdir -p "$LB_VM_DIR" "$out"
LB_VM_DIR="$(cd "$LB_VM_DIR" && pwd)"
t0=$SECONDS

# The kernel package the VM suite already downloaded, if any: the same
# file, linked rather than fetched again.
if [[ -d $repo/build/vm/debs && $LB_VM_DIR != "$repo/build/vm" ]]; then
	mkdir -p "$LB_VM_DIR/debs"
	for deb in "$repo"/build/vm/debs/*.deb; do
		[[ -e $deb && ! -e $LB_VM_DIR/debs/${deb##*/} ]] || continue
		ln "$deb" "$LB_VM_DIR/debs/" 2>/dev/null || cp "$deb" "$LB_VM_DIR/debs/"
	done
fi

# shellcheck source=tests/vm/kernel.sh
. "$repo/tests/vm/kernel.sh"

# The floor: a hook that accepts everything, built out of tree.
mkdir -p "$LB_VM_DIR/nullhook"
cp "$here"/nullhook/nullhook.c "$here"/nullhook/Kbuild "$LB_VM_DIR/nullhook/"
make -s -C "$KHEADERS" M="$LB_VM_DIR/nullhook" modules 2>&1 |
	grep -v 'Skipping BTF' >&2 || true
export LB_BENCH_NULLHOOK="$LB_VM_DIR/nullhook/lbbench_nullhook.ko"
[[ -f $LB_BENCH_NULLHOOK ]] || echo "bench: the null hook did not build; its row is left out" >&2

export LB_VM_ICOUNT=1
export LB_VM_TIMEOUT="${LB_BENCH_TIMEOUT:-1800}"
export LB_VM_APPEND="lb.bench.count=$count lb.bench.rounds=$rounds ${LB_BENCH_APPEND:-}"
status=0
if [[ ${LB_BENCH_REPORT_ONLY:-0} != 1 ]]; then
	echo "bench: booting the VM under -icount ($rounds rounds of $count sends; about 6 minutes)"
	"$repo/tests/vm/run.sh" bench >"$LB_VM_DIR/run.log" 2>&1 || status=$?
fi
t1=$SECONDS
lines="$(tr -d '\r' <"$LB_VM_DIR/console.log" | grep -a '^BENCH ' || true)"
if [[ $status != 0 ]] || ! grep -q '^BENCH done' <<<"$lines"; then
	tail -n 40 "$LB_VM_DIR/run.log" >&2
	echo "bench: the VM run failed, see $LB_VM_DIR/console.log" >&2
	exit 1
fi
rounds="$(awk '$2 == "info" && $3 == "rounds" { print $4 }' <<<"$lines")"

# ---- the table -----------------------------------------------------------

# Rows: config, label, the no-guard config it is a fraction of, the nft
# config it is compared with.
rows="noguard-endpoint|no guard: endpoint path (the limit)|-|-
noguard-tunnel|no guard: tunnel path (the limit)|-|-
nullhook-endpoint|null hook: accepts all, endpoint path (floor)|noguard-endpoint|-
minimal-endpoint|minimal check: 1 name, 1 endpoint (floor)|noguard-endpoint|-
leakblock-endpoint-1|leakblock: endpoint, 1 endpoint|noguard-endpoint|nft-endpoint-1
leakblock-endpoint-100|leakblock: endpoint, 100 endpoints|noguard-endpoint|nft-endpoint-100
leakblock-endpoint-10000|leakblock: endpoint, 10,000 endpoints|noguard-endpoint|nft-endpoint-10000
leakblock-tunnel|leakblock: tunnel device (10,000 endpoints)|noguard-tunnel|nft-tunnel
leakblock-drop|leakblock: dropped, EPERM (10,000 endpoints)|noguard-endpoint|nft-drop
nft-endpoint-1|nftables: endpoint, 1 endpoint|noguard-endpoint|nft-endpoint-1
nft-endpoint-100|nftables: endpoint, 100 endpoints|noguard-endpoint|nft-endpoint-100
nft-endpoint-10000|nftables: endpoint, 10,000 endpoints|noguard-endpoint|nft-endpoint-10000
nft-tunnel|nftables: tunnel device (10,000 endpoints)|noguard-tunnel|nft-tunnel
nft-drop|nftables: dropped, EPERM (10,000 endpoints)|noguard-endpoint|nft-drop
iptables-endpoint-1|iptables-nft: endpoint, 1 rule|noguard-endpoint|nft-endpoint-1
iptables-endpoint-100|iptables-nft: endpoint, 100 rules|noguard-endpoint|nft-endpoint-100
iptables-tunnel|iptables-nft: tunnel device (1 rule)|noguard-tunnel|nft-tunnel
iptables-drop|iptables-nft: dropped, EPERM (1 rule)|noguard-endpoint|nft-drop"

# stats LINES KIND CONFIG: "median min max n" of one configuration's rounds.
stats() {
	awk -v kind="$1" -v cfg="$2" '$2 == kind && $3 == cfg { print $5 }' |
		sort -g | awk '{ v[NR] = $1 }
		END {
			if (!NR) exit
			m = NR % 2 ? v[(NR + 1) / 2] : (v[NR / 2] + v[NR / 2 + 1]) / 2
			print m, v[1], v[NR], NR
		}'
}

declare -A med lo hi n
configs=()
while IFS='|' read -r cfg _ _ _; do
	read -r m l h k < <(stats rate "$cfg" <<<"$lines") || continue
	med[$cfg]=$m lo[$cfg]=$l hi[$cfg]=$h n[$cfg]=$k
	configs+=("$cfg")
done <<<"$rows"
declare -A ctl_med ctl_lo ctl_hi
for what in leakctl-set-endpoint-10000 leakctl-load-10000 nft-f-10000; do
	read -r m l h _ < <(stats ctl "$what" <<<"$lines") || continue
	ctl_med[$what]=$m ctl_lo[$what]=$l ctl_hi[$what]=$h
done

ratio() {
	[[ $2 != - && -n ${med[$2]:-} ]] || { echo -; return; }
	awk -v a="$1" -v b="${med[$2]}" 'BEGIN { printf "%.3f\n", a / b }'
}
# extra PPS NOGUARD: what a send costs above the no-guard one, in guest ns.
extra() {
	[[ $2 != - && -n ${med[$2]:-} ]] || { echo -; return; }
	awk -v a="$1" -v b="${med[$2]}" 'BEGIN { printf "%.0f\n", 1e9 / a - 1e9 / b }'
}
info() { awk -v k="$1" '$2 == "info" && $3 == k { $1 = $2 = $3 = ""; sub(/^ +/, ""); print }' <<<"$lines"; }

txt="$out/bench.txt"
csv="$out/bench.csv"
{
	echo "leakblock benchmark: $(info kernel), QEMU TCG -icount shift=0 (guest time = instructions), 1 vCPU"
	echo "traffic: lbprobe bench, $(info count) sends of 64-byte UDP per round on a connected socket, median of $rounds rounds"
	echo "$(info nft | cut -d' ' -f2-); $(info iptables | cut -d' ' -f2-)"
	echo
	printf '%-46s %10s %15s %9s %6s %9s\n' config "pps median" "min-max" \
		"/no-guard" "/nft" "+insn/pkt"
	for cfg in "${configs[@]}"; do
		label="$(awk -F'|' -v c="$cfg" '$1 == c { print $2 }' <<<"$rows")"
		ng="$(awk -F'|' -v c="$cfg" '$1 == c { print $3 }' <<<"$rows")"
		nf="$(awk -F'|' -v c="$cfg" '$1 == c { print $4 }' <<<"$rows")"
		printf '%-46s %10.0f %7.0f-%-7.0f %9s %6s %9s\n' "$label" "${med[$cfg]}" \
			"${lo[$cfg]}" "${hi[$cfg]}" "$(ratio "${med[$cfg]}" "$ng")" \
			"$(ratio "${med[$cfg]}" "$nf")" "$(extra "${med[$cfg]}" "$ng")"
	done
	echo "(+insn/pkt: guest ns per send above the no-guard path; under -icount shift=0 that is instructions)"
	echo
	echo "control plane: replace 100 endpoints by 10,000, guest time (median, min-max)"
	for what in leakctl-set-endpoint-10000 leakctl-load-10000 nft-f-10000; do
		[[ -n ${ctl_med[$what]:-} ]] || continue
		case $what in
		leakctl-set-endpoint-10000) label="leakctl set-endpoint (10,000 arguments)" ;;
		leakctl-load-10000) label="leakctl load (config file, whole policy)" ;;
		nft-f-10000) label="nft -f (flush set + add 10,000 elements)" ;;
		esac
		printf '%-46s %9.1f ms %9.1f-%.1f ms\n' "$label" \
			"$(awk -v v="${ctl_med[$what]}" 'BEGIN { print v / 1000 }')" \
			"$(awk -v v="${ctl_lo[$what]}" 'BEGIN { print v / 1000 }')" \
			"$(awk -v v="${ctl_hi[$what]}" 'BEGIN { print v / 1000 }')"
	done
} >"$txt"

{
	echo "kind,config,description,median,min,max,unit,rounds,ratio_noguard,ratio_nft"
	for cfg in "${configs[@]}"; do
		label="$(awk -F'|' -v c="$cfg" '$1 == c { print $2 }' <<<"$rows")"
		ng="$(awk -F'|' -v c="$cfg" '$1 == c { print $3 }' <<<"$rows")"
		nf="$(awk -F'|' -v c="$cfg" '$1 == c { print $4 }' <<<"$rows")"
		printf 'rate,%s,"%s",%s,%s,%s,pps,%s,%s,%s\n' "$cfg" "$label" \
			"${med[$cfg]}" "${lo[$cfg]}" "${hi[$cfg]}" "${n[$cfg]}" \
			"$(ratio "${med[$cfg]}" "$ng")" "$(ratio "${med[$cfg]}" "$nf")"
	done
	for what in leakctl-set-endpoint-10000 leakctl-load-10000 nft-f-10000; do
		[[ -n ${ctl_med[$what]:-} ]] || continue
		printf 'ctl,%s,"replace 100 endpoints by 10000",%s,%s,%s,us,%s,-,%s\n' \
			"$what" "${ctl_med[$what]}" "${ctl_lo[$what]}" "${ctl_hi[$what]}" \
			"$rounds" "$(awk -v a="${ctl_med[$what]}" -v b="${ctl_med[nft-f-10000]:-0}" \
				'BEGIN { if (b > 0) printf "%.3f", a / b; else printf "-" }')"
	done
} >"$csv"

# ---- the targets ----------------------------------------------------------

missed=0
# target TEXT VALUE OP LIMIT: one line, met or MISSED.
target() {
	if awk -v v="$2" -v l="$4" -v op="$3" 'BEGIN {
		exit !(op == ">=" ? v >= l : op == "<" ? v < l : v > l) }'; then
		printf '  met     %-58s %s %s %s\n' "$1" "$2" "$3" "$4"
	else
		printf '  MISSED  %-58s %s %s %s\n' "$1" "$2" "$3" "$4"
		missed=$((missed + 1))
	fi
}
r() { awk -v a="${med[$1]:-0}" -v b="${med[$2]:-1}" 'BEGIN { printf "%.3f", a / b }'; }
{
	echo
	echo "targets"
	target "pass via endpoint >= 0.99x no guard (1 endpoint)" \
		"$(r leakblock-endpoint-1 noguard-endpoint)" ">=" 0.99
	target "pass via tunnel >= 0.99x no guard" \
		"$(r leakblock-tunnel noguard-tunnel)" ">=" 0.99
	target "drop no slower than pass (drop / endpoint-10000)" \
		"$(r leakblock-drop leakblock-endpoint-10000)" ">=" 1.00
	if [[ -n ${med[nft-endpoint-1]:-} ]]; then
		for s in 1 100 10000; do
			target "leakblock >= 1.10x nftables, endpoint, $s" \
				"$(r leakblock-endpoint-$s nft-endpoint-$s)" ">=" 1.10
		done
		target "leakblock >= 1.10x nftables, tunnel" \
			"$(r leakblock-tunnel nft-tunnel)" ">=" 1.10
		target "leakblock >= 1.10x nftables, drop" \
			"$(r leakblock-drop nft-drop)" ">=" 1.10
	fi
	target "flat with scale: 10,000 endpoints >= 0.99x 1 endpoint" \
		"$(r leakblock-endpoint-10000 leakblock-endpoint-1)" ">=" 0.99
	if [[ -n ${ctl_med[nft-f-10000]:-} ]]; then
		target "replace 10,000 endpoints: leakctl / nft -f guest time" \
			"$(awk -v a="${ctl_med[leakctl-set-endpoint-10000]}" \
				-v b="${ctl_med[nft-f-10000]}" 'BEGIN { printf "%.3f", a / b }')" "<" 1
	fi
	# Allocations per 1000 sends must not change with the guard; the call
	# graph under lb_guard_ipv4 must hold no lock and no allocator.
	noguard_allocs="$(info allocs-noguard | cut -d' ' -f1-2)"
	for path in endpoint tunnel drop; do
		a="$(info allocs-leakblock-$path | cut -d' ' -f1-2)"
		[[ -n $a ]] || continue
		if [[ $a == "$noguard_allocs" ]]; then
			printf '  met     %-58s %s\n' "no allocation, $path path (per 1000 sends)" \
				"$a (no guard: $noguard_allocs)"
		else
			printf '  MISSED  %-58s %s\n' "no allocation, $path path (per 1000 sends)" \
				"$a (no guard: $noguard_allocs)"
			missed=$((missed + 1))
		fi
		g="$(info graph-$path-verdict)"
		if [[ $g == clean ]]; then
			printf '  met     %-58s %s\n' "no lock or allocator under the hook, $path path" \
				"calls per 200 sends: $(info graph-$path)"
		else
			printf '  MISSED  %-58s %s\n' "no lock or allocator under the hook, $path path" \
				"$g"
			missed=$((missed + 1))
		fi
	done
	echo "$missed" >"$LB_VM_DIR/missed"

	# Per call, traced alone: the tracer's own cost is calibrated on the
	# null hook (3 instructions).
	calib="$(info cost-nullhook-nullhook_accept)"
	if [[ $calib =~ ^[0-9]+$ ]]; then
		calib=$((calib - 3))
		echo
		echo "profile: instructions per call (function_graph under -icount, less the tracer's $calib)"
		awk -v c="$calib" '$2 == "info" && $3 ~ /^cost-/ && $4 ~ /^[0-9]+$/ {
			split(substr($3, 6), p, "-")
			printf "  %-9s %-24s %5d\n", p[1], substr($3, 7 + length(p[1])), $4 - c
		}' <<<"$lines"
	fi
} >>"$txt"
missed="$(cat "$LB_VM_DIR/missed")"

# ---- the chart --------------------------------------------------------------

if command -v gnuplot >/dev/null; then
	data="$LB_VM_DIR/chart.dat"
	for cfg in "${configs[@]}"; do
		ng="$(awk -F'|' -v c="$cfg" '$1 == c { print $3 }' <<<"$rows")"
		case $cfg in
		noguard-* | nullhook-* | minimal-*) color=0x999999 ;;
		leakblock-*) color=0x1f77b4 ;;
		nft-*) color=0xff7f0e ;;
		*) color=0xd62728 ;;
		esac
		r="$(ratio "${med[$cfg]}" "$ng")"
		[[ $r == - ]] && r="" || r="${r}x"
		printf '"%s" %s %s %s %s "%s"\n' "$cfg" "${med[$cfg]}" "${lo[$cfg]}" \
			"${hi[$cfg]}" "$color" "$r"
	done >"$data"
	gnuplot <<EOF
set terminal pngcairo size 1200,700 font "sans,10"
set output "$out/bench.png"
set title "64-byte UDP sends per guest second, QEMU -icount (guest time = instructions); median of $rounds rounds\\n\\
grey: no guard, an empty hook and a minimal check, blue: leakblock, orange: nftables inet ruleset with sets, red: iptables-nft rules\\n\\
label: ratio to no guard on the same path"
set style fill solid 0.85 border -1
set boxwidth 0.7
set yrange [0:*]
set offsets 0, 0, graph 0.08, 0
set ylabel "packets per guest second"
set format y "%.0f"
set grid ytics
set xtics rotate by -45 left font "sans,9" nomirror
set bmargin 10
set rmargin 14
unset key
plot "$data" using 0:2:5:xtic(1) with boxes lc rgb variable, \\
     "" using 0:2:3:4 with yerrorbars lc rgb "black" pt 0, \\
     "" using 0:2:6 with labels offset 0,0.8 font "sans,8"
EOF
fi

cat "$txt"
echo
echo "bench: $out/bench.txt, bench.csv, bench.png; VM $((t1 - t0)) s, $((SECONDS - t0)) s in all"
if [[ ${LB_BENCH_STRICT:-0} == 1 && $missed -gt 0 ]]; then
	echo "bench: $missed target(s) missed" >&2
	exit 1
fi
