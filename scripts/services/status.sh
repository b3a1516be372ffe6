#!/usr/bin/env bash
# Report whether each local test service is up AND answering a real request.
#   bash scripts/services/status.sh [kafka|mongo|pubsub ...]   (default: all three)
# Exit code: 0 when every requested service answers, 1 otherwise.
source "$(dirname "${BASH_SOURCE[0]}")/lib.sh"

parse_services "$@"
rc=0
for s in "${SERVICES[@]}"; do
  svc_status "$s" || rc=1
done
log "scratch dir: $SERVICES_DIR"
exit $rc
