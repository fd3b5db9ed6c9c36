#!/usr/bin/env bash
# A private, throwaway PostgreSQL cluster for local runs and tests.
#
#   deploy/postgres.sh start  <datadir> [port]   initdb if needed, start on 127.0.0.1:<port>, create db "gamestate"
#   deploy/postgres.sh stop   <datadir>          fast shutdown (then immediate, if it hangs)
#   deploy/postgres.sh status [datadir]          running or not, with pid and port
#   deploy/postgres.sh pid    <datadir>          the postmaster pid (exit 1 when not running)
#   deploy/postgres.sh port   <datadir>          the port it was last started on
#   deploy/postgres.sh free-port [count]         a TCP port on 127.0.0.1 nothing listens on (with count: the first
#                                                of that many consecutive ones, for a run of processes)
#
# Layout under <datadir>: pgdata/ (the cluster), run/ (its unix socket), server.log, port.
# The server listens on 127.0.0.1 only, trusts loopback connections (user "postgres", no password) and
# keeps fsync on. As root, the cluster belongs to and runs as the "postgres" OS user. When that user cannot
# reach <datadir> (e.g. a checkout under /root), <datadir> becomes a symlink to a directory under
# /var/tmp/gamestate-postgres that it can reach.
# When no PostgreSQL server is installed and we are root, it is installed with apt-get first.
set -euo pipefail

die() { echo "postgres.sh: $*" >&2; exit 1; }
log() { echo "postgres.sh: $*" >&2; }

is_root() { [ "$(id -u)" = 0 ]; }

find_bindir() {
  local best
  # Highest installed major version (the glob alone sorts 10 before 9).
  best=$(for d in /usr/lib/postgresql/*/bin; do [ -x "$d/initdb" ] && echo "$d"; done | sort -t/ -k5,5n | tail -n1)
  if [ -n "$best" ]; then
    echo "$best"
  elif command -v initdb >/dev/null 2>&1; then
    dirname "$(command -v initdb)"
  else
    return 1
  fi
}

install_server() {
  is_root || die "no PostgreSQL server found (initdb) and not root: install PostgreSQL (apt-get install postgresql)"
  command -v apt-get >/dev/null 2>&1 || die "no PostgreSQL server found and no apt-get to install one"
  log "installing PostgreSQL with apt-get (no default cluster)"
  # The Debian package would otherwise create and start a cluster on port 5432 that we do not use.
  # (createcluster.conf includes this directory; a file of our own there conflicts with no packaged file.)
  mkdir -p /etc/postgresql-common/createcluster.d
  echo 'create_main_cluster = false' >/etc/postgresql-common/createcluster.d/gamestate.conf
  export DEBIAN_FRONTEND=noninteractive
  apt-get update -qq >&2
  apt-get install -y -qq -o Dpkg::Options::=--force-confdef -o Dpkg::Options::=--force-confold postgresql >&2
}

BINDIR=""
ensure_bindir() {
  [ -n "$BINDIR" ] && return 0
  if ! BINDIR=$(find_bindir); then
    install_server
    BINDIR=$(find_bindir) || die "PostgreSQL installed but initdb still not found"
  fi
}

# Runs a server binary as the cluster's owner.
as_owner() {
  if is_root; then
    if command -v runuser >/dev/null 2>&1; then
      runuser -u postgres -- "$@"
    else
      su postgres -s /bin/sh -c "$(printf '%q ' "$@")"
    fi
  else
    "$@"
  fi
}

ensure_os_user() {
  is_root || return 0
  if ! id postgres >/dev/null 2>&1; then
    useradd --system --user-group --home-dir /var/lib/postgresql --shell /bin/sh postgres \
      || die "could not create the postgres OS user"
  fi
}

# Resolves <datadir> to a real directory the cluster owner can use, creating it.
prepare_dir() {
  local dir=$1
  mkdir -p "$(dirname "$dir")"
  if is_root; then
    if [ ! -e "$dir" ]; then
      mkdir -p "$dir"
    fi
    local real
    real=$(readlink -f "$dir")
    chown postgres:postgres "$real"
    chmod 700 "$real"
    if ! runuser -u postgres -- test -w "$real" 2>/dev/null; then
      # The postgres user cannot traverse to it: move the cluster somewhere it can.
      local alt
      alt="/var/tmp/gamestate-postgres/$(printf '%s' "$real" | sha1sum | cut -c1-16)"
      mkdir -p "$alt"
      chmod 755 /var/tmp/gamestate-postgres
      chown postgres:postgres "$alt"
      chmod 700 "$alt"
      if [ -d "$dir" ] && [ ! -L "$dir" ]; then
        rmdir "$dir" 2>/dev/null || die "$dir is not reachable by the postgres user and is not empty"
      fi
      ln -sfn "$alt" "$dir"
      real="$alt"
    fi
    echo "$real"
  else
    mkdir -p "$dir"
    chmod 700 "$dir"
    readlink -f "$dir"
  fi
}

real_dir() { readlink -f "$1"; }

free_port() {
  local count=${1:-1} p i j busy
  for i in $(seq 1 200); do
    p=$(( 20000 + (RANDOM * 32768 + RANDOM) % 40000 ))
    busy=0
    for j in $(seq 0 $((count - 1))); do
      if (exec 3<>"/dev/tcp/127.0.0.1/$((p + j))") 2>/dev/null; then busy=1; break; fi
    done
    if [ "$busy" = 0 ]; then
      echo "$p"
      return 0
    fi
  done
  die "no free port found"
}

port_in_use() { (exec 3<>"/dev/tcp/127.0.0.1/$1") 2>/dev/null; }

postmaster_pid() {
  local real=$1 pid
  [ -f "$real/pgdata/postmaster.pid" ] || return 1
  pid=$(head -n1 "$real/pgdata/postmaster.pid" 2>/dev/null || true)
  [ -n "$pid" ] && kill -0 "$pid" 2>/dev/null || return 1
  echo "$pid"
}

postmaster_port() {
  local real=$1
  [ -f "$real/pgdata/postmaster.pid" ] && sed -n 4p "$real/pgdata/postmaster.pid" && return 0
  [ -f "$real/port" ] && cat "$real/port" && return 0
  return 1
}

cmd_start() {
  local dir=${1:?usage: postgres.sh start <datadir> [port]} port=${2:-}
  ensure_bindir
  ensure_os_user
  local real
  real=$(prepare_dir "$dir")

  if pid=$(postmaster_pid "$real"); then
    local running_port
    running_port=$(postmaster_port "$real")
    if [ -n "$port" ] && [ "$port" != "$running_port" ]; then
      log "already running on port $running_port (asked for $port); leaving it as it is"
    fi
    port=$running_port
  else
    if [ ! -f "$real/pgdata/PG_VERSION" ]; then
      log "initdb $real/pgdata"
      as_owner mkdir -p "$real/pgdata"
      as_owner "$BINDIR/initdb" -D "$real/pgdata" -U postgres --auth=trust --encoding=UTF8 --locale=C \
        >"$real/initdb.log" 2>&1 || { cat "$real/initdb.log" >&2; die "initdb failed"; }
      {
        echo "# gamestate private cluster"
        echo "listen_addresses = '127.0.0.1'"
        echo "max_connections = 300"
        echo "fsync = on"
        echo "synchronous_commit = on"
        echo "full_page_writes = on"
        echo "log_min_messages = warning"
        echo "log_timezone = 'UTC'"
        echo "timezone = 'UTC'"
      } | as_owner tee -a "$real/pgdata/postgresql.conf" >/dev/null
    fi
    as_owner mkdir -p "$real/run"
    [ -n "$port" ] || port=$(cat "$real/port" 2>/dev/null || free_port)
    if port_in_use "$port"; then
      die "port $port on 127.0.0.1 is already in use (set another port)"
    fi
    as_owner "$BINDIR/pg_ctl" -D "$real/pgdata" -l "$real/server.log" -w -t 60 \
      -o "-p $port -k $real/run -c listen_addresses=127.0.0.1" start >/dev/null \
      || { tail -n 30 "$real/server.log" >&2 || true; die "PostgreSQL did not start (log: $real/server.log)"; }
    echo "$port" | as_owner tee "$real/port" >/dev/null
  fi

  local i
  for i in $(seq 1 60); do
    if "$BINDIR/pg_isready" -q -h 127.0.0.1 -p "$port" -U postgres; then break; fi
    sleep 1
    [ "$i" = 60 ] && die "PostgreSQL on port $port does not accept connections (log: $real/server.log)"
  done
  if [ "$("$BINDIR/psql" -h 127.0.0.1 -p "$port" -U postgres -d postgres -tAX \
        -c "SELECT 1 FROM pg_database WHERE datname = 'gamestate'")" != "1" ]; then
    "$BINDIR/psql" -h 127.0.0.1 -p "$port" -U postgres -d postgres -qX -v ON_ERROR_STOP=1 \
      -c "CREATE DATABASE gamestate" >/dev/null 2>&1 \
      || [ "$("$BINDIR/psql" -h 127.0.0.1 -p "$port" -U postgres -d postgres -tAX \
            -c "SELECT 1 FROM pg_database WHERE datname = 'gamestate'")" = "1" ] \
      || die "could not create database gamestate"
  fi
  log "running on 127.0.0.1:$port (pid $(postmaster_pid "$real"), data $real/pgdata)"
  echo "$port"
}

cmd_stop() {
  local dir=${1:?usage: postgres.sh stop <datadir>}
  [ -e "$dir" ] || { log "nothing at $dir"; return 0; }
  local real
  real=$(real_dir "$dir")
  if ! postmaster_pid "$real" >/dev/null; then
    log "not running ($real)"
    return 0
  fi
  ensure_bindir
  if ! as_owner "$BINDIR/pg_ctl" -D "$real/pgdata" -m fast -w -t 60 stop >/dev/null; then
    log "fast shutdown timed out; immediate shutdown"
    as_owner "$BINDIR/pg_ctl" -D "$real/pgdata" -m immediate -w -t 30 stop >/dev/null || true
  fi
  if pid=$(postmaster_pid "$real"); then
    kill -KILL "$pid" 2>/dev/null || true
  fi
  log "stopped ($real)"
}

cmd_status() {
  local dir=${1:-.data/postgres}
  if [ ! -e "$dir" ]; then
    echo "postgres: not created ($dir)"
    return 1
  fi
  local real pid
  real=$(real_dir "$dir")
  if pid=$(postmaster_pid "$real"); then
    echo "postgres: running pid=$pid port=$(postmaster_port "$real") data=$real/pgdata"
  else
    echo "postgres: stopped data=$real/pgdata"
    return 1
  fi
}

cmd=${1:-}
shift || true
case "$cmd" in
  start) cmd_start "$@" ;;
  stop) cmd_stop "$@" ;;
  status) cmd_status "$@" ;;
  pid) postmaster_pid "$(real_dir "${1:?usage: postgres.sh pid <datadir>}")" ;;
  port) postmaster_port "$(real_dir "${1:?usage: postgres.sh port <datadir>}")" ;;
  free-port) free_port "${2:-1}" ;;
  *) echo "usage: $0 start <datadir> [port] | stop <datadir> | status [datadir] | pid <datadir> | port <datadir> | free-port [count]" >&2; exit 2 ;;
esac
