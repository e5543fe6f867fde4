#!/usr/bin/env bash
# Runs every test: domain, features on real SQLite, bUnit components, and end-to-end in Debian's Chromium;
# then the feature and end-to-end tests a second time on PostgreSQL (a throwaway cluster on loopback).
# WLLM_SKIP_POSTGRES=1 skips the second pass.
set -euo pipefail
cd "$(dirname "$0")/.."
bash scripts/setup.sh
dotnet build WllmSign.sln -c Release -warnaserror

start=$SECONDS
dotnet test WllmSign.sln -c Release --no-build --logger "console;verbosity=normal" "$@"
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
WLLM_TEST_POSTGRES="$PG_URL" dotnet test tests/WllmSign.Tests -c Release --no-build --logger "console;verbosity=normal" \
  --filter "FullyQualifiedName~Features|FullyQualifiedName~EndToEnd" "$@"
echo "SQLite pass: ${sqlite_seconds}s; PostgreSQL pass: $((SECONDS - start))s"
