# shellcheck shell=bash
# A real Confluent-compatible Schema Registry for the schema-registry plugin's tests:
# Apicurio Registry 2.6.13.Final (its Confluent "ccompat" API), from Maven Central
# (io.apicurio:apicurio-registry-app:2.6.13.Final:all.zip, a ready Quarkus app), in-memory H2
# storage. Karapace, the first choice, is not on PyPI (`pip index versions karapace`: no
# distribution), so it cannot be installed here. Not started by default: `up.sh registry`.
#   SCHEMA_REGISTRY_URL=http://127.0.0.1:8081/apis/ccompat/v7
# In-memory: a restart is an empty registry (ids start again at 1).
# Sourced by lib.sh (load_service).

registry_VERSION="${MSTREAM_REGISTRY_APICURIO_VERSION:-2.6.13.Final}"
registry_PORTS="8081"
registry_ADDR="SCHEMA_REGISTRY_URL=http://127.0.0.1:8081/apis/ccompat/v7"
registry_START_TIMEOUT="${MSTREAM_REGISTRY_START_TIMEOUT:-90}"
registry_STOP_GRACE=10

registry_home() { echo "$(svc_dir registry)/apicurio-$registry_VERSION"; }
registry_jar() { echo "$(registry_home)/apicurio-registry-app-$registry_VERSION-runner.jar"; }

registry_prereqs() {
  need_cmd curl "Install curl (apt-get install curl); it downloads the registry and checks readiness." || return 1
  need_cmd unzip "Install unzip (apt-get install unzip)." || return 1
  need_java17 || return 1
}

# Download once (~140 MB) into the scratch folder; later starts reuse it.
registry_prepare() {
  local d zip url
  d="$(svc_dir registry)"
  [[ -f "$(registry_jar)" ]] && return 0
  zip="$d/apicurio-$registry_VERSION-all.zip"
  url="https://repo1.maven.org/maven2/io/apicurio/apicurio-registry-app/$registry_VERSION/apicurio-registry-app-$registry_VERSION-all.zip"
  log "registry: downloading Apicurio Registry $registry_VERSION from Maven Central ..."
  curl -fsSL --retry 3 -o "$zip.part" "$url" || die "registry: download failed: $url"
  mv "$zip.part" "$zip"
  rm -rf "$(registry_home).part" && mkdir -p "$(registry_home).part"
  unzip -q "$zip" -d "$(registry_home).part" || die "registry: cannot unzip $zip"
  mv "$(registry_home).part" "$(registry_home)" && rm -f "$zip"
}

registry_command() {
  LAUNCH_CMD=(java -Xms64m -Xmx256m -Djava.awt.headless=true
    -Dquarkus.http.host=127.0.0.1 -Dquarkus.http.port=8081
    -jar "$(registry_jar)")
}

# A real API answer: the ccompat subjects listing is a JSON array.
registry_check() {
  [[ "$(curl -fsS --max-time "${1:-5}" http://127.0.0.1:8081/apis/ccompat/v7/subjects 2>/dev/null)" == \[* ]]
}
