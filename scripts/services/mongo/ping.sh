#!/usr/bin/env bash
# Minimal MongoDB wire-protocol health check in pure bash (no driver, no JVM):
# sends OP_MSG {ping: 1, $db: "admin"} over /dev/tcp and succeeds only if the
# server answers with ok: 1. Usage: ping.sh [host] [port]   (wrap in `timeout`).
set -euo pipefail
host=${1:-127.0.0.1}
port=${2:-27017}

exec 3<>"/dev/tcp/$host/$port"

# OP_MSG (opCode 2013), little-endian:
#   header  : messageLength=51, requestID=1, responseTo=0, opCode=2013
#   flagBits: 0
#   section : kind 0 + BSON {ping: int32 1, $db: "admin"} (30 bytes)
printf '\x33\x00\x00\x00\x01\x00\x00\x00\x00\x00\x00\x00\xdd\x07\x00\x00' >&3
printf '\x00\x00\x00\x00\x00' >&3
printf '\x1e\x00\x00\x00' >&3
printf '\x10ping\x00\x01\x00\x00\x00' >&3
printf '\x02$db\x00\x06\x00\x00\x00admin\x00' >&3
printf '\x00' >&3

# Read exactly messageLength bytes (dd bs=1 never reads past the message).
len=$(dd bs=1 count=4 <&3 2>/dev/null | od -An -tu4 | tr -d ' ')
[[ -n "$len" && "$len" -gt 21 && "$len" -lt 65536 ]] || { echo "bad reply length '$len'" >&2; exit 1; }
body=$(dd bs=1 count=$((len - 4)) <&3 2>/dev/null | od -An -tx1 | tr -d ' \n')
exec 3<&-

# ok: 1 as double (0x01 "ok\0" 1.0) or as int32 (0x10 "ok\0" 1).
if [[ "$body" == *016f6b00000000000000f03f* || "$body" == *106f6b0001000000* ]]; then
  echo "ok"
  exit 0
fi
echo "no ok:1 in reply: $body" >&2
exit 1
