# shellcheck shell=bash
# Pub/Sub: Google's emulator that ships with gcloud (component
# `pubsub-emulator` / Debian package google-cloud-cli-pubsub-emulator).
#   PUBSUB_EMULATOR_HOST=127.0.0.1:8085
# The emulator keeps everything in memory: a restart is an empty emulator.
# Sourced by lib.sh (load_service).

pubsub_PORTS="8085"
pubsub_ADDR="PUBSUB_EMULATOR_HOST=127.0.0.1:8085"
pubsub_START_TIMEOUT="${MSTREAM_PUBSUB_START_TIMEOUT:-60}"
pubsub_STOP_GRACE=10

# Echo the emulator's own start script, or nothing. MSTREAM_PUBSUB_LAUNCHER=gcloud
# forces the `gcloud beta emulators pubsub start` fallback (for testing it).
pubsub_launcher() {
  [[ "${MSTREAM_PUBSUB_LAUNCHER:-}" == gcloud ]] && return 0
  local root
  root="$(gcloud info --format='value(installation.sdk_root)' 2>/dev/null || true)"
  if [[ -n "$root" && -x "$root/platform/pubsub-emulator/bin/cloud-pubsub-emulator" ]]; then
    echo "$root/platform/pubsub-emulator/bin/cloud-pubsub-emulator"
  fi
}

pubsub_prereqs() {
  need_cmd curl "Install curl (apt-get install curl); it is used for the readiness check." || return 1
  need_cmd gcloud "Install the Google Cloud CLI (Debian package google-cloud-cli) and its Pub/Sub emulator (Debian package google-cloud-cli-pubsub-emulator, or: gcloud components install pubsub-emulator)." || return 1
  need_java17 || return 1
  if [[ -z "$(pubsub_launcher)" && "${MSTREAM_PUBSUB_LAUNCHER:-}" != gcloud ]]; then
    local root
    root="$(gcloud info --format='value(installation.sdk_root)' 2>/dev/null || true)"
    if [[ ! -d "$root/platform/pubsub-emulator" ]]; then
      printf '[services] ERROR: missing prerequisite: the gcloud Pub/Sub emulator component is not installed (no %s/platform/pubsub-emulator). Install the Debian package google-cloud-cli-pubsub-emulator, or: gcloud components install pubsub-emulator.\n' "${root:-<gcloud sdk root>}" >&2
      return 1
    fi
    warn "pubsub: emulator start script not found/executable under $root/platform/pubsub-emulator/bin; falling back to 'gcloud beta emulators pubsub start'"
  fi
}

pubsub_prepare() { mkdir -p "$(svc_dir pubsub)/data"; }

pubsub_command() {
  local launcher d
  d="$(svc_dir pubsub)"
  launcher="$(pubsub_launcher)"
  # JVM options for the emulator's launcher script (it honours this variable).
  export CLOUD_PUBSUB_EMULATOR_OPTS="-Xms64m -Xmx256m -Djava.awt.headless=true"
  if [[ -n "$launcher" ]]; then
    # Preferred: the emulator's own start script. It `exec`s java, so the pid we
    # record is the JVM, and it starts ~1 s faster than the gcloud wrapper.
    # (It has no data-dir option; the emulator is purely in-memory.)
    LAUNCH_CMD=("$launcher" --host=127.0.0.1 --port=8085)
  else
    # Fallback: the gcloud python wrapper, which forks java. setsid + killing the
    # process group in down.sh makes sure the java child does not stay orphaned.
    LAUNCH_CMD=(gcloud beta emulators pubsub start --host-port=127.0.0.1:8085
      --project=test-project --data-dir="$d/data" --quiet)
  fi
}

# The emulator answers GET / with "Ok" once its gRPC/HTTP server is up.
pubsub_check() {
  [[ "$(curl -fsS --max-time "${1:-5}" http://127.0.0.1:8085/ 2>/dev/null)" == Ok* ]]
}
