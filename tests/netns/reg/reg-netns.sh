#!/usr/bin/env bash
# reg-netns.sh CASE NGCORE NGSIM NGCTL — registration end to end between
# network namespaces (issue 8, item 7):
#
#   [gnb ns] ngsim (usrsctp raw)  --veth 10.200.N.0/24, real SCTP-->  [core ns] ngcore:
#                                                  NRF, UDR (SQLite), UDM, AUSF, AMF, mgmt
#
# Each CASE provisions subscribers with ngctl, runs an ngsim scenario that
# must PASS, ends with a registration that must still succeed (the AMF keeps
# serving), checks the AMF's state through the management API where the case
# says so, and checks the capture on the core's veth with tshark: NGAP and
# NAS frames present, none malformed, no Error-level expert item, SCTP CRC32c
# good. The core runs with NEA0 ciphering so that NAS stays readable
# (integrity protection stays on: NIA0 is never used).
#
# Needs root, `ip netns`, tshark. Fails (never skips) without them. Deletes
# every namespace it made and kills only the processes it started.
set -uo pipefail
case_name=${1:?case}
ngcore=$(realpath "${2:?path to ngcore}")
ngsim=$(realpath "${3:?path to ngsim}")
ngctl=$(realpath "${4:?path to ngctl}")
TSHARK=${TSHARK:-$(command -v tshark || true)}

fail() { echo "FAIL ($case_name): $*" >&2; exit 1; }

id=$$
ns_gnb="ngt-reg-gnb-$id"
ns_core="ngt-reg-core-$id"
net=$(( (id % 200) + 30 ))  # 10.200.$net.0/24, inside the namespaces only
core_ip="10.200.$net.1"
gnb_ip="10.200.$net.2"
work=$(mktemp -d /tmp/ngt-reg.XXXXXX)
pids=()
core_pid=""
tshark_pid=""

cleanup() {
	for p in "${pids[@]}"; do kill "$p" 2>/dev/null; done
	for p in "${pids[@]}"; do
		for _ in 1 2 3 4 5 6 7 8 9 10; do kill -0 "$p" 2>/dev/null || break; sleep 0.2; done
		kill -9 "$p" 2>/dev/null
		wait "$p" 2>/dev/null
	done
	ip netns del "$ns_gnb" 2>/dev/null
	ip netns del "$ns_core" 2>/dev/null
	[ -n "${KEEP:-}" ] && echo "kept $work" || rm -rf "$work"
}
trap cleanup EXIT

[ "$(id -u)" -eq 0 ] || fail "needs root (network namespaces, raw sockets)"
[ -n "$TSHARK" ] || fail "tshark is not installed: the capture check is part of this test"
ip netns add "$ns_gnb" || fail "'ip netns add' is not permitted here"
ip netns add "$ns_core" || fail "'ip netns add' failed"
ip -n "$ns_gnb" link set lo up && ip -n "$ns_core" link set lo up || fail "cannot bring lo up"
ip link add "vg$id" netns "$ns_gnb" type veth peer name "vc$id" netns "$ns_core" ||
	fail "cannot create a veth pair"
ip -n "$ns_gnb" addr add "$gnb_ip/24" dev "vg$id" &&
	ip -n "$ns_core" addr add "$core_ip/24" dev "vc$id" &&
	ip -n "$ns_gnb" link set "vg$id" up &&
	ip -n "$ns_core" link set "vc$id" up || fail "cannot configure the veth pair"

in_core() { ip netns exec "$ns_core" "$@"; }
in_gnb() { ip netns exec "$ns_gnb" "$@"; }
api() { in_core curl -s -m 5 "http://127.0.0.1:9090$1"; }

# wait_for CMD...: until CMD succeeds (10 s).
wait_for() {
	local i
	for ((i = 0; i < 100; i++)); do "$@" >/dev/null 2>&1 && return 0; sleep 0.1; done
	return 1
}

# ---- home-network keys (TS 33.501 C.4.3 / C.4.4 test keys) for SUCI A/B ----
echo c53c22208b61860b06c62e5406a7b330c2b577aa5558981510d128247d38bd1d >"$work/hn-a.key"
echo f1ab1074477ebcc7f554ea1c5fc368b1616730155e0041ac447d6301975fecda >"$work/hn-b.key"
printf '1 A hn-a.key\n1 B hn-b.key\n' >"$work/hn-keys.list"
HN_A=5a8d38864820197c3394b92613b20b91633cbd897119273bf8e4a6f4eec0a650
HN_B=0272da71976234ce833a6907425867b82e074d44ef907dfb4b3e21c1c2256ebcd1
K=465b5ce8b199b49faa5f0a2ee238a6bc
OPC=cd63cb71954a9f4e48a5994e37a02baf

unknown_cause=7
[ "$case_name" = unknown_imsi_rejected_with_configured_cause ] && unknown_cause=3

cat >"$work/core.yaml" <<EOF
log: { level: info, file: "$work/core.log" }
data_dir: $work/data
udm: { hn_keys: "$work/hn-keys.list" }
amf:
  n2: { addr: $core_ip, sctp: { backend: usrsctp } }
  tacs: [1, 2]
  ciphering: [NEA0]
  unknown_subscriber_cause: $unknown_cause
EOF

# UE groups: 0..39 null SUCI, 40..69 profile A, 70..99 profile B, 100..104
# spare (null), 105 wrong K, 106 SQN ahead of the network, 107 not provisioned.
ue_groups() {
	cat <<EOF
  - { imsi: "001010000000001", count: 40, k: $K, opc: $OPC, amf_field: "8000" }
  - { imsi: "001010000000041", count: 30, k: $K, opc: $OPC, amf_field: "8000",
      suci_scheme: profile-a, hn_key_id: 1, hn_public_key: $HN_A }
  - { imsi: "001010000000071", count: 30, k: $K, opc: $OPC, amf_field: "8000",
      suci_scheme: profile-b, hn_key_id: 1, hn_public_key: $HN_B }
  - { imsi: "001010000000101", count: 5, k: $K, opc: $OPC, amf_field: "8000" }
  - { imsi: "001010000000106", k: ${1:-$K}, opc: $OPC, amf_field: "8000" }
  - { imsi: "001010000000107", k: $K, opc: $OPC, amf_field: "8000", sqn: ${2:-0} }
  - { imsi: "001010000009999", k: $K, opc: $OPC, amf_field: "8000" }
EOF
}

sim_head() {
	cat <<EOF
log: { level: notice }
sctp: { backend: usrsctp }
step_timeout: 20s
gnbs: [{ name: gnb1, id: 1, plmn: "001-01", tacs: [1, 2], slices: [{ sst: 1 }],
         amfs: [{ address: $core_ip }] }]
EOF
}

# Subscribers as provisioned: the USIMs' K and SQN 0 (UE 105's USIM then has
# the wrong K, UE 106's SQN is ahead); UE 107 (IMSI ...9999) is left out.
{ sim_head; echo "ues:"; ue_groups; } >"$work/provision.yaml"
"$ngsim" subscribers --config "$work/provision.yaml" >"$work/subs-all.csv" ||
	fail "ngsim subscribers"
grep -v '^001010000009999,' "$work/subs-all.csv" >"$work/subs.csv"

# ---- start: capture, core, subscribers ----
# Started with ip netns exec directly (not through a function) so that $! is
# the program itself once ip has exec'ed it, and signals reach it.
ip netns exec "$ns_core" "$TSHARK" -q -B 64 -i "vc$id" -f sctp -w "$work/cap.pcapng" \
	>"$work/tshark.log" 2>&1 &
tshark_pid=$!
pids+=("$tshark_pid")
wait_for grep -q "Capturing on" "$work/tshark.log" || fail "tshark did not start capturing"
sleep 0.5

if [ "$case_name" = amf_in_its_own_process ]; then
	# Item 6: the same configuration file, two processes; the AMF finds the
	# AUSF and the UDM through the other process's NRF.
	ip netns exec "$ns_core" "$ngcore" -c "$work/core.yaml" --nf nrf,udr,udm,ausf,mgmt \
		>"$work/core.out" 2>&1 &
	core_pid=$!
	pids+=("$core_pid")
	wait_for api /api/v1/status || fail "ngcore (NRF, UDR, UDM, AUSF, mgmt) did not come up"
	ip netns exec "$ns_core" "$ngcore" -c "$work/core.yaml" --nf amf >"$work/amf.out" 2>&1 &
	amf_pid=$!
	pids+=("$amf_pid")
else
	ip netns exec "$ns_core" "$ngcore" -c "$work/core.yaml" >"$work/core.out" 2>&1 &
	core_pid=$!
	amf_pid=$core_pid
	pids+=("$core_pid")
fi
wait_for api /api/v1/status || { cat "$work/core.out" "$work/core.log" 2>/dev/null | tail -20; fail "ngcore did not come up"; }
in_core env NGCTL_API=http://127.0.0.1:9090 "$ngctl" subscriber import "$work/subs.csv" >/dev/null ||
	fail "ngctl subscriber import"

# run_sim NAME STEPS [K_OF_UE105] [SQN_OF_UE106]: a scenario that must pass.
run_sim() {
	local name=$1 steps=$2
	{ sim_head; echo "ues:"; ue_groups "${3:-}" "${4:-}"; echo "steps:"; echo "$steps"; } \
		>"$work/$name.yaml"
	if ! in_gnb "$ngsim" run "$work/$name.yaml" >"$work/$name.out" 2>&1; then
		cat "$work/$name.out" >&2
		tail -30 "$work/core.log" >&2
		fail "scenario $name did not pass"
	fi
	kill -0 "$core_pid" 2>/dev/null || fail "ngcore died during $name"
	kill -0 "$amf_pid" 2>/dev/null || fail "the AMF's ngcore died during $name"
}

# amf_status PY-EXPR: evaluates a Python expression over the AMF's status s.
amf_status() {
	api /api/v1/status | python3 -c "import json,sys; s=json.load(sys.stdin)['providers']['amf']; sys.exit(0 if ($1) else 1)"
}

# Every case ends with this: a UE registers and deregisters, so the AMF is
# still serving after whatever the case did to it.
STILL_SERVING='  - { action: register, ue: 100, identity: suci, name: still-serving }
  - { action: deregister, ue: 100 }'

case "$case_name" in
one_ue_registers_and_deregisters)
	run_sim one "  - { action: register, ue: 0, allowed_nssai: [{ sst: 1 }] }
  - { action: deregister, ue: 0 }
$STILL_SERVING"
	;;
hundred_ues_register_with_suci_null_a_b)
	run_sim hundred "  - { action: register, ue: 0, count: 100, allowed_nssai: [{ sst: 1 }] }
  - { action: deregister, ue: 0, count: 100 }
$STILL_SERVING"
	wait_for amf_status "s['ues'].get('REGISTERED', 0) == 0" ||
		fail "UEs left registered after 100 deregistrations"
	;;
guti_reregistration)
	# After deregistration UE and AMF keep the 5G-GUTI and the security
	# context: the next registration uses the 5G-GUTI, integrity protected.
	run_sim guti "  - { action: register, ue: 1 }
  - { action: deregister, ue: 1 }
  - { action: register, ue: 1, identity: guti }
  - { action: release, ue: 1 }
  - { action: register, ue: 1, type: periodic }
  - { action: register, ue: 1, type: mobility, tac: 2 }
  - { action: deregister, ue: 1, switch_off: true }
  - { action: wait, timeout: 300ms }
  - { action: register, ue: 1, identity: guti }
$STILL_SERVING"
	;;
wrong_k_gets_authentication_reject)
	# The network holds K; UE 105's USIM holds another one: MAC failure #20.
	run_sim wrongk "  - { action: register, ue: 105, expect: authentication_reject }
$STILL_SERVING" 00000000000000000000000000000001
	;;
sqn_out_of_range_resynchronises)
	# UE 106's USIM has accepted SQNs far ahead of the network's: #21, AUTS,
	# resynchronisation through AUSF/UDM, then success.
	run_sim resync "  - { action: register, ue: 106 }
  - { action: deregister, ue: 106 }
$STILL_SERVING" "" 1000000
	;;
unknown_imsi_rejected_with_configured_cause)
	run_sim unknown "  - { action: register, ue: 107, expect: registration_reject, cause: $unknown_cause }
$STILL_SERVING"
	;;
association_loss_releases_ues)
	run_sim assoc "  - { action: register, ue: 0, count: 10 }
  - { action: wait, timeout: 200ms }
  - { action: break_association, gnb: 0 }
  - { action: wait, timeout: 500ms }"
	wait_for amf_status "s['ues_connected'] == 0 and len(s['gnbs']) == 0" ||
		fail "the AMF kept UE connections or the gNB after the association was lost"
	amf_status "s['ues'].get('REGISTERED', 0) == 10" ||
		fail "the 10 UEs should stay registered (CM-IDLE) after the association loss"
	run_sim assoc2 "  - { action: register, ue: 0, count: 10, identity: suci }
$STILL_SERVING"
	;;
amf_in_its_own_process)
	# The AMF registered with the NRF and discovered AUSF and UDM there.
	wait_for in_core curl -sf --http2-prior-knowledge "http://127.0.0.1:7777/nnrf-disc/v1/nf-instances?target-nf-type=AMF&requester-nf-type=AMF" ||
		fail "the AMF did not register with the NRF"
	run_sim split "  - { action: register, ue: 0, count: 10, allowed_nssai: [{ sst: 1 }] }
  - { action: deregister, ue: 0, count: 10 }
$STILL_SERVING"
	;;
nia0_only_ue_rejected)
	run_sim nia0 "  - { action: register, ue: 2, nia: [0], expect: registration_reject, cause: 23 }
$STILL_SERVING"
	;;
*)
	fail "unknown case"
	;;
esac

# ---- the capture ----
sleep 0.5
kill -INT "$tshark_pid" 2>/dev/null
for _ in $(seq 50); do kill -0 "$tshark_pid" 2>/dev/null || break; sleep 0.1; done
prefs=(-o nas-5gs.null_decipher:TRUE -o "sctp.checksum:CRC 32c" -o sctp.tsn_analysis:FALSE)
n_ngap=$("$TSHARK" -r "$work/cap.pcapng" "${prefs[@]}" -Y ngap -T fields -e frame.number 2>/dev/null | wc -l)
n_nas=$("$TSHARK" -r "$work/cap.pcapng" "${prefs[@]}" -Y nas-5gs -T fields -e frame.number 2>/dev/null | wc -l)
bad=$("$TSHARK" -r "$work/cap.pcapng" "${prefs[@]}" \
	-Y '_ws.malformed || _ws.expert.severity == 8388608 || sctp.checksum.status == 0' \
	-T fields -e frame.number -e _ws.col.Info 2>/dev/null | head -5)
# Every NAS PDU an NGAP message carries must show its 5GMM message type
# (with NEA0 even the ciphered ones are readable).
n_naspdu=$("$TSHARK" -r "$work/cap.pcapng" "${prefs[@]}" -Y ngap.NAS_PDU -T fields -e frame.number 2>/dev/null | wc -l)
n_typed=$("$TSHARK" -r "$work/cap.pcapng" "${prefs[@]}" \
	-Y 'nas_5gs.mm.message_type || nas_5gs.sm.message_type' -T fields -e frame.number 2>/dev/null | wc -l)
[ "$n_ngap" -gt 0 ] || fail "no NGAP in the capture"
[ "$n_naspdu" -eq "$n_typed" ] || fail "$n_naspdu NGAP messages carry NAS, only $n_typed of them decode"
[ "$n_nas" -gt 0 ] || fail "no NAS in the capture"
[ -z "$bad" ] || fail "tshark flags frames: $bad"
echo "PASS ($case_name): $n_ngap frames with NGAP, $n_nas with NAS, none malformed"
