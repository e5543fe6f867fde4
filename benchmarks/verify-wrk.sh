#!/usr/bin/env bash
# Throughput of the public 协议书查验 page (GET /verify?no=…&code=…, static server rendering, one indexed lookup)
# with wrk on loopback, beside its raw baseline (benchmarks/WllmSign.VerifyBaseline: the same indexed lookup with plain
# ADO.NET on the same file, a page of the same size) measured in the same run. Target (issue #27): at least 35% of the
# baseline's requests/s (15,000 requests/s on a quiet 2-core machine), p99 at most 20 ms.
#   bash benchmarks/verify-wrk.sh                 # wrk -t2 -c64 -d20s
#   WRK_ARGS="-t2 -c64 -d60s" SCALE=1 bash benchmarks/verify-wrk.sh
#   TRACE=/tmp/verify.nettrace bash benchmarks/verify-wrk.sh   # also a 10 s CPU sample of the portal (dotnet-trace)
# What it does: installs wrk if missing (Debian package), publishes the portal in Release, fills a fresh SQLite file
# with tools/WllmSign.DataGen (SCALE 0.1 = 100,000 signings, ~25,000 agreements with numbers), starts the portal on
# it in the Production environment on a loopback port, picks one real agreement number and 校验码 from the file,
# checks that the page answers it (有效/已失效), starts the baseline on the same file, then runs the same wrk command
# against the portal and the baseline and prints both figures, the ratio and each one's CPU per request.
# The per-client limit of 协议书查验 (RateLimits:Verify:Permits, 20 per IP and minute) would refuse wrk after 20
# requests: this benchmark raises it to 100,000,000 for its own portal process, and says so.
# The generated data holds ~30,000 effective or terminated agreements without files: the portal's issuing job (decision
# 021) would draw and sign them all in the background, a minute after start, on half the cores — during the measured
# run. The benchmark points Agreements:FontPath at a missing file, so that job logs "font missing" and stays idle
# (/verify draws no PDF); before decision 030 that work was counted in the portal's CPU per request.
set -euo pipefail
cd "$(dirname "$0")/.."

WRK_ARGS=${WRK_ARGS:-"-t2 -c64 -d20s"}
SCALE=${SCALE:-0.1}
PORT=${PORT:-$(python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1",0)); print(s.getsockname()[1])')}

if ! command -v wrk >/dev/null; then
  echo "Installing wrk (apt) …"
  if [ "$(id -u)" -eq 0 ]; then apt-get install -y -q wrk >/dev/null || { apt-get update -q >/dev/null && apt-get install -y -q wrk >/dev/null; }
  else sudo apt-get install -y -q wrk >/dev/null; fi
fi
command -v sqlite3 >/dev/null || { echo "sqlite3 is needed (apt-get install sqlite3)" >&2; exit 1; }

work=$(mktemp -d /tmp/wllm-verify-wrk.XXXXXX)
portal_pid=""
baseline_pid=""
cleanup() {
  [ -n "$portal_pid" ] && kill "$portal_pid" 2>/dev/null && wait "$portal_pid" 2>/dev/null || true
  [ -n "$baseline_pid" ] && kill "$baseline_pid" 2>/dev/null && wait "$baseline_pid" 2>/dev/null || true
  rm -rf "$work"
}
trap cleanup EXIT

echo "Publishing the portal (Release) …"
dotnet publish src/WllmSign.Portal -c Release -o "$work/app" -nologo -v q >/dev/null
dotnet publish benchmarks/WllmSign.VerifyBaseline -c Release -o "$work/baseline" -nologo -v q >/dev/null
echo "Generating the database (scale $SCALE) …"
dotnet run -c Release --project tools/WllmSign.DataGen -- --sqlite "$work/portal.db" --scale "$SCALE" | tail -3

echo "Starting the portal on http://127.0.0.1:$PORT (Production, RateLimits:Verify:Permits raised to 100000000 for wrk) …"
ASPNETCORE_ENVIRONMENT=Production ASPNETCORE_URLS="http://127.0.0.1:$PORT" \
Database__Provider=Sqlite Database__SqlitePath="$work/portal.db" Demo__Seed=false \
Email__PickupDirectory="$work/mail" RateLimits__Verify__Permits=100000000 Agreements__FontPath="$work/no-such-font.ttf" \
DataProtection__CertificatePath="$work/dataprotection-cert.pfx" DataProtection__GenerateCertificate=true \
Agreements__Signing__GenerateDemoCertificate=true Agreements__Signing__DemoDirectory="$work/signing" \
  dotnet "$work/app/WllmSign.Portal.dll" --contentRoot "$work/app" >"$work/portal.log" 2>&1 &
portal_pid=$!
for _ in $(seq 1 120); do
  curl -fs -o /dev/null "http://127.0.0.1:$PORT/verify" && break
  kill -0 "$portal_pid" 2>/dev/null || { echo "The portal exited:"; tail -30 "$work/portal.log"; exit 1; }
  sleep 1
done

# At start the portal's background jobs catch up with the generated data (the expiry job expires the overdue
# invitations and sends reminders): wait until the process is idle (under 10% of a core over 2 s) before measuring.
cpu_ticks() { awk '{print $14+$15}' "/proc/$1/stat"; }
hz=$(getconf CLK_TCK)
for _ in $(seq 1 150); do
  a=$(cpu_ticks "$portal_pid"); sleep 2; b=$(cpu_ticks "$portal_pid")
  [ $(( (b - a) * 100 / hz )) -lt 20 ] && break
done

# One effective agreement from the middle of the table (any agreement with a number does the same work).
row=$(sqlite3 "$work/portal.db" "SELECT AgreementNumber || '|' || VerificationCode FROM Signings WHERE AgreementNumber IS NOT NULL AND VerificationCode IS NOT NULL ORDER BY Id LIMIT 1 OFFSET (SELECT COUNT(*) / 2 FROM Signings WHERE AgreementNumber IS NOT NULL)")
no=${row%%|*}
code=${row##*|}
url="http://127.0.0.1:$PORT/verify?no=$no&code=$code"
page=$(curl -fs "$url")
if grep -q 'data-status="Valid"\|data-status="Void"' <<<"$page"; then
  echo "GET $url → $(grep -o 'data-status="[A-Za-z]*"' <<<"$page" | head -1) ($(wc -c <<<"$page") bytes)"
else
  echo "The page did not confirm agreement $no:"; tail -20 "$work/portal.log"; exit 1
fi
wrong=$(curl -fs "http://127.0.0.1:$PORT/verify?no=$no&code=ZZZZ9999")
grep -q 'data-status="NotFound"' <<<"$wrong" || { echo "A wrong code was not refused" >&2; exit 1; }

bytes=$(curl -fs "$url" | wc -c)
BASE_PORT=$(python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1",0)); print(s.getsockname()[1])')
dotnet "$work/baseline/WllmSign.VerifyBaseline.dll" --db "$work/portal.db" --page-bytes "$bytes" \
  --urls "http://127.0.0.1:$BASE_PORT" >"$work/baseline.log" 2>&1 &
baseline_pid=$!
base_url="http://127.0.0.1:$BASE_PORT/verify?no=$no&code=$code"
for _ in $(seq 1 60); do
  curl -fs -o /dev/null "$base_url" && break
  kill -0 "$baseline_pid" 2>/dev/null || { echo "The baseline exited:"; tail -30 "$work/baseline.log"; exit 1; }
  sleep 1
done
base_page=$(curl -fs "$base_url")
grep -q "$(grep -o 'data-status="[A-Za-z]*"' <<<"$page" | head -1)" <<<"$base_page" \
  || { echo "The baseline's verdict differs from the portal's" >&2; exit 1; }
echo "Baseline: GET $base_url → $(wc -c <<<"$base_page") bytes"

# measure NAME PID URL: warm-up (JIT, connection pool), then the measured run; sets rps_NAME, cpu_NAME, p99_NAME.
measure() {
  local name=$1 pid=$2 target=$3 before after out requests
  wrk -t2 -c16 -d10s "$target" >/dev/null
  echo "== $name: load average before: $(cut -d' ' -f1-3 /proc/loadavg)"
  echo "wrk $WRK_ARGS --latency $target"
  before=$(cpu_ticks "$pid")
  out=$(wrk $WRK_ARGS --latency "$target")
  after=$(cpu_ticks "$pid")
  echo "$out"
  requests=$(grep -o '[0-9]* requests in' <<<"$out" | cut -d' ' -f1)
  printf -v "rps_$name" '%s' "$(grep -o 'Requests/sec: *[0-9.]*' <<<"$out" | awk '{print $2}')"
  printf -v "p99_$name" '%s' "$(grep -E '^ +99%' <<<"$out" | awk '{print $2}')"
  # The process's own CPU per request: the honest figure on a machine shared with other work.
  printf -v "cpu_$name" '%s' "$(python3 -c "print(f'{($after - $before) * 1000 / $hz / $requests:.3f}')")"
  echo "== $name: load average after: $(cut -d' ' -f1-3 /proc/loadavg)"
}

measure portal "$portal_pid" "$url"
echo "Portal RSS after the run: $(grep VmRSS "/proc/$portal_pid/status" | awk '{print $2, $3}')"
measure baseline "$baseline_pid" "$base_url"

echo
echo "Portal:   $rps_portal requests/s, p99 $p99_portal, CPU $cpu_portal ms per request"
echo "Baseline: $rps_baseline requests/s, p99 $p99_baseline, CPU $cpu_baseline ms per request"
python3 -c "print(f'Ratio portal/baseline: {$rps_portal / $rps_baseline:.0%} of the requests/s; the portal spends {$cpu_portal / $cpu_baseline:.1f}x the baseline CPU per request')"

if [ -n "${TRACE:-}" ]; then
  tools=${TRACE_TOOLS:-$HOME/.dotnet/tools}
  echo "Tracing the portal for 10 s under wrk -t2 -c64 (dotnet-trace, sampled thread stacks) → $TRACE"
  wrk -t2 -c64 -d14s "$url" >/dev/null &
  wrk_pid=$!
  sleep 2
  "$tools/dotnet-trace" collect -p "$portal_pid" --profile dotnet-sampled-thread-time --duration 00:00:00:10 -o "$TRACE" >/dev/null
  wait "$wrk_pid"
  "$tools/dotnet-trace" report "$TRACE" topN -n 25 --inclusive | head -40 || true
  "$tools/dotnet-trace" report "$TRACE" topN -n 25 | head -40 || true
fi
