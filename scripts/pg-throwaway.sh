#!/usr/bin/env bash
# Sourced by scripts/test.sh and scripts/scale-demo.sh: a throwaway PostgreSQL cluster on loopback.
#   pg_throwaway_start   → sets PG_DIR, PG_PORT and PG_URL (an Npgsql connection string, trust auth, user postgres)
#   pg_throwaway_stop    → stops the cluster and deletes its directory
# Needs Debian's postgresql package (scripts/setup.sh installs it). initdb refuses to run as root: as root the
# cluster runs as the `postgres` OS user.

pg_bin_dir() {
  local v
  v=$(ls /usr/lib/postgresql 2>/dev/null | sort -n | tail -1)
  [ -n "$v" ] || { echo "PostgreSQL is not installed (apt-get install postgresql)" >&2; return 1; }
  echo "/usr/lib/postgresql/$v/bin"
}

pg_as_owner() {
  if [ "$(id -u)" -eq 0 ]; then runuser -u postgres -- "$@"; else "$@"; fi
}

pg_throwaway_start() {
  local bin
  bin=$(pg_bin_dir) || return 1
  # PG_THROWAWAY_PARENT: where the cluster's folder goes (default /tmp). scripts/test.sh puts it in memory (/dev/shm):
  # every test's CREATE DATABASE then copies RAM instead of waiting on the disk's writeback (decision 052).
  PG_DIR=$(mktemp -d "${PG_THROWAWAY_PARENT:-/tmp}/wllm-pg.XXXXXX")
  PG_PORT=${PG_PORT:-$(python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1",0)); print(s.getsockname()[1])')}
  [ "$(id -u)" -eq 0 ] && chown postgres:postgres "$PG_DIR"
  # C collation: byte order like SQLite's BINARY, so both providers sort strings the same way.
  pg_as_owner "$bin/initdb" -D "$PG_DIR/data" --username=postgres --auth=trust --encoding=UTF8 --no-locale >"$PG_DIR/initdb.log" 2>&1 \
    || { cat "$PG_DIR/initdb.log" >&2; return 1; }
  # A throwaway cluster: durability off for speed (never do this with real data).
  pg_as_owner "$bin/pg_ctl" -D "$PG_DIR/data" -l "$PG_DIR/server.log" -w \
    -o "-k $PG_DIR -p $PG_PORT -c listen_addresses=127.0.0.1 -c max_connections=400 -c fsync=off -c synchronous_commit=off -c full_page_writes=off -c shared_buffers=256MB" \
    start >/dev/null || { cat "$PG_DIR/server.log" >&2; return 1; }
  PG_URL="Host=127.0.0.1;Port=$PG_PORT;Username=postgres;Database=postgres"
  echo "PostgreSQL $(basename "$(dirname "$bin")") on 127.0.0.1:$PG_PORT (data $PG_DIR/data)"
}

pg_throwaway_stop() {
  [ -n "${PG_DIR:-}" ] && [ -d "$PG_DIR" ] || return 0
  local bin
  bin=$(pg_bin_dir) || return 0
  pg_as_owner "$bin/pg_ctl" -D "$PG_DIR/data" -m immediate stop >/dev/null 2>&1 || true
  rm -rf "$PG_DIR"
  PG_DIR=""
}
