# Shared by run.sh and test.sh: install what a fresh clone needs.
repo_root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"

pnpm() { npx -y pnpm@10 "$@"; }

require() {
  command -v "$1" >/dev/null || { echo "slawatch: '$1' is missing. $2" >&2; exit 1; }
}

# System packages the run and the tests need. As root on Debian/Ubuntu they
# are installed from the distribution; otherwise the message says what to do.
install_system_packages() {
  local purpose="${1:-run}" missing=()
  command -v java >/dev/null || missing+=(openjdk-17-jdk-headless)
  command -v mvn >/dev/null || missing+=(maven)
  command -v redis-server >/dev/null || missing+=(redis-server)
  # promtool checks the generated alert rules: only the tests need it.
  if [ "$purpose" = test ] && ! command -v promtool >/dev/null; then missing+=(prometheus); fi
  # The console's browser tests drive Debian's Chromium (playwright-core, no browser download).
  if [ "$purpose" = test ] && ! command -v chromium >/dev/null; then missing+=(chromium); fi
  # A Chinese font, so the zh screenshots the browser tests save are readable.
  if [ "$purpose" = test ] && [ ! -d /usr/share/fonts/truetype/wqy ]; then missing+=(fonts-wqy-microhei); fi
  if [ ${#missing[@]} -gt 0 ] && [ "$(id -u)" = 0 ] && command -v apt-get >/dev/null; then
    echo "slawatch: installing ${missing[*]}" >&2
    apt-get update -qq >&2 && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends "${missing[@]}" >&2
  fi
}

install_dependencies() {
  install_system_packages "${1:-run}"
  require node "Install Node.js 20 or newer."
  require java "Install JDK 17+ (Debian: apt-get install openjdk-17-jdk-headless)."
  require mvn "Install Maven (Debian: apt-get install maven)."
  require redis-server "Install Redis (Debian: apt-get install redis-server; macOS: brew install redis)."
  (cd "$repo_root" && pnpm install --frozen-lockfile --reporter=append-only) >&2
  bash "$repo_root/infra/kafka/kafka.sh" fetch
  build_console
}

# The on-call console's bundle (services/escalation/console/dist), served by the escalation service.
build_console() {
  (cd "$repo_root" && node --import tsx services/escalation/console/build.ts) >&2
}
