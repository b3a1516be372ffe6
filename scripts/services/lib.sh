# shellcheck shell=bash
# Shared helpers for scripts/services/{up,down,status}.sh.
#
# Sourced, never run. Each service lives in scripts/services/<name>/service.sh and
# defines four functions that the generic code below drives:
#   <name>_prereqs   fail (return 1) with a clear message when a tool is missing
#   <name>_prepare   one-time / cached work before a start (resolve jars, compile, format)
#   <name>_command   fill the array LAUNCH_CMD with the server command line; it is
#                    exec'd (under setsid) so the pid we record is the server itself
#   <name>_check T   return 0 when the server gives a REAL answer within ~T seconds
# and the variables <name>_PORTS (ports to wait on at shutdown) and <name>_ADDR.
#
# All state (pid files, logs, data, compiled classes, cached classpaths) lives under
# $SERVICES_DIR so a `rm -rf .services` is a full reset.

set -euo pipefail

SERVICES_SCRIPTS_DIR="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
REPO_ROOT="$(cd "$SERVICES_SCRIPTS_DIR/../.." && pwd)"
SERVICES_DIR="${MSTREAM_SERVICES_DIR:-$REPO_ROOT/.services}"
ALL_SERVICES=(kafka mongo pubsub)
# Started only on request (`up.sh redis verdaccio`, or `@requires-services`), never by default.
OPTIONAL_SERVICES=(redis verdaccio registry)

# Everything binds loopback only; these are fixed because tests use fixed addresses.
BIND_HOST=127.0.0.1

# These scripts run unattended (CI=true, no stdin): make sure no tool ever prompts.
export CI="${CI:-true}"
export CLOUDSDK_CORE_DISABLE_PROMPTS=1
# Keep the pubsub client libraries (and gcloud) away from the GCE metadata server.
export METADATA_SERVER_DETECTION=none

log()  { printf '[services] %s\n' "$*"; }
warn() { printf '[services] WARNING: %s\n' "$*" >&2; }
die()  { printf '[services] ERROR: %s\n' "$*" >&2; exit 1; }

now_ms() { date +%s%3N; }
elapsed() { # elapsed <start_ms> -> "1.23s"
  local d=$(( $(now_ms) - $1 ))
  printf '%d.%02ds' $((d / 1000)) $(((d % 1000) / 10))
}

need_cmd() { # need_cmd <cmd> <what to do about it>
  command -v "$1" >/dev/null 2>&1 || { printf '[services] ERROR: missing prerequisite: `%s` not found on PATH. %s\n' "$1" "$2" >&2; return 1; }
}

# Java 17+ is needed by all three servers (Kafka 4.x brokers require 17).
need_java17() {
  need_cmd java "Install a JDK 17+ (e.g. apt-get install openjdk-17-jdk-headless)." || return 1
  local v
  v="$(java -XshowSettings:properties -version 2>&1 | awk -F'= ' '/java.specification.version/{print $2}')"
  if [[ -z "$v" || "${v%%.*}" -lt 17 ]]; then
    printf '[services] ERROR: missing prerequisite: Java 17+ required, found java.specification.version=%s\n' "${v:-unknown}" >&2
    return 1
  fi
}

svc_dir()  { echo "$SERVICES_DIR/$1"; }
pid_file() { echo "$SERVICES_DIR/$1/pid"; }

# Start time of a process (clock ticks since boot, field 22 of /proc/PID/stat).
# Stored next to the pid so a stale pid file whose pid got reused by some other
# process (e.g. after a reboot) is not mistaken for our server.
proc_start() { awk '{ sub(/^.*\) /, ""); print $20 }' "/proc/$1/stat" 2>/dev/null || true; }

write_pid_file() { echo "$2 $(proc_start "$2")" >"$(pid_file "$1")"; }

# Echo the recorded pid if that very process is still alive, else nothing.
svc_pid() {
  local f pid start
  f="$(pid_file "$1")"
  [[ -f "$f" ]] || return 0
  read -r pid start <"$f" || true
  [[ -n "$pid" ]] && kill -0 "$pid" 2>/dev/null || return 0
  [[ -z "$start" || "$(proc_start "$pid")" == "$start" ]] && echo "$pid"
  return 0
}

# Is anything listening on 127.0.0.1:<port>? (pure bash, no ss/nc needed)
port_open() {
  (exec 3<>"/dev/tcp/$BIND_HOST/$1") 2>/dev/null
}

# Any process left in process group <pgid>?
pgroup_alive() {
  local pgid=$1
  # kill -0 on a negative pid checks for any member of the group.
  kill -0 -- "-$pgid" 2>/dev/null
}

# Print the last lines of every log of a service, to explain a failure.
print_log_tail() {
  local name=$1 f
  # maven.log is left out: resolve_classpath prints its own errors.
  for f in "$(svc_dir "$name")"/*.out.log "$(svc_dir "$name")"/format.log "$(svc_dir "$name")"/logs/*.log; do
    [[ -f "$f" ]] || continue
    printf '[services] ---- last 40 lines of %s ----\n' "$f" >&2
    tail -n 40 "$f" >&2 || true
  done
  printf '[services] ---- end of log ----\n' >&2
}

# Terminate the process group of <pid>: TERM, wait up to <grace> s, then KILL.
kill_group() {
  local pid=$1 grace=${2:-20} pgid i
  pgid="$(ps -o pgid= -p "$pid" 2>/dev/null | tr -d ' ' || true)"
  [[ -n "$pgid" ]] || pgid=$pid
  # Never signal our own group (would kill the calling script); should not happen
  # because every server is started with setsid.
  if [[ "$pgid" == "$(ps -o pgid= -p $$ | tr -d ' ')" ]]; then
    kill -TERM "$pid" 2>/dev/null || true
    pgid=$pid
  else
    kill -TERM -- "-$pgid" 2>/dev/null || true
  fi
  for ((i = 0; i < grace * 10; i++)); do
    pgroup_alive "$pgid" || kill -0 "$pid" 2>/dev/null || return 0
    sleep 0.1
  done
  warn "process group $pgid did not stop after ${grace}s, sending SIGKILL"
  kill -KILL -- "-$pgid" 2>/dev/null || kill -KILL "$pid" 2>/dev/null || true
  for ((i = 0; i < 50; i++)); do
    pgroup_alive "$pgid" || return 0
    sleep 0.1
  done
  warn "process group $pgid still alive after SIGKILL"
  return 1
}

wait_ports_closed() { # wait_ports_closed <timeout_s> port...
  local t=$1 p i
  shift
  for p in "$@"; do
    for ((i = 0; i < t * 10; i++)); do
      port_open "$p" || continue 2
      sleep 0.1
    done
    warn "port $p still open after ${t}s"
    return 1
  done
}

load_service() {
  local name=$1
  case "$name" in
    kafka | mongo | pubsub | redis | verdaccio | registry) ;;
    *) die "unknown service '$name' (known: ${ALL_SERVICES[*]} ${OPTIONAL_SERVICES[*]})" ;;
  esac
  # shellcheck source=/dev/null
  source "$SERVICES_SCRIPTS_DIR/$name/service.sh"
}

ports_of() { local v="${1}_PORTS"; echo "${!v}"; }
addr_of()  { local v="${1}_ADDR"; echo "${!v}"; }
timeout_of() { local v="${1}_START_TIMEOUT"; echo "${!v:-120}"; }

# ---------------------------------------------------------------------------
# up / down / status for one service
# ---------------------------------------------------------------------------

# Serialize up/down of one service across processes (e.g. several test workers
# calling up.sh at once): the second caller waits, then finds it "already up".
lock_service() {
  command -v flock >/dev/null 2>&1 || return 0
  exec {SERVICE_LOCK_FD}>"$(svc_dir "$1")/.lock"
  flock -w 600 "$SERVICE_LOCK_FD" || die "$1: could not get $(svc_dir "$1")/.lock within 600s"
}
unlock_service() { [[ -n "${SERVICE_LOCK_FD:-}" ]] && exec {SERVICE_LOCK_FD}>&- || true; }

svc_up() {
  local name=$1
  load_service "$name"
  mkdir -p "$(svc_dir "$name")"
  lock_service "$name"
  svc_up_locked "$name"
  unlock_service
}

svc_up_locked() {
  local name=$1 pid port
  local t0 ports timeout
  t0=$(now_ms)
  ports="$(ports_of "$name")"
  timeout="$(timeout_of "$name")"

  pid="$(svc_pid "$name")"
  if [[ -n "$pid" ]]; then
    # Ours and alive: it may still be starting (a parallel `up`), so give it the
    # normal start timeout to answer.
    if "${name}_check" 5 || "${name}_check" "$timeout"; then
      log "$name: already up (pid $pid) at $(addr_of "$name")"
      return 0
    fi
    warn "$name: pid $pid is alive but does not answer; restarting it"
    print_log_tail "$name"
    kill_group "$pid" 20 || true
  fi
  rm -f "$(pid_file "$name")"

  # Something we did not start is on our ports.
  for port in $ports; do
    if port_open "$port"; then
      if "${name}_check" 5; then
        log "$name: something not started by these scripts already answers at $(addr_of "$name"); using it as is (down.sh will not stop it)"
        return 0
      fi
      die "$name: port $BIND_HOST:$port is in use by another process that is not a working $name; free it first (e.g. ss -ltnp | grep :$port)"
    fi
  done

  "${name}_prereqs" || exit 1
  "${name}_prepare"

  log "$name: starting on $(addr_of "$name") ..."
  # setsid: the server gets its own process group, so down.sh can kill the whole
  # tree (wrapper scripts, forked children) with one signal and nothing is orphaned.
  # stdin from /dev/null: never block on / react to a terminal.
  local out
  out="$(svc_dir "$name")/$name.out.log"
  : >"$out"
  LAUNCH_CMD=()
  "${name}_command"
  printf '[%s] exec: %s\n' "$(date -Is)" "${LAUNCH_CMD[*]}" >>"$out"
  # The lock fd must not leak into the server, or it would hold the lock forever.
  (
    if [[ -n "${SERVICE_LOCK_FD:-}" ]]; then exec {SERVICE_LOCK_FD}>&-; fi
    cd "$(svc_dir "$name")" && exec setsid "${LAUNCH_CMD[@]}" </dev/null >>"$out" 2>&1
  ) &
  pid=$!
  # $! is the subshell that exec'd setsid; setsid does not fork (we are not a group
  # leader), then it execs the server, so $! is the server / group leader.
  write_pid_file "$name" "$pid"

  # Wait for a real answer, but notice early if the process died.
  local deadline=$(( $(date +%s) + timeout ))
  while :; do
    if ! kill -0 "$pid" 2>/dev/null; then
      rm -f "$(pid_file "$name")"
      printf '[services] ERROR: %s exited during startup (see %s)\n' "$name" "$(svc_dir "$name")" >&2
      print_log_tail "$name"
      exit 1
    fi
    # Cheap port probe first; the real check (which may start a JVM) only once
    # something listens.
    if port_open "${ports%% *}" && "${name}_check" 5; then
      break
    fi
    if (($(date +%s) >= deadline)); then
      printf '[services] ERROR: %s did not answer at %s within %ss\n' "$name" "$(addr_of "$name")" "$timeout" >&2
      print_log_tail "$name"
      kill_group "$pid" 10 || true
      rm -f "$(pid_file "$name")"
      exit 1
    fi
    sleep 0.3
  done
  if declare -F "${name}_after_start" >/dev/null; then
    "${name}_after_start" || { print_log_tail "$name"; die "$name: post-start step failed"; }
  fi
  log "$name: up (pid $pid) at $(addr_of "$name") in $(elapsed "$t0")"
}

svc_down() {
  load_service "$1"
  mkdir -p "$(svc_dir "$1")"
  lock_service "$1"
  svc_down_locked "$1"
  unlock_service
}

svc_down_locked() {
  local name=$1 pid port ports
  ports="$(ports_of "$name")"
  pid="$(svc_pid "$name")"
  if [[ -z "$pid" ]]; then
    rm -f "$(pid_file "$name")"
    for port in $ports; do
      if port_open "$port"; then
        warn "$name: not started by these scripts, but $BIND_HOST:$port is in use by another process; leaving it alone"
        return 0
      fi
    done
    log "$name: already down"
    return 0
  fi
  log "$name: stopping (pid $pid) ..."
  local grace_var="${name}_STOP_GRACE"
  kill_group "$pid" "${!grace_var:-20}" || true
  rm -f "$(pid_file "$name")"
  # shellcheck disable=SC2086
  wait_ports_closed 15 $ports || die "$name: ports still open after stop"
  log "$name: down"
}

# Returns 0 when up and answering, 1 otherwise.
svc_status() {
  local name=$1 pid
  load_service "$name"
  pid="$(svc_pid "$name")"
  if [[ -n "$pid" ]]; then
    if "${name}_check" 5; then
      log "$name: UP      pid $pid  $(addr_of "$name")  logs: $(svc_dir "$name")"
      return 0
    fi
    log "$name: BROKEN  pid $pid alive but not answering at $(addr_of "$name")  logs: $(svc_dir "$name")"
    return 1
  fi
  local port
  for port in $(ports_of "$name"); do
    if port_open "$port"; then
      if "${name}_check" 5; then
        log "$name: UP      (not started by these scripts) $(addr_of "$name")"
        return 0
      fi
      log "$name: DOWN    but $BIND_HOST:$port is in use by something else"
      return 1
    fi
  done
  log "$name: DOWN"
  return 1
}

# Parse "[svc ...]" args (default: all) into the global SERVICES.
# -h/--help prints the calling script's header comment; unknown names exit 2.
parse_services() {
  SERVICES=("$@")
  (($# > 0)) || SERVICES=("${ALL_SERVICES[@]}")
  local s
  for s in "${SERVICES[@]}"; do
    case "$s" in
      kafka | mongo | pubsub | redis | verdaccio | registry) ;;
      -h | --help) script_usage; exit 0 ;;
      *) script_usage >&2; printf '[services] ERROR: unknown service %s (known: %s)\n' "'$s'" "${ALL_SERVICES[*]} ${OPTIONAL_SERVICES[*]}" >&2; exit 2 ;;
    esac
  done
}

# Print the header comment of the running script (lines 2.. up to the first non-comment).
script_usage() { awk 'NR > 1 && /^#/ { sub(/^# ?/, ""); print; next } NR > 1 { exit }' "$0"; }

# ---------------------------------------------------------------------------
# Maven classpath cache + javac helper (used by kafka and mongo)
# ---------------------------------------------------------------------------

# resolve_classpath <name> <dir with pom.xml>
# Echoes the runtime classpath. Jars go to the normal Maven local repo (~/.m2) so
# every later run reuses them; the computed classpath is cached in the scratch dir,
# keyed by the pom's checksum, so a warm start does not run Maven at all (~0 s
# instead of ~5 s). The cache is rebuilt when the pom changes or a jar vanished.
resolve_classpath() {
  local name=$1 pomdir=$2 cache key cp jar ok=1
  cache="$(svc_dir "$name")/classpath.txt"
  key="$(sha256sum "$pomdir/pom.xml" | cut -c1-16)"
  if [[ -f "$cache" && -f "$cache.key" && "$(cat "$cache.key")" == "$key" ]]; then
    cp="$(cat "$cache")"
    local IFS=:
    for jar in $cp; do [[ -f "$jar" ]] || { ok=0; break; }; done
    if ((ok)); then echo "$cp"; return 0; fi
  fi
  need_cmd mvn "Install Maven 3 (e.g. apt-get install maven); it downloads the $name jars from Maven Central into ~/.m2." >&2 || exit 1
  log "$name: resolving jars with Maven (first run downloads them into ~/.m2; may take a few minutes) ..." >&2
  local mlog="$(svc_dir "$name")/maven.log"
  if ! (cd "$pomdir" && mvn -B -q --no-transfer-progress -Dstyle.color=never dependency:build-classpath \
        -Dmdep.outputFile="$cache.tmp" -Dmdep.includeScope=runtime) >"$mlog" 2>&1; then
    printf '[services] ERROR: %s: Maven could not resolve the jars (see %s):\n' "$name" "$mlog" >&2
    tail -n 30 "$mlog" >&2
    exit 1
  fi
  mv "$cache.tmp" "$cache"
  echo "$key" >"$cache.key"
  cat "$cache"
}

# compile_java <name> <classpath> <src.java...>
# Compiles small launcher/check classes once into <scratch>/<name>/classes;
# recompiles only when a source file changed.
compile_java() {
  local name=$1 cp=$2
  shift 2
  local out key
  out="$(svc_dir "$name")/classes"
  key="$(cat "$@" | sha256sum | cut -c1-16)"
  if [[ -f "$out/.key" && "$(cat "$out/.key")" == "$key" ]]; then return 0; fi
  need_cmd javac "Install a full JDK 17+ (not just a JRE), e.g. apt-get install openjdk-17-jdk-headless." || exit 1
  rm -rf "$out" && mkdir -p "$out"
  javac -nowarn -d "$out" -cp "$cp" "$@" || die "$name: javac failed for $*"
  echo "$key" >"$out/.key"
}
