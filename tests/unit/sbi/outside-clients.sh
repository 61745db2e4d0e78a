#!/usr/bin/env bash
# outside-clients.sh NGCORE — HTTP/2 clients that are not ours (nghttp from
# nghttp2-client, curl --http2-prior-knowledge) against `ngcore --nf nrf`
# on loopback: registration, discovery, heartbeat, many streams on one
# connection; every bad request (malformed JSON, wrong content type,
# oversized body, unknown path, unknown API, unknown method, missing
# mandatory member) gets its status with application/problem+json and the
# TS 29.500 cause, and the server keeps serving; then the same NRF with a
# certificate: TLS 1.3 with ALPN h2 only. Fails when a tool is missing.
set -euo pipefail
ngcore=$1

for tool in curl nghttp python3 openssl; do
	command -v "$tool" >/dev/null || { echo "FAIL: $tool is not installed (Debian: curl, nghttp2-client, python3, openssl)"; exit 1; }
done
curl --version | grep -q HTTP2 || { echo "FAIL: this curl has no HTTP/2"; exit 1; }

dir=$(mktemp -d /tmp/ngcore-sbi-outside.XXXXXX)
pid=
tpid=
cleanup() {
	[ -n "$pid" ] && kill "$pid" 2>/dev/null && wait "$pid" 2>/dev/null
	[ -n "$tpid" ] && kill "$tpid" 2>/dev/null && wait "$tpid" 2>/dev/null
	rm -rf "$dir"
}
trap cleanup EXIT

port=$(python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1",0)); print(s.getsockname()[1])')
cat >"$dir/ngcore.yaml" <<EOF
data_dir: $dir/data
log:
  level: notice
nrf:
  sbi:
    addr: 127.0.0.1
    port: $port
    max_body: 2048
EOF
"$ngcore" -c "$dir/ngcore.yaml" --nf nrf >"$dir/ngcore.log" 2>&1 &
pid=$!
base=http://127.0.0.1:$port
for _ in $(seq 50); do
	curl -s --http2-prior-knowledge -o /dev/null "$base/nnrf-nfm/v1/nf-instances" && break
	sleep 0.1
done

fails=0
ok() { echo "ok   $*"; }
bad() { echo "FAIL $*"; fails=$((fails + 1)); }

# curl METHOD PATH [CT [BODY-FILE]] -> sets code, ctype; body in $dir/body
req() {
	local m=$1 p=$2 ct=${3:-} data=${4:-}
	local args=(-s --http2-prior-knowledge -X "$m" -o "$dir/body" -w '%{http_code} %{content_type} %{http_version}\n')
	[ -n "$ct" ] && args+=(-H "content-type: $ct")
	[ -n "$data" ] && args+=(--data-binary "@$data")
	read -r code ctype ver < <(curl "${args[@]}" "$base$p" || echo "000 none 0")
}

# json FIELD-EXPRESSION: evaluates a Python expression on the body as `j`
json() { python3 -c "import json,sys; j=json.load(open('$dir/body')); print($1)" 2>/dev/null || echo "?"; }

expect_problem() { # name status cause
	local name=$1 st=$2 cause=$3
	if [ "$code" = "$st" ] && [ "$ctype" = application/problem+json ] &&
		[ "$(json "j.get('status')")" = "$st" ] && [ "$(json "j.get('cause','')")" = "$cause" ]; then
		ok "$name -> $st problem+json ${cause:-(no cause)}"
	else
		bad "$name -> got $code $ctype $(cat "$dir/body" 2>/dev/null | head -c 300), want $st $cause"
	fi
}

id=4947a69a-f61b-4bc1-b9da-47c9c5d14b64
cat >"$dir/profile.json" <<EOF
{"nfInstanceId":"$id","nfType":"AUSF","nfStatus":"REGISTERED","ipv4Addresses":["127.0.0.1"],
 "nfServices":[{"serviceInstanceId":"1","serviceName":"nausf-auth",
  "versions":[{"apiVersionInUri":"v1","apiFullVersion":"1.2.2"}],"scheme":"http",
  "nfServiceStatus":"REGISTERED","ipEndPoints":[{"ipv4Address":"127.0.0.1","port":8001}]}]}
EOF

# --- good requests -----------------------------------------------------
req PUT "/nnrf-nfm/v1/nf-instances/$id" application/json "$dir/profile.json"
if [ "$code" = 201 ] && [ "$ver" = 2 ] && [ "$(json "j['nfInstanceId']")" = "$id" ]; then
	ok "curl PUT register -> 201 over HTTP/2"
else
	bad "curl PUT register -> $code $ctype HTTP/$ver"
fi

disc="$base/nnrf-disc/v1/nf-instances?target-nf-type=AUSF&requester-nf-type=AMF&service-names=nausf-auth"
nghttp -n -v "$disc" >"$dir/nghttp.v" 2>&1 || true
nghttp "$disc" >"$dir/body" 2>/dev/null || true
if grep -q ':status: 200' "$dir/nghttp.v" && [ "$(json "len(j['nfInstances'])")" = 1 ] &&
	[ "$(json "j['nfInstances'][0]['nfInstanceId']")" = "$id" ]; then
	ok "nghttp GET discovery -> 200 with the AUSF"
else
	bad "nghttp GET discovery: $(grep ':status' "$dir/nghttp.v" | head -1) $(head -c 300 "$dir/body")"
fi

echo '[{"op":"replace","path":"/nfStatus","value":"REGISTERED"}]' >"$dir/hb.json"
nghttp -n -v -d "$dir/hb.json" -H ':method: PATCH' -H 'content-type: application/json-patch+json' \
	"$base/nnrf-nfm/v1/nf-instances/$id" >"$dir/nghttp.v" 2>&1 || true
if grep -q ':status: 204' "$dir/nghttp.v"; then ok "nghttp PATCH heartbeat -> 204"; else bad "nghttp PATCH heartbeat: $(grep ':status' "$dir/nghttp.v")"; fi

nghttp -n -v -m 100 "$disc" >"$dir/nghttp.v" 2>&1 || true
n200=$(grep -c ':status: 200' "$dir/nghttp.v" || true)
nconn=$(grep -c 'Connected' "$dir/nghttp.v" || true)
if [ "$n200" = 100 ] && [ "$nconn" = 1 ]; then
	ok "nghttp 100 concurrent streams on one connection -> 100 x 200"
else
	bad "nghttp -m 100: $n200 answers 200 over $nconn connections"
fi

# --- bad requests --------------------------------------------------------
printf '{"nfInstanceId":"%s","nfType":' "$id" >"$dir/malformed.json"
req PUT "/nnrf-nfm/v1/nf-instances/$id" application/json "$dir/malformed.json"
expect_problem "malformed JSON" 400 INVALID_MSG_FORMAT

req PUT "/nnrf-nfm/v1/nf-instances/$id" text/plain "$dir/profile.json"
expect_problem "wrong content type" 415 ""

python3 -c "print('{\"pad\":\"' + 'x'*4000 + '\"}')" >"$dir/big.json"
req PUT "/nnrf-nfm/v1/nf-instances/$id" application/json "$dir/big.json"
expect_problem "oversized body (4 KB > max_body 2048)" 413 ""

req GET "/nnrf-nfm/v1/no-such-resource"
expect_problem "unknown path" 404 RESOURCE_URI_STRUCTURE_NOT_FOUND

req GET "/nfoo/v1/nf-instances"
expect_problem "unknown API" 400 INVALID_API

curl -s --http2-prior-knowledge -X POST -D "$dir/hdrs" -o "$dir/body" \
	-w '%{http_code} %{content_type}\n' "$base/nnrf-nfm/v1/nf-instances/$id" >"$dir/cw" || true
read -r code ctype <"$dir/cw"
expect_problem "unknown method (POST on an NF instance)" 405 ""
grep -qi '^allow: .*PUT' "$dir/hdrs" && ok "405 carries Allow: $(grep -i '^allow:' "$dir/hdrs" | tr -d '\r' | cut -d' ' -f2-)" || bad "405 without Allow"

python3 -c "import json; p=json.load(open('$dir/profile.json')); del p['nfType']; json.dump(p, open('$dir/nonftype.json','w'))"
req PUT "/nnrf-nfm/v1/nf-instances/$id" application/json "$dir/nonftype.json"
expect_problem "missing mandatory member" 400 MANDATORY_IE_MISSING
[ "$(json "j['invalidParams'][0]['param']")" = /nfType ] && ok "invalidParams names /nfType" || bad "invalidParams: $(cat "$dir/body")"

nghttp -n -v "$base/nnrf-disc/v1/nf-instances?requester-nf-type=AMF" >"$dir/nghttp.v" 2>&1 || true
if grep -q ':status: 400' "$dir/nghttp.v" && grep -q 'content-type: application/problem+json' "$dir/nghttp.v"; then
	ok "nghttp discovery without target-nf-type -> 400 problem+json"
else
	bad "nghttp discovery without target-nf-type: $(grep -E ':status|content-type' "$dir/nghttp.v")"
fi

# --- still serving -------------------------------------------------------
req GET "/nnrf-nfm/v1/nf-instances/$id"
if [ "$code" = 200 ] && kill -0 "$pid" 2>/dev/null; then ok "server still serving after the bad requests"; else bad "server not serving: $code"; fi

kill "$pid"
if wait "$pid"; then ok "ngcore exits 0 on SIGTERM"; else bad "ngcore exit status $?"; fi
pid=

# --- TLS 1.3 with ALPN h2, when a certificate is configured --------------
openssl req -x509 -newkey ec -pkeyopt ec_paramgen_curve:P-256 -nodes -days 1 -subj /CN=ngcore-test \
	-addext subjectAltName=IP:127.0.0.1 -keyout "$dir/key.pem" -out "$dir/cert.pem" 2>/dev/null ||
	bad "openssl could not make a test certificate"
tport=$(python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1",0)); print(s.getsockname()[1])')
cat >"$dir/tls.yaml" <<EOF
data_dir: $dir/data
log:
  level: notice
nrf:
  sbi:
    addr: 127.0.0.1
    port: $tport
    tls_cert: $dir/cert.pem
    tls_key: $dir/key.pem
EOF
"$ngcore" -c "$dir/tls.yaml" --nf nrf >"$dir/tls.log" 2>&1 &
tpid=$!
tbase=https://127.0.0.1:$tport
for _ in $(seq 50); do
	curl -s --cacert "$dir/cert.pem" -o /dev/null "$tbase/nnrf-nfm/v1/nf-instances" && break
	sleep 0.1
done
read -r code ctype ver < <(curl -s --cacert "$dir/cert.pem" --http2 -X PUT -H 'content-type: application/json' \
	--data-binary "@$dir/profile.json" -o "$dir/body" -w '%{http_code} %{content_type} %{http_version}\n' \
	"$tbase/nnrf-nfm/v1/nf-instances/$id" || echo "000 none 0")
if [ "$code" = 201 ] && [ "$ver" = 2 ]; then ok "curl over TLS (ALPN h2) -> 201 HTTP/2"; else bad "curl over TLS: $code HTTP/$ver"; fi
tlsinfo=$(curl -sv --cacert "$dir/cert.pem" -o /dev/null "$tbase/nnrf-nfm/v1/nf-instances/$id" 2>&1 |
	grep -E 'SSL connection using|ALPN' | tr '\n' ' ')
case "$tlsinfo" in
*TLSv1.3*h2* | *h2*TLSv1.3*) ok "TLS 1.3 and h2 negotiated" ;;
*) bad "TLS negotiation: $tlsinfo" ;;
esac
nghttp -n -v "$tbase/nnrf-disc/v1/nf-instances?target-nf-type=AUSF&requester-nf-type=AMF" >"$dir/nghttp.v" 2>&1 || true
if grep -q ':status: 200' "$dir/nghttp.v"; then ok "nghttp over TLS -> 200"; else bad "nghttp over TLS: $(grep -E ':status|ALPN|ERROR' "$dir/nghttp.v" | head -3)"; fi
if curl -s --http1.1 --cacert "$dir/cert.pem" -o /dev/null "$tbase/nnrf-nfm/v1/nf-instances" 2>/dev/null; then
	bad "HTTP/1.1 over TLS was served"
else
	ok "HTTP/1.1 over TLS gets no answer"
fi
if curl -s --tlsv1.2 --tls-max 1.2 --cacert "$dir/cert.pem" -o /dev/null "$tbase/nnrf-nfm/v1/nf-instances" 2>/dev/null; then
	bad "TLS 1.2 was accepted"
else
	ok "TLS 1.2 refused (TLS 1.3 only)"
fi
kill "$tpid"
if wait "$tpid"; then ok "TLS ngcore exits 0 on SIGTERM"; else bad "TLS ngcore exit status $?"; fi
tpid=

echo "$fails failed"
[ "$fails" -eq 0 ] || { echo "--- ngcore log"; cat "$dir/ngcore.log"; exit 1; }
