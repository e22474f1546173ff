#!/usr/bin/env bash
# Runs one benchmark: bash scripts/bench.sh NAME [--quick]. It starts its own
# Kafka broker and Redis, replaces its section of bench/RESULTS.md and prints
# its figures as one JSON object on the last line (progress goes to stderr):
#   bash scripts/bench.sh ingestion --quick | tail -1
# Without a name it lists the benchmarks.
set -euo pipefail
source "$(dirname "${BASH_SOURCE[0]}")/lib.sh"
cd "$repo_root"
if [ $# -eq 0 ]; then
  # Listing needs the workspace's packages only, not Kafka or Redis.
  [ -d node_modules ] || (pnpm install --frozen-lockfile --reporter=append-only) >&2
else
  install_dependencies >&2
fi
exec node --conditions=source --import tsx bench/main.ts "$@"
