#!/usr/bin/env bash
# sctp-netns.sh MODE SCTP_PEER — SCTP between network namespaces, over usrsctp.
#
#   raw          two namespaces joined by a veth (10.200.N.1 <-> 10.200.N.2),
#                real SCTP (IP protocol 132) on the wire: 10,000 messages on 16
#                streams with PPID 60 echoed back, none lost or reordered;
#                when tshark is there, the capture must show PPID 60 on every
#                DATA chunk and only good CRC32c checksums.
#   udp          the same over RFC 6951 UDP encapsulation on loopback, both
#                ends in one namespace, UDP ports 9899 and 9900.
#   kill-server  raw; the server is SIGKILLed once the association is up:
#                the client must report the association down.
#   kill-client  the same the other way round.
#
# Needs root and `ip netns`; fails (never skips) without them. Cleans up
# every namespace it made and kills only the processes it started.
set -uo pipefail
mode=${1:?mode}
peer=$(realpath "${2:?path to sctp_peer}")
TSHARK=${TSHARK:-$(command -v tshark || true)}

fail() { echo "FAIL: $*" >&2; exit 1; }

id=$$
nsa="ngt-sctp-a-$id"
nsb="ngt-sctp-b-$id"
net=$(( id % 250 + 1 ))       # 10.200.$net.0/24, namespace-local
a_ip="10.200.$net.1" b_ip="10.200.$net.2"
work=$(mktemp -d /tmp/ngt-sctp.XXXXXX)
pids=()

cleanup() {
	for p in "${pids[@]}"; do kill -9 "$p" 2>/dev/null; done
	for p in "${pids[@]}"; do wait "$p" 2>/dev/null; done
	ip netns del "$nsa" 2>/dev/null
	ip netns del "$nsb" 2>/dev/null
	[ -n "${KEEP:-}" ] && echo "kept $work" || rm -rf "$work"
}
trap cleanup EXIT

[ "$(id -u)" -eq 0 ] || fail "needs root (network namespaces, raw sockets)"
ip netns add "$nsa" || fail "'ip netns add' is not permitted here: this test needs network namespaces"
ip netns add "$nsb" || fail "'ip netns add' failed"
ip -n "$nsa" link set lo up && ip -n "$nsb" link set lo up || fail "cannot bring lo up"

if [ "$mode" != udp ]; then
	ip link add "veth-a$id" netns "$nsa" type veth peer name "veth-b$id" netns "$nsb" ||
		fail "cannot create a veth pair"
	ip -n "$nsa" addr add "$a_ip/24" dev "veth-a$id" &&
	ip -n "$nsb" addr add "$b_ip/24" dev "veth-b$id" &&
	ip -n "$nsa" link set "veth-a$id" up &&
	ip -n "$nsb" link set "veth-b$id" up || fail "cannot configure the veth pair"
fi

# wait_for FILE PATTERN SECONDS PID: until PATTERN appears in FILE (or PID dies).
wait_for() {
	local i
	for ((i = 0; i < $3 * 10; i++)); do
		grep -q "$2" "$1" 2>/dev/null && return 0
		kill -0 "$4" 2>/dev/null || { sleep 0.2; grep -q "$2" "$1" 2>/dev/null; return; }
		sleep 0.1
	done
	return 1
}

capture=0
start_capture() {
	[ -n "$TSHARK" ] || { echo "note: tshark not installed: wire check not done"; return; }
	ip netns exec "$nsa" "$TSHARK" -q -B 64 -i "veth-a$id" -f sctp -w "$work/cap.pcapng" \
		>"$work/tshark.log" 2>&1 &
	pids+=($!)
	tpid=$!
	wait_for "$work/tshark.log" "Capturing on" 10 "$tpid" || fail "tshark did not start capturing"
	sleep 1 # "Capturing on" comes a little before packets are really taken
	capture=1
}

check_capture() {
	[ "$capture" = 1 ] || return 0
	sleep 1 # let the capture drain what the kernel still holds
	kill -INT "$tpid"
	wait "$tpid" 2>/dev/null
	local opts=(-r "$work/cap.pcapng" -o 'sctp.checksum:CRC 32c' --disable-protocol ngap)
	local total ppid60 other bad good
	total=$("$TSHARK" "${opts[@]}" -Y 'sctp' -T fields -e frame.number | wc -l)
	good=$("$TSHARK" "${opts[@]}" -Y 'sctp.checksum.status == 1' -T fields -e frame.number | wc -l)
	bad=$("$TSHARK" "${opts[@]}" -Y 'sctp.checksum.status != 1' -T fields -e frame.number | wc -l)
	# One line per DATA chunk's PPID (several chunks may share a packet).
	"$TSHARK" "${opts[@]}" -Y 'sctp.data_payload_proto_id' -T fields \
		-e sctp.data_payload_proto_id -E occurrence=a -E separator=, |
		tr ',' '\n' | sort | uniq -c >"$work/ppids"
	ppid60=$(awk '$2 == 60 { n += $1 } END { print n + 0 }' "$work/ppids")
	other=$(awk '$2 != 60 { n += $1 } END { print n + 0 }' "$work/ppids")
	local shutdown_complete
	shutdown_complete=$("$TSHARK" "${opts[@]}" -Y 'sctp.chunk_type == 14' -T fields -e frame.number | wc -l)
	echo "capture: $total SCTP packets, $good good CRC32c, $bad not good; DATA chunks: $ppid60 with PPID 60, $other other; SHUTDOWN COMPLETE: $shutdown_complete"
	[ "$total" -gt 0 ] || { cat "$work/tshark.log"; fail "no SCTP packets captured on the veth"; }
	[ "$bad" -eq 0 ] || fail "$bad captured SCTP packets without a good CRC32c"
	[ "$good" -eq "$total" ] || fail "checksum status missing on some packets"
	# The capture may miss packets on a busy machine (delivery itself is
	# checked end to end by the peers), so ask for many, not all.
	[ "$ppid60" -ge 1000 ] || fail "expected thousands of DATA chunks with PPID 60, saw $ppid60"
	[ "$ppid60" -ge 20000 ] || echo "note: the capture missed some packets ($ppid60 of at least 20000 DATA chunks seen)"
	[ "$other" -eq 0 ] || fail "$other DATA chunks carry a PPID other than 60"
	[ "$shutdown_complete" -ge 1 ] || fail "no SHUTDOWN COMPLETE on the wire"
}

case "$mode" in
raw | udp)
	if [ "$mode" = raw ]; then
		start_capture
		# auto: kernel SCTP if this kernel has it (it then talks to usrsctp), else usrsctp.
		ip netns exec "$nsa" "$peer" server 0.0.0.0 38412 -b auto -t 120 >"$work/server.log" 2>&1 &
		spid=$!; pids+=($spid)
		ip netns exec "$nsb" "$peer" client "$a_ip" 38412 -t 120 >"$work/client.log" 2>&1 &
		cpid=$!; pids+=($cpid)
	else
		ip netns exec "$nsa" "$peer" server 127.0.0.1 38412 -b usrsctp-udp -l 9899 -r 9900 \
			-t 120 >"$work/server.log" 2>&1 &
		spid=$!; pids+=($spid)
		ip netns exec "$nsa" "$peer" client 127.0.0.1 38412 -b usrsctp-udp -l 9900 -r 9899 \
			-t 120 >"$work/client.log" 2>&1 &
		cpid=$!; pids+=($cpid)
	fi
	wait "$cpid"; crc=$?
	wait "$spid"; src=$?
	cat "$work/server.log" "$work/client.log"
	[ "$crc" -eq 0 ] || fail "client exited $crc"
	[ "$src" -eq 0 ] || fail "server exited $src"
	grep -q '^client: OK' "$work/client.log" || fail "client did not confirm its 10000 echoes"
	grep -q '^server: OK' "$work/server.log" || fail "server did not confirm its 10000 messages"
	[ "$mode" = raw ] && check_capture
	echo "PASS: $mode: 10000 messages on 16 streams with PPID 60, echoed, in order, intact"
	;;
kill-server | kill-client)
	ip netns exec "$nsa" "$peer" server 0.0.0.0 38412 -H -t 60 >"$work/server.log" 2>&1 &
	spid=$!; pids+=($spid)
	ip netns exec "$nsb" "$peer" client "$a_ip" 38412 -H -t 60 >"$work/client.log" 2>&1 &
	cpid=$!; pids+=($cpid)
	wait_for "$work/server.log" '^UP' 30 "$spid" || { cat "$work"/*.log; fail "server never saw the association carry data"; }
	wait_for "$work/client.log" '^UP' 30 "$cpid" || { cat "$work"/*.log; fail "client never saw the association carry data"; }
	if [ "$mode" = kill-server ]; then victim=$spid survivor=$cpid log=client; else victim=$cpid survivor=$spid log=server; fi
	kill -9 "$victim"
	wait "$victim" 2>/dev/null
	wait "$survivor"; rc=$?
	cat "$work/server.log" "$work/client.log"
	[ "$rc" -eq 0 ] || fail "$log exited $rc (3 = never noticed the loss)"
	# No ABORT can come from a killed process: heartbeats/retransmissions give up.
	grep -qE '^DOWN (lost|peer-abort)$' "$work/$log.log" || fail "$log did not report the association down"
	echo "PASS: $mode: the $log reported: $(grep '^DOWN' "$work/$log.log")"
	;;
*)
	fail "unknown mode $mode"
	;;
esac
