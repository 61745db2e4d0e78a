#!/usr/bin/env bash
# aka-e2e.sh NGCORE NGCTL AKA_CLIENT — 5G AKA end to end over real SBI:
#   A. one process: `ngcore --nf nrf,udr,udm,ausf,mgmt` on a temporary data dir;
#   B. one process per NF (nrf; udr+mgmt; udm; ausf) from the same file.
# The AUSF and UDM have no static peer URIs: they find the UDM and the UDR
# through the NRF. Subscribers are added with ngctl; aka_client plays the
# AMF and the UE (5G AKA by SUCI, wrong RES*, synch failure and resync,
# unknown subscriber, UECM and SDM). Metrics are read back with ngctl. Every
# NF must exit 0 on SIGTERM. A missing tool is a failure, never a skip.
# KEEP=1 keeps the temporary directory (config, store, logs).
set -uo pipefail

NGCORE=${1:?usage: aka-e2e.sh NGCORE NGCTL AKA_CLIENT}
NGCTL=${2:?usage: aka-e2e.sh NGCORE NGCTL AKA_CLIENT}
CLIENT=${3:?usage: aka-e2e.sh NGCORE NGCTL AKA_CLIENT}

fails=0
checks=0
pass() { checks=$((checks + 1)); }
fail() { checks=$((checks + 1)); fails=$((fails + 1)); echo "FAIL: $*" >&2; }
expect() { local n=$1; shift; if "$@"; then pass; else fail "$n"; fi; }

for f in "$NGCORE" "$NGCTL" "$CLIENT"; do
	[ -x "$f" ] || { echo "FAIL: $f is not executable" >&2; exit 1; }
done
command -v grep >/dev/null || { echo "FAIL: grep is not installed" >&2; exit 1; }

tmp=$(mktemp -d /tmp/ngcore-aka-XXXXXX)
pids=()
cleanup() {
	for p in "${pids[@]}"; do
		kill -KILL "$p" 2>/dev/null
	done
	[ -n "${KEEP:-}" ] || rm -rf "$tmp"
}
trap cleanup EXIT

# TS 35.208 test set 1 credentials (K, OPc) for both subscribers.
K=465b5ce8b199b49faa5f0a2ee238a6bc
OPC=cd63cb71954a9f4e48a5994e37a02baf
OP=cdc202d5123e20f62b6d676ac72cb318

base=$((20000 + (RANDOM % 2000) * 8))
NRF=$base; UDR=$((base + 1)); UDM=$((base + 2)); AUSF=$((base + 3)); MGMT=$((base + 4))
cat >"$tmp/ngcore.yaml" <<EOF
data_dir: $tmp/data
nrf_uri: http://127.0.0.1:$NRF
log:
  level: notice
nrf:
  sbi: {addr: 127.0.0.1, port: $NRF}
udr:
  sbi: {addr: 127.0.0.1, port: $UDR}
udm:
  sbi: {addr: 127.0.0.1, port: $UDM}
ausf:
  sbi: {addr: 127.0.0.1, port: $AUSF}
mgmt:
  addr: 127.0.0.1
  port: $MGMT
EOF
export NGCTL_API=http://127.0.0.1:$MGMT

# wait_mgmt: the management API answers.
wait_mgmt() {
	for _ in $(seq 100); do
		"$NGCTL" --timeout 1 status >/dev/null 2>&1 && return 0
		sleep 0.1
	done
	return 1
}

# stop_all: SIGTERM every process started, each must exit 0.
stop_all() {
	local p rc
	for p in "${pids[@]}"; do kill -TERM "$p" 2>/dev/null; done
	for p in "${pids[@]}"; do
		wait "$p"
		rc=$?
		expect "process $p exits 0 on SIGTERM (got $rc)" [ "$rc" = 0 ]
	done
	pids=()
}

# metric NAME_WITH_LABELS: its value from `ngctl metrics` (0 when absent).
metric() {
	"$NGCTL" metrics 2>/dev/null | grep -F "$1 " | awk '{print $2}' | head -1
}

echo "== A: all NFs in one process"
"$NGCORE" -c "$tmp/ngcore.yaml" --nf nrf,udr,udm,ausf,mgmt >"$tmp/a.log" 2>&1 &
pids+=($!)
expect "ngcore (one process) serves the management API" wait_mgmt
expect "ngctl adds subscriber 1 (OPc)" "$NGCTL" subscriber add --imsi 001010000000001 \
	--k $K --opc $OPC --sqn 000000000020
expect "ngctl adds subscriber 2 (OP)" "$NGCTL" subscriber add --imsi 001010000000002 \
	--k $K --op $OP
sleep 0.3 # NF registrations reach the NRF (heartbeat-free: one round trip each)
if "$CLIENT" --ausf http://127.0.0.1:$AUSF --udm http://127.0.0.1:$UDM \
	--imsi 001010000000001 --k $K --opc $OPC; then pass; else fail "5G AKA (one process)"; fi
ok=$(metric 'ngcore_ausf_auth_results_total{result="success"}')
expect "metrics count successful authentications (got ${ok:-none})" [ "${ok:-0}" -ge 2 ]
conf=$(metric 'ngcore_udm_requests_total{op="generate_auth_data",status="404"}')
expect "metrics count the unknown subscriber at the UDM (got ${conf:-none})" [ "${conf:-0}" -ge 1 ]
stop_all
expect "no NF logged an error (A)" bash -c "! grep -E ' ERROR |Sanitizer|runtime error' '$tmp/a.log'"

echo "== B: one process per NF"
"$NGCORE" -c "$tmp/ngcore.yaml" --nf nrf >"$tmp/b-nrf.log" 2>&1 &
pids+=($!)
sleep 0.2
"$NGCORE" -c "$tmp/ngcore.yaml" --nf udr,mgmt >"$tmp/b-udr.log" 2>&1 &
pids+=($!)
"$NGCORE" -c "$tmp/ngcore.yaml" --nf udm >"$tmp/b-udm.log" 2>&1 &
pids+=($!)
"$NGCORE" -c "$tmp/ngcore.yaml" --nf ausf >"$tmp/b-ausf.log" 2>&1 &
pids+=($!)
expect "the UDR process serves the management API" wait_mgmt
sleep 0.3
# Subscriber 2 was provisioned with OP: the UDM derives OPc (same K, OP of set 1).
if "$CLIENT" --ausf http://127.0.0.1:$AUSF --udm http://127.0.0.1:$UDM \
	--imsi 001010000000002 --k $K --opc $OPC; then pass; else fail "5G AKA (separate processes)"; fi
stop_all
expect "no NF logged an error (B)" bash -c "! grep -E ' ERROR |Sanitizer|runtime error' '$tmp/b-'*.log"

echo "$checks checks, $fails failed"
if [ "$fails" -ne 0 ]; then
	for f in "$tmp"/*.log; do echo "--- $f"; tail -20 "$f"; done >&2
	exit 1
fi
exit 0
