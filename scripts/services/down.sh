#!/usr/bin/env bash
# Stop local test services started by up.sh; kills each server's whole process
# group and waits until its ports are closed.
#   bash scripts/services/down.sh [kafka|mongo|pubsub ...]   (default: all three)
# Stopping a service that is not running is fine. Data under .services/ is kept;
# `rm -rf .services/<name>/data` (or the whole .services) for a clean slate.
source "$(dirname "${BASH_SOURCE[0]}")/lib.sh"

parse_services "$@"
rc=0
for s in "${SERVICES[@]}"; do
  svc_down "$s" || rc=1
done
exit $rc
