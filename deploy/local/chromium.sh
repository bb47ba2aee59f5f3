#!/usr/bin/env bash
# Debian's Chromium for the console's browser tests (driven by Playwright for Python with
# executable_path=/usr/bin/chromium; Playwright's own browser downloads are never used).
#   chromium.sh install | path
source "$(dirname "$0")/common.sh"

CHROMIUM="${CHROMIUM_PATH:-/usr/bin/chromium}"

install() {
  [[ -x $CHROMIUM ]] && return 0
  say "installing Debian's chromium (log: $LOG_DIR/chromium-install.log)"
  need_root_or_sudo apt-get update -qq >"$LOG_DIR/chromium-install.log" 2>&1
  DEBIAN_FRONTEND=noninteractive need_root_or_sudo apt-get install -y -qq chromium \
    >>"$LOG_DIR/chromium-install.log" 2>&1 ||
    { tail -n 30 "$LOG_DIR/chromium-install.log" >&2; die "apt-get install chromium failed"; }
  [[ -x $CHROMIUM ]] || die "chromium installed but $CHROMIUM is missing"
}

case "${1:-install}" in
  install) install ;;
  path) install && echo "$CHROMIUM" ;;
  *) die "usage: $0 install|path" ;;
esac
