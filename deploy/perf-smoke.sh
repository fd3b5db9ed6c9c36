#!/usr/bin/env bash
# Performance smoke check (CI, after the tests): a private deploy/local.sh cluster in the all-in-one topology,
# then the load tool briefly in target mode (a lone GM, then 20 sessions x 5 players), each with its PostgreSQL
# and bare-hub baselines, and prints the ratios of docs/performance.md ("Part two targets"). No timed assertion:
# figures on a shared CI machine are for reading; it fails only when the load tool saw an update lost,
# duplicated or out of order, or a player that did not converge (its exit code 1), or the cluster did not start.
# Bounded: about a minute after the build (each run has a hard timeout).
#
#   deploy/perf-smoke.sh            GAMESTATE_PERF_DATA_DIR (.data/perf-smoke), free loopback ports (GAMESTATE_PERF_HTTP_PORT fixes the HTTP one)
set -euo pipefail

ROOT=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
cd "$ROOT"

export GAMESTATE_DATA_DIR=${GAMESTATE_PERF_DATA_DIR:-$ROOT/.data/perf-smoke}
export GAMESTATE_TOPOLOGY=${GAMESTATE_TOPOLOGY:-allinone}
export GAMESTATE_SILOS=1 GAMESTATE_GATEWAYS=1
free_ports() { deploy/postgres.sh free-port "$1"; }
export GAMESTATE_HTTP_PORT=${GAMESTATE_PERF_HTTP_PORT:-$(free_ports 1)}
export GAMESTATE_SILO_PORT=$(free_ports 1) GAMESTATE_SILO_GATEWAY_PORT=$(free_ports 1)
export GAMESTATE_METRICS_PORT=$(free_ports 2) GAMESTATE_PG_PORT=$(free_ports 1)
# The load tool's GMs send as fast as they are answered: the per-connection rate limit would answer RATE_LIMITED.
export Limits__UpdatesPerSecondPerConnection=0
unset ConnectionStrings__Postgres
LOGS="$GAMESTATE_DATA_DIR/logs"
OUT="$ROOT/TestResults/perf-smoke"
mkdir -p "$LOGS" "$OUT"

say() { echo "perf-smoke: $*" >&2; }

started=0
cleanup() {
  if [ "$started" = 1 ]; then
    started=0
    deploy/local.sh down >>"$LOGS/perf-down.log" 2>&1 || say "local.sh down failed (log: $LOGS/perf-down.log)"
  fi
}
trap cleanup EXIT
trap 'cleanup; exit 130' INT TERM

dotnet build bench/Load -c Release -nologo -v quiet >"$LOGS/build-load.log" 2>&1 \
  || { tail -n 30 "$LOGS/build-load.log" >&2; echo "perf-smoke: FAIL (the load tool did not build)"; exit 1; }
started=1
if ! deploy/local.sh up >"$LOGS/perf-up.log" 2>&1; then
  tail -n 40 "$LOGS/perf-up.log" >&2
  echo "perf-smoke: FAIL (the cluster did not start)"
  exit 1
fi

pg_port=$(deploy/postgres.sh port "$GAMESTATE_DATA_DIR/postgres")
LOAD=(dotnet bench/Load/bin/Release/net10.0/Orleans.GameState.Load.dll target "http://127.0.0.1:$GAMESTATE_HTTP_PORT"
  --plain --pids "$GAMESTATE_DATA_DIR/pids" --postgres "Host=127.0.0.1;Port=$pg_port;Username=postgres;Database=gamestate"
  --duration 8 --warmup 2 --baseline-duration 4)
rc=0
run() {
  local name=$1 status=0
  shift
  timeout 120 "${LOAD[@]}" --name "$name" --out "$OUT/$name" "$@" >"$OUT/$name.log" 2>&1 || status=$?
  echo "---- $name ($GAMESTATE_TOPOLOGY; load average $(cut -d' ' -f1-3 /proc/loadavg)) ----"
  # The ratios table and the CPU-per-update and round-trip lines of the tool's report.
  grep -E '^│|^├|^╭|^╰|CPU per|Round trip|^Correct|^VIOLATIONS' "$OUT/$name.log" | grep -vE 'phase +│ sessions' | tail -n 22 || true
  if [ "$status" != 0 ]; then
    say "$name: the load tool exited $status (log: $OUT/$name.log)"
    rc=1
  fi
}

run lone-gm --sessions 1 --players 1
run sessions-20x5 --sessions 20 --players 5
if [ "$rc" = 0 ]; then echo "perf-smoke: PASS"; else echo "perf-smoke: FAIL"; fi
exit "$rc"
