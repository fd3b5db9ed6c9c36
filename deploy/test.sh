#!/usr/bin/env bash
# The project's test command.
#
#   deploy/test.sh                          all tests except Category=Slow
#   deploy/test.sh --filter Category=Slow   extra arguments go to `dotnet test`; a --filter replaces the default
#
# Needs a PostgreSQL for the functional tests: GAMESTATE_TEST_POSTGRES (an Npgsql connection string of a user
# that may CREATE DATABASE) when set; otherwise a private cluster is started under .data/test-postgres on a
# free loopback port and stopped at the end (PostgreSQL is installed with apt-get first if missing and root).
# Builds the solution (Release), runs `dotnet test` with a TRX logger into TestResults/<timestamp>/, and
# prints as its last line "N passed, M failed" summed over the TRX files of this run (M counts failed,
# errored, timed-out and aborted tests). Exits non-zero when the build or a test failed or no test ran.
# Then, unless a --filter was given, the JavaScript tests (deploy/test-web.sh), whose counts join the summary.
# GAMESTATE_TEST_PARALLEL=1 lets test projects run at the same time (default: one after another, as the
# cluster tests are timing-sensitive on a 2-core machine).
set -euo pipefail

ROOT=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
cd "$ROOT"

PG_DIR="$ROOT/.data/test-postgres"
started_pg=0

stop_pg() {
  if [ "$started_pg" = 1 ]; then
    started_pg=0
    deploy/postgres.sh stop "$PG_DIR" >>"$ROOT/.data/test-postgres.log" 2>&1 || true
  fi
}
trap stop_pg EXIT
trap 'stop_pg; exit 130' INT TERM

summary_and_exit() {
  local passed=$1 failed=$2 code=$3
  stop_pg
  echo "$passed passed, $failed failed"
  exit "$code"
}

if [ -z "${GAMESTATE_TEST_POSTGRES:-}" ]; then
  mkdir -p "$ROOT/.data"
  started_pg=1
  # A port found free can be taken before PostgreSQL binds it (another program, a client's ephemeral port): try anew.
  for attempt in 1 2 3; do
    port=$(deploy/postgres.sh free-port)
    if port=$(deploy/postgres.sh start "$PG_DIR" "$port" 2>>"$ROOT/.data/test-postgres.log"); then
      break
    fi
    if [ "$attempt" = 3 ]; then
      tail -n 20 "$ROOT/.data/test-postgres.log" >&2 || true
      echo "test.sh: could not start a PostgreSQL for the tests (log: .data/test-postgres.log)" >&2
      summary_and_exit 0 0 1
    fi
    echo "test.sh: PostgreSQL did not start on port $port (taken?); trying another port" >&2
  done
  export GAMESTATE_TEST_POSTGRES="Host=127.0.0.1;Port=$port;Username=postgres;Database=postgres"
  echo "test.sh: private PostgreSQL on 127.0.0.1:$port for this run" >&2
fi

has_filter=0
for arg in "$@"; do
  case "$arg" in
    --filter|--filter=*) has_filter=1 ;;
  esac
done
filter_args=()
[ "$has_filter" = 1 ] || filter_args=(--filter "Category!=Slow")
parallel_args=(-m:1)
[ -n "${GAMESTATE_TEST_PARALLEL:-}" ] && parallel_args=()

stamp=$(date -u +%Y%m%dT%H%M%SZ)-$$
results="TestResults/$stamp"
mkdir -p "$results"

echo "test.sh: building (Release)" >&2
if ! dotnet build Orleans.GameState.sln -c Release -nologo; then
  echo "test.sh: the build failed" >&2
  summary_and_exit 0 0 1
fi

set +e
dotnet test Orleans.GameState.sln -c Release --no-build -nologo "${parallel_args[@]}" \
  "${filter_args[@]}" --logger "trx" --results-directory "$results" \
  --blame-hang-timeout 10m --blame-hang-dump-type none "$@" 2>&1 | tee "$results/dotnet-test.log"
test_rc=${PIPESTATUS[0]}
set -e

passed=0
failed=0
files=0
while IFS= read -r -d '' trx; do
  files=$((files + 1))
  counters=$(grep -o '<Counters [^>]*>' "$trx" | head -n1 || true)
  count() { echo "$counters" | sed -n "s/.* $1=\"\([0-9]*\)\".*/\1/p"; }
  p=$(count passed); f=$(count failed); e=$(count error); t=$(count timeout); a=$(count aborted)
  passed=$((passed + ${p:-0}))
  failed=$((failed + ${f:-0} + ${e:-0} + ${t:-0} + ${a:-0}))
done < <(find "$results" -name '*.trx' -print0)

echo "test.sh: dotnet test exited $test_rc; $files TRX file(s) in $results" >&2
# A test assembly whose run ended without a TRX (its test host crashed or was killed) counts nowhere above.
missing=0
while IFS= read -r dll; do
  if ! grep -qsiF -- "$dll" "$results"/*.trx "$results"/*/*.trx 2>/dev/null; then
    grep -qF -- "No test matches the given testcase filter" <(grep -F -- "$(basename "$dll")" "$results/dotnet-test.log") \
      && continue
    echo "test.sh: $(basename "$dll") produced no test results (its test host crashed or was killed?)" >&2
    missing=$((missing + 1))
  fi
done < <(sed -n 's/^Test run for \(.*\.dll\) (.*/\1/p' "$results/dotnet-test.log" | sort -u)

# The JavaScript tests (deploy/test-web.sh: the TypeScript package, its functional tests on a stack of their own, the
# web console): with the default filter, or when GAMESTATE_TEST_WEB=1; GAMESTATE_TEST_WEB=0 leaves them out.
web_rc=0
if { [ "$has_filter" = 0 ] && [ "${GAMESTATE_TEST_WEB:-}" != 0 ]; } || [ "${GAMESTATE_TEST_WEB:-}" = 1 ]; then
  set +e
  # Its own summary line is shown prefixed, so that this script's total stays the only bare one.
  GAMESTATE_SKIP_BUILD=1 deploy/test-web.sh 2>&1 | tee "$results/test-web.log" | sed -E 's/^([0-9]+ passed, [0-9]+ failed)$/test-web.sh: \1/'
  web_rc=${PIPESTATUS[0]}
  set -e
  web_summary=$(grep -E '^[0-9]+ passed, [0-9]+ failed$' "$results/test-web.log" | tail -n1 || true)
  if [ -n "$web_summary" ]; then
    passed=$((passed + ${web_summary%% passed*}))
    web_failed=${web_summary#*passed, }
    failed=$((failed + ${web_failed%% failed*}))
  else
    failed=$((failed + 1))
  fi
  echo "test.sh: deploy/test-web.sh exited $web_rc ($web_summary)" >&2
fi

code=0
if [ "$test_rc" != 0 ] || [ "$web_rc" != 0 ] || [ "$failed" != 0 ] || [ "$missing" != 0 ]; then
  code=1
elif [ $((passed + failed)) = 0 ]; then
  echo "test.sh: no test ran" >&2
  code=1
fi
summary_and_exit "$passed" "$failed" "$code"
