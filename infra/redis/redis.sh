#!/usr/bin/env bash
# Runs a redis-server for slawatch with the persistence BullMQ and the
# monitor need: append-only file fsynced every second, and no eviction
# (an evicted deadline or job would be a silently lost breach), and hash
# listpack limits large enough that a bucket of ~100 shipment states stays
# in the compact encoding (packages/shipment-store/src/keys.ts).
#
#   redis.sh start  [--port P] [--data DIR]
#   redis.sh stop   [--port P] [--data DIR]
#   redis.sh status [--port P] [--data DIR]
#
# The run command only calls this when REDIS_URL is not set.
set -euo pipefail

cache="${SLAWATCH_CACHE:-${XDG_CACHE_HOME:-$HOME/.cache}/slawatch}"
port="${REDIS_PORT:-6380}"
data="${REDIS_DATA_DIR:-$cache/run/redis}"

command="${1:-}"; shift || true
while [ $# -gt 0 ]; do
  case "$1" in
    --port) port="$2"; shift 2 ;;
    --data) data="$2"; shift 2 ;;
    *) echo "redis.sh: unknown option $1" >&2; exit 2 ;;
  esac
done

say() { echo "[redis] $*" >&2; }
pid_alive() { [ -f "$data/redis.pid" ] && kill -0 "$(cat "$data/redis.pid")" 2>/dev/null; }
ping() { redis-cli -p "$port" ping 2>/dev/null | grep -q PONG; }

start() {
  if ! command -v redis-server >/dev/null; then
    say "redis-server is missing. Install it (Debian/Ubuntu: apt-get install redis-server; macOS: brew install redis) or set REDIS_URL to an existing Redis."
    exit 1
  fi
  if pid_alive; then say "already running (pid $(cat "$data/redis.pid")) on 127.0.0.1:$port"; return 0; fi
  if ping; then say "port $port already answers as another Redis; choose another with --port or set REDIS_URL"; exit 1; fi
  mkdir -p "$data"
  redis-server --port "$port" --bind 127.0.0.1 --dir "$data" \
    --appendonly yes --appendfsync everysec --save "" \
    --maxmemory-policy noeviction \
    --hash-max-listpack-entries 256 --hash-max-listpack-value 256 \
    --daemonize yes --pidfile "$data/redis.pid" --logfile "$data/redis.log" >/dev/null
  for _ in $(seq 1 100); do ping && break; sleep 0.05; done
  ping || { say "did not answer; see $data/redis.log"; tail -n 20 "$data/redis.log" >&2; exit 1; }
  say "ready on 127.0.0.1:$port (pid $(cat "$data/redis.pid"), data $data)"
}

stop() {
  if ! pid_alive; then rm -f "$data/redis.pid"; return 0; fi
  local pid; pid="$(cat "$data/redis.pid")"
  # SHUTDOWN lets Redis fsync the append-only file before it exits.
  redis-cli -p "$port" shutdown >/dev/null 2>&1 || kill -TERM "$pid" 2>/dev/null || true
  for _ in $(seq 1 100); do kill -0 "$pid" 2>/dev/null || break; sleep 0.05; done
  kill -0 "$pid" 2>/dev/null && kill -KILL "$pid" 2>/dev/null || true
  rm -f "$data/redis.pid"
  say "stopped"
}

case "$command" in
  start) start ;;
  stop) stop ;;
  status) if pid_alive; then echo "running pid $(cat "$data/redis.pid")"; else echo "stopped"; exit 1; fi ;;
  *) echo "usage: redis.sh start|stop|status [--port P] [--data DIR]" >&2; exit 2 ;;
esac
