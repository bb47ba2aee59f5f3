#!/usr/bin/env bash
# Build the ledgerbus image with podman, from a Debian base made by debootstrap, so that no
# image registry is needed (this machine reaches only the package registries).
#   build.sh            build localhost/ledgerbus:<version> (the chart's appVersion)
#   build.sh podman ... run podman with this project's settings (deploy/image/containers.conf)
source "$(dirname "$0")/../local/common.sh"

export CONTAINERS_CONF="$DEPLOY_DIR/image/containers.conf"
VERSION="$(sed -n 's/^appVersion: *"\{0,1\}\([^"]*\)"\{0,1\}$/\1/p' "$DEPLOY_DIR/helm/ledgerbus/Chart.yaml")"
IMAGE="localhost/ledgerbus:$VERSION"
BASE="localhost/ledgerbus-base:bookworm"
ROOTFS="$STATE_DIR/image/rootfs-bookworm"

# need COMMAND PACKAGE: install Debian's PACKAGE when COMMAND is missing.
need() {
  command -v "$1" >/dev/null && return 0
  say "installing $2 from Debian"
  { need_root_or_sudo apt-get update -qq && need_root_or_sudo apt-get install -y -qq "$2"; } \
    >>"$LOG_DIR/image-tools-install.log" 2>&1 || die "apt-get install $2 failed (see $LOG_DIR)"
}

base() {
  podman image exists "$BASE" && return 0
  need debootstrap debootstrap
  if [[ ! -f $ROOTFS/.complete ]]; then
    say "making a Debian bookworm base with debootstrap (once; $ROOTFS)"
    rm -rf "$ROOTFS" && mkdir -p "$ROOTFS"
    need_root_or_sudo debootstrap --variant=minbase bookworm "$ROOTFS" http://deb.debian.org/debian \
      >"$LOG_DIR/debootstrap.log" 2>&1 || { tail -n 20 "$LOG_DIR/debootstrap.log" >&2; die "debootstrap failed"; }
    touch "$ROOTFS/.complete"
  fi
  tar -C "$ROOTFS" --exclude=./.complete -c . | podman import - "$BASE" >/dev/null
}

build() {
  base
  local ca=()
  [[ -f /etc/ssl/certs/ca-certificates.crt ]] && ca=(--secret "id=ca-bundle,src=/etc/ssl/certs/ca-certificates.crt")
  say "building $IMAGE (log: $LOG_DIR/image-build.log)"
  podman build --network host "${ca[@]}" --build-arg "BASE_IMAGE=$BASE" \
    --build-arg "VERSION=$VERSION" -f "$DEPLOY_DIR/image/Containerfile" -t "$IMAGE" "$REPO_DIR" \
    >"$LOG_DIR/image-build.log" 2>&1 || { tail -n 30 "$LOG_DIR/image-build.log" >&2; die "podman build failed"; }
  echo "$IMAGE"
}

need podman podman
need runc runc
case "${1:-build}" in
  build) build ;;
  podman) shift; exec podman "$@" ;;
  *) die "usage: $0 [build | podman ARGS...]" ;;
esac
