#!/usr/bin/env bash
# Kafka, PostgreSQL and the Zipkin trace viewer together: infra.sh up|down|status
source "$(dirname "$0")/common.sh"
here="$(dirname "$0")"
case "${1:-}" in
  up) "$here/postgres.sh" start && "$here/kafka.sh" start && "$here/zipkin.sh" start ;;
  down) "$here/zipkin.sh" stop; "$here/kafka.sh" stop; "$here/postgres.sh" stop ;;
  status) "$here/postgres.sh" status; "$here/kafka.sh" status; "$here/zipkin.sh" status ;;
  *) die "usage: $0 up|down|status" ;;
esac
