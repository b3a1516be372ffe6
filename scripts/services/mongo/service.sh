# shellcheck shell=bash
# MongoDB stand-in: mongo-java-server (jars from Maven Central, see pom.xml) with
# the in-memory backend and its oplog enabled (so change streams work), run by
# our own tiny launcher (MongoLauncher.java, compiled at first start).
#   mongodb://127.0.0.1:27017/?directConnection=true
# Sourced by lib.sh (load_service).

mongo_PORTS="27017"
mongo_ADDR="mongodb://127.0.0.1:27017/?directConnection=true"
mongo_START_TIMEOUT="${MSTREAM_MONGO_START_TIMEOUT:-60}"
mongo_STOP_GRACE=10
MONGO_SRC_DIR="$SERVICES_SCRIPTS_DIR/mongo"
# Server version the fake advertises in hello/buildInfo. mongo-java-server's own
# newest (MONGO_5_0) reports maxWireVersion 8, which the Node driver 7.x refuses
# ("requires at least 9 (MongoDB 4.4)"). "4.4" reports wire 9 -- the smallest
# lie that lets mongodb@7 connect; behaviour is unchanged. Other values:
# MONGO_3_6 | MONGO_4_0 | MONGO_5_0 | 4.4 | 5.0 | 6.0 | 7.0 | 8.0.
MONGO_SERVER_VERSION="${MSTREAM_MONGO_SERVER_VERSION:-4.4}"

mongo_prereqs() { need_java17; }

mongo_cp() { resolve_classpath mongo "$MONGO_SRC_DIR"; }

mongo_prepare() {
  compile_java mongo "$(mongo_cp)" "$MONGO_SRC_DIR/MongoLauncher.java"
}

mongo_command() {
  local d
  d="$(svc_dir mongo)"
  LAUNCH_CMD=(java -Xms64m -Xmx768m -XX:+UseSerialGC -Djava.awt.headless=true
    -Dorg.slf4j.simpleLogger.defaultLogLevel=info
    -Dorg.slf4j.simpleLogger.showDateTime=true
    -Dorg.slf4j.simpleLogger.log.de.bwaldvogel.mongo.wire=warn
    -cp "$d/classes:$(mongo_cp)" MongoLauncher 127.0.0.1 27017 "$MONGO_SERVER_VERSION")
}

# A real command round trip (OP_MSG ping -> ok:1), not just an open port.
mongo_check() {
  timeout "${1:-5}" bash "$MONGO_SRC_DIR/ping.sh" 127.0.0.1 27017 >/dev/null 2>&1
}
