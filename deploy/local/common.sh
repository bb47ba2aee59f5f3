# Shared helpers for the local infrastructure scripts. Source it, do not run it.
set -euo pipefail

DEPLOY_DIR="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
REPO_DIR="$(cd "$DEPLOY_DIR/.." && pwd)"
# shellcheck source=../versions.env
source "$DEPLOY_DIR/versions.env"
STATE_DIR="${LEDGERBUS_STATE_DIR:-$REPO_DIR/.local}"
LOG_DIR="$STATE_DIR/logs"
mkdir -p "$STATE_DIR" "$LOG_DIR"

say() { printf '[%s] %s\n' "$(basename "$0" .sh)" "$*" >&2; }
die() { say "error: $*"; exit 1; }

# port_open PORT: true when something accepts TCP connections on 127.0.0.1:PORT.
port_open() { (exec 3<>"/dev/tcp/127.0.0.1/$1") 2>/dev/null; }

# wait_for_port PORT SECONDS WHAT LOGFILE
wait_for_port() {
  local port=$1 seconds=$2 what=$3 log=$4 i
  for ((i = 0; i < seconds * 5; i++)); do
    port_open "$port" && return 0
    sleep 0.2
  done
  say "$what did not open port $port within ${seconds}s; last log lines:"
  tail -n 30 "$log" >&2 || true
  return 1
}

# pid_alive PIDFILE: true when the pid in the file is a live process.
pid_alive() { [[ -f $1 ]] && kill -0 "$(cat "$1")" 2>/dev/null; }

need_root_or_sudo() {
  if [[ $EUID -eq 0 ]]; then "$@"; else sudo "$@"; fi
}

# stop_pidfile PIDFILE WHAT: TERM the process named in PIDFILE, KILL it after 30 s, forget it.
stop_pidfile() {
  local pid_file=$1 what=$2 pid
  if pid_alive "$pid_file"; then
    pid="$(cat "$pid_file")"
    say "stopping $what (pid $pid)"
    kill "$pid"
    for _ in $(seq 1 150); do kill -0 "$pid" 2>/dev/null || break; sleep 0.2; done
    kill -0 "$pid" 2>/dev/null && kill -9 "$pid"
  fi
  rm -f "$pid_file"
}
