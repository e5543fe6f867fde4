#!/usr/bin/env bash
# Throughput of the public 协议书查验 page (GET /verify?no=…&code=…, static server rendering, one indexed lookup)
# with wrk on loopback. Target (issue #12): at least 3,000 requests/s.
#   bash benchmarks/verify-wrk.sh                 # wrk -t2 -c64 -d20s
#   WRK_ARGS="-t2 -c64 -d60s" SCALE=1 bash benchmarks/verify-wrk.sh
# What it does: installs wrk if missing (Debian package), publishes the portal in Release, fills a fresh SQLite file
# with tools/WllmSign.DataGen (SCALE 0.1 = 100,000 signings, ~25,000 agreements with numbers), starts the portal on
# it in the Production environment on a loopback port, picks one real agreement number and 校验码 from the file,
# checks that the page answers it (有效/已失效), then runs wrk against that URL.
# The per-client limit of 协议书查验 (RateLimits:Verify:Permits, 20 per IP and minute) would refuse wrk after 20
# requests: this benchmark raises it to 100,000,000 for its own portal process, and says so.
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
cleanup() {
  [ -n "$portal_pid" ] && kill "$portal_pid" 2>/dev/null && wait "$portal_pid" 2>/dev/null || true
  rm -rf "$work"
}
trap cleanup EXIT

echo "Publishing the portal (Release) …"
dotnet publish src/WllmSign.Portal -c Release -o "$work/app" -nologo -v q >/dev/null
echo "Generating the database (scale $SCALE) …"
dotnet run -c Release --project tools/WllmSign.DataGen -- --sqlite "$work/portal.db" --scale "$SCALE" | tail -3

echo "Starting the portal on http://127.0.0.1:$PORT (Production, RateLimits:Verify:Permits raised to 100000000 for wrk) …"
ASPNETCORE_ENVIRONMENT=Production ASPNETCORE_URLS="http://127.0.0.1:$PORT" \
Database__Provider=Sqlite Database__SqlitePath="$work/portal.db" Demo__Seed=false \
Email__PickupDirectory="$work/mail" RateLimits__Verify__Permits=100000000 \
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
cpu_ticks() { awk '{print $14+$15}' "/proc/$portal_pid/stat"; }
hz=$(getconf CLK_TCK)
for _ in $(seq 1 150); do
  a=$(cpu_ticks); sleep 2; b=$(cpu_ticks)
  [ $(( (b - a) * 100 / hz )) -lt 20 ] && break
done

# One effective agreement from the middle of the table (any agreement with a number does the same work).
row=$(sqlite3 "$work/portal.db" "SELECT AgreementNumber || '|' || VerificationCode FROM Signings WHERE AgreementNumber IS NOT NULL AND VerificationCode IS NOT NULL ORDER BY Id LIMIT 1 OFFSET (SELECT COUNT(*) / 2 FROM Signings WHERE AgreementNumber IS NOT NULL)")
no=${row%%|*}
code=${row##*|}
url="http://127.0.0.1:$PORT/verify?no=$no&code=$code"
page=$(curl -fs "$url")
# The verdict's text is HTML-encoded in the page; its data-status attribute is plain.
if grep -q 'data-status="Valid"\|data-status="Void"' <<<"$page"; then
  echo "GET $url → $(grep -o 'data-status="[A-Za-z]*"' <<<"$page" | head -1) ($(wc -c <<<"$page") bytes)"
else
  echo "The page did not confirm agreement $no:"; tail -20 "$work/portal.log"; exit 1
fi
wrong=$(curl -fs "http://127.0.0.1:$PORT/verify?no=$no&code=ZZZZ9999")
grep -q 'data-status="NotFound"' <<<"$wrong" || { echo "A wrong code was not refused" >&2; exit 1; }

# Warm-up (JIT, connection pool), then the measured run.
wrk -t2 -c16 -d10s "$url" >/dev/null
echo "Load average before: $(cut -d' ' -f1-3 /proc/loadavg)"
echo "wrk $WRK_ARGS $url"
before=$(cpu_ticks)
out=$(wrk $WRK_ARGS --latency "$url")
after=$(cpu_ticks)
echo "$out"
requests=$(grep -o '[0-9]* requests in' <<<"$out" | cut -d' ' -f1)
# The portal's own CPU per request: the honest figure on a machine shared with other work.
echo "Portal CPU per request: $(python3 -c "print(f'{($after - $before) * 1000 / $hz / $requests:.3f} ms')") ($requests requests)"
echo "Load average after: $(cut -d' ' -f1-3 /proc/loadavg)"
echo "Portal RSS after the run: $(grep VmRSS "/proc/$portal_pid/status" | awk '{print $2, $3}')"
