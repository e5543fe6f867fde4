#!/usr/bin/env bash
# Runs every test: domain, features on real SQLite, bUnit components, and end-to-end in Debian's Chromium; then the
# feature tests and three end-to-end classes a second time on PostgreSQL (a throwaway cluster on
# loopback). WLLM_SKIP_POSTGRES=1 skips the second pass; WLLM_PARALLEL_PASSES=1 runs it beside the first.
# When a pass fails, the last lines name its failed tests with their first error line (logs in artifacts/test-logs).
set -euo pipefail
cd "$(dirname "$0")/.."
begin=$SECONDS
bash scripts/setup.sh
setup_seconds=$((SECONDS - begin))
start=$SECONDS
stamp=$(bash scripts/source-stamp.sh)
dotnet build WllmSign.sln -c Release -warnaserror
# What was built: scripts/run.sh (RunCommandTests) publishes this build instead of compiling the same source again.
mkdir -p artifacts/build
echo "$stamp" > artifacts/build/release.stamp
build_seconds=$((SECONDS - start))

logs=artifacts/test-logs
mkdir -p "$logs"

# run_pass NAME COMMAND...: runs one pass, its console output kept in $logs/NAME.log (and shown on the console, unless
# QUIET=1); on failure prints each failed test and the first line of its error and returns non-zero.
run_pass() {
  local name=$1 log="$logs/$1.log" status=0
  shift
  if [ "${QUIET:-0}" = "1" ]; then "$@" >"$log" 2>&1 || status=$?; else "$@" 2>&1 | tee "$log" || status=$?; fi
  [ "$status" -eq 0 ] && return 0
  echo
  echo "==== The $name pass failed (exit code $status). Failed tests and their first error line:"
  awk '/^  Failed [^ ]/ { name = substr($0, 10); waiting = 1; next }
       waiting && /^  Error Message:/ { getline line; sub(/^ +/, "", line); print "  " name; print "      " line; waiting = 0; found = 1 }
       END { if (!found) print "  (no failed test named: the run itself broke; see above and " FILENAME ")" }' "$log"
  return "$status"
}

sqlite_pass() { run_pass sqlite dotnet test WllmSign.sln -c Release --no-build --logger "console;verbosity=normal" "$@"; }

if [ "${WLLM_SKIP_POSTGRES:-0}" = "1" ]; then
  start=$SECONDS
  sqlite_pass "$@"
  echo "SQLite pass: $((SECONDS - start))s; PostgreSQL pass skipped (WLLM_SKIP_POSTGRES=1)"
  exit 0
fi

# The throwaway cluster in memory when /dev/shm has room for it (2 GB free): each test's CREATE DATABASE … TEMPLATE
# then copies RAM; on the disk the copies waited on its writeback (PostgreSQL pass 167-171 s -> 129 s, decision 052).
if [ -z "${PG_THROWAWAY_PARENT:-}" ] && [ -d /dev/shm ] && [ -w /dev/shm ] \
  && [ "$(df -Pk /dev/shm | awk 'NR == 2 { print $4 }')" -ge 2097152 ]; then
  export PG_THROWAWAY_PARENT=/dev/shm
fi
source scripts/pg-throwaway.sh
trap pg_throwaway_stop EXIT
pg_throwaway_start

# Every feature test again (every query, transition and page render of the portal, Features.Pages.EveryPageTests
# included), and the three end-to-end classes whose outcome can depend on the database provider: they run the
# deployment that needs PostgreSQL — live changes crossing users and servers through the database (decision 042):
#   LifecycleTests       the whole lifecycle through the screens, three users live at once (the outbox and live counts);
#   LifecycleRedisTests  two portal servers on one database and one redis-server (the several-servers deployment);
#   LiveCountsTests      a count in one browser follows another user's committed change.
# Every other end-to-end class checks the browser side (markup, accessibility, layout, CSP, navigation, sign-in flows,
# downloads, screenshots) of work whose queries and transitions the feature tests run on PostgreSQL; each is named with
# its reason in docs/decisions/042-test-time.md. RunCommandTests and CrashSafetyTests are SQLite-only by their nature.
postgres_pass() {
  WLLM_TEST_POSTGRES="$PG_URL" run_pass postgres dotnet test tests/WllmSign.Tests -c Release --no-build --logger "console;verbosity=normal" \
    --filter "FullyQualifiedName~WllmSign.Tests.Features.|FullyQualifiedName~EndToEnd.LifecycleTests|FullyQualifiedName~EndToEnd.LifecycleRedisTests|FullyQualifiedName~EndToEnd.LiveCountsTests" "$@"
}

start=$SECONDS
sqlite_status=0
postgres_status=0
if [ "${WLLM_PARALLEL_PASSES:-0}" != "1" ]; then
  sqlite_pass "$@" || sqlite_status=$?
  sqlite_seconds=$((SECONDS - start))
  echo "SQLite pass: ${sqlite_seconds}s"
  [ "$sqlite_status" -eq 0 ] || exit "$sqlite_status"
  postgres_pass "$@" || postgres_status=$?
  postgres_seconds=$((SECONDS - start - sqlite_seconds))
  mode="one after the other"
else
  # WLLM_PARALLEL_PASSES=1: the two passes at the same time (decision 052). Not the default: on the 2-core machine it
  # was not reliably quicker (349 and 379 s against 365 and 382 s one after the other) and it loads the end-to-end tests
  # more. The PostgreSQL pass's output goes to its log only (artifacts/test-logs/postgres.log); its summary, or its
  # failed tests, are printed when both have ended.
  rm -f "$logs/postgres.status" "$logs/postgres.seconds"
  (
    status=0
    QUIET=1 postgres_pass "$@" || status=$?
    echo "$status" >"$logs/postgres.status"
    echo $((SECONDS - start)) >"$logs/postgres.seconds"
  ) >"$logs/postgres.summary" 2>&1 &
  postgres_job=$!
  sqlite_pass "$@" || sqlite_status=$?
  sqlite_seconds=$((SECONDS - start))
  echo "SQLite pass: ${sqlite_seconds}s; waiting for the PostgreSQL pass (started at the same time)..."
  wait "$postgres_job" || true
  postgres_status=$(cat "$logs/postgres.status" 2>/dev/null || echo 1)
  postgres_seconds=$(cat "$logs/postgres.seconds" 2>/dev/null || echo $((SECONDS - start)))
  grep -E "^Test Run |^ *(Total tests|Passed|Failed|Skipped):" "$logs/postgres.log" | sed 's/^ */PostgreSQL pass: /' || true
  cat "$logs/postgres.summary"
  mode="at the same time (WLLM_PARALLEL_PASSES=1)"
fi
both=$((SECONDS - start))
verdict=$([ "$both" -le 360 ] && echo met || echo "not met")
echo "setup.sh: ${setup_seconds}s; build: ${build_seconds}s; SQLite pass: ${sqlite_seconds}s; PostgreSQL pass: ${postgres_seconds}s (${mode})"
echo "Both passes: ${both}s (target ≤ 360 s, issue #18: ${verdict}); whole script: $((SECONDS - begin))s; load average at the end: $(cut -d' ' -f1-3 /proc/loadavg)"
if [ "$sqlite_status" -ne 0 ] || [ "$postgres_status" -ne 0 ]; then
  echo "Failed: SQLite pass exit code ${sqlite_status}, PostgreSQL pass exit code ${postgres_status} (logs in $logs)"
  exit 1
fi
