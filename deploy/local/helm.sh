#!/usr/bin/env bash
# Helm, built once from the Go module proxy with this machine's Go toolchain and cached.
#   helm.sh path     build Helm if it is missing and print the binary's path
#   helm.sh ARGS...  run Helm with ARGS
source "$(dirname "$0")/common.sh"

HELM_DIR="$STATE_DIR/helm/$HELM_VERSION"
HELM_BIN="$HELM_DIR/bin/helm"

build() {
  [[ -x $HELM_BIN ]] && return 0
  command -v go >/dev/null || die "Go is needed to build Helm (apt-get install golang)"
  say "building Helm $HELM_VERSION from the Go module proxy (once; cached in $HELM_DIR)"
  mkdir -p "$HELM_DIR/bin"
  GOBIN="$HELM_DIR/bin" CGO_ENABLED=0 GOFLAGS=-mod=mod \
    go install "helm.sh/helm/v3/cmd/helm@$HELM_VERSION" >"$LOG_DIR/helm-build.log" 2>&1 \
    || { tail -n 30 "$LOG_DIR/helm-build.log" >&2; die "building Helm failed"; }
}

build
case "${1:-}" in
  path) echo "$HELM_BIN" ;;
  *) HELM_CACHE_HOME="$HELM_DIR/cache" HELM_CONFIG_HOME="$HELM_DIR/config" \
       HELM_DATA_HOME="$HELM_DIR/data" exec "$HELM_BIN" "$@" ;;
esac
