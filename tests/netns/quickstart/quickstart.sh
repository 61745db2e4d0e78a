#!/usr/bin/env bash
# quickstart.sh NGCORE NGCTL NGSIM SRCDIR — the README's quick start, as a
# test: ngcore on embedded defaults (only data_dir moved to a temp dir), a
# subscriber added with ngctl, docs/examples/register.yaml run by ngsim,
# ngctl status, then SIGTERM must stop ngcore with status 0.
# Runs in a network namespace of its own (its loopback only), so the default
# ports and the raw SCTP socket meet no other test. Fails, never skips.
set -uo pipefail
ngcore=$(readlink -f "$1") ngctl=$(readlink -f "$2") ngsim=$(readlink -f "$3") src=$4
ns=ngq$$
work=$(mktemp -d /tmp/ngcore-quickstart.XXXXXX)
pid=
cleanup() {
	[ -n "$pid" ] && kill -TERM "$pid" 2>/dev/null && wait "$pid" 2>/dev/null
	ip netns del "$ns" 2>/dev/null
	rm -rf "$work"
}
trap cleanup EXIT
fail() { echo "FAIL: $*"; echo "--- ngcore log:"; tail -30 "$work/ngcore.log"; exit 1; }

for x in "$ngcore" "$ngctl" "$ngsim"; do [ -x "$x" ] || fail "not built: $x"; done
ip netns add "$ns" || fail "cannot create a network namespace (root and iproute2 needed)"
ip -n "$ns" link set lo up || fail "cannot bring up lo in $ns"
in_ns() { ip netns exec "$ns" "$@"; }

printf 'data_dir: %s/data\n' "$work" >"$work/ngcore.yaml"
# Not through the in_ns function: $! must be ngcore itself, not a subshell.
ip netns exec "$ns" "$ngcore" -c "$work/ngcore.yaml" >"$work/ngcore.log" 2>&1 &
pid=$!
for _ in $(seq 100); do
	grep -q "running 6 NFs" "$work/ngcore.log" && break
	kill -0 "$pid" 2>/dev/null || fail "ngcore exited at start"
	sleep 0.1
done
grep -q "running 6 NFs" "$work/ngcore.log" || fail "ngcore did not start its six NFs"

in_ns "$ngctl" subscriber add --imsi 001010000000001 --k 465b5ce8b199b49faa5f0a2ee238a6bc \
	--opc cd63cb71954a9f4e48a5994e37a02baf || fail "ngctl subscriber add"
# The AMF may still be registering with the NRF, and NG Setup needs it up.
out=
for _ in 1 2 3; do
	out=$(in_ns "$ngsim" run "$src/docs/examples/register.yaml" 2>&1) && break
	sleep 1
done
echo "$out"
grep -q "^PASS: 2 steps" <<<"$out" || fail "ngsim did not pass the quick-start scenario"
st=$(in_ns "$ngctl" status) || fail "ngctl status"
echo "$st"
grep -q "amf" <<<"$st" || fail "ngctl status shows no AMF"

kill -TERM "$pid"
wait "$pid"
rc=$?
pid=
[ "$rc" -eq 0 ] || fail "ngcore exited $rc on SIGTERM"
grep -qiE "465b5ce8b199b49faa5f0a2ee238a6bc|cd63cb71954a9f4e48a5994e37a02baf" "$work/ngcore.log" &&
	fail "a key appears in the log"
echo "quick start: PASS"
