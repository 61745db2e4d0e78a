#!/usr/bin/env bash
# nrf-restart.sh NGCORE TEST_NF — SBI between network namespaces:
#
#   ns nrf  10.200.6.1  ngcore --nf nrf        (bridge br0)
#   ns a    10.200.6.2  sbi_test_nf AUSF  --veth--+
#   ns b    10.200.6.3  sbi_test_nf UDM   --veth--+
#
# Both NFs register with the NRF, discover each other and call each other;
# the NRF is then restarted twice (SIGTERM, then SIGKILL) and both NFs must
# register again and find each other again. Fails (never skips) when a tool
# or root is missing. Addresses stay inside 10.200.0.0/16 in the test's own
# namespaces; only the PIDs started here are killed.
set -euo pipefail
ngcore=$1
testnf=$2

[ "$(id -u)" = 0 ] || { echo "FAIL: needs root (network namespaces)"; exit 1; }
for tool in ip curl python3; do
	command -v "$tool" >/dev/null || { echo "FAIL: $tool is not installed"; exit 1; }
done

tag=$$
ns_nrf=ngc-sbi-nrf-$tag ns_a=ngc-sbi-a-$tag ns_b=ngc-sbi-b-$tag
dir=$(mktemp -d /tmp/ngcore-sbi-netns.XXXXXX)
pids=()
nrf_pid=

cleanup() {
	for p in "${pids[@]}" $nrf_pid; do
		kill "$p" 2>/dev/null || true
	done
	for p in "${pids[@]}" $nrf_pid; do
		wait "$p" 2>/dev/null || true
	done
	for n in "$ns_nrf" "$ns_a" "$ns_b"; do
		ip netns del "$n" 2>/dev/null || true
	done
	rm -rf "$dir"
}
trap cleanup EXIT

ip netns add "$ns_nrf"
ip netns add "$ns_a"
ip netns add "$ns_b"
ip -n "$ns_nrf" link add br0 type bridge
ip -n "$ns_nrf" link set br0 up
ip -n "$ns_nrf" addr add 10.200.6.1/24 dev br0
for x in a b; do
	n=ns_$x
	ip link add "va$tag$x" type veth peer name "vb$tag$x"
	ip link set "va$tag$x" netns "${!n}" name eth0
	ip link set "vb$tag$x" netns "$ns_nrf" name "p$x"
	ip -n "$ns_nrf" link set "p$x" master br0 up
	ip -n "${!n}" link set lo up
	ip -n "${!n}" link set eth0 up
done
ip -n "$ns_nrf" link set lo up
ip -n "$ns_a" addr add 10.200.6.2/24 dev eth0
ip -n "$ns_b" addr add 10.200.6.3/24 dev eth0

cat >"$dir/nrf.yaml" <<EOF
data_dir: $dir/data
nrf_uri: http://10.200.6.1:7777
nrf:
  sbi:
    addr: 10.200.6.1
    port: 7777
  heartbeat: 1
  heartbeat_grace: 1s
  validity: 1
EOF

start_nrf() {
	ip netns exec "$ns_nrf" "$ngcore" -c "$dir/nrf.yaml" --nf nrf >>"$dir/nrf.log" 2>&1 &
	nrf_pid=$!
}

wait_for() { # FILE PATTERN COUNT SECONDS
	local i
	for ((i = 0; i < $4 * 10; i++)); do
		[ "$(grep -c -- "$2" "$1" 2>/dev/null || true)" -ge "$3" ] && return 0
		sleep 0.1
	done
	return 1
}

fails=0
check() { # description, command...
	local what=$1
	shift
	if "$@"; then echo "ok   $what"; else echo "FAIL $what"; fails=$((fails + 1)); fi
}

id_a=a1a1a1a1-0000-4000-8000-00000000000a
id_b=b2b2b2b2-0000-4000-8000-00000000000b
start_nrf
ip netns exec "$ns_a" "$testnf" --type AUSF --id $id_a --listen 10.200.6.2:8001 \
	--nrf http://10.200.6.1:7777 --target UDM >"$dir/a.out" 2>"$dir/a.err" &
pids+=($!)
ip netns exec "$ns_b" "$testnf" --type UDM --id $id_b --listen 10.200.6.3:8001 \
	--nrf http://10.200.6.1:7777 --target AUSF >"$dir/b.out" 2>"$dir/b.err" &
pids+=($!)

nf_count() {
	ip netns exec "$ns_nrf" curl -s --http2-prior-knowledge --max-time 2 \
		http://10.200.6.1:7777/nnrf-nfm/v1/nf-instances |
		python3 -c 'import json,sys; print(json.load(sys.stdin)["totalItemCount"])' 2>/dev/null || echo 0
}

check "AUSF registers" wait_for "$dir/a.out" '^REGISTERED 1$' 1 10
check "UDM registers" wait_for "$dir/b.out" '^REGISTERED 1$' 1 10
check "AUSF discovers and calls the UDM" wait_for "$dir/a.out" "^PEER 1 $id_b 200$" 1 10
check "UDM discovers and calls the AUSF" wait_for "$dir/b.out" "^PEER 1 $id_a 200$" 1 10
check "NRF lists both NFs" [ "$(nf_count)" = 2 ]

for round in 2 3; do
	if [ "$round" = 2 ]; then sig=TERM; else sig=KILL; fi
	kill -$sig "$nrf_pid"
	st=0
	wait "$nrf_pid" 2>/dev/null || st=$?
	nrf_pid=
	[ "$sig" = TERM ] && check "NRF exits 0 on SIGTERM" [ "$st" = 0 ]
	sleep 1.5 # at least one heartbeat goes unanswered
	start_nrf
	check "NRF restarted (SIG$sig): AUSF registers again" wait_for "$dir/a.out" "^REGISTERED $round$" 1 15
	check "NRF restarted (SIG$sig): UDM registers again" wait_for "$dir/b.out" "^REGISTERED $round$" 1 15
	check "AUSF finds the UDM again" wait_for "$dir/a.out" "^PEER $round $id_b 200$" 1 10
	check "UDM finds the AUSF again" wait_for "$dir/b.out" "^PEER $round $id_a 200$" 1 10
	check "new NRF lists both NFs" [ "$(nf_count)" = 2 ]
done
check "both NFs noticed the NRF going away" wait_for "$dir/a.out" '^LOST$' 2 1

# An orderly stop deregisters (TS 29.510 5.2.2.4).
kill -TERM "${pids[0]}"
st=0
wait "${pids[0]}" 2>/dev/null || st=$?
pids=("${pids[1]}")
check "AUSF exits 0 after deregistering" [ "$st" = 0 ]
check "AUSF reported its stop" grep -q '^STOPPED$' "$dir/a.out"
check "stopped AUSF deregistered: NRF lists one NF" [ "$(nf_count)" = 1 ]

echo "$fails failed"
if [ "$fails" -ne 0 ]; then
	for f in nrf.log a.out a.err b.out b.err; do
		echo "--- $f"
		tail -40 "$dir/$f"
	done
	exit 1
fi
