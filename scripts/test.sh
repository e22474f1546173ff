#!/usr/bin/env bash
# Runs every check and test. Starts its own Kafka broker and Redis on free
# ports (test/harness/global-setup.ts) and stops them afterwards.
set -euo pipefail
source "$(dirname "${BASH_SOURCE[0]}")/lib.sh"
cd "$repo_root"
install_dependencies test
echo "== typecheck" >&2
npx tsc -b
npx tsc -p test/tsconfig.json
npx tsc -p bench/tsconfig.json
npx tsc -p tsconfig.tests.json
npx tsc -p services/escalation/console/tsconfig.json
echo "== lint and format" >&2
npx biome check .
echo "== tests" >&2
npx vitest run "$@"
