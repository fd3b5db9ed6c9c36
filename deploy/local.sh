#!/usr/bin/env bash
# Runs the whole backend on this machine: PostgreSQL, N silos, M gateways.
#
#   deploy/local.sh up       start what is not running yet, wait until healthy, print "ready: http://127.0.0.1:<port>"
#   deploy/local.sh down     stop gateways, then silos, then the private PostgreSQL (if this script started it)
#   deploy/local.sh status   each process, cluster membership (orleans_membership) and active sessions per silo
#   deploy/local.sh kill <p>       SIGKILL one process (p: silo-N, gateway, gateway-N, postgres): a crash, for drills
#   deploy/local.sh stop <p>       SIGTERM one process and wait until it is gone (graceful shutdown)
#   deploy/local.sh start <p>      start one process that is not running and wait until it is healthy
#   deploy/local.sh restart <p>    stop (gracefully, if it runs) and start again
#
# Topology (GAMESTATE_TOPOLOGY): allinone (the default) runs the hub, REST and health endpoints inside each silo
# process (silo-N serves HTTP on GAMESTATE_HTTP_PORT+N-1; no gateway processes, GAMESTATE_GATEWAYS is ignored):
# on one machine the separate gateway tier only adds a network hop, a serialisation and a process per update
# (docs/performance.md, "Part two targets"). split runs separate gateway processes, as a scaled-out deployment does.
#
# Settings (environment): GAMESTATE_SILOS (1), GAMESTATE_GATEWAYS (1), GAMESTATE_HTTP_PORT (5080),
# GAMESTATE_PG_PORT (55432, else a free port), GAMESTATE_READY_TIMEOUT (120 s), GAMESTATE_SKIP_BUILD (unset),
# GAMESTATE_SILO_PORT (11111) and GAMESTATE_SILO_GATEWAY_PORT (30000): silo i gets base+i-1,
# GAMESTATE_METRICS_PORT (9400; silo i serves Prometheus on base+i; 0 turns it off),
# GAMESTATE_DASHBOARD_PORT (8080; with Dashboard__Enabled=true silo i serves the Orleans Dashboard on base+i-1),
# GAMESTATE_DATA_DIR (.data; a second cluster from the same checkout needs its own, and its own ports),
# ConnectionStrings__Postgres (when set, that database is used and no private PostgreSQL is started),
# GAMESTATE_SKIP_CONSOLE_BUILD (unset: `up` builds the web console with deploy/console.sh when npm is there; the
# gateway serves console/dist at /console/ through Console__Path unless the caller sets it).
# Every other variable is passed on: the processes inherit this environment, so any configuration key can be
# set as KEY__SUBKEY=value. Unless set by the caller, Auth__DevTokens=true and Auth__SigningKey comes from
# .data/signing-key (48 random bytes, base64, made once).
#
# State under .data/: pids/*.pid (the serving processes themselves), logs/*.log, postgres/ (the cluster).
set -euo pipefail

ROOT=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
cd "$ROOT"

DATA=${GAMESTATE_DATA_DIR:-$ROOT/.data}
mkdir -p "$DATA"
DATA=$(cd "$DATA" && pwd)
# Ports and counts of the last `up` (only those the caller does not set), so that kill/restart/status find
# the same processes without repeating the settings.
if [ "${1:-}" != up ] && [ -f "$DATA/settings" ]; then
  # shellcheck disable=SC1091
  . "$DATA/settings"
fi
PIDS="$DATA/pids"
LOGS="$DATA/logs"
PG_DIR="$DATA/postgres"
PG_MANAGED="$DATA/postgres.managed"
SILOS=${GAMESTATE_SILOS:-1}
GATEWAYS=${GAMESTATE_GATEWAYS:-1}
TOPOLOGY=${GAMESTATE_TOPOLOGY:-allinone}
HTTP_PORT=${GAMESTATE_HTTP_PORT:-5080}
READY_TIMEOUT=${GAMESTATE_READY_TIMEOUT:-120}
SILO_PORT_BASE=${GAMESTATE_SILO_PORT:-11111}
SILO_GATEWAY_PORT_BASE=${GAMESTATE_SILO_GATEWAY_PORT:-30000}
METRICS_PORT_BASE=${GAMESTATE_METRICS_PORT:-9400}
DASHBOARD_PORT_BASE=${GAMESTATE_DASHBOARD_PORT:-8080}
SILO_PROJECT=silo/Orleans.GameState.Silo.csproj
GATEWAY_PROJECT=gateway/Orleans.GameState.Gateway.csproj
SILO_BIN="$ROOT/silo/bin/Release/net10.0"
GATEWAY_BIN="$ROOT/gateway/bin/Release/net10.0"
SILO_DLL=Orleans.GameState.Silo.dll
GATEWAY_DLL=Orleans.GameState.Gateway.dll

die() { echo "local.sh: $*" >&2; exit 1; }
say() { echo "local.sh: $*" >&2; }

case "$TOPOLOGY" in
  allinone|split) ;;
  *) die "GAMESTATE_TOPOLOGY must be allinone or split (not '$TOPOLOGY')" ;;
esac
all_in_one() { [ "$TOPOLOGY" = allinone ]; }

# The HTTP ports that serve the API: the silos' in all-in-one, else the gateways'.
http_ports() {
  local i n=$GATEWAYS
  all_in_one && n=$SILOS
  for i in $(seq 1 "$n"); do echo $((HTTP_PORT + i - 1)); done
}

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

# started <pidfile>: the process just started from it is still there (it may not have exec'd dotnet yet, so
# its command line is not checked).
started() {
  local pid
  pid=$(cat "$1" 2>/dev/null) || return 1
  [[ "$pid" =~ ^[0-9]+$ ]] && kill -0 "$pid" 2>/dev/null
}

gateway_pidfile() { if [ "$1" = 1 ]; then echo "$PIDS/gateway.pid"; else echo "$PIDS/gateway-$1.pid"; fi; }
gateway_log() { if [ "$1" = 1 ]; then echo "$LOGS/gateway.log"; else echo "$LOGS/gateway-$1.log"; fi; }

# All pid files of one kind that exist, whatever counts they were started with.
silo_pidfiles() { compgen -G "$PIDS/silo-*.pid" | sort -V || true; }
gateway_pidfiles() { compgen -G "$PIDS/gateway*.pid" | sort -V || true; }

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

# The web console: built on `up` when npm is there (a failure is reported, the backend starts anyway), then served
# by the gateways from console/dist unless the caller set Console__Path.
build_console() {
  if [ -z "${GAMESTATE_SKIP_CONSOLE_BUILD:-}" ] && [ -z "${GAMESTATE_SKIP_BUILD:-}" ] && command -v npm >/dev/null 2>&1; then
    say "building the web console"
    deploy/console.sh build >"$LOGS/build-console.log" 2>&1 \
      || { show_log_tail "$LOGS/build-console.log"; say "building the web console failed (log: $LOGS/build-console.log); continuing without it"; }
  fi
}

console_environment() {
  if [ -z "${Console__Path:-}" ] && [ -d console ]; then
    # The folder is served even while empty, so a console built after `up` (as the browser tests do) is found.
    mkdir -p console/dist
    export Console__Path=$ROOT/console/dist
  fi
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

silo_port() { echo $((SILO_PORT_BASE + $1 - 1)); }
silo_gateway_port() { echo $((SILO_GATEWAY_PORT_BASE + $1 - 1)); }
silo_metrics_port() { [ "$METRICS_PORT_BASE" = 0 ] && echo 0 || echo $((METRICS_PORT_BASE + $1)); }
dashboard_enabled() { [ "$(echo "${Dashboard__Enabled:-false}" | tr '[:upper:]' '[:lower:]')" = true ]; }

start_silo() {
  local i=$1 file="$PIDS/silo-$1.pid" log="$LOGS/silo-$1.log"
  if alive "$file" "$SILO_DLL"; then
    say "silo-$i already running (pid $(cat "$file"))"
    return 0
  fi
  local port ports metrics dashboard=0
  metrics=$(silo_metrics_port "$i")
  ports="$(silo_port "$i") $(silo_gateway_port "$i")"
  [ "$metrics" != 0 ] && ports="$ports $metrics"
  if dashboard_enabled; then
    dashboard=$((DASHBOARD_PORT_BASE + i - 1))
    ports="$ports $dashboard"
  fi
  local http=0
  if all_in_one; then
    http=$((HTTP_PORT + i - 1))
    ports="$ports $http"
  fi
  for port in $ports; do
    port_in_use "$port" && die "silo-$i: port $port on 127.0.0.1 is already in use by another program"
  done
  echo "==== $(date -u +%FT%TZ) local.sh starts silo-$i" >>"$log"
  (
    cd "$SILO_BIN"
    export Orleans__SiloPort=$(silo_port "$i") Orleans__GatewayPort=$(silo_gateway_port "$i")
    [ "$metrics" != 0 ] && export Telemetry__PrometheusPort=$metrics
    [ "$dashboard" != 0 ] && export Dashboard__Port=$dashboard
    if [ "$http" != 0 ]; then
      export Silo__AllInOne=true
      exec nohup dotnet "$SILO_DLL" --urls "http://127.0.0.1:$http" >>"$log" 2>&1 </dev/null
    fi
    exec nohup dotnet "$SILO_DLL" >>"$log" 2>&1 </dev/null
  ) &
  echo $! >"$file"
  local extra=""
  [ "$metrics" != 0 ] && extra=", metrics http://127.0.0.1:$metrics/metrics"
  [ "$dashboard" != 0 ] && extra="$extra, dashboard http://127.0.0.1:$dashboard/"
  [ "$http" != 0 ] && extra="$extra, hub and API http://127.0.0.1:$http"
  say "silo-$i started (pid $!, silo port $(silo_port "$i"), gateway port $(silo_gateway_port "$i")$extra, log $log)"
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
      started "$PIDS/silo-$i.pid" \
        || { show_log_tail "$LOGS/silo-$i.log"; die "silo-$i exited during startup (log: $LOGS/silo-$i.log)"; }
    done
    ready=1
    if ! all_in_one; then
      for i in $(seq 1 "$GATEWAYS"); do
        file=$(gateway_pidfile "$i")
        started "$file" \
          || { show_log_tail "$(gateway_log "$i")"; die "gateway-$i exited during startup (log: $(gateway_log "$i"))"; }
      done
    fi
    for i in $(http_ports); do
      [ "$(http_status "http://127.0.0.1:$i/readyz")" = 200 ] || ready=0
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
  {
    echo ": \"\${GAMESTATE_SILOS:=$SILOS}\" \"\${GAMESTATE_GATEWAYS:=$GATEWAYS}\" \"\${GAMESTATE_HTTP_PORT:=$HTTP_PORT}\""
    echo ": \"\${GAMESTATE_SILO_PORT:=$SILO_PORT_BASE}\" \"\${GAMESTATE_SILO_GATEWAY_PORT:=$SILO_GATEWAY_PORT_BASE}\""
    echo ": \"\${GAMESTATE_METRICS_PORT:=$METRICS_PORT_BASE}\" \"\${GAMESTATE_DASHBOARD_PORT:=$DASHBOARD_PORT_BASE}\""
    echo ": \"\${GAMESTATE_TOPOLOGY:=$TOPOLOGY}\""
  } >"$DATA/settings"
  start_postgres
  build
  build_console
  console_environment
  migrate
  if [ -z "${Auth__SigningKey:-}" ]; then
    Auth__SigningKey=$(signing_key)
    export Auth__SigningKey
  fi
  export Auth__DevTokens=${Auth__DevTokens:-true}
  local i
  for i in $(seq 1 "$SILOS"); do start_silo "$i"; done
  all_in_one || for i in $(seq 1 "$GATEWAYS"); do start_gateway "$i"; done
  wait_ready
  echo "ready: http://127.0.0.1:$HTTP_PORT ($TOPOLOGY)"
  if [ -n "${Console__Path:-}" ]; then
    [ -f "$Console__Path/index.html" ] || say "the web console is not built yet (deploy/console.sh build)"
    echo "console: http://127.0.0.1:$HTTP_PORT/console/"
  fi
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

# --- PostgreSQL access for status and restarts --------------------------------------------------------

pg_bin() {
  local d
  d=$(for d in /usr/lib/postgresql/*/bin; do [ -x "$d/psql" ] && echo "$d"; done | sort -t/ -k5,5n | tail -n1)
  if [ -n "$d" ]; then echo "$d/$1"; elif command -v "$1" >/dev/null 2>&1; then command -v "$1"; else return 1; fi
}

# The connection string of the database in use: the caller's, else the private cluster's (running or not).
connection_string() {
  if [ -n "${ConnectionStrings__Postgres:-}" ] && [ ! -f "$PG_MANAGED" ]; then
    echo "$ConnectionStrings__Postgres"
    return 0
  fi
  local port
  port=$(deploy/postgres.sh port "$PG_DIR" 2>/dev/null) || return 1
  [ -n "$port" ] || return 1
  echo "Host=127.0.0.1;Port=$port;Username=postgres;Database=gamestate"
}

# psql_query <sql>: runs it against the database in use (an Npgsql connection string turned into libpq settings).
psql_query() {
  local cs psql host=127.0.0.1 port=5432 user=postgres db=gamestate password="" pair key value
  cs=$(connection_string) || return 1
  psql=$(pg_bin psql) || return 1
  IFS=';' read -ra pairs <<<"$cs"
  for pair in "${pairs[@]}"; do
    key=$(echo "${pair%%=*}" | tr '[:upper:]' '[:lower:]' | tr -d ' ')
    value=${pair#*=}
    case "$key" in
      host|server) host=${value%%,*} ;;
      port) port=$value ;;
      username|user|userid|"user id") user=$value ;;
      password) password=$value ;;
      database) db=$value ;;
    esac
  done
  PGPASSWORD=$password PGCONNECT_TIMEOUT=3 "$psql" -h "$host" -p "$port" -U "$user" -d "$db" -tAX -F ' | ' -v ON_ERROR_STOP=1 -c "$1" 2>/dev/null
}

cmd_status() {
  local f name any=0 dead=0 expect
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
  echo "topology: $TOPOLOGY"
  for f in $(all_in_one && silo_pidfiles || gateway_pidfiles); do
    name=$(basename "$f" .pid)
    local idx=1
    [[ "$name" =~ ^(gateway|silo)-([0-9]+)$ ]] && idx=${BASH_REMATCH[2]}
    echo "$name: GET http://127.0.0.1:$((HTTP_PORT + idx - 1))/readyz -> $(http_status "http://127.0.0.1:$((HTTP_PORT + idx - 1))/readyz")"
  done

  # Cluster membership as the silos record it: status 3 = Active, 6 = Dead (older generations of a silo stay as Dead).
  local rows
  echo "membership (orleans_membership; 3 = active, 6 = dead; newest first):"
  if rows=$(psql_query "SELECT port, generation, CASE status WHEN 3 THEN 'active' WHEN 6 THEN 'dead' WHEN 1 THEN 'created' WHEN 2 THEN 'joining' WHEN 4 THEN 'shutting down' WHEN 5 THEN 'stopping' ELSE status::text END, silo_name, to_char(i_am_alive_time AT TIME ZONE 'UTC', 'HH24:MI:SS') || 'Z' FROM orleans_membership ORDER BY start_time DESC LIMIT 12"); then
    if [ -z "$rows" ]; then echo "  (no rows)"; fi
    while IFS= read -r line; do
      [ -n "$line" ] || continue
      local p=${line%% *} label=""
      local j
      for j in $(seq 1 32); do [ "$p" = "$(silo_port "$j")" ] && label="silo-$j " && break; done
      echo "  ${label}port $line"
    done <<<"$rows"
  else
    echo "  (database not reachable)"
  fi

  # Active sessions per silo, from each silo's Prometheus endpoint (gamestate.sessions.active).
  if [ "$METRICS_PORT_BASE" != 0 ]; then
    echo "sessions per silo (gamestate_sessions_active on each silo's /metrics):"
    for f in $(silo_pidfiles); do
      name=$(basename "$f" .pid)
      local i=${name#silo-} port metrics count
      port=$(silo_metrics_port "$i")
      if alive "$f" "$SILO_DLL" && metrics=$(curl -s -m 3 "http://127.0.0.1:$port/metrics" 2>/dev/null); then
        count=$(echo "$metrics" | awk '/^gamestate_sessions_active[{ ]/ {s += $NF} END {printf "%d", s}')
        echo "  $name: $count active sessions (http://127.0.0.1:$port/metrics)"
      else
        echo "  $name: no metrics (not running?)"
      fi
    done
  fi
  return "$dead"
}

# --- one process: kill / stop / start / restart (for drills) ------------------------------------------

# process_pidfile <name>: the pid file of silo-N, gateway, gateway-N or postgres.
process_pidfile() {
  case "$1" in
    silo-[1-9]*) [[ "$1" =~ ^silo-[0-9]+$ ]] && echo "$PIDS/$1.pid" ;;
    gateway|gateway-1) echo "$PIDS/gateway.pid" ;;
    gateway-[2-9]*|gateway-[1-9][0-9]*) [[ "$1" =~ ^gateway-[0-9]+$ ]] && echo "$PIDS/$1.pid" ;;
    postgres) echo "$PIDS/postgres.pid" ;;
    *) return 1 ;;
  esac
}

process_expect() {
  case "$1" in
    silo-*) echo "$SILO_DLL" ;;
    gateway*) echo "$GATEWAY_DLL" ;;
    postgres) echo postgres ;;
  esac
}

check_process_name() {
  [ -n "${1:-}" ] || die "which process? silo-N, gateway, gateway-N or postgres"
  process_pidfile "$1" >/dev/null || die "unknown process '$1' (silo-N, gateway, gateway-N or postgres)"
  if all_in_one && [[ "$1" == gateway* ]]; then
    die "$1: the topology is allinone, where each silo-N serves the hub and API itself (no gateway processes)"
  fi
  if [ "$1" = postgres ] && [ ! -f "$PG_MANAGED" ]; then
    die "postgres: this script did not start the database (ConnectionStrings__Postgres was given)"
  fi
}

cmd_kill() {
  check_process_name "${1:-}"
  local name=$1 file pid children
  file=$(process_pidfile "$name")
  alive "$file" "$(process_expect "$name")" || die "$name is not running"
  pid=$(cat "$file")
  if [ "$name" = postgres ]; then
    # The whole server at once, as a machine crash would: the postmaster and its backends.
    children=$(ps -o pid= --ppid "$pid" 2>/dev/null | tr -s ' \n' ' ' || true)
    kill -KILL "$pid" $children 2>/dev/null || true
  else
    kill -KILL "$pid" 2>/dev/null || true
  fi
  local at n
  at=$(date +%s.%N)
  for n in $(seq 1 50); do kill -0 "$pid" 2>/dev/null || break; sleep 0.1; done
  say "$name (pid $pid) killed with SIGKILL at ${at%??????} (epoch seconds)"
}

cmd_stop() {
  check_process_name "${1:-}"
  local name=$1 file
  file=$(process_pidfile "$name")
  if [ "$name" = postgres ]; then
    deploy/postgres.sh stop "$PG_DIR" || die "could not stop PostgreSQL"
    rm -f "$file"
    return 0
  fi
  alive "$file" "$(process_expect "$name")" || { say "$name is not running"; return 0; }
  case "$name" in
    silo-*) stop_all 45 "$SILO_DLL" "$file" ;;
    *) stop_all 20 "$GATEWAY_DLL" "$file" ;;
  esac
}

# The environment `up` gives every process, without starting or building anything.
process_environment() {
  mkdir -p "$PIDS" "$LOGS"
  if [ -z "${ConnectionStrings__Postgres:-}" ] || [ -f "$PG_MANAGED" ]; then
    local cs
    cs=$(connection_string) || die "no private PostgreSQL under $PG_DIR: run 'up' first"
    export ConnectionStrings__Postgres=$cs
  fi
  if [ -z "${Auth__SigningKey:-}" ]; then
    Auth__SigningKey=$(signing_key)
    export Auth__SigningKey
  fi
  export Auth__DevTokens=${Auth__DevTokens:-true}
  console_environment
  [ -f "$SILO_BIN/$SILO_DLL" ] || die "no silo build at $SILO_BIN/$SILO_DLL: run 'up' first"
  [ -f "$GATEWAY_BIN/$GATEWAY_DLL" ] || die "no gateway build at $GATEWAY_BIN/$GATEWAY_DLL: run 'up' first"
}

# wait_silo_active <i> <since epoch seconds>: its membership row of a generation started since then is Active.
wait_silo_active() {
  local i=$1 since=$2 deadline=$((SECONDS + READY_TIMEOUT)) n
  while :; do
    started "$PIDS/silo-$i.pid" \
      || { show_log_tail "$LOGS/silo-$i.log"; die "silo-$i exited during startup (log: $LOGS/silo-$i.log)"; }
    n=$(psql_query "SELECT count(*) FROM orleans_membership WHERE port = $(silo_port "$i") AND status = 3 AND start_time >= to_timestamp($since) - interval '2 seconds'" || true)
    [ "${n:-0}" -ge 1 ] 2>/dev/null && return 0
    [ "$SECONDS" -ge "$deadline" ] && { show_log_tail "$LOGS/silo-$i.log"; die "silo-$i not active within ${READY_TIMEOUT}s"; }
    sleep 0.5
  done
}

wait_gateway_ready() {
  wait_http_ready "$((HTTP_PORT + $1 - 1))" "$(gateway_pidfile "$1")" "$(gateway_log "$1")" "gateway-$1"
}

# wait_http_ready <port> <pidfile> <log> <name>: GET /readyz on the port answers 200 while the process runs.
wait_http_ready() {
  local port=$1 file=$2 log=$3 name=$4 deadline=$((SECONDS + READY_TIMEOUT))
  while :; do
    started "$file" || { show_log_tail "$log"; die "$name exited during startup (log: $log)"; }
    [ "$(http_status "http://127.0.0.1:$port/readyz")" = 200 ] && return 0
    [ "$SECONDS" -ge "$deadline" ] && { show_log_tail "$log"; die "$name not ready within ${READY_TIMEOUT}s"; }
    sleep 0.5
  done
}

cmd_start() {
  check_process_name "${1:-}"
  local name=$1 i since
  case "$name" in
    postgres)
      local port
      port=$(deploy/postgres.sh port "$PG_DIR") || die "no private PostgreSQL under $PG_DIR"
      # A crashed server may leave backends for a moment: a few bounded tries.
      for i in 1 2 3 4 5; do
        if deploy/postgres.sh start "$PG_DIR" "$port" >/dev/null; then break; fi
        [ "$i" = 5 ] && die "PostgreSQL did not start again (log: $PG_DIR/server.log)"
        sleep 2
      done
      deploy/postgres.sh pid "$PG_DIR" >"$PIDS/postgres.pid"
      say "postgres started (pid $(cat "$PIDS/postgres.pid"), port $port)"
      ;;
    silo-*)
      process_environment
      i=${name#silo-}
      since=$(date +%s)
      start_silo "$i"
      wait_silo_active "$i" "$since"
      say "silo-$i is active in the cluster"
      if all_in_one; then
        wait_http_ready "$((HTTP_PORT + i - 1))" "$PIDS/silo-$i.pid" "$LOGS/silo-$i.log" "silo-$i"
        say "silo-$i serves the hub and API"
      fi
      ;;
    gateway*)
      process_environment
      i=1
      [[ "$name" =~ ^gateway-([0-9]+)$ ]] && i=${BASH_REMATCH[1]}
      start_gateway "$i"
      wait_gateway_ready "$i"
      say "gateway-$i is ready"
      ;;
  esac
}

cmd_restart() {
  check_process_name "${1:-}"
  cmd_stop "$1"
  cmd_start "$1"
}

case "${1:-}" in
  up) cmd_up ;;
  down) cmd_down ;;
  status) cmd_status ;;
  kill) cmd_kill "${2:-}" ;;
  stop) cmd_stop "${2:-}" ;;
  start) cmd_start "${2:-}" ;;
  restart) cmd_restart "${2:-}" ;;
  *) echo "usage: $0 up|down|status|kill <process>|stop <process>|start <process>|restart <process>" >&2; exit 2 ;;
esac
