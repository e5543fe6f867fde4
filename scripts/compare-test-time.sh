#!/usr/bin/env bash
# Times a filtered set of tests on a baseline build against this worktree's build, back to back (decision 040):
#   bash scripts/compare-test-time.sh BASELINE_CHECKOUT "FILTER" [ENV=VALUE ...]
# BASELINE_CHECKOUT is another checkout whose tests are already built (dotnet build WllmSign.sln -c Release), e.g.
#   git clone -q . /tmp/base && git -C /tmp/base checkout -q ab43662 && (cd /tmp/base && dotnet build WllmSign.sln -c Release)
# Prints, per run: wall seconds, load average before and after, the passed/failed counts; then the ratio
# after/before. Both runs use the same filter and environment, unless BEFORE_FILTER is set: then
# the baseline runs that filter (e.g. the PostgreSQL pass's old filter against its new one, decision 042).
set -euo pipefail
cd "$(dirname "$0")/.."
base=$1 filter=$2
shift 2
out=artifacts/test-logs/compare
mkdir -p "$out"

run() { # run NAME CHECKOUT FILTER [ENV=VALUE ...]
  local name=$1 dir=$2 filter=$3 load0 t0 t1
  shift 3
  load0=$(cut -d' ' -f1 /proc/loadavg)
  t0=$(date +%s.%N)
  (cd "$dir" && env "$@" dotnet test tests/WllmSign.Tests -c Release --no-build \
      --logger "console;verbosity=normal" --filter "$filter") > "$out/$name.log" 2>&1 || true
  t1=$(date +%s.%N)
  local passed failed
  passed=$(grep -c '^  Passed ' "$out/$name.log" || true)
  failed=$(grep -c '^  Failed ' "$out/$name.log" || true)
  printf '%-6s wall %4.0f s  load %s -> %s  passed %s failed %s  (log %s)\n' "$name" \
    "$(echo "$t1 - $t0" | bc)" "$load0" "$(cut -d' ' -f1 /proc/loadavg)" "$passed" "$failed" "$out/$name.log"
  echo "$t1 - $t0" | bc > "$out/$name.seconds"
}
run before "$base" "${BEFORE_FILTER:-$filter}" "$@"
run after . "$filter" "$@"
echo "after/before: $(echo "scale=2; $(cat "$out/after.seconds") / $(cat "$out/before.seconds")" | bc)"
