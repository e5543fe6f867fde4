#!/usr/bin/env bash
# Installs what the tests (and scripts/scale-demo.sh) need on a fresh Debian machine with the .NET SDK: what running
# needs (scripts/setup-run.sh: the PDF fonts, the dotnet tools) plus Chromium, poppler, Redis and PostgreSQL.
# Idempotent: it installs only what is missing.
set -euo pipefail
cd "$(dirname "$0")/.."

need=()
# The end-to-end tests drive Debian's chromium-headless-shell (decision 051; Playwright's own browser download is not
# used); the benchmarks that compare with a browser (PeakLoad --check, CircuitMemory) drive the full chromium.
[ -x /usr/bin/chromium-headless-shell ] || need+=(chromium-headless-shell)
[ -x /usr/bin/chromium ] || need+=(chromium)
# pdftoppm renders the agreement PDF to PNG in the end-to-end tests.
# pdfsig checks the agreement's digital signature in the signature tests (and in docs/verify-offline.md).
[ -x /usr/bin/pdftoppm ] && [ -x /usr/bin/pdfsig ] || need+=(poppler-utils)
# certutil builds the NSS database through which pdfsig trusts the alliance CA in those tests.
[ -x /usr/bin/certutil ] || need+=(libnss3-tools)
# Live counts across several portal servers: the Redis backplane tests start their own redis-server on loopback.
[ -x /usr/bin/redis-server ] || need+=(redis-server)
# The second test pass and scripts/scale-demo.sh run a throwaway PostgreSQL cluster (any Debian version).
ls /usr/lib/postgresql/*/bin/postgres >/dev/null 2>&1 || need+=(postgresql)
bash scripts/setup-run.sh "${need[@]}"
