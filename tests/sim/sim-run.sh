#!/usr/bin/env bash
# sim-run.sh CASE NGSIM FAKE_AMF SRCDIR — ngsim against the scripted fake AMF.
#
# Starts fake_amf on its own UDP encapsulation port on loopback, runs ngsim
# (a scenario from scenarios/CASE.yaml, or a load), and checks: ngsim's exit
# status and a line its output must contain, the fake AMF's exit status (it
# fails on any protocol violation it saw from ngsim) and a line of its
# summary. Fails (never skips) when something is missing. Kills only what
# it started.
set -uo pipefail
case=${1:?case} ngsim=${2:?ngsim} amf=${3:?fake_amf} src=${4:?source dir}
work=$(mktemp -d /tmp/ngsim-test.XXXXXX)
amf_pid=
cleanup() {
	[ -n "$amf_pid" ] && kill "$amf_pid" 2>/dev/null && wait "$amf_pid" 2>/dev/null
	rm -rf "$work"
}
trap cleanup EXIT
fail() { echo "FAIL ($case): $*" >&2; echo "--- ngsim:" >&2; cat "$work/ngsim.out" >&2 2>/dev/null;
	echo "--- fake-amf:" >&2; cat "$work/amf.out" "$work/amf.err" >&2 2>/dev/null; exit 1; }

[ -x "$ngsim" ] || fail "ngsim not built: $ngsim"
[ -x "$amf" ] || fail "fake_amf not built: $amf"

# What each case runs and expects:
#   mode   fake_amf mode          amf_args  extra fake_amf options
#   rc     ngsim's exit status    want      text ngsim must print
#   amf_rc fake_amf's exit status amf_want  text of the fake AMF's summary
mode=ok amf_args= rc=0 want="PASS" amf_rc=0 amf_want="violations 0" load=
case "$case" in
register_deregister) amf_args="--expect-registrations 1"; amf_want="deregistrations 1" ;;
suci_profiles_null_a_b) amf_args="--expect-registrations 9"; amf_want="deregistrations 9" ;;
guti_reregistration) amf_args="--expect-registrations 2"; amf_want="identities 0" ;;
identity_request) mode=identity; amf_args="--expect-registrations 1"; amf_want="identities 1" ;;
auth_mac_failure_rejected) amf_args="--expect-registrations 1"; amf_want="auth-rejects 1" ;;
auth_synch_failure_resyncs) amf_args="--expect-registrations 1 --expect-resyncs 1" ;;
sqn_out_of_range_resyncs) amf_args="--expect-registrations 1 --expect-resyncs 1" ;;
release_service_periodic_mobility) amf_args="--expect-registrations 3"; amf_want="services 1" ;;
switch_off) amf_args="--expect-registrations 1"; amf_want="deregistrations 1" ;;
nia0_only_refused) amf_args="--expect-registrations 0" ;;
association_break_and_setup) amf_args="--expect-registrations 2" ;;
ng_reset) amf_want="resets 1" ;;
ng_setup_failure) mode=setup-fail; amf_want="registrations 0" ;;
registration_reject_cause) mode=reject ;;
smc_bad_mac_reported) mode=bad-mac; rc=1; want="Security mode command: MAC check failed" ;;
unexpected_message_reported) mode=unexpected; rc=1
	want="unexpected Deregistration accept"; amf_want="statuses 1" ;;
undecodable_nas_reported) mode=garbage; rc=1; want="NAS decode failed" ;;
undecodable_ngap_reported) mode=bad-ngap; rc=1; want="NGAP decode failed"
	amf_want="error-indications 1" ;;
network_selects_nia0_refused) mode=nia0; want="PASS"; amf_want="smc-rejects 1" ;;
load_200_ues) load=1; amf_args="--expect-registrations 200"; want="registration *200 *200 *0"
	amf_want="deregistrations 200" ;;
pdu_session_resource_setup) mode=pdu; amf_args="--expect-registrations 1"
	amf_want="pdu-sessions 1" ;;
issue8_behaviours) amf_args="--expect-registrations 304 --expect-resyncs 1"
	amf_want="auth-rejects 2" ;;
expectation_mismatch_fails) rc=1; want="expected registration_reject, got registration_accept" ;;
*) fail "unknown case" ;;
esac

# Our own UDP encapsulation port: derived from the PID, retried if taken.
for try in 1 2 3 4 5; do
	port=$((30000 + (($$ * 7 + try * 131) % 15000) * 2))
	"$amf" --udp-port "$port" --mode "$mode" $amf_args --time-limit 40 \
		>"$work/amf.out" 2>"$work/amf.err" &
	amf_pid=$!
	for _ in $(seq 50); do
		grep -q listening "$work/amf.out" 2>/dev/null && break
		kill -0 "$amf_pid" 2>/dev/null || break
		sleep 0.1
	done
	grep -q listening "$work/amf.out" 2>/dev/null && break
	wait "$amf_pid" 2>/dev/null
	amf_pid=
done
[ -n "$amf_pid" ] || fail "fake_amf did not start"

if [ -n "$load" ]; then
	sed "s/@UDP@/$port/; s/@LUDP@/$((port + 1))/" "$src/scenarios/load.yaml" >"$work/load.yaml"
	timeout 50 "$ngsim" load --ues 200 --rate 400 --deregister --config "$work/load.yaml" \
		>"$work/ngsim.out" 2>&1
	got=$?
else
	sed "s/@UDP@/$port/; s/@LUDP@/$((port + 1))/" "$src/scenarios/$case.yaml" >"$work/scenario.yaml"
	timeout 50 "$ngsim" run "$work/scenario.yaml" >"$work/ngsim.out" 2>&1
	got=$?
fi
[ "$got" = "$rc" ] || fail "ngsim exited $got, expected $rc"
grep -q -- "$want" "$work/ngsim.out" || fail "ngsim did not print \"$want\""
for _ in $(seq 50); do kill -0 "$amf_pid" 2>/dev/null || break; sleep 0.1; done
kill -0 "$amf_pid" 2>/dev/null && fail "fake_amf still running after ngsim ended"
wait "$amf_pid"
amf_got=$?
amf_pid=
[ "$amf_got" = "$amf_rc" ] || fail "fake_amf exited $amf_got, expected $amf_rc"
grep -q -- "$amf_want" "$work/amf.out" || fail "fake_amf summary lacks \"$amf_want\""
cat "$work/ngsim.out"
tail -1 "$work/amf.out"
echo "ok: $case"
