# Shared by run.sh and test.sh: install what a fresh clone needs.
repo_root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"

pnpm() { npx -y pnpm@10 "$@"; }

require() {
  command -v "$1" >/dev/null || { echo "slawatch: '$1' is missing. $2" >&2; exit 1; }
}

install_dependencies() {
  require node "Install Node.js 20 or newer."
  require java "Install JDK 17+ (Debian: apt-get install openjdk-17-jdk-headless)."
  require mvn "Install Maven (Debian: apt-get install maven)."
  require redis-server "Install Redis (Debian: apt-get install redis-server; macOS: brew install redis)."
  (cd "$repo_root" && pnpm install --frozen-lockfile --reporter=append-only) >&2
  bash "$repo_root/infra/kafka/kafka.sh" fetch
}
