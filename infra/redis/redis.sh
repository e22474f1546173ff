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
# Or a local Redis Cluster of 3 masters with one replica each, made with
# `redis-cli --cluster create`, each node with the settings above, its own
# folder under DIR (DIR/<port>) and its cluster bus on BUS (default port+10000):
#
#   redis.sh cluster-start  [--ports P1,..,P6] [--bus-ports B1,..,B6] [--data DIR] [--node-timeout MS]
#   redis.sh cluster-stop   [--data DIR]
#   redis.sh cluster-status [--data DIR]
#
# cluster-start prints the seed nodes (REDIS_CLUSTER_NODES) on stdout.
# The run command only calls this when REDIS_URL is not set.
set -euo pipefail

cache="${SLAWATCH_CACHE:-${XDG_CACHE_HOME:-$HOME/.cache}/slawatch}"
port="${REDIS_PORT:-6380}"
data="${REDIS_DATA_DIR:-}"
ports="7000,7001,7002,7003,7004,7005"
bus_ports=""
# How long a master may be silent before its replica takes over; Redis's default is 15000.
node_timeout=5000

command="${1:-}"; shift || true
while [ $# -gt 0 ]; do
  case "$1" in
    --port) port="$2"; shift 2 ;;
    --data) data="$2"; shift 2 ;;
    --ports) ports="$2"; shift 2 ;;
    --bus-ports) bus_ports="$2"; shift 2 ;;
    --node-timeout) node_timeout="$2"; shift 2 ;;
    *) echo "redis.sh: unknown option $1" >&2; exit 2 ;;
  esac
done
case "$command" in
  cluster-*) data="${data:-$cache/run/redis-cluster}" ;;
  *) data="${data:-$cache/run/redis}" ;;
esac

say() { echo "[redis] $*" >&2; }
pid_alive() { [ -f "$1/redis.pid" ] && kill -0 "$(cat "$1/redis.pid")" 2>/dev/null; }
ping() { redis-cli -p "$1" ping 2>/dev/null | grep -q PONG; }

require_server() {
  if ! command -v redis-server >/dev/null; then
    say "redis-server is missing. Install it (Debian/Ubuntu: apt-get install redis-server; macOS: brew install redis) or set REDIS_URL to an existing Redis."
    exit 1
  fi
}

# start_node PORT DIR [extra redis-server options]
start_node() {
  local node_port="$1" dir="$2"; shift 2
  if pid_alive "$dir"; then say "already running (pid $(cat "$dir/redis.pid")) on 127.0.0.1:$node_port"; return 0; fi
  if ping "$node_port"; then say "port $node_port already answers as another Redis; choose another with --port or set REDIS_URL"; exit 1; fi
  mkdir -p "$dir"
  redis-server --port "$node_port" --bind 127.0.0.1 --dir "$dir" \
    --appendonly yes --appendfsync everysec --save "" \
    --maxmemory-policy noeviction \
    --hash-max-listpack-entries 256 --hash-max-listpack-value 256 \
    --daemonize yes --pidfile "$dir/redis.pid" --logfile "$dir/redis.log" "$@" >/dev/null
  for _ in $(seq 1 100); do ping "$node_port" && break; sleep 0.05; done
  ping "$node_port" || { say "did not answer; see $dir/redis.log"; tail -n 20 "$dir/redis.log" >&2; exit 1; }
}

# stop_node PORT DIR
stop_node() {
  local node_port="$1" dir="$2"
  if ! pid_alive "$dir"; then rm -f "$dir/redis.pid"; return 0; fi
  local pid; pid="$(cat "$dir/redis.pid")"
  # SHUTDOWN lets Redis fsync the append-only file before it exits.
  redis-cli -p "$node_port" shutdown >/dev/null 2>&1 || kill -TERM "$pid" 2>/dev/null || true
  for _ in $(seq 1 100); do kill -0 "$pid" 2>/dev/null || break; sleep 0.05; done
  kill -0 "$pid" 2>/dev/null && kill -KILL "$pid" 2>/dev/null || true
  rm -f "$dir/redis.pid"
}

start() {
  require_server
  start_node "$port" "$data"
  say "ready on 127.0.0.1:$port (pid $(cat "$data/redis.pid"), data $data)"
}

stop() {
  stop_node "$port" "$data"
  say "stopped"
}

cluster_start() {
  require_server
  local -a node_ports buses seeds
  IFS=, read -r -a node_ports <<<"$ports"
  IFS=, read -r -a buses <<<"$bus_ports"
  if [ "${#node_ports[@]}" -ne 6 ]; then say "--ports: expected 6 ports (3 masters, 3 replicas), got '$ports'"; exit 2; fi
  if [ -n "$bus_ports" ] && [ "${#buses[@]}" -ne 6 ]; then say "--bus-ports: expected 6 ports, got '$bus_ports'"; exit 2; fi
  for i in "${!node_ports[@]}"; do
    local node_port="${node_ports[$i]}" bus="${buses[$i]:-$((node_ports[$i] + 10000))}"
    # Slots served by the other masters stay available while one fails over.
    start_node "$node_port" "$data/$node_port" \
      --cluster-enabled yes --cluster-config-file nodes.conf --cluster-port "$bus" \
      --cluster-node-timeout "$node_timeout" --cluster-require-full-coverage no
    seeds+=("127.0.0.1:$node_port")
  done
  # A restarted cluster keeps its layout in nodes.conf: create it only once.
  if ! redis-cli -p "${node_ports[0]}" cluster info | grep -q 'cluster_known_nodes:6'; then
    redis-cli --cluster create "${seeds[@]}" --cluster-replicas 1 --cluster-yes >"$data/create.log" 2>&1 \
      || { say "cluster create failed; see $data/create.log"; tail -n 20 "$data/create.log" >&2; exit 1; }
  fi
  for node_port in "${node_ports[@]}"; do
    for _ in $(seq 1 200); do
      redis-cli -p "$node_port" cluster info 2>/dev/null | grep -q 'cluster_state:ok' && break
      sleep 0.05
    done
    redis-cli -p "$node_port" cluster info | grep -q 'cluster_state:ok' \
      || { say "node $node_port: cluster not ok; see $data/$node_port/redis.log"; exit 1; }
  done
  say "cluster ready on ${seeds[*]} (data $data, node timeout $node_timeout ms)"
  (IFS=,; echo "${seeds[*]}")
}

cluster_stop() {
  [ -d "$data" ] || return 0
  for dir in "$data"/*/; do
    dir="${dir%/}"
    [ -f "$dir/redis.pid" ] || continue
    stop_node "$(basename "$dir")" "$dir"
  done
  say "cluster stopped"
}

cluster_status() {
  local running=0
  for dir in "$data"/*/; do
    dir="${dir%/}"
    if pid_alive "$dir"; then
      running=$((running + 1))
      echo "$(basename "$dir") $(redis-cli -p "$(basename "$dir")" role 2>/dev/null | head -n 1)"
    fi
  done
  [ "$running" -gt 0 ] || { echo "stopped"; exit 1; }
}

case "$command" in
  start) start ;;
  stop) stop ;;
  status) if pid_alive "$data"; then echo "running pid $(cat "$data/redis.pid")"; else echo "stopped"; exit 1; fi ;;
  cluster-start) cluster_start ;;
  cluster-stop) cluster_stop ;;
  cluster-status) cluster_status ;;
  *) echo "usage: redis.sh start|stop|status [--port P] [--data DIR] | cluster-start|cluster-stop|cluster-status [--ports P1,..,P6] [--data DIR]" >&2; exit 2 ;;
esac
