#!/usr/bin/env bash
# Builds the web console (console/, Vite + Vue) into console/dist, which the gateway serves at /console/.
#
#   deploy/console.sh build   npm ci (only when node_modules is missing or older than package-lock.json), then vite build
#
# deploy/local.sh runs it on `up` when npm is on PATH (GAMESTATE_SKIP_CONSOLE_BUILD=1 skips it) and points the
# gateways at console/dist with Console__Path. A failed console build is reported and leaves the backend running.
set -euo pipefail

ROOT=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
CONSOLE="$ROOT/console"
DIST="$CONSOLE/dist"

cmd_build() {
  command -v npm >/dev/null 2>&1 || { echo "console.sh: npm is not on PATH: the console is not built" >&2; return 1; }
  cd "$CONSOLE"
  if [ ! -f node_modules/.package-lock.json ] || [ package-lock.json -nt node_modules/.package-lock.json ]; then
    npm ci --no-audit --no-fund
  fi
  npm run build
  [ -f "$DIST/index.html" ] || { echo "console.sh: the build left no $DIST/index.html" >&2; return 1; }
}

case "${1:-}" in
  build) cmd_build ;;
  *) echo "usage: $0 build" >&2; exit 2 ;;
esac
