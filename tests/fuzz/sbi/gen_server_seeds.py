#!/usr/bin/env python3
"""Writes the seed corpus of fuzz_sbi_server: HTTP/2 frame sequences as a
client sends them after the connection preface (RFC 9113 3.4), one request
or a few per file. Header blocks use HPACK literals without indexing and no
Huffman coding (RFC 7541 6.2.2), plus a few static-table indexed fields, so
the fuzzer has plain names and values to mutate.

  tests/fuzz/sbi/gen_server_seeds.py tests/corpus/sbi_server
  tests/fuzz/sbi/gen_server_seeds.py --nrf tests/corpus/nrf
  tests/fuzz/sbi/gen_server_seeds.py --client tests/corpus/sbi_client
"""
import json
import os
import struct
import sys

DATA, HEADERS, PRIORITY, RST_STREAM, SETTINGS, PING, GOAWAY, WINDOW_UPDATE, CONTINUATION = (
    0, 1, 2, 3, 4, 6, 7, 8, 9)
END_STREAM, END_HEADERS = 0x1, 0x4
UUID = "4947a69a-f61b-4bc1-b9da-47c9c5d14b64"


def frame(ftype, flags, sid, payload=b""):
    return struct.pack(">I", len(payload))[1:] + bytes([ftype, flags]) + struct.pack(">I", sid) + payload


def hint(v, prefix_bits, first=0):
    """RFC 7541 5.1 integer with an N-bit prefix; first holds the high bits."""
    lim = (1 << prefix_bits) - 1
    if v < lim:
        return bytes([first | v])
    out = [first | lim]
    v -= lim
    while v >= 128:
        out.append(v % 128 + 128)
        v //= 128
    out.append(v)
    return bytes(out)


def hstr(s):
    b = s.encode()
    return hint(len(b), 7) + b


def literal(name, value):
    return b"\x00" + hstr(name) + hstr(value)


def block(method, path, extra=()):
    b = b""
    # static table: 2 :method GET, 3 :method POST, 6 :scheme http
    if method == "GET":
        b += b"\x82"
    elif method == "POST":
        b += b"\x83"
    else:
        b += literal(":method", method)
    b += b"\x86" + literal(":path", path) + literal(":authority", "127.0.0.1:7777")
    for n, v in extra:
        b += literal(n, v)
    return b


def request(sid, method, path, body=None, ct="application/json", extra=(), split=0):
    hdrs = list(extra)
    if body is not None:
        if isinstance(body, (dict, list)):
            body = json.dumps(body, separators=(",", ":"))
        if isinstance(body, str):
            body = body.encode()
        if ct:
            hdrs.append(("content-type", ct))
        hdrs.append(("content-length", str(len(body))))
    hb = block(method, path, hdrs)
    out = frame(HEADERS, END_HEADERS | (END_STREAM if body is None else 0), sid, hb)
    if body is not None:
        if split:
            chunks = [body[i:i + split] for i in range(0, len(body), split)] or [b""]
            for i, c in enumerate(chunks):
                out += frame(DATA, END_STREAM if i == len(chunks) - 1 else 0, sid, c)
        else:
            out += frame(DATA, END_STREAM, sid, body)
    return out


PROFILE = {"nfInstanceId": UUID, "nfType": "AUSF", "nfStatus": "REGISTERED",
           "heartBeatTimer": 10, "plmnList": [{"mcc": "001", "mnc": "01"}],
           "ipv4Addresses": ["127.0.0.3"], "sNssais": [{"sst": 1, "sd": "010203"}],
           "nfServices": [{"serviceInstanceId": "1", "serviceName": "nausf-auth",
                           "versions": [{"apiVersionInUri": "v1", "apiFullVersion": "1.0.0"}],
                           "scheme": "http", "nfServiceStatus": "REGISTERED",
                           "ipEndPoints": [{"ipv4Address": "127.0.0.3", "port": 8000}]}]}
NF = "/nnrf-nfm/v1/nf-instances/" + UUID
SNN = "5G:mnc001.mcc001.3gppnetwork.org"
RESYNC = {"rand": "00112233445566778899aabbccddeeff", "auts": "0123456789abcdef0123456789ab"}


def seeds():
    s = {}
    settings = frame(SETTINGS, 0, 0, struct.pack(">HI", 3, 100) + struct.pack(">HI", 4, 65535))
    s["nf-register"] = settings + request(1, "PUT", NF, PROFILE)
    s["nf-register-get-delete"] = (request(1, "PUT", NF, PROFILE) + request(3, "GET", NF) +
                                   request(5, "DELETE", NF) + request(7, "GET", NF))
    s["nf-heartbeat-patch"] = request(1, "PUT", NF, PROFILE) + request(
        3, "PATCH", NF, [{"op": "replace", "path": "/nfStatus", "value": "REGISTERED"},
                         {"op": "add", "path": "/load", "value": 7}],
        ct="application/json-patch+json")
    s["nf-patch-wrong-ct"] = request(1, "PATCH", NF, [{"op": "remove", "path": "/fqdn"}])
    s["nf-register-id-mismatch"] = request(1, "PUT", "/nnrf-nfm/v1/nf-instances/other", PROFILE)
    s["discover"] = request(1, "PUT", NF, PROFILE) + request(
        3, "GET", "/nnrf-disc/v1/nf-instances?target-nf-type=AUSF&requester-nf-type=AMF"
        "&service-names=nausf-auth&snssais=%5B%7B%22sst%22%3A1%2C%22sd%22%3A%22010203%22%7D%5D"
        "&requester-plmn-list=%5B%7B%22mcc%22%3A%22001%22%2C%22mnc%22%3A%2201%22%7D%5D")
    s["discover-bad-query"] = request(1, "GET", "/nnrf-disc/v1/nf-instances?target-nf-type=%zz")
    s["subscribe"] = request(1, "POST", "/nnrf-nfm/v1/subscriptions",
                             {"nfStatusNotificationUri": "http://127.0.0.9:8000/notify",
                              "reqNfType": "AMF", "subscrCond": {"nfType": "AUSF"},
                              "validityTime": "2030-01-01T00:00:00Z"})
    s["ausf-auth"] = request(1, "POST", "/nausf-auth/v1/ue-authentications",
                             {"supiOrSuci": "suci-0-001-01-0000-0-0-0000000001",
                              "servingNetworkName": SNN}, extra=[("3gpp-sbi-message-priority", "7")])
    s["ausf-confirm"] = request(1, "PUT", "/nausf-auth/v1/ue-authentications/1/5g-aka-confirmation",
                                {"resStar": "0102030405060708090a0b0c0d0e0f10"})
    s["udm-generate"] = request(
        1, "POST", "/nudm-ueau/v1/suci-0-001-01-0000-0-0-0000000001/security-information/generate-auth-data",
        {"servingNetworkName": SNN, "ausfInstanceId": UUID, "resynchronizationInfo": RESYNC},
        extra=[("3gpp-sbi-target-apiroot", "http://127.0.0.4:8000"),
               ("3gpp-sbi-callback", "Nudm_UEAU")])
    s["raw-split-body"] = request(1, "POST", "/fuzz/v1/raw/a%20b/c/d", b"\x00\x01binary\xff" * 20,
                                  ct="application/octet-stream", split=37)
    hb = block("POST", "/fuzz/v1/raw/x/y/z", [("content-type", "text/plain"), ("x-a", "1" * 40)])
    s["raw-continuation"] = (frame(HEADERS, 0, 1, hb[:20]) + frame(CONTINUATION, 0, 1, hb[20:45]) +
                             frame(CONTINUATION, END_HEADERS, 1, hb[45:]) + frame(DATA, END_STREAM, 1, b"hi"))
    s["optional-no-body"] = request(1, "POST", "/fuzz/v1/optional")
    s["optional-body"] = request(1, "POST", "/fuzz/v1/optional", {"a": [1, 2]})
    s["later-answered"] = request(1, "GET", "/fuzz/v1/later/1") + request(3, "POST", "/fuzz/v1/later/2", {})
    s["later-reset"] = request(1, "GET", "/fuzz/v1/later/1") + frame(RST_STREAM, 0, 1, struct.pack(">I", 8))
    s["errors"] = (request(1, "GET", "/nope/v1/x") + request(3, "GET", "/nnrf-nfm/v1/nothing") +
                   request(5, "POST", NF, PROFILE) + request(7, "PUT", NF, "not json") +
                   request(9, "PUT", NF, PROFILE, ct="text/plain") + request(11, "PUT", NF) +
                   request(13, "BREW", NF) + request(15, "GET", "relative") +
                   request(17, "PUT", NF, "{}", extra=[("content-length", "99999999")]) +
                   request(19, "GET", "/fuzz/v1/later/%zz"))
    s["many-streams"] = b"".join(request(2 * i + 1, "GET", "/fuzz/v1/later/%d" % i) for i in range(20))
    s["control-frames"] = (frame(PING, 0, 0, b"12345678") + frame(WINDOW_UPDATE, 0, 0, struct.pack(">I", 1000)) +
                           frame(PRIORITY, 0, 1, struct.pack(">IB", 0, 16)) + request(1, "GET", NF) +
                           frame(WINDOW_UPDATE, 0, 1, struct.pack(">I", 100)) +
                           frame(GOAWAY, 0, 0, struct.pack(">II", 1, 0)))
    s["deep-path"] = request(1, "GET", "/" + "/".join(["s"] * 20)) + request(3, "GET", "/a//b///?x")
    return s


def nrf_seeds():
    """Requests to the NRF (nf/nrf) as NFs send them (TS 29.510)."""
    s = {}
    uuid2 = "0a1b2c3d-0000-4000-8000-000000000002"
    smf = {"nfInstanceId": uuid2, "nfType": "SMF", "nfStatus": "REGISTERED", "fqdn": "smf.example",
           "sNssais": [{"sst": 1}], "allowedNfTypes": ["AMF"],
           "smfInfo": {"sNssaiSmfInfoList": [{"sNssai": {"sst": 1},
                                              "dnnSmfInfoList": [{"dnn": "internet"}]}]}}
    reg = request(1, "PUT", NF, PROFILE)
    s["register"] = reg
    s["register-heartbeat"] = reg + request(
        3, "PATCH", NF, [{"op": "replace", "path": "/nfStatus", "value": "REGISTERED"}],
        ct="application/json-patch+json")
    s["register-update-deregister"] = reg + request(3, "PUT", NF, dict(PROFILE, load=50)) + request(
        5, "GET", NF) + request(7, "DELETE", NF) + request(9, "DELETE", NF)
    s["register-list"] = reg + request(3, "PUT", "/nnrf-nfm/v1/nf-instances/" + uuid2, smf) + request(
        5, "GET", "/nnrf-nfm/v1/nf-instances?nf-type=AUSF&limit=1") + request(
        7, "GET", "/nnrf-nfm/v1/nf-instances?nf-type=%zz")
    s["discover-all-params"] = reg + request(3, "PUT", "/nnrf-nfm/v1/nf-instances/" + uuid2, smf) + request(
        5, "GET", "/nnrf-disc/v1/nf-instances?target-nf-type=SMF&requester-nf-type=AMF"
        "&service-names=nsmf-pdusession,nausf-auth&snssais=%5B%7B%22sst%22%3A1%7D%5D"
        "&target-plmn-list=%5B%7B%22mcc%22%3A%22001%22%2C%22mnc%22%3A%2201%22%7D%5D"
        "&dnn=internet&target-nf-instance-id=" + uuid2 + "&limit=3&unknown=1")
    s["discover-errors"] = request(1, "GET", "/nnrf-disc/v1/nf-instances?target-nf-type=AUSF") + request(
        3, "GET", "/nnrf-disc/v1/nf-instances?target-nf-type=AUSF&requester-nf-type=AMF&limit=0") + request(
        5, "GET", "/nnrf-disc/v1/nf-instances?target-nf-type=AUSF&requester-nf-type=AMF&snssais=%7B%7D") + request(
        7, "GET", "/nnrf-disc/v1/nf-instances?target-nf-type=&requester-nf-type=AMF")
    sub = {"nfStatusNotificationUri": "http://127.0.0.1:1/notify", "reqNfType": "AMF",
           "subscrCond": {"nfType": "AUSF"}, "validityTime": "2030-01-01T00:00:00Z",
           "reqNotifEvents": ["NF_REGISTERED", "NF_DEREGISTERED", "NF_PROFILE_CHANGED"]}
    s["subscribe-then-register"] = request(1, "POST", "/nnrf-nfm/v1/subscriptions", sub) + request(
        3, "PUT", NF, PROFILE) + request(5, "PATCH", NF, [{"op": "add", "path": "/load", "value": 9}],
                                         ct="application/json-patch+json") + request(7, "DELETE", NF)
    s["subscription-patch-delete"] = request(1, "POST", "/nnrf-nfm/v1/subscriptions", sub) + request(
        3, "PATCH", "/nnrf-nfm/v1/subscriptions/1",
        [{"op": "replace", "path": "/validityTime", "value": "2031-01-01T00:00:00Z"}],
        ct="application/json-patch+json") + request(5, "DELETE", "/nnrf-nfm/v1/subscriptions/1") + request(
        7, "DELETE", "/nnrf-nfm/v1/subscriptions/1")
    s["too-many-nfs"] = b"".join(
        request(2 * i + 1, "PUT", "/nnrf-nfm/v1/nf-instances/0a1b2c3d-0000-4000-8000-%012d" % i,
                dict(PROFILE, nfInstanceId="0a1b2c3d-0000-4000-8000-%012d" % i)) for i in range(10))
    return s


def response(sid, status, body=None, ct="application/json", extra=(), split=0, end=True):
    """A server's answer on stream sid (the :status pseudo-header first)."""
    hdrs = [(":status", str(status))] + list(extra)
    if body is not None:
        if isinstance(body, (dict, list)):
            body = json.dumps(body, separators=(",", ":"))
        if isinstance(body, str):
            body = body.encode()
        hdrs += [("content-type", ct), ("content-length", str(len(body)))]
    hb = b"".join(literal(n, v) for n, v in hdrs)
    out = frame(HEADERS, END_HEADERS | (END_STREAM if body is None and end else 0), sid, hb)
    if body is not None:
        chunks = [body[i:i + split] for i in range(0, len(body), split)] if split else [body]
        for i, c in enumerate(chunks):
            out += frame(DATA, END_STREAM if i == len(chunks) - 1 else 0, sid, c)
    return out


def client_seeds():
    """Answers to fuzz_sbi_client's three requests (streams 1, 3, 5; a
    retry of the third goes out on stream 7)."""
    s = {}
    problem = {"title": "Service Unavailable", "status": 503, "cause": "NF_CONGESTION",
               "invalidParams": [{"param": "/x", "reason": "y"}]}
    s["all-answered"] = (response(1, 200, {"validityPeriod": 60, "nfInstances": [PROFILE]}) +
                         response(3, 201, PROFILE, extra=[("location", "http://127.0.0.1/x")]) +
                         response(5, 200, {"authResult": "AUTHENTICATION_SUCCESS"}))
    s["problem-then-retry"] = (response(5, 503, problem, ct="application/problem+json") +
                               response(7, 204) + response(1, 404, problem,
                                                           ct="application/problem+json") +
                               response(3, 400, "not json"))
    s["split-bodies"] = (response(1, 200, {"validityPeriod": 1, "nfInstances": [PROFILE, PROFILE]},
                                  split=17) + response(3, 200, PROFILE, split=5))
    s["goaway"] = response(1, 200, {"nfInstances": []}) + frame(GOAWAY, 0, 0, struct.pack(">II", 1, 0))
    s["rst-streams"] = (frame(RST_STREAM, 0, 3, struct.pack(">I", 7)) +
                        frame(RST_STREAM, 0, 5, struct.pack(">I", 2)) + response(1, 500))
    s["informational-and-trailers"] = (response(1, 100, end=False) + response(1, 200, {"a": 1}) +
                                       frame(HEADERS, END_HEADERS | END_STREAM, 3,
                                             literal(":status", "200")) +
                                       frame(HEADERS, END_HEADERS | END_STREAM, 5, literal("x", "y")))
    s["bad-status-and-length"] = (frame(HEADERS, END_HEADERS | END_STREAM, 1, literal(":status", "2x0")) +
                                  response(3, 200, {"a": 1}, extra=[("content-length", "1")]) +
                                  frame(SETTINGS, 0, 0, struct.pack(">HI", 4, 1)) +
                                  frame(PING, 0, 0, b"12345678"))
    s["huge-content-length"] = frame(HEADERS, END_HEADERS, 1, literal(":status", "200") +
                                     literal("content-type", "application/json") +
                                     literal("content-length", "99999999999")) + frame(DATA, 0, 1, b"[" * 100)
    return s


def main():
    args = [a for a in sys.argv[1:] if a not in ("--nrf", "--client")]
    nrf = "--nrf" in sys.argv[1:]
    client = "--client" in sys.argv[1:]
    out = args[0] if args else ("tests/corpus/nrf" if nrf else "tests/corpus/sbi_client"
                                if client else "tests/corpus/sbi_server")
    os.makedirs(out, exist_ok=True)
    for name, data in (nrf_seeds() if nrf else client_seeds() if client else seeds()).items():
        with open(os.path.join(out, name), "wb") as f:
            f.write(data)


if __name__ == "__main__":
    main()
