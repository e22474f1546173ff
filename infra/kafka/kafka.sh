#!/usr/bin/env bash
# Runs one real Apache Kafka node (KRaft, combined broker + controller) from
# Maven Central jars. Used by the run command and by the test harness.
#
#   kafka.sh fetch                     download the jars once into the cache
#   kafka.sh start  [--port P] [--controller-port C] [--data DIR] [--heap SIZE]
#                   [--rebalance-delay-ms MS]   (group.initial.rebalance.delay.ms, 0 by default:
#                   a benchmark starting several members at once sets it so they join one generation)
#   kafka.sh stop   [--data DIR]
#   kafka.sh status [--data DIR]
#
# Idempotent: a second `start` on the same data folder with a live broker
# leaves it alone; a second `fetch` downloads nothing.
set -euo pipefail

here="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
kafka_version="$(sed -n 's:.*<kafka.version>\(.*\)</kafka.version>.*:\1:p' "$here/pom.xml")"
cache="${SLAWATCH_CACHE:-${XDG_CACHE_HOME:-$HOME/.cache}/slawatch}"
lib="$cache/kafka-$kafka_version/lib"

port="${KAFKA_PORT:-9092}"
controller_port="${KAFKA_CONTROLLER_PORT:-}"
data="${KAFKA_DATA_DIR:-$cache/run/kafka}"
heap="${KAFKA_HEAP:-512m}"
rebalance_delay_ms=0
timeout_seconds="${KAFKA_START_TIMEOUT:-90}"

command="${1:-}"; shift || true
while [ $# -gt 0 ]; do
  case "$1" in
    --port) port="$2"; shift 2 ;;
    --controller-port) controller_port="$2"; shift 2 ;;
    --data) data="$2"; shift 2 ;;
    --heap) heap="$2"; shift 2 ;;
    --rebalance-delay-ms) rebalance_delay_ms="$2"; shift 2 ;;
    *) echo "kafka.sh: unknown option $1" >&2; exit 2 ;;
  esac
done
controller_port="${controller_port:-$((port + 1))}"

say() { echo "[kafka] $*" >&2; }

fetch() {
  if [ -f "$lib/.complete" ]; then return 0; fi
  command -v mvn >/dev/null || { say "Maven is missing: install it (Debian: apt-get install maven) and JDK 17+"; exit 1; }
  command -v java >/dev/null || { say "Java is missing: install JDK 17+ (Debian: apt-get install openjdk-17-jdk-headless)"; exit 1; }
  say "downloading Apache Kafka $kafka_version from Maven Central into $lib"
  local staging="$lib.partial.$$"
  rm -rf "$staging"; mkdir -p "$cache"
  # Maven's output goes to a log, shown only if the download fails.
  if ! mvn -q -B -Dstyle.color=never -f "$here/pom.xml" dependency:copy-dependencies \
    -DincludeScope=runtime -DoutputDirectory="$staging" > "$cache/maven.log" 2>&1; then
    say "Maven could not fetch Kafka; its output:"; cat "$cache/maven.log" >&2; exit 1
  fi
  rm -rf "$lib"; mv "$staging" "$lib"
  touch "$lib/.complete"
}

pid_alive() { [ -f "$data/kafka.pid" ] && kill -0 "$(cat "$data/kafka.pid")" 2>/dev/null; }

port_open() { (exec 3<>"/dev/tcp/127.0.0.1/$1") 2>/dev/null; }

java_run() {
  java -Xms128m "-Xmx$heap" -XX:+UseG1GC -Djava.awt.headless=true \
    "-Dlog4j2.configurationFile=$data/log4j2.properties" \
    -cp "$lib/*" "$@"
}

write_config() {
  mkdir -p "$data/log"
  cat > "$data/server.properties" <<PROPS
process.roles=broker,controller
node.id=1
controller.quorum.voters=1@127.0.0.1:$controller_port
listeners=PLAINTEXT://127.0.0.1:$port,CONTROLLER://127.0.0.1:$controller_port
advertised.listeners=PLAINTEXT://127.0.0.1:$port
controller.listener.names=CONTROLLER
inter.broker.listener.name=PLAINTEXT
listener.security.protocol.map=CONTROLLER:PLAINTEXT,PLAINTEXT:PLAINTEXT
log.dirs=$data/log
num.partitions=6
auto.create.topics.enable=false
offsets.topic.replication.factor=1
offsets.topic.num.partitions=10
transaction.state.log.replication.factor=1
transaction.state.log.min.isr=1
share.coordinator.state.topic.replication.factor=1
share.coordinator.state.topic.min.isr=1
group.initial.rebalance.delay.ms=$rebalance_delay_ms
PROPS
  cat > "$data/log4j2.properties" <<PROPS
status = warn
appender.file.type = File
appender.file.name = file
appender.file.fileName = $data/server.log
appender.file.layout.type = PatternLayout
appender.file.layout.pattern = [%d] %p %m (%c)%n
rootLogger.level = warn
rootLogger.appenderRef.file.ref = file
logger.server.name = kafka.server.KafkaRaftServer
logger.server.level = info
PROPS
}

start() {
  fetch
  if pid_alive; then
    say "already running (pid $(cat "$data/kafka.pid")) on 127.0.0.1:$port"
    return 0
  fi
  if port_open "$port"; then
    say "port $port is taken by another process; choose another with --port"; exit 1
  fi
  write_config
  if [ ! -f "$data/log/meta.properties" ]; then
    local cluster_id
    cluster_id="$(java_run kafka.tools.StorageTool random-uuid)"
    java_run kafka.tools.StorageTool format -t "$cluster_id" -c "$data/server.properties" -g >/dev/null
  fi
  : > "$data/server.log"
  # setsid: the broker gets its own session, so Ctrl-C on a terminal reaches
  # it only through `stop`, which shuts it down cleanly.
  setsid java -Xms128m "-Xmx$heap" -XX:+UseG1GC -Djava.awt.headless=true \
    "-Dlog4j2.configurationFile=$data/log4j2.properties" \
    -cp "$lib/*" kafka.Kafka "$data/server.properties" \
    > "$data/stdout.log" 2>&1 < /dev/null &
  echo $! > "$data/kafka.pid"
  local waited=0
  until grep -q "Kafka Server started" "$data/server.log" 2>/dev/null && port_open "$port"; do
    if ! pid_alive; then
      say "broker exited during start-up; last lines of $data/server.log and stdout.log:"
      tail -n 20 "$data/server.log" "$data/stdout.log" >&2 || true
      rm -f "$data/kafka.pid"; exit 1
    fi
    if [ "$waited" -ge $((timeout_seconds * 10)) ]; then
      say "broker did not start within ${timeout_seconds}s; see $data/server.log"; stop; exit 1
    fi
    sleep 0.1; waited=$((waited + 1))
  done
  say "ready on 127.0.0.1:$port (pid $(cat "$data/kafka.pid"), data $data)"
}

stop() {
  if ! pid_alive; then rm -f "$data/kafka.pid"; return 0; fi
  local pid; pid="$(cat "$data/kafka.pid")"
  kill -TERM "$pid" 2>/dev/null || true
  for _ in $(seq 1 300); do kill -0 "$pid" 2>/dev/null || break; sleep 0.1; done
  if kill -0 "$pid" 2>/dev/null; then say "no clean stop after 30s; killing $pid"; kill -KILL "$pid" 2>/dev/null || true; fi
  rm -f "$data/kafka.pid"
  say "stopped"
}

case "$command" in
  fetch) fetch ;;
  start) start ;;
  stop) stop ;;
  status) if pid_alive; then echo "running pid $(cat "$data/kafka.pid")"; else echo "stopped"; exit 1; fi ;;
  *) echo "usage: kafka.sh fetch|start|stop|status [--port P] [--controller-port C] [--data DIR] [--heap SIZE]" >&2; exit 2 ;;
esac
