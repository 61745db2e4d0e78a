#!/bin/sh
# run_oracle.sh GENERATOR TSHARK_CHECK — writes the NAS case file and has
# Wireshark check it (no malformed packet, no error, expected field values).
# A private Wireshark profile turns on "try to detect and decode 5G-EA0
# ciphered messages" so that the NEA0-protected cases are read through.
set -eu
gen=$1 check=$2
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
mkdir -p "$tmp/ws"
echo "nas-5gs.null_decipher: TRUE" > "$tmp/ws/preferences"
export WIRESHARK_CONFIG_DIR="$tmp/ws"
"$gen" "$tmp/nas.cases"
"$check" nas-5gs "$tmp/nas.cases"
