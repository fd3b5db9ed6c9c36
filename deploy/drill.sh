#!/usr/bin/env bash
# The failover drill: a multi-process cluster from deploy/local.sh (3 silos, 2 gateways, private PostgreSQL),
# a workload of GMs and players (tools/Drill) and faults injected with `local.sh kill|stop|start`; then checks
# that every acknowledged update is in the log, versions have no gaps or duplicates, every client converged on
# the same state and the backing models equal it. See docs/operations.md ("Failover drill").
#
#   deploy/drill.sh               full drill: kill-silo, term-silo, kill-gateway, kill-postgres, kill-silo (~3-4 min)
#   deploy/drill.sh --short       CI version: kill-silo, kill-postgres (~1-2 min after the build)
#   deploy/drill.sh [--short] --faults kill-silo,kill-gateway --sessions 6 ...   other arguments go to the drill tool
#   deploy/drill.sh --allinone [--short]   the all-in-one topology (GAMESTATE_TOPOLOGY=allinone): each silo serves the
#                                          hub and API, the clients connect to the silos; the full plan has no kill-gateway
#
# It runs its own cluster in GAMESTATE_DRILL_DATA_DIR (.data/drill) on its own ports (gateways 5280/5281, silos
# 11311.., silo gateways 30300.., metrics 9480..), so a cluster of deploy/local.sh in .data is left alone, and stops
# it at the end (GAMESTATE_DRILL_KEEP=1 leaves it running). Prints the drill's summary; the last line is
# "drill: PASS" or "drill: FAIL", and the exit code is non-zero on any lost or duplicated update, version gap,
# divergent client or backing model, unrecovered fault, kill-silo recovery over 10 s or failed update during a
# graceful silo shutdown.
set -euo pipefail

ROOT=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
cd "$ROOT"

short=0
args=()
for arg in "$@"; do
  case "$arg" in
    --short) short=1 ;;
    --allinone) export GAMESTATE_TOPOLOGY=allinone ;;
    *) args+=("$arg") ;;
  esac
done

# Split unless --allinone: the full plan kills a gateway process.
export GAMESTATE_TOPOLOGY=${GAMESTATE_TOPOLOGY:-split}
export GAMESTATE_DATA_DIR=${GAMESTATE_DRILL_DATA_DIR:-$ROOT/.data/drill}
export GAMESTATE_SILOS=${GAMESTATE_SILOS:-3}
export GAMESTATE_GATEWAYS=${GAMESTATE_GATEWAYS:-2}
export GAMESTATE_HTTP_PORT=${GAMESTATE_DRILL_HTTP_PORT:-5280}
export GAMESTATE_SILO_PORT=${GAMESTATE_DRILL_SILO_PORT:-11311}
export GAMESTATE_SILO_GATEWAY_PORT=${GAMESTATE_DRILL_SILO_GATEWAY_PORT:-30300}
export GAMESTATE_METRICS_PORT=${GAMESTATE_DRILL_METRICS_PORT:-9480}
export GAMESTATE_PG_PORT=${GAMESTATE_DRILL_PG_PORT:-55632}
unset ConnectionStrings__Postgres
DRILL_DLL="$ROOT/tools/Drill/bin/Release/net10.0/Orleans.GameState.Drill.dll"
LOGS="$GAMESTATE_DATA_DIR/logs"
mkdir -p "$LOGS"

say() { echo "drill.sh: $*" >&2; }

started=0
cleanup() {
  if [ "$started" = 1 ] && [ -z "${GAMESTATE_DRILL_KEEP:-}" ]; then
    started=0
    deploy/local.sh down >>"$LOGS/drill-down.log" 2>&1 || say "local.sh down failed (log: $LOGS/drill-down.log)"
  fi
}
trap cleanup EXIT
trap 'cleanup; exit 130' INT TERM

say "building the drill tool"
dotnet build tools/Drill/Orleans.GameState.Drill.csproj -c Release -nologo -v quiet >"$LOGS/build-drill.log" 2>&1 \
  || { tail -n 30 "$LOGS/build-drill.log" >&2; echo "drill: FAIL (the drill tool did not build)"; exit 1; }

say "starting the cluster ($GAMESTATE_TOPOLOGY): $GAMESTATE_SILOS silos, $GAMESTATE_GATEWAYS gateways (data $GAMESTATE_DATA_DIR)"
started=1
if ! deploy/local.sh up >"$LOGS/drill-up.log" 2>&1; then
  tail -n 40 "$LOGS/drill-up.log" >&2
  echo "drill: FAIL (the cluster did not start)"
  exit 1
fi

pg_port=$(deploy/postgres.sh port "$GAMESTATE_DATA_DIR/postgres")
gateways=""
silo_gateways=""
http_count=$GAMESTATE_GATEWAYS
[ "$GAMESTATE_TOPOLOGY" = allinone ] && http_count=$GAMESTATE_SILOS
for i in $(seq 1 "$http_count"); do gateways="$gateways${gateways:+,}http://127.0.0.1:$((GAMESTATE_HTTP_PORT + i - 1))"; done
for i in $(seq 1 "$GAMESTATE_SILOS"); do silo_gateways="$silo_gateways${silo_gateways:+,}127.0.0.1:$((GAMESTATE_SILO_GATEWAY_PORT + i - 1))"; done

if [ "$short" = 1 ]; then
  plan=(--faults kill-silo,kill-postgres --sessions 3 --players 2 --warmup 5 --settle 4 --max-duration 150)
else
  plan=(--faults kill-silo,term-silo,kill-gateway,kill-postgres,kill-silo --sessions 4 --players 2 --warmup 8 --settle 6 --max-duration 420)
fi
if [ "$GAMESTATE_TOPOLOGY" = allinone ] && [ "$short" = 0 ]; then
  plan=(--faults kill-silo,term-silo,kill-postgres,kill-silo --sessions 4 --players 2 --warmup 8 --settle 6 --max-duration 420)
fi

say "running the workload and the faults"
set +e
dotnet "$DRILL_DLL" --gateways "$gateways" --silo-gateways "$silo_gateways" --silos "$GAMESTATE_SILOS" \
  --silo-port-base "$GAMESTATE_SILO_PORT" --postgres "Host=127.0.0.1;Port=$pg_port;Username=postgres;Database=gamestate" \
  --local-script "$ROOT/deploy/local.sh" --report "$LOGS/drill-report.json" "${plan[@]}" "${args[@]}" \
  2> >(tee "$LOGS/drill.log" >&2)
rc=$?
set -e
[ "$rc" = 0 ] || say "the drill failed (exit $rc); logs: $LOGS/"
exit "$rc"
