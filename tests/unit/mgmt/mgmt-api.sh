#!/usr/bin/env bash
# mgmt-api.sh NGCORE NGCTL — end to end: starts `ngcore --nf mgmt` on a temporary
# data dir and port, drives the API with ngctl and curl: add/list/show/update/
# delete, duplicates (409), bad values (400 naming the field), wrong content
# type (415), too large (413), a 100,000-line CSV import counted back, an
# all-or-nothing import with a bad line, /metrics and status. Every missing
# piece is a failure, never a skip.
set -uo pipefail

NGCORE=${1:?usage: mgmt-api.sh NGCORE NGCTL}
NGCTL=${2:?usage: mgmt-api.sh NGCORE NGCTL}

fails=0
checks=0
pass() { checks=$((checks + 1)); }
fail() { checks=$((checks + 1)); fails=$((fails + 1)); echo "FAIL: $*" >&2; }
# expect NAME CMD...: the command must succeed
expect() { local n=$1; shift; if "$@"; then pass; else fail "$n"; fi; }

for tool in curl awk grep; do
	command -v "$tool" >/dev/null || { echo "FAIL: $tool is not installed" >&2; exit 1; }
done
[ -x "$NGCORE" ] || { echo "FAIL: $NGCORE is not executable" >&2; exit 1; }
[ -x "$NGCTL" ] || { echo "FAIL: $NGCTL is not executable" >&2; exit 1; }

tmp=$(mktemp -d /tmp/ngcore-mgmt-XXXXXX)
pid=
cleanup() {
	if [ -n "$pid" ] && kill -0 "$pid" 2>/dev/null; then
		kill -TERM "$pid" 2>/dev/null
		for _ in $(seq 50); do kill -0 "$pid" 2>/dev/null || break; sleep 0.1; done
		kill -KILL "$pid" 2>/dev/null
	fi
	rm -rf "$tmp"
}
trap cleanup EXIT

# Start ngcore on a free port (a few tries: another test may hold one).
started=0
for try in 1 2 3 4 5; do
	port=$((20000 + (RANDOM % 30000)))
	cat >"$tmp/ngcore.yaml" <<EOF
data_dir: $tmp/data
log:
  level: notice
mgmt:
  addr: 127.0.0.1
  port: $port
EOF
	"$NGCORE" -c "$tmp/ngcore.yaml" --nf mgmt >"$tmp/ngcore.log" 2>&1 &
	pid=$!
	for _ in $(seq 100); do
		if curl -sf "http://127.0.0.1:$port/api/v1/status" >/dev/null 2>&1; then
			started=1
			break
		fi
		kill -0 "$pid" 2>/dev/null || break
		sleep 0.1
	done
	[ $started = 1 ] && break
	kill -TERM "$pid" 2>/dev/null; wait "$pid" 2>/dev/null; pid=
done
if [ $started != 1 ]; then
	echo "FAIL: ngcore --nf mgmt did not answer on /api/v1/status" >&2
	cat "$tmp/ngcore.log" >&2
	exit 1
fi
API=http://127.0.0.1:$port
ctl() { "$NGCTL" --api "$API" "$@"; }
# http METHOD PATH [curl args...]: prints "STATUS BODY"
http() {
	local m=$1 p=$2; shift 2
	curl -s -o "$tmp/body" -w '%{http_code}' -X "$m" "$API$p" "$@" && echo " $(cat "$tmp/body")"
}

K=465b5ce8b199b49faa5f0a2ee238a6bc
OPC=cd63cb71954a9f4e48a5994e37a02baf

# ---- add / show / list / update / delete with ngctl ----
expect "ngctl add" ctl subscriber add --imsi 001010000000001 --k $K --opc $OPC \
	--sst 1 --sd 010203 --sst 2 --dnn internet --dnn ims --ambr-ul "50 Mbps" \
	--ambr-dl "200 Mbps" --msisdn 4917000001 >/dev/null
out=$(ctl subscriber show 001010000000001)
expect "show names the SUPI" grep -q "supi *imsi-001010000000001" <<<"$out"
expect "show has slice 1/010203" grep -q "slice *sst 1 sd 010203" <<<"$out"
expect "show has the DNN ims" grep -q "dnn *ims " <<<"$out"
expect "show masks K" grep -q "^k *set (write-only)" <<<"$out"
if grep -qi "$K" <<<"$out" || grep -qi "$OPC" <<<"$out"; then fail "show leaked K/OPc"; else pass; fi
json=$(ctl --json subscriber show imsi-001010000000001)
expect "JSON show: k is \"set\"" grep -q '"k": "set"' <<<"$json"
if grep -qi "$K" <<<"$json"; then fail "JSON show leaked K"; else pass; fi
expect "JSON show: uplink 50 Mbps" grep -q '"uplink": "50 Mbps"' <<<"$json"
expect "JSON show: msisdn" grep -q '"msisdn": "4917000001"' <<<"$json"

expect "ngctl add second" ctl subscriber add --imsi 001010000000002 --k $K --op $OPC >/dev/null
out=$(ctl subscriber list)
expect "list shows both" grep -q "^2 of 2 subscribers" <<<"$out"
expect "list row 1" grep -q "^imsi-001010000000001 .*1/010203:internet,ims 2:internet,ims" <<<"$out"
expect "list row 2 defaults" grep -q "^imsi-001010000000002 *8000 000000000000 1 Gbps / 1 Gbps" <<<"$out"

expect "ngctl update" ctl subscriber update 001010000000002 --sqn 3f --amf 9001 --ambr-dl "2 Gbps" >/dev/null
out=$(ctl subscriber show 001010000000002)
expect "update changed SQN" grep -q "^sqn *00000000003f" <<<"$out"
expect "update changed AMF" grep -q "^amf *9001" <<<"$out"
expect "update kept OP" grep -q "^op *set" <<<"$out"
expect "update changed AMBR DL only" grep -q "uplink 1 Gbps, downlink 2 Gbps" <<<"$out"

expect "ngctl delete" ctl subscriber delete 001010000000002 >/dev/null
ctl subscriber show 001010000000002 >/dev/null 2>"$tmp/err"; rc=$?
expect "show after delete exits 1" test $rc = 1
expect "show after delete says 404" grep -q "HTTP 404" "$tmp/err"
expect "error is one line" test "$(wc -l <"$tmp/err")" = 1

# ---- errors: 409, 400 with the field, 415, 413, 405, 404 ----
ctl subscriber add --imsi 001010000000001 --k $K --opc $OPC >/dev/null 2>"$tmp/err"; rc=$?
expect "duplicate add exits 1" test $rc = 1
expect "duplicate add says 409" grep -q "HTTP 409" "$tmp/err"
r=$(http POST /api/v1/subscribers -H 'Content-Type: application/json' \
	-d "{\"supi\":\"imsi-001010000000001\",\"k\":\"$K\",\"opc\":\"$OPC\"}")
expect "duplicate POST is 409" grep -q '^409 .*"field":"supi"' <<<"$r"
r=$(http POST /api/v1/subscribers -H 'Content-Type: application/json' \
	-d "{\"supi\":\"imsi-00101000000000X\",\"k\":\"$K\",\"opc\":\"$OPC\"}")
expect "bad IMSI is 400 field supi" grep -q '^400 .*"field":"supi"' <<<"$r"
r=$(http POST /api/v1/subscribers -H 'Content-Type: application/json' \
	-d "{\"supi\":\"imsi-001010000000003\",\"k\":\"${K}00\",\"opc\":\"$OPC\"}")
expect "long K is 400 field k" grep -q '^400 .*"field":"k"' <<<"$r"
r=$(http POST /api/v1/subscribers -H 'Content-Type: application/json' \
	-d "{\"supi\":\"imsi-001010000000003\",\"k\":\"$K\",\"opc\":\"zz63cb71954a9f4e48a5994e37a02baf\"}")
expect "non-hex OPc is 400 field opc" grep -q '^400 .*"field":"opc"' <<<"$r"
r=$(http POST /api/v1/subscribers -H 'Content-Type: application/json' \
	-d "{\"supi\":\"imsi-001010000000003\",\"k\":\"$K\",\"opc\":\"$OPC\",\"op\":\"$OPC\"}")
expect "OPc and OP together is 400" grep -q '^400 .*"field":"op"' <<<"$r"
r=$(http POST /api/v1/subscribers -H 'Content-Type: application/json' \
	-d "{\"supi\":\"imsi-001010000000003\",\"k\":\"$K\",\"opc\":\"$OPC\",\"slices\":[{\"sst\":1,\"sd\":\"ffffff\"}]}")
expect "SD ffffff is 400 field slices[0].sd" grep -q '^400 .*"field":"slices\[0\].sd"' <<<"$r"
r=$(http POST /api/v1/subscribers -H 'Content-Type: application/json' \
	-d "{\"supi\":\"imsi-001010000000003\",\"k\":\"$K\",\"opc\":\"$OPC\",\"slices\":[{\"sst\":256}]}")
expect "SST 256 is 400 field slices[0].sst" grep -q '^400 .*"field":"slices\[0\].sst"' <<<"$r"
ctl subscriber add --imsi 00101000000000 --k $K --opc $OPC >/dev/null 2>"$tmp/err"; rc=$?
expect "ngctl bad IMSI exits 1 naming the field" grep -q "HTTP 400.*\[field supi\]" "$tmp/err"
ctl subscriber add --imsi 001010000000004 --k 1234 --opc $OPC >/dev/null 2>"$tmp/err"
expect "ngctl bad K names the field" grep -q "HTTP 400.*\[field k\]" "$tmp/err"
r=$(http POST /api/v1/subscribers -H 'Content-Type: text/plain' -d '{}')
expect "wrong content type is 415" grep -q '^415 ' <<<"$r"
head -c 70000 /dev/zero | tr '\0' ' ' >"$tmp/big.json"
r=$(http POST /api/v1/subscribers -H 'Content-Type: application/json' --data-binary @"$tmp/big.json")
expect "70 KB JSON body is 413" grep -q '^413 ' <<<"$r"
r=$(http POST /api/v1/subscribers -H 'Content-Type: application/json' -H 'Transfer-Encoding: chunked' \
	--data-binary @"$tmp/big.json")
expect "70 KB chunked JSON body (no length) is 413" grep -q '^413 ' <<<"$r"
r=$(http DELETE /api/v1/status)
expect "DELETE on status is 405" grep -q '^405 ' <<<"$r"
r=$(http GET /api/v1/nothing)
expect "unknown path is 404" grep -q '^404 ' <<<"$r"
r=$(http PATCH /api/v1/subscribers/imsi-001010000000099 -H 'Content-Type: application/merge-patch+json' -d '{"sqn":"1"}')
expect "PATCH of an unknown SUPI is 404" grep -q '^404 ' <<<"$r"
r=$(http GET '/api/v1/subscribers?limit=0')
expect "limit=0 is 400 field limit" grep -q '^400 .*"field":"limit"' <<<"$r"

# ---- import: 100,000 subscribers in one command ----
awk -v k=$K -v opc=$OPC 'BEGIN {
	print "imsi,k,opc,amf,sqn,sst,sd,dnn,ambr_ul,ambr_dl,msisdn"
	for (i = 0; i < 100000; i++)
		printf "00102%010d,%s,%s,8000,%x,1,010203,internet;ims,100 Mbps,1 Gbps,49%09d\n", i, k, opc, i, i
}' >"$tmp/subs.csv"
expect "CSV has 100,001 lines" test "$(wc -l <"$tmp/subs.csv")" = 100001
out=$(ctl subscriber import "$tmp/subs.csv")
expect "import reports 100000" grep -q "^imported 100000 subscribers" <<<"$out"
total=$(curl -s "$API/api/v1/subscribers?limit=1" | grep -o '"total":[0-9]*')
expect "100,001 subscribers counted back" test "$total" = '"total":100001'
out=$(ctl subscriber show 001020000099999)
expect "the last imported line is there" grep -q "^sqn *00000001869f" <<<"$out"
expect "imported DNN list" grep -q "dnn *ims " <<<"$out"
expect "imported MSISDN" grep -q "^msisdn *49000099999" <<<"$out"
out=$(ctl --json subscriber list --offset 50000 --limit 3)
expect "paging by offset" grep -q '"supi": "imsi-001020000049999"' <<<"$out"
n=$(ctl subscriber list --all | grep -c '^imsi-')
expect "list --all pages through 100,001" test "$n" = 100001

# The same file again: every line a duplicate, nothing imported, 409 on line 2.
ctl subscriber import "$tmp/subs.csv" >/dev/null 2>"$tmp/err"; rc=$?
expect "re-import exits 1" test $rc = 1
expect "re-import: 409 on line 2" grep -q "HTTP 409: line 2: imsi-001020000000000 already exists" "$tmp/err"

# A bad line in the middle: all or nothing, the line and field named.
{
	echo "imsi,k,opc"
	echo "001030000000001,$K,$OPC"
	echo "001030000000002,$K,$OPC"
	echo "001030000000003,${K:0:30},$OPC"
	echo "001030000000004,$K,$OPC"
} >"$tmp/bad.csv"
ctl subscriber import "$tmp/bad.csv" >/dev/null 2>"$tmp/err"; rc=$?
expect "bad CSV exits 1" test $rc = 1
expect "bad CSV names line 4 and field k" grep -q "HTTP 400: line 4: k: expected 32 hex digits \[field k\]; nothing imported" "$tmp/err"
ctl subscriber show 001030000000001 >/dev/null 2>&1
expect "nothing of the bad CSV was imported" test $? = 1
out=$(ctl subscriber import --partial "$tmp/bad.csv" 2>"$tmp/err"); rc=$?
expect "partial import keeps the good lines" grep -q "^imported 3 subscribers" <<<"$out"
expect "partial import reports the bad line" grep -q "1 lines failed; first: line 4" "$tmp/err"
expect "partial import with a failure exits 1" test $rc = 1
r=$(http POST /api/v1/subscribers/import -H 'Content-Type: application/json' -d 'imsi')
expect "import wants text/csv (415)" grep -q '^415 ' <<<"$r"

# ---- metrics and status ----
m=$(ctl metrics)
expect "/metrics has the subscriber gauge" grep -q "^ngcore_subscribers 100004$" <<<"$m"
expect "/metrics counts 409s" grep -q '^ngcore_mgmt_http_responses_total{code="409"} [1-9]' <<<"$m"
expect "/metrics has TYPE lines" grep -q "^# TYPE ngcore_subscribers gauge" <<<"$m"
ct=$(curl -s -o /dev/null -w '%{content_type}' "$API/metrics")
expect "/metrics is Prometheus text" grep -q "^text/plain; version=0.0.4" <<<"$ct"
out=$(ctl status)
expect "status lists the mgmt NF" grep -q "^NFs running  mgmt" <<<"$out"
expect "status counts subscribers" grep -q "100004 subscribers" <<<"$out"

# ---- unreachable API: one line, exit 3 ----
"$NGCTL" --api http://127.0.0.1:1 status >/dev/null 2>"$tmp/err"; rc=$?
expect "unreachable API exits 3" test $rc = 3
expect "unreachable API says so" grep -q "cannot reach the management API" "$tmp/err"

# ---- the store survives a restart; ngcore stops cleanly ----
kill -TERM "$pid"; wait "$pid"; rc=$?
expect "ngcore exits 0 on SIGTERM" test $rc = 0
"$NGCORE" -c "$tmp/ngcore.yaml" --nf mgmt >>"$tmp/ngcore.log" 2>&1 &
pid=$!
for _ in $(seq 100); do curl -sf "$API/api/v1/status" >/dev/null 2>&1 && break; sleep 0.1; done
total=$(curl -s "$API/api/v1/subscribers?limit=1" | grep -o '"total":[0-9]*')
expect "subscribers kept across a restart" test "$total" = '"total":100004'

if grep -qi "$K" "$tmp/ngcore.log"; then fail "the log contains K"; else pass; fi
echo "$checks checks, $fails failed"
[ $fails = 0 ]
