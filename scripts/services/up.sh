#!/usr/bin/env bash
# Start local test services (real servers on 127.0.0.1) and wait until they answer.
#   bash scripts/services/up.sh [kafka|mongo|pubsub ...]   (default: all three)
# Idempotent: a service that is already up is left alone. See docs/testing.md.
source "$(dirname "${BASH_SOURCE[0]}")/lib.sh"

parse_services "$@"
mkdir -p "$SERVICES_DIR"
t0=$(now_ms)
for s in "${SERVICES[@]}"; do
  svc_up "$s"
done
log "all requested services up (${SERVICES[*]}) in $(elapsed "$t0")"
