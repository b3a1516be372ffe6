# shellcheck shell=bash
# A real local npm registry (verdaccio 6.8.0 from npm) for the plugin marketplace tests:
# tests publish plugins to it and the host searches and installs from it.
# Not started by default: `up.sh verdaccio`.
#   MSTREAM_PLUGIN_REGISTRY=http://127.0.0.1:4873
# verdaccio is installed into the scratch folder (never into the repo's dependencies), with
# node-fetch overridden to 2.7.0 so it installs and runs on Node 20. Packages named
# `mstream`, `mstream-plugin-*` or `@mstream/*` are served locally only; anything else (a plugin's own
# dependencies, e.g. ioredis) is proxied to the public npm registry and cached.
# Storage survives restarts under .services/verdaccio/storage.
# Sourced by lib.sh (load_service).

verdaccio_PORTS="4873"
verdaccio_ADDR="MSTREAM_PLUGIN_REGISTRY=http://127.0.0.1:4873"
verdaccio_START_TIMEOUT="${MSTREAM_VERDACCIO_START_TIMEOUT:-60}"
verdaccio_STOP_GRACE=10
VERDACCIO_VERSION=6.8.0

verdaccio_prereqs() {
  need_cmd node "Install Node.js 20.19+." || return 1
  need_cmd npm "Install npm (it comes with Node.js)." || return 1
  need_cmd curl "Install curl (apt-get install curl); it is used for the readiness check." || return 1
}

verdaccio_prepare() {
  local d app
  d="$(svc_dir verdaccio)"
  app="$d/app"
  mkdir -p "$app" "$d/storage"
  cat >"$app/package.json.new" <<JSON
{ "name": "mstream-verdaccio-app", "private": true,
  "dependencies": { "verdaccio": "$VERDACCIO_VERSION" },
  "overrides": { "node-fetch": "2.7.0" } }
JSON
  if [[ ! -x "$app/node_modules/.bin/verdaccio" ]] || ! cmp -s "$app/package.json.new" "$app/package.json"; then
    mv "$app/package.json.new" "$app/package.json"
    log "verdaccio: installing verdaccio@$VERDACCIO_VERSION into $app (once) ..."
    (cd "$app" && npm install --no-audit --no-fund --loglevel=error --registry=https://registry.npmjs.org/) >"$d/install.log" 2>&1 \
      || { tail -n 30 "$d/install.log" >&2; die "verdaccio: npm install failed (see $d/install.log)"; }
  else
    rm -f "$app/package.json.new"
  fi
  cat >"$d/config.yaml" <<YAML
storage: $d/storage
auth:
  htpasswd:
    file: $d/htpasswd
    max_users: 1000
uplinks:
  npmjs:
    url: https://registry.npmjs.org/
    timeout: 60s
packages:
  # The batteries-included package (packages/mstream): never fetched from the public registry.
  'mstream':
    access: \$all
    publish: \$authenticated
    unpublish: \$authenticated
  'mstream-plugin-*':
    access: \$all
    publish: \$authenticated
    unpublish: \$authenticated
  '@mstream/*':
    access: \$all
    publish: \$authenticated
    unpublish: \$authenticated
  '**':
    access: \$all
    publish: \$authenticated
    proxy: npmjs
server:
  keepAliveTimeout: 60
listen: 127.0.0.1:4873
log: { type: stdout, format: pretty, level: warn }
YAML
}

verdaccio_command() {
  local d
  d="$(svc_dir verdaccio)"
  LAUNCH_CMD=(node --max-old-space-size=256 "$d/app/node_modules/verdaccio/bin/verdaccio" --config "$d/config.yaml")
}

# The registry answers its ping endpoint once it serves requests.
verdaccio_check() {
  curl -fsS --max-time "${1:-5}" http://127.0.0.1:4873/-/ping >/dev/null 2>&1
}
