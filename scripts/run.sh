#!/usr/bin/env bash
# Brings the whole system up locally: a real Kafka broker and Redis (unless
# KAFKA_BROKERS / REDIS_URL point at existing ones), every slawatch service
# and the event simulator, with the demo standards so breaches show within a
# minute. Ctrl-C stops everything this script started.
#   --fresh   start from empty Kafka and Redis data
set -euo pipefail
source "$(dirname "${BASH_SOURCE[0]}")/lib.sh"
cd "$repo_root"

fresh=0
for arg in "$@"; do
  case "$arg" in
    --fresh) fresh=1 ;;
    *) echo "usage: scripts/run.sh [--fresh]" >&2; exit 2 ;;
  esac
done

started=$(date +%s%N)
install_dependencies

cache="${SLAWATCH_CACHE:-${XDG_CACHE_HOME:-$HOME/.cache}/slawatch}"
kafka_data="$cache/run/kafka"
redis_data="$cache/run/redis"
redis_port="${REDIS_PORT:-6380}"
kafka_port="${KAFKA_PORT:-9092}"
own_kafka=0
own_redis=0
pids=()

cleanup() {
  trap - INT TERM EXIT
  echo >&2
  echo "[run] stopping services" >&2
  for pid in "${pids[@]}"; do kill -TERM "$pid" 2>/dev/null || true; done
  # Services finish their batch and exit within seconds; one that hangs is killed after 30 s.
  for _ in $(seq 1 300); do
    alive=0
    for pid in "${pids[@]}"; do kill -0 "$pid" 2>/dev/null && alive=1; done
    [ "$alive" = 0 ] && break
    sleep 0.1
  done
  for pid in "${pids[@]}"; do
    if kill -0 "$pid" 2>/dev/null; then
      echo "[run] process $pid did not stop in 30 s; killing it" >&2
      kill -KILL "$pid" 2>/dev/null || true
    fi
  done
  [ "$own_kafka" = 1 ] && bash infra/kafka/kafka.sh stop --data "$kafka_data"
  [ "$own_redis" = 1 ] && bash infra/redis/redis.sh stop --port "$redis_port" --data "$redis_data"
  echo "[run] all stopped" >&2
}
trap cleanup INT TERM EXIT

if [ "$fresh" = 1 ]; then
  bash infra/kafka/kafka.sh stop --data "$kafka_data"
  bash infra/redis/redis.sh stop --port "$redis_port" --data "$redis_data"
  rm -rf "$kafka_data" "$redis_data"
fi

if [ -z "${KAFKA_BROKERS:-}" ]; then
  bash infra/kafka/kafka.sh status --data "$kafka_data" >/dev/null 2>&1 || own_kafka=1
  bash infra/kafka/kafka.sh start --port "$kafka_port" --data "$kafka_data"
  export KAFKA_BROKERS="127.0.0.1:$kafka_port"
fi
if [ -z "${REDIS_URL:-}" ]; then
  bash infra/redis/redis.sh status --port "$redis_port" --data "$redis_data" >/dev/null 2>&1 || own_redis=1
  bash infra/redis/redis.sh start --port "$redis_port" --data "$redis_data"
  export REDIS_URL="redis://127.0.0.1:$redis_port"
fi

export STANDARDS_FILE="${STANDARDS_FILE:-standards/demo.yaml}"
export ESCALATION_FILE="${ESCALATION_FILE:-escalation/demo.yaml}"
# Demo tokens are written in the file's comment; a real deployment keeps its own file.
export API_TOKENS_FILE="${API_TOKENS_FILE:-escalation/demo-tokens.yaml}"
# A fresh key each run: acknowledge links from an earlier run stop working, which is fine for a demo.
export ACK_LINK_SECRET="${ACK_LINK_SECRET:-$(head -c 32 /dev/urandom | base64 | tr -d '/+=')}"
if [ -z "${LOG_FORMAT:-}" ]; then
  if [ -t 1 ]; then export LOG_FORMAT=pretty; else export LOG_FORMAT=json; fi
fi

start_process() {
  local name="$1" entry="$2"
  # Own session: Ctrl-C reaches the services only through cleanup, once.
  # The prefixing sed ignores Ctrl-C too: if it died first, the service's log writes would fail.
  setsid node --conditions=source --import tsx "$entry" \
    > >(trap '' INT TERM; exec sed -u "s/^/[$name] /") 2>&1 &
  pids+=($!)
}
start_service() { start_process "$1" "services/$1/src/main.ts"; }

# The monitor first: it creates the topics the others use.
start_service monitor
for _ in $(seq 1 150); do
  curl -sf "http://127.0.0.1:9101/readyz" >/dev/null 2>&1 && break
  sleep 0.2
done
# Stands in for DingTalk, WeCom and webhooks: prints every notification it receives.
start_process demo-receiver services/escalation/src/demo-receiver.ts
for service in escalation simulator; do start_service "$service"; done

elapsed_ms=$(( ($(date +%s%N) - started) / 1000000 ))
cat >&2 <<INFO

[run] slawatch is up (${elapsed_ms} ms). Where to look:
  on-call console     http://127.0.0.1:9102/console/
                      tokens: demo-viewer-token, demo-responder-token, demo-admin-token
  monitor metrics     http://127.0.0.1:9101/metrics   (readiness: /readyz)
  escalation API      http://127.0.0.1:9102/api/breaches   (metrics: /metrics)
                      curl -H 'Authorization: Bearer demo-viewer-token' http://127.0.0.1:9102/api/breaches
  notifications       printed as [demo-receiver] lines below (policies: $ESCALATION_FILE)
  simulator           http://127.0.0.1:9103/metrics
  Kafka               $KAFKA_BROKERS   (breaches on topic slawatch.breaches)
  Redis               $REDIS_URL
  standards           $STANDARDS_FILE
Press Ctrl-C to stop everything.
INFO
wait
