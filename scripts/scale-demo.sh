#!/usr/bin/env bash
# Demo of the scale-out deployment on one machine (docs/scale-out.md): a throwaway PostgreSQL cluster,
# Redis (if redis-server is installed), and two portal servers on loopback sharing both.
#   bash scripts/scale-demo.sh            # ports 5101 and 5102; Ctrl-C stops everything
# Not run by CI. PORTAL_PORTS="5201 5202 5203" starts more servers.
set -euo pipefail
cd "$(dirname "$0")/.."
source scripts/pg-throwaway.sh

PORTAL_PORTS=${PORTAL_PORTS:-"5101 5102"}
REDIS_PORT=${REDIS_PORT:-6391}
pids=()
redis_dir=""

cleanup() {
  for pid in "${pids[@]}"; do kill "$pid" 2>/dev/null || true; done
  for pid in "${pids[@]}"; do wait "$pid" 2>/dev/null || true; done
  pg_throwaway_stop
  [ -n "$redis_dir" ] && rm -rf "$redis_dir"
  echo "Stopped."
}
trap cleanup EXIT
trap 'exit 130' INT TERM

ls /usr/lib/postgresql/*/bin/postgres >/dev/null 2>&1 || bash scripts/setup.sh
dotnet build src/WllmSign.Portal -c Release -v q -nologo >/dev/null
out=src/WllmSign.Portal/bin/Release/net10.0

pg_throwaway_start
psql "host=127.0.0.1 port=$PG_PORT user=postgres dbname=postgres" -qc "CREATE DATABASE wllmsign"
db="Host=127.0.0.1;Port=$PG_PORT;Username=postgres;Database=wllmsign"

redis=""
if command -v redis-server >/dev/null; then
  redis_dir=$(mktemp -d /tmp/wllm-redis.XXXXXX)
  redis-server --port "$REDIS_PORT" --bind 127.0.0.1 --save "" --appendonly no --dir "$redis_dir" >"$redis_dir/redis.log" 2>&1 &
  pids+=($!)
  redis="127.0.0.1:$REDIS_PORT"
  echo "Redis on $redis"
else
  echo "redis-server not installed: live counts stay per server (apt-get install redis-server)"
fi

first=1
for port in $PORTAL_PORTS; do
  log=$(mktemp /tmp/wllm-portal-$port.XXXXXX.log)
  # The first server migrates and seeds; the others start after it is up (and find both done).
  # Development: serves the static web assets (MudBlazor, blazor.web.js) straight from the build output.
  Database__Provider=Postgres Database__Postgres="$db" Live__Redis="$redis" \
  Demo__Seed=$([ $first = 1 ] && echo true || echo false) \
  Email__PickupDirectory="/tmp/wllm-scale-demo-mail" ASPNETCORE_ENVIRONMENT=Development \
  ASPNETCORE_URLS="http://127.0.0.1:$port" ASPNETCORE_CONTENTROOT="$PWD/src/WllmSign.Portal" \
    dotnet "$out/WllmSign.Portal.dll" >"$log" 2>&1 &
  pids+=($!)
  for _ in $(seq 1 120); do
    curl -fs -o /dev/null "http://127.0.0.1:$port/Account/Login" && break
    kill -0 "${pids[-1]}" 2>/dev/null || { echo "portal on $port exited:"; tail -20 "$log"; exit 1; }
    sleep 1
  done
  echo "portal on http://localhost:$port  (log $log)"
  first=0
done

cat <<TXT

Two (or more) portals share PostgreSQL 127.0.0.1:$PG_PORT${redis:+ and Redis $redis}.
Sign in as employer@wllm.test on one and school10500@wllm.test on another (password Wllm2026!demo):
an action on one server changes the badge on the other. Ctrl-C stops everything.
TXT
wait
