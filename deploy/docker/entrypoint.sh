#!/bin/sh
# The container's entry point. The image listens on 0.0.0.0 (MSTREAM_API_HOST) so a published
# port or a Kubernetes Service can reach it; the host itself would only warn when it is exposed
# without a token, so `start` refuses here instead (exit 2, like any other startup mistake).
# Other commands (validate, --version, plugins list, ...) run as given.
set -eu

refuse() {
  echo "mstream: refusing to start: $1" >&2
  echo "  The container listens on ${MSTREAM_API_HOST:-0.0.0.0}:${MSTREAM_API_PORT:-8719}, so the API must require a token." >&2
  echo "  Set MSTREAM_API_TOKEN, or MSTREAM_API_TOKEN_FILE to a file holding it (e.g. a mounted secret)." >&2
  echo "  Make one with: openssl rand -hex 24" >&2
  exit 2
}

if [ "$#" -eq 0 ]; then set -- start; fi

if [ "$1" = "start" ]; then
  if [ -n "${MSTREAM_API_TOKEN_FILE:-}" ]; then
    # An empty or unreadable file would leave the host without a token; say so before it starts.
    [ -r "$MSTREAM_API_TOKEN_FILE" ] || refuse "MSTREAM_API_TOKEN_FILE=$MSTREAM_API_TOKEN_FILE cannot be read."
    grep -q '[^[:space:]]' "$MSTREAM_API_TOKEN_FILE" || refuse "MSTREAM_API_TOKEN_FILE=$MSTREAM_API_TOKEN_FILE is empty."
  elif [ -z "$(printf '%s' "${MSTREAM_API_TOKEN:-}" | tr -d '[:space:]')" ]; then
    refuse "neither MSTREAM_API_TOKEN nor MSTREAM_API_TOKEN_FILE is set."
  fi
  # The CLI looks for ./mstream-config.toml; in a container the config is mounted instead:
  # MSTREAM_CONFIG names it, else /etc/mstream/mstream-config.toml when present. --config wins.
  config=${MSTREAM_CONFIG:-}
  if [ -z "$config" ] && [ -f /etc/mstream/mstream-config.toml ]; then config=/etc/mstream/mstream-config.toml; fi
  if [ -n "$config" ]; then
    case " $* " in *" --config "*|*" --config="*) ;; *) shift; set -- start --config "$config" "$@" ;; esac
  fi
fi

# exec: node becomes the container's main process and receives SIGTERM itself (graceful drain).
here=$(CDPATH='' cd -- "$(dirname -- "$0")" && pwd)
exec node "$here/../../host/bin/mstream.js" "$@"
