#!/usr/bin/env bash
# bench-registration.sh NGCORE NGSIM NGCTL [FAKE_AMF] — issue 8, item 8:
# `ngsim load` against a whole ngcore (NRF, UDR on SQLite, UDM, AUSF, AMF,
# mgmt) on this machine, in one private network namespace (loopback, NGAP
# over usrsctp's UDP encapsulation), and figures from the same run:
#
#   - registrations/s and p50/p99 latency for 1,000 UEs at 500/s and for
#     10,000 UEs offered at BENCH_RATE/s (default 2000)
#   - ngcore RSS per registered UE (RSS growth over the UEs left registered)
#   - CPU time of ngsim and of ngcore during each load
#   - reference, same run, same transport: ngsim against fake_amf (a
#     scripted AMF with real 5G AKA and NAS security but no SBI, no NRF, no
#     database: the simulator's own ceiling on this machine)
#
# Figures, not pass/fail: exits non-zero only if the benchmark could not run
# (no root, a program failed, registrations failed). Needs root for `ip netns`.
set -uo pipefail
ngcore=$(realpath "${1:?ngcore}")
ngsim=$(realpath "${2:?ngsim}")
ngctl=$(realpath "${3:?ngctl}")
fake_amf=${4:-}
[ -n "$fake_amf" ] && fake_amf=$(realpath "$fake_amf")
rate=${BENCH_RATE:-2000}
big=${BENCH_UES:-10000}

fail() { echo "bench-registration: $*" >&2; exit 1; }

ns="ngb-reg-$$"
work=$(mktemp -d /tmp/ngb-reg.XXXXXX)
pids=()
cleanup() {
	for p in "${pids[@]}"; do kill "$p" 2>/dev/null; done
	for p in "${pids[@]}"; do
		for _ in $(seq 50); do kill -0 "$p" 2>/dev/null || break; sleep 0.1; done
		kill -9 "$p" 2>/dev/null
		wait "$p" 2>/dev/null
	done
	ip netns del "$ns" 2>/dev/null
	[ -n "${KEEP:-}" ] && echo "kept $work" || rm -rf "$work"
}
trap cleanup EXIT

[ "$(id -u)" -eq 0 ] || fail "needs root (a private network namespace keeps the ports ours)"
ip netns add "$ns" || fail "'ip netns add' failed"
ip -n "$ns" link set lo up || fail "cannot bring lo up"
in_ns() { ip netns exec "$ns" "$@"; }
wait_for() {
	local i
	for ((i = 0; i < 150; i++)); do "$@" >/dev/null 2>&1 && return 0; sleep 0.1; done
	return 1
}
# CPU seconds (user+system) of a process, from /proc.
cpu_of() {
	local hz
	hz=$(getconf CLK_TCK)
	awk -v hz="$hz" '{ print ($14 + $15) / hz }' "/proc/$1/stat"
}
rss_kib() { awk '/^VmRSS/ { print $2 }' "/proc/$1/status"; }
# "name=seconds ..." CPU per thread of a process (ngcore names them ngcore-<nf>).
thread_cpu() {
	local hz t
	hz=$(getconf CLK_TCK)
	for t in /proc/$1/task/*; do
		printf "%s=%s " "$(tr " =" "__" <"$t/comm")" "$(awk -v hz="$hz" '{ print ($14 + $15) / hz }' "$t/stat")"
	done
}
jget() { python3 -c "import json,sys; d=json.load(open('$1')); print($2)"; }

K=465b5ce8b199b49faa5f0a2ee238a6bc
OPC=cd63cb71954a9f4e48a5994e37a02baf
sim_cfg() { # IMSI of the first UE
	cat <<EOF
log: { level: warn }
sctp: { backend: usrsctp-udp, udp_local_port: 9900, udp_remote_port: 9899 }
gnbs: [{ name: gnb1, id: 1, plmn: "001-01", tacs: [1], slices: [{ sst: 1 }],
         amfs: [{ address: 127.0.0.1 }] }]
ues: [{ imsi: "$1", count: 1, k: $K, opc: $OPC, amf_field: "8000" }]
EOF
}
sim_cfg 001010000000001 >"$work/sim-a.yaml"
sim_cfg 001010000100001 >"$work/sim-b.yaml"

# load NAME CFG UES RATE: ngsim load, JSON in $work/NAME.json.
load() {
	in_ns "$ngsim" load --config "$2" --ues "$3" --rate "$4" --timeout 60 --json \
		>"$work/$1.json" 2>"$work/$1.err" || true
	[ -s "$work/$1.json" ] || { cat "$work/$1.err" >&2; fail "ngsim load $1 gave no result"; }
}

# ---- reference: ngsim against fake_amf ----
ref=""
if [ -n "$fake_amf" ] && [ -x "$fake_amf" ]; then
	ip netns exec "$ns" "$fake_amf" --udp-port 9899 --time-limit 120 >"$work/fake.out" 2>&1 &
	fpid=$!
	pids+=("$fpid")
	sleep 0.5
	load ref "$work/sim-a.yaml" "$big" $((rate * 2))
	for _ in $(seq 50); do kill -0 "$fpid" 2>/dev/null || break; sleep 0.1; done
	kill "$fpid" 2>/dev/null
	ref=1
fi

# ---- ngcore ----
cat >"$work/core.yaml" <<EOF
log: { level: warn, file: "$work/core.log" }
data_dir: $work/data
amf:
  n2: { addr: 127.0.0.1, sctp: { backend: usrsctp-udp, udp_local_port: 9899 } }
  max_ues: $((big + 2000))
EOF
ip netns exec "$ns" "$ngcore" -c "$work/core.yaml" >"$work/core.out" 2>&1 &
core=$!
pids+=("$core")
wait_for in_ns curl -sf http://127.0.0.1:9090/api/v1/status || fail "ngcore did not come up"
"$ngsim" subscribers --config "$work/sim-a.yaml" --ues 1000 >"$work/subs-a.csv"
"$ngsim" subscribers --config "$work/sim-b.yaml" --ues "$big" | tail -n +2 >"$work/subs-b.csv"
cat "$work/subs-a.csv" "$work/subs-b.csv" >"$work/subs.csv"
in_ns env NGCTL_API=http://127.0.0.1:9090 "$ngctl" subscriber import "$work/subs.csv" >/dev/null ||
	fail "subscriber import failed"
sleep 1
rss0=$(rss_kib "$core")
cpu0=$(cpu_of "$core")
threads0=$(thread_cpu "$core")
load a "$work/sim-a.yaml" 1000 500
cpu1=$(cpu_of "$core")
load b "$work/sim-b.yaml" "$big" "$rate"
cpu2=$(cpu_of "$core")
sleep 1
registered=$(in_ns curl -s http://127.0.0.1:9090/api/v1/status |
	python3 -c "import json,sys; print(json.load(sys.stdin)['providers']['amf']['ues'].get('REGISTERED', 0))")
rss1=$(rss_kib "$core")
threads1=$(thread_cpu "$core")
kill -0 "$core" 2>/dev/null || fail "ngcore died during the load"

row() { # NAME LABEL CPU_CORE
	local f="$work/$1.json"
	printf "%-28s %6s %9s %9s %8s %8s %7s %10s %11s\n" "$2" \
		"$(jget "$f" "d['ues']")" "$(jget "$f" "d['rate']")" \
		"$(jget "$f" "round(d['registrations_per_s'],1)")" \
		"$(jget "$f" "d['procedures']['registration']['p50_ms']")" \
		"$(jget "$f" "d['procedures']['registration']['p99_ms']")" \
		"$(jget "$f" "d['procedures']['registration']['failed']")" \
		"$(jget "$f" "round(d['cpu_user_s']+d['cpu_sys_s'],2)")" "$3"
}

echo
echo "registration: ngsim load -> ngcore (NRF, UDR/SQLite, UDM, AUSF, AMF), NGAP over usrsctp/UDP on loopback, $(nproc) cores"
printf "%-28s %6s %9s %9s %8s %8s %7s %10s %11s\n" run UEs offered/s reg/s "p50 ms" "p99 ms" failed "ngsim cpu" "ngcore cpu"
row a "1,000 UEs @ 500/s" "$(awk -v a="$cpu0" -v b="$cpu1" 'BEGIN { printf "%.2f", b - a }')"
row b "$big UEs @ $rate/s" "$(awk -v a="$cpu1" -v b="$cpu2" 'BEGIN { printf "%.2f", b - a }')"
if [ -n "$ref" ]; then
	row ref "reference: ngsim->fake_amf" "-"
	echo "  (reference: $big UEs offered at $((rate * 2))/s to a scripted AMF doing the same 5G AKA and NAS security, no SBI/NRF/database)"
else
	echo "  reference: fake_amf not built: no reference figure in this run"
fi
echo "ngcore cpu by thread over both loads (s): $(python3 - "$threads0" "$threads1" <<'PY'
import sys
a = dict(kv.split("=") for kv in sys.argv[1].split())
b = dict(kv.split("=") for kv in sys.argv[2].split())
print(", ".join(f"{k.replace('ngcore-', '')} {float(v) - float(a.get(k, 0)):.2f}"
                for k, v in sorted(b.items(), key=lambda kv: -float(kv[1]))
                if float(v) - float(a.get(k, 0)) >= 0.01))
PY
)"
per_ue=$(awk -v a="$rss0" -v b="$rss1" -v n="$registered" 'BEGIN { if (n > 0) printf "%.2f", (b - a) / n; else print "-" }')
echo "ngcore RSS: $((rss0 / 1024)) MiB before the loads, $((rss1 / 1024)) MiB after; $registered UEs registered: $per_ue KiB per registered UE"
echo "issue 8 targets: >= 1000 reg/s sustained, p99 < 100 ms at 500/s, <= 8 KiB of ngcore memory per registered UE"
failed=$(( $(jget "$work/a.json" "d['procedures']['registration']['failed']") + $(jget "$work/b.json" "d['procedures']['registration']['failed']") ))
[ "$failed" -eq 0 ] || { echo "bench-registration: $failed registrations failed (see failures in $work/*.json)" >&2; KEEP=1; exit 1; }
exit 0
