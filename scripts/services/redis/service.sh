# shellcheck shell=bash
# Redis from Debian's `redis-server` package, for the out-of-tree Redis Streams plugin
# (examples/redis-streams-plugin). Not started by default: `up.sh redis`.
#   REDIS_URL=redis://127.0.0.1:6379
# Persistence is off (no RDB, no AOF): a restart is an empty server, like mongo and pubsub.
# Sourced by lib.sh (load_service).

redis_PORTS="6379"
redis_ADDR="REDIS_URL=redis://127.0.0.1:6379"
redis_START_TIMEOUT="${MSTREAM_REDIS_START_TIMEOUT:-30}"
redis_STOP_GRACE=10

redis_prereqs() {
  need_cmd redis-server "Install Redis from Debian: apt-get update && apt-get install -y redis-server." || return 1
}

redis_prepare() { mkdir -p "$(svc_dir redis)/data"; }

redis_command() {
  # --daemonize no: the recorded pid must be the server itself (lib.sh kills its group).
  LAUNCH_CMD=(redis-server --bind 127.0.0.1 --port 6379 --protected-mode yes --daemonize no
    --dir "$(svc_dir redis)/data" --save "" --appendonly no --loglevel warning --maxmemory 256mb)
}

# A real RESP round trip (PING -> +PONG) in pure bash, so redis-cli is not required.
redis_check() {
  timeout "${1:-5}" bash -c 'exec 3<>/dev/tcp/127.0.0.1/6379 && printf "PING\r\n" >&3 && read -r -t 3 reply <&3 && [[ "$reply" == +PONG* ]]' 2>/dev/null
}
