#!/usr/bin/env bash
# The Zipkin server with its UI, from Maven Central (io.zipkin:zipkin-server, the exec jar),
# keeping traces in memory: the trace viewer of `make run` and the trace tests.
#   zipkin.sh fetch | start | stop | status
source "$(dirname "$0")/common.sh"

ZIPKIN_PORT="${ZIPKIN_PORT:-9411}"
HOME_DIR="$STATE_DIR/zipkin"
JAR="$HOME_DIR/zipkin-server-$ZIPKIN_VERSION-exec.jar"
PID_FILE="$HOME_DIR/zipkin-$ZIPKIN_PORT.pid"
LOG_FILE="$LOG_DIR/zipkin.log"

fetch() {
  [[ -f $JAR ]] && return 0
  command -v mvn >/dev/null || die "Maven is needed to fetch Zipkin (apt-get install maven)"
  say "fetching the Zipkin server $ZIPKIN_VERSION from Maven Central"
  mkdir -p "$HOME_DIR"
  mvn -q -B dependency:copy -Dartifact="io.zipkin:zipkin-server:$ZIPKIN_VERSION:jar:exec" \
    -DoutputDirectory="$HOME_DIR" >"$LOG_DIR/zipkin-fetch.log" 2>&1 \
    || { tail -n 30 "$LOG_DIR/zipkin-fetch.log" >&2; die "Maven failed"; }
}

start() {
  if port_open "$ZIPKIN_PORT"; then
    say "Zipkin already listening on 127.0.0.1:$ZIPKIN_PORT; reusing it"
    return 0
  fi
  fetch
  say "starting Zipkin $ZIPKIN_VERSION on http://127.0.0.1:$ZIPKIN_PORT/zipkin/ (log: $LOG_FILE)"
  QUERY_PORT="$ZIPKIN_PORT" STORAGE_TYPE=mem MEM_MAX_SPANS="${ZIPKIN_MAX_SPANS:-200000}" \
    nohup java -Xmx384m -XX:+UseSerialGC -jar "$JAR" >>"$LOG_FILE" 2>&1 &
  echo $! >"$PID_FILE"
  wait_for_port "$ZIPKIN_PORT" 90 Zipkin "$LOG_FILE" || { stop; exit 1; }
  say "Zipkin is up"
}

stop() { stop_pidfile "$PID_FILE" Zipkin; }

status() {
  if port_open "$ZIPKIN_PORT"; then echo "zipkin: up on http://127.0.0.1:$ZIPKIN_PORT/zipkin/"; else echo "zipkin: down"; fi
}

case "${1:-}" in
  fetch) fetch ;;
  start) start ;;
  stop) stop ;;
  status) status ;;
  *) die "usage: $0 fetch|start|stop|status" ;;
esac
