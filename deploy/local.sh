#!/usr/bin/env bash
# Runs the whole backend on this machine: PostgreSQL, N silos, M gateways.
#
#   deploy/local.sh up       start what is not running yet, wait until healthy, print "ready: http://127.0.0.1:<port>"
#   deploy/local.sh down     stop gateways, then silos, then the private PostgreSQL (if this script started it)
#   deploy/local.sh status   each process and whether it is alive
#
# Settings (environment): GAMESTATE_SILOS (1), GAMESTATE_GATEWAYS (1), GAMESTATE_HTTP_PORT (5080),
# GAMESTATE_PG_PORT (55432, else a free port), GAMESTATE_READY_TIMEOUT (120 s), GAMESTATE_SKIP_BUILD (unset),
# ConnectionStrings__Postgres (when set, that database is used and no private PostgreSQL is started).
# Every other variable is passed on: the processes inherit this environment, so any configuration key can be
# set as KEY__SUBKEY=value. Unless set by the caller, Auth__DevTokens=true and Auth__SigningKey comes from
# .data/signing-key (48 random bytes, base64, made once).
#
# State under .data/: pids/*.pid (the serving processes themselves), logs/*.log, postgres/ (the cluster).
set -euo pipefail

ROOT=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
cd "$ROOT"

DATA="$ROOT/.data"
PIDS="$DATA/pids"
LOGS="$DATA/logs"
PG_DIR="$DATA/postgres"
PG_MANAGED="$DATA/postgres.managed"
SILOS=${GAMESTATE_SILOS:-1}
GATEWAYS=${GAMESTATE_GATEWAYS:-1}
HTTP_PORT=${GAMESTATE_HTTP_PORT:-5080}
READY_TIMEOUT=${GAMESTATE_READY_TIMEOUT:-120}
SILO_PROJECT=silo/Orleans.GameState.Silo.csproj
GATEWAY_PROJECT=gateway/Orleans.GameState.Gateway.csproj
SILO_BIN="$ROOT/silo/bin/Release/net10.0"
GATEWAY_BIN="$ROOT/gateway/bin/Release/net10.0"
SILO_DLL=Orleans.GameState.Silo.dll
GATEWAY_DLL=Orleans.GameState.Gateway.dll

die() { echo "local.sh: $*" >&2; exit 1; }
say() { echo "local.sh: $*" >&2; }

# --- process bookkeeping -------------------------------------------------------------------------------

# alive <pidfile> <command-line fragment>: the pid in the file is running and is what we started.
alive() {
  local file=$1 expect=$2 pid
  [ -f "$file" ] || return 1
  pid=$(cat "$file" 2>/dev/null) || return 1
  [[ "$pid" =~ ^[0-9]+$ ]] || return 1
  kill -0 "$pid" 2>/dev/null || return 1
  [ -r "/proc/$pid/cmdline" ] || return 0
  tr '\0' ' ' <"/proc/$pid/cmdline" | grep -qF -- "$expect"
}

gateway_pidfile() { if [ "$1" = 1 ]; then echo "$PIDS/gateway.pid"; else echo "$PIDS/gateway-$1.pid"; fi; }
gateway_log() { if [ "$1" = 1 ]; then echo "$LOGS/gateway.log"; else echo "$LOGS/gateway-$1.log"; fi; }

# All pid files of one kind that exist, whatever counts they were started with.
silo_pidfiles() { compgen -G "$PIDS/silo-*.pid" || true; }
gateway_pidfiles() { compgen -G "$PIDS/gateway*.pid" || true; }

any_host_alive() {
  local f
  for f in $(silo_pidfiles); do alive "$f" "$SILO_DLL" && return 0; done
  for f in $(gateway_pidfiles); do alive "$f" "$GATEWAY_DLL" && return 0; done
  return 1
}

show_log_tail() {
  local log=$1
  if [ -f "$log" ]; then
    echo "---- last lines of $log ----" >&2
    tail -n 40 "$log" >&2 || true
    echo "----" >&2
  fi
}

# stop_all <grace seconds> <fragment> <pidfile>...: SIGTERM to all, wait, then SIGKILL what is left.
stop_all() {
  local grace=$1 expect=$2 file pid waited=0 left
  shift 2
  local files=("$@")
  [ ${#files[@]} -gt 0 ] || return 0
  for file in "${files[@]}"; do
    if alive "$file" "$expect"; then
      pid=$(cat "$file")
      say "stopping $(basename "$file" .pid) (pid $pid)"
      kill -TERM "$pid" 2>/dev/null || true
    fi
  done
  while :; do
    left=0
    for file in "${files[@]}"; do alive "$file" "$expect" && left=1; done
    [ "$left" = 0 ] && break
    if [ "$waited" -ge $((grace * 10)) ]; then
      for file in "${files[@]}"; do
        if alive "$file" "$expect"; then
          pid=$(cat "$file")
          say "$(basename "$file" .pid) (pid $pid) did not stop within ${grace}s: SIGKILL"
          kill -KILL "$pid" 2>/dev/null || true
        fi
      done
      sleep 0.5
      break
    fi
    sleep 0.1
    waited=$((waited + 1))
  done
  rm -f "${files[@]}"
}

# --- PostgreSQL ----------------------------------------------------------------------------------------

port_in_use() { (exec 3<>"/dev/tcp/127.0.0.1/$1") 2>/dev/null; }

start_postgres() {
  if [ -n "${ConnectionStrings__Postgres:-}" ]; then
    say "using ConnectionStrings__Postgres from the environment (no private PostgreSQL)"
    return 0
  fi
  local port
  if port=$(deploy/postgres.sh port "$PG_DIR" 2>/dev/null) && [ -n "$port" ]; then
    : # the port this cluster had before
  else
    port=${GAMESTATE_PG_PORT:-55432}
  fi
  if ! deploy/postgres.sh pid "$PG_DIR" >/dev/null 2>&1 && port_in_use "$port"; then
    if [ -n "${GAMESTATE_PG_PORT:-}" ] && [ "$port" = "$GAMESTATE_PG_PORT" ]; then
      die "GAMESTATE_PG_PORT=$port is already in use by another program"
    fi
    local taken=$port
    port=$(deploy/postgres.sh free-port)
    say "port $taken is in use; the private PostgreSQL takes port $port (remembered under $PG_DIR)"
  fi
  port=$(deploy/postgres.sh start "$PG_DIR" "$port") || die "PostgreSQL did not start (see $PG_DIR/server.log)"
  touch "$PG_MANAGED"
  deploy/postgres.sh pid "$PG_DIR" >"$PIDS/postgres.pid"
  export ConnectionStrings__Postgres="Host=127.0.0.1;Port=$port;Username=postgres;Database=gamestate"
}

# --- up / down / status --------------------------------------------------------------------------------

build() {
  if [ -n "${GAMESTATE_SKIP_BUILD:-}" ]; then
    say "GAMESTATE_SKIP_BUILD set: using the existing build"
  elif any_host_alive; then
    # Rebuilding would overwrite assemblies that running processes have mapped.
    say "some processes are running: reusing the existing build (run 'down' first to rebuild)"
  else
    say "building (Release)"
    dotnet build -c Release -nologo -v quiet "$SILO_PROJECT" >"$LOGS/build-silo.log" 2>&1 \
      || { show_log_tail "$LOGS/build-silo.log"; die "building the silo failed (log: $LOGS/build-silo.log)"; }
    dotnet build -c Release -nologo -v quiet "$GATEWAY_PROJECT" >"$LOGS/build-gateway.log" 2>&1 \
      || { show_log_tail "$LOGS/build-gateway.log"; die "building the gateway failed (log: $LOGS/build-gateway.log)"; }
  fi
  [ -f "$SILO_BIN/$SILO_DLL" ] || die "no silo build at $SILO_BIN/$SILO_DLL"
  [ -f "$GATEWAY_BIN/$GATEWAY_DLL" ] || die "no gateway build at $GATEWAY_BIN/$GATEWAY_DLL"
}

migrate() {
  say "applying the schema"
  (cd "$SILO_BIN" && dotnet "$SILO_DLL" migrate) >"$LOGS/migrate.log" 2>&1 \
    || { show_log_tail "$LOGS/migrate.log"; die "schema migration failed (log: $LOGS/migrate.log)"; }
}

signing_key() {
  if [ ! -s "$DATA/signing-key" ]; then
    (umask 077 && head -c 48 /dev/urandom | base64 -w0 >"$DATA/signing-key")
  fi
  cat "$DATA/signing-key"
}

start_silo() {
  local i=$1 file="$PIDS/silo-$1.pid" log="$LOGS/silo-$1.log"
  if alive "$file" "$SILO_DLL"; then
    say "silo-$i already running (pid $(cat "$file"))"
    return 0
  fi
  local port
  for port in $((11111 + i - 1)) $((30000 + i - 1)); do
    port_in_use "$port" && die "silo-$i: port $port on 127.0.0.1 is already in use by another program"
  done
  echo "==== $(date -u +%FT%TZ) local.sh starts silo-$i" >>"$log"
  (
    cd "$SILO_BIN"
    export Orleans__SiloPort=$((11111 + i - 1)) Orleans__GatewayPort=$((30000 + i - 1))
    exec nohup dotnet "$SILO_DLL" >>"$log" 2>&1 </dev/null
  ) &
  echo $! >"$file"
  say "silo-$i started (pid $!, silo port $((11111 + i - 1)), gateway port $((30000 + i - 1)), log $log)"
}

start_gateway() {
  local i=$1 file log port
  file=$(gateway_pidfile "$i")
  log=$(gateway_log "$i")
  port=$((HTTP_PORT + i - 1))
  if alive "$file" "$GATEWAY_DLL"; then
    say "gateway-$i already running (pid $(cat "$file"))"
    return 0
  fi
  port_in_use "$port" \
    && die "gateway-$i: port $port on 127.0.0.1 is already in use by another program (set GAMESTATE_HTTP_PORT)"
  echo "==== $(date -u +%FT%TZ) local.sh starts gateway-$i on port $port" >>"$log"
  (
    cd "$GATEWAY_BIN"
    exec nohup dotnet "$GATEWAY_DLL" --urls "http://127.0.0.1:$port" >>"$log" 2>&1 </dev/null
  ) &
  echo $! >"$file"
  say "gateway-$i started (pid $!, http://127.0.0.1:$port, log $log)"
}

http_status() {
  local url=$1
  if command -v curl >/dev/null 2>&1; then
    curl -s -o /dev/null -m 5 -w '%{http_code}' "$url" 2>/dev/null || true
  else
    local hostport=${url#http://} path
    path="/${hostport#*/}"
    hostport=${hostport%%/*}
    (
      exec 3<>"/dev/tcp/${hostport%:*}/${hostport#*:}" || exit 0
      printf 'GET %s HTTP/1.0\r\nHost: %s\r\n\r\n' "$path" "$hostport" >&3
      head -n1 <&3 | awk '{print $2}'
    ) 2>/dev/null || true
  fi
}

wait_ready() {
  local deadline=$((SECONDS + READY_TIMEOUT)) i file ready
  while :; do
    for i in $(seq 1 "$SILOS"); do
      alive "$PIDS/silo-$i.pid" "$SILO_DLL" \
        || { show_log_tail "$LOGS/silo-$i.log"; die "silo-$i exited during startup (log: $LOGS/silo-$i.log)"; }
    done
    ready=1
    for i in $(seq 1 "$GATEWAYS"); do
      file=$(gateway_pidfile "$i")
      alive "$file" "$GATEWAY_DLL" \
        || { show_log_tail "$(gateway_log "$i")"; die "gateway-$i exited during startup (log: $(gateway_log "$i"))"; }
      [ "$(http_status "http://127.0.0.1:$((HTTP_PORT + i - 1))/readyz")" = 200 ] || ready=0
    done
    [ "$ready" = 1 ] && return 0
    if [ "$SECONDS" -ge "$deadline" ]; then
      for i in $(seq 1 "$GATEWAYS"); do show_log_tail "$(gateway_log "$i")"; done
      die "not ready within ${READY_TIMEOUT}s: GET /readyz did not answer 200 (logs: $LOGS/)"
    fi
    sleep 1
  done
}

cmd_up() {
  [[ "$SILOS" =~ ^[1-9][0-9]*$ ]] || die "GAMESTATE_SILOS must be a positive number"
  [[ "$GATEWAYS" =~ ^[1-9][0-9]*$ ]] || die "GAMESTATE_GATEWAYS must be a positive number"
  command -v dotnet >/dev/null 2>&1 || die "dotnet is not on PATH"
  mkdir -p "$PIDS" "$LOGS"
  start_postgres
  build
  migrate
  if [ -z "${Auth__SigningKey:-}" ]; then
    Auth__SigningKey=$(signing_key)
    export Auth__SigningKey
  fi
  export Auth__DevTokens=${Auth__DevTokens:-true}
  local i
  for i in $(seq 1 "$SILOS"); do start_silo "$i"; done
  for i in $(seq 1 "$GATEWAYS"); do start_gateway "$i"; done
  wait_ready
  echo "ready: http://127.0.0.1:$HTTP_PORT"
}

cmd_down() {
  mkdir -p "$PIDS"
  local gateways silos
  mapfile -t gateways < <(gateway_pidfiles)
  mapfile -t silos < <(silo_pidfiles)
  stop_all 20 "$GATEWAY_DLL" "${gateways[@]}"
  stop_all 45 "$SILO_DLL" "${silos[@]}"
  if [ -f "$PG_MANAGED" ]; then
    deploy/postgres.sh stop "$PG_DIR" || die "could not stop PostgreSQL (log: $PG_DIR/server.log)"
    rm -f "$PG_MANAGED"
  fi
  rm -f "$PIDS/postgres.pid"
  say "down"
}

cmd_status() {
  local f name any=0 dead=0
  for f in $(gateway_pidfiles) $(silo_pidfiles) "$PIDS/postgres.pid"; do
    [ -f "$f" ] || continue
    any=1
    name=$(basename "$f" .pid)
    case "$name" in
      silo-*) expect=$SILO_DLL ;;
      gateway*) expect=$GATEWAY_DLL ;;
      *) expect=postgres ;;
    esac
    if alive "$f" "$expect"; then
      echo "$name: running (pid $(cat "$f"))"
    else
      echo "$name: not running (stale pid $(cat "$f" 2>/dev/null))"
      dead=1
    fi
  done
  if [ "$any" = 0 ]; then
    echo "nothing started (no pid files under $PIDS)"
    return 1
  fi
  for f in $(gateway_pidfiles); do
    name=$(basename "$f" .pid)
    local idx=1
    [[ "$name" =~ ^gateway-([0-9]+)$ ]] && idx=${BASH_REMATCH[1]}
    echo "$name: GET http://127.0.0.1:$((HTTP_PORT + idx - 1))/readyz -> $(http_status "http://127.0.0.1:$((HTTP_PORT + idx - 1))/readyz")"
  done
  return "$dead"
}

case "${1:-}" in
  up) cmd_up ;;
  down) cmd_down ;;
  status) cmd_status ;;
  *) echo "usage: $0 up|down|status" >&2; exit 2 ;;
esac
