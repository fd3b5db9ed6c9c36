#!/usr/bin/env bash
# The JavaScript tests: the TypeScript package (clients/typescript) and, when it exists, the web console (console/).
#
#   deploy/test-web.sh
#
# 1. clients/typescript: `npm ci` from its lock file, the unit tests (vitest), and `npm run build` (dist/, which the
#    console may use).
# 2. One server stack started with deploy/local.sh in its own data dir (.data/test-web-<pid>) on free loopback ports:
#    one silo, one gateway, short history (Sessions__LogRetention=20, snapshots after every update, 4 recent broadcasts
#    in memory) so the tests reach pruned history quickly. PostgreSQL: a new database on GAMESTATE_TEST_POSTGRES when
#    it is set (as deploy/test.sh sets it), otherwise a private cluster in the data dir. GAMESTATE_SKIP_BUILD=1 reuses
#    the existing Release build (deploy/test.sh has just built it).
# 3. The functional tests of clients/typescript against it.
# 4. If console/package.json exists: `npm ci && npm run build && npm run test:browser` in console/, with
#      GAMESTATE_URL            the gateway, http://127.0.0.1:<port>
#      GAMESTATE_DATA_DIR       the stack's data dir: `deploy/local.sh restart gateway` (and kill/stop/start) reach this
#                               stack when run with it (the other settings are inherited from this environment)
#      GAMESTATE_SKIP_BUILD=1   so such a restart never rebuilds
#    Its results are counted from the last line of its output of the form "N passed, M failed"; when it prints none,
#    its exit code counts as one passed or one failed test.
#    GAMESTATE_WEB_SKIP_CONSOLE=1 leaves the console out (while working on the package alone).
# 5. Stops the stack (local.sh down) and removes its data dir.
#
# The last line printed is "N passed, M failed", summed over the runners. Exits non-zero when anything failed or could
# not run.
set -euo pipefail

ROOT=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
cd "$ROOT"

PKG="$ROOT/clients/typescript"
CONSOLE="$ROOT/console"
stamp=$(date -u +%Y%m%dT%H%M%SZ)-$$
RESULTS="$ROOT/TestResults/web-$stamp"
DATA="$ROOT/.data/test-web-$$"
mkdir -p "$RESULTS"

passed=0
failed=0
code=0
stack_up=0

say() { echo "test-web.sh: $*" >&2; }

stop_stack() {
  if [ "$stack_up" = 1 ]; then
    stack_up=0
    GAMESTATE_DATA_DIR="$DATA" deploy/local.sh down >>"$RESULTS/local-down.log" 2>&1 || say "local.sh down failed (log: $RESULTS/local-down.log)"
    rm -rf "$DATA"
  fi
}
trap stop_stack EXIT
trap 'stop_stack; exit 130' INT TERM

finish() {
  stop_stack
  echo "$passed passed, $failed failed"
  exit "$code"
}

# count_vitest <json file> <label>: adds a vitest JSON report's counts; a missing report is one failure.
count_vitest() {
  local file=$1 label=$2 counts
  if counts=$(node -e 'const r = JSON.parse(require("fs").readFileSync(process.argv[1], "utf8")); console.log(r.numPassedTests, r.numFailedTests + (r.numFailedTests === 0 ? r.numFailedTestSuites : 0))' "$file" 2>/dev/null); then
    set -- $counts
    passed=$((passed + $1))
    failed=$((failed + $2))
    say "$label: $1 passed, $2 failed"
  else
    failed=$((failed + 1))
    say "$label: no results ($file missing or unreadable)"
  fi
}

command -v node >/dev/null 2>&1 || { say "node is not installed (Node 20 or later is needed)"; code=1; failed=1; finish; }
command -v npm >/dev/null 2>&1 || { say "npm is not installed"; code=1; failed=1; finish; }

# ---- 1. the package: install, unit tests, build ------------------------------------------------------------------
say "clients/typescript: npm ci"
if ! (cd "$PKG" && npm ci --no-audit --no-fund >"$RESULTS/npm-ci.log" 2>&1); then
  tail -n 30 "$RESULTS/npm-ci.log" >&2
  say "npm ci failed in clients/typescript (log: $RESULTS/npm-ci.log)"
  code=1; failed=$((failed + 1)); finish
fi
say "clients/typescript: unit tests"
(cd "$PKG" && GAMESTATE_VITEST_JSON="$RESULTS/unit.json" npx vitest run --dir test/unit 2>&1 | tee "$RESULTS/unit.log" | tail -n 8) || code=1
count_vitest "$RESULTS/unit.json" "unit tests"
if ! (cd "$PKG" && npm run build >"$RESULTS/build.log" 2>&1); then
  tail -n 30 "$RESULTS/build.log" >&2
  say "npm run build failed in clients/typescript"
  code=1; failed=$((failed + 1))
fi

# ---- 2. one server stack -----------------------------------------------------------------------------------------
read -r HTTP_PORT SILO_PORT SILO_GATEWAY_PORT PG_PORT < <(node -e '
const net = require("net");
const servers = [];
(async () => {
  const ports = [];
  for (let i = 0; i < 4; i++) {
    const s = net.createServer();
    await new Promise((r) => s.listen(0, "127.0.0.1", r));
    servers.push(s);
    ports.push(s.address().port);
  }
  servers.forEach((s) => s.close());
  console.log(ports.join(" "));
})();')

export GAMESTATE_DATA_DIR="$DATA" GAMESTATE_HTTP_PORT="$HTTP_PORT" GAMESTATE_SILO_PORT="$SILO_PORT" \
  GAMESTATE_SILO_GATEWAY_PORT="$SILO_GATEWAY_PORT" GAMESTATE_PG_PORT="$PG_PORT" GAMESTATE_METRICS_PORT=0 \
  GAMESTATE_SILOS=1 GAMESTATE_GATEWAYS=1
export Sessions__LogRetention=20 Sessions__SnapshotMinLogBytes=1 Sessions__RecentBroadcasts=4
if [ -n "${GAMESTATE_TEST_POSTGRES:-}" ] && [ -z "${ConnectionStrings__Postgres:-}" ]; then
  database="gamestate_web_$(date -u +%Y%m%d%H%M%S)_$$"
  ConnectionStrings__Postgres=$(echo "$GAMESTATE_TEST_POSTGRES" | sed -E 's/(^|;)[Dd]atabase=[^;]*//')
  export ConnectionStrings__Postgres="${ConnectionStrings__Postgres%;};Database=$database"
  say "PostgreSQL: database $database on GAMESTATE_TEST_POSTGRES's server"
fi

say "starting the stack (gateway http://127.0.0.1:$HTTP_PORT, data $DATA)"
stack_up=1
if ! deploy/local.sh up >"$RESULTS/local-up.log" 2>&1; then
  tail -n 40 "$RESULTS/local-up.log" >&2
  say "deploy/local.sh up failed (log: $RESULTS/local-up.log)"
  code=1; failed=$((failed + 1)); finish
fi
export GAMESTATE_URL="http://127.0.0.1:$HTTP_PORT"
export GAMESTATE_SKIP_BUILD=1

# ---- 3. functional tests of the package ---------------------------------------------------------------------------
say "clients/typescript: functional tests against $GAMESTATE_URL"
(cd "$PKG" && GAMESTATE_VITEST_JSON="$RESULTS/functional.json" npx vitest run --dir test/functional 2>&1 | tee "$RESULTS/functional.log" | tail -n 12) || code=1
count_vitest "$RESULTS/functional.json" "functional tests"

# ---- 4. the web console, when there is one -------------------------------------------------------------------------
if [ -f "$CONSOLE/package.json" ] && [ -z "${GAMESTATE_WEB_SKIP_CONSOLE:-}" ]; then
  say "console: npm ci, build, browser tests"
  set +e
  (cd "$CONSOLE" && npm ci --no-audit --no-fund && npm run build && npm run test:browser) >"$RESULTS/console.log" 2>&1
  console_rc=$?
  set -e
  tail -n 15 "$RESULTS/console.log" >&2
  summary=$(grep -E '^([A-Za-z]+: )?[0-9]+ passed, [0-9]+ failed' "$RESULTS/console.log" | tail -n1 || true)
  if [ -n "$summary" ]; then
    summary=${summary#*: }
    p=${summary%% passed*}
    f=${summary#*passed, }
    f=${f%% failed*}
    passed=$((passed + p))
    failed=$((failed + f))
    say "console: $p passed, $f failed (exit $console_rc)"
    [ "$console_rc" = 0 ] || { code=1; [ "$f" != 0 ] || failed=$((failed + 1)); }
  elif [ "$console_rc" = 0 ]; then
    passed=$((passed + 1))
    say "console: passed (no count printed)"
  else
    failed=$((failed + 1))
    code=1
    say "console: failed with exit $console_rc (log: $RESULTS/console.log)"
  fi
fi

[ "$failed" = 0 ] || code=1
[ $((passed + failed)) != 0 ] || { say "no test ran"; code=1; }
finish
