#!/usr/bin/env bash
# Runs every test: domain, features on real SQLite, bUnit components, and end-to-end in Debian's Chromium;
# then the feature and end-to-end tests a second time on PostgreSQL (a throwaway cluster on loopback).
# WLLM_SKIP_POSTGRES=1 skips the second pass.
# When a pass fails, the last lines name its failed tests with their first error line (logs in artifacts/test-logs).
set -euo pipefail
cd "$(dirname "$0")/.."
bash scripts/setup.sh
dotnet build WllmSign.sln -c Release -warnaserror

logs=artifacts/test-logs
mkdir -p "$logs"

# run_pass NAME COMMAND...: runs one pass, its console output also kept in $logs/NAME.log; on failure prints each
# failed test and the first line of its error, then exits non-zero.
run_pass() {
  local name=$1 log="$logs/$1.log" status=0
  shift
  "$@" 2>&1 | tee "$log" || status=$?
  [ "$status" -eq 0 ] && return 0
  echo
  echo "==== The $name pass failed (exit code $status). Failed tests and their first error line:"
  awk '/^  Failed [^ ]/ { name = substr($0, 10); waiting = 1; next }
       waiting && /^  Error Message:/ { getline line; sub(/^ +/, "", line); print "  " name; print "      " line; waiting = 0; found = 1 }
       END { if (!found) print "  (no failed test named: the run itself broke; see above and " FILENAME ")" }' "$log"
  exit "$status"
}

start=$SECONDS
run_pass sqlite dotnet test WllmSign.sln -c Release --no-build --logger "console;verbosity=normal" "$@"
sqlite_seconds=$((SECONDS - start))
echo "SQLite pass: ${sqlite_seconds}s"

if [ "${WLLM_SKIP_POSTGRES:-0}" = "1" ]; then
  echo "PostgreSQL pass skipped (WLLM_SKIP_POSTGRES=1)"
  exit 0
fi

source scripts/pg-throwaway.sh
trap pg_throwaway_stop EXIT
pg_throwaway_start
start=$SECONDS
WLLM_TEST_POSTGRES="$PG_URL" run_pass postgres dotnet test tests/WllmSign.Tests -c Release --no-build --logger "console;verbosity=normal" \
  --filter "FullyQualifiedName~Features|FullyQualifiedName~EndToEnd" "$@"
echo "SQLite pass: ${sqlite_seconds}s; PostgreSQL pass: $((SECONDS - start))s"
