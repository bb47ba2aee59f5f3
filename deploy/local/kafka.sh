#!/usr/bin/env bash
# A single-node KRaft Apache Kafka broker from Maven Central, run as a local process.
#   kafka.sh fetch    resolve the broker's classpath with Maven (once)
#   kafka.sh start    format storage on first use and start the broker in the background
#   kafka.sh stop     stop the broker this script started
#   kafka.sh status
source "$(dirname "$0")/common.sh"

KAFKA_PORT="${KAFKA_PORT:-9092}"
KAFKA_CONTROLLER_PORT="${KAFKA_CONTROLLER_PORT:-$((KAFKA_PORT + 1))}"
KAFKA_HEAP="${KAFKA_HEAP:-1g}"
HOME_DIR="$STATE_DIR/kafka"
LIB_DIR="$HOME_DIR/lib-$KAFKA_VERSION"
DATA_DIR="$HOME_DIR/data-$KAFKA_PORT"
CONFIG="$HOME_DIR/server-$KAFKA_PORT.properties"
PID_FILE="$HOME_DIR/kafka-$KAFKA_PORT.pid"
LOG_FILE="$LOG_DIR/kafka.log"

fetch() {
  [[ -f $LIB_DIR/.complete ]] && return 0
  command -v mvn >/dev/null || die "Maven is needed to fetch Kafka (apt-get install maven)"
  command -v java >/dev/null || die "Java 17+ is needed to run Kafka"
  say "fetching Apache Kafka $KAFKA_VERSION from Maven Central"
  rm -rf "$LIB_DIR" && mkdir -p "$LIB_DIR"
  mvn -q -B -f "$DEPLOY_DIR/kafka/pom.xml" dependency:copy-dependencies \
    -Dkafka.version="$KAFKA_VERSION" -Dscala.version="$SCALA_VERSION" \
    -Dslf4j.version="$SLF4J_VERSION" -DoutputDirectory="$LIB_DIR" -DincludeScope=runtime \
    >"$LOG_DIR/kafka-fetch.log" 2>&1 || { tail -n 30 "$LOG_DIR/kafka-fetch.log" >&2; die "Maven failed"; }
  touch "$LIB_DIR/.complete"
}

configure() {
  mkdir -p "$HOME_DIR"
  sed -e "s|@KAFKA_PORT@|$KAFKA_PORT|g" -e "s|@CONTROLLER_PORT@|$KAFKA_CONTROLLER_PORT|g" \
    -e "s|@DATA_DIR@|$DATA_DIR|g" "$DEPLOY_DIR/kafka/server.properties.template" >"$CONFIG"
  if [[ ! -f $DATA_DIR/meta.properties ]]; then
    say "formatting KRaft storage in $DATA_DIR"
    local cluster_id
    cluster_id="$(java -cp "$LIB_DIR/*" kafka.tools.StorageTool random-uuid 2>/dev/null | tail -n 1)"
    java -cp "$LIB_DIR/*" kafka.tools.StorageTool format --standalone -t "$cluster_id" \
      -c "$CONFIG" >>"$LOG_FILE" 2>&1 || die "formatting Kafka storage failed (see $LOG_FILE)"
  fi
}

start() {
  if port_open "$KAFKA_PORT"; then
    say "Kafka already listening on 127.0.0.1:$KAFKA_PORT; reusing it"
    return 0
  fi
  fetch
  configure
  say "starting Kafka $KAFKA_VERSION on 127.0.0.1:$KAFKA_PORT (log: $LOG_FILE)"
  nohup java "-Xmx$KAFKA_HEAP" "-Xms$KAFKA_HEAP" -XX:+UseG1GC \
    -Dorg.slf4j.simpleLogger.defaultLogLevel=warn \
    -Dorg.slf4j.simpleLogger.log.kafka.server.KafkaRaftServer=info \
    -cp "$LIB_DIR/*" kafka.Kafka "$CONFIG" >>"$LOG_FILE" 2>&1 &
  echo $! >"$PID_FILE"
  wait_for_port "$KAFKA_PORT" 90 Kafka "$LOG_FILE" || { stop; exit 1; }
  say "Kafka is up"
}

stop() { stop_pidfile "$PID_FILE" Kafka; }

status() {
  if port_open "$KAFKA_PORT"; then echo "kafka: up on 127.0.0.1:$KAFKA_PORT"; else echo "kafka: down"; fi
}

case "${1:-}" in
  fetch) fetch ;;
  start) start ;;
  stop) stop ;;
  status) status ;;
  *) die "usage: $0 fetch|start|stop|status" ;;
esac
