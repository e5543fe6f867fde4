#!/usr/bin/env bash
# Installs what the portal and its tests need on a fresh Debian machine with the .NET SDK.
# Idempotent: it installs only what is missing.
set -euo pipefail
cd "$(dirname "$0")/.."

need=()
[ -x /usr/bin/chromium ] || need+=(chromium)
[ -f /usr/share/fonts/truetype/wqy/wqy-zenhei.ttc ] || need+=(fonts-wqy-zenhei)
# Rare characters in names (e.g. 𠮷, CJK Extension B) on the agreement PDF: the fallback face HanaMinB.
[ -f /usr/share/fonts/truetype/hanazono/HanaMinB.ttf ] || need+=(fonts-hanazono)
# pdftoppm renders the agreement PDF to PNG in the end-to-end tests.
# pdfsig checks the agreement's digital signature in the signature tests (and in docs/verify-offline.md).
[ -x /usr/bin/pdftoppm ] && [ -x /usr/bin/pdfsig ] || need+=(poppler-utils)
# certutil builds the NSS database through which pdfsig trusts the alliance CA in those tests.
[ -x /usr/bin/certutil ] || need+=(libnss3-tools)
# Live counts across several portal servers: the Redis backplane tests start their own redis-server on loopback.
[ -x /usr/bin/redis-server ] || need+=(redis-server)
# The second test pass and scripts/scale-demo.sh run a throwaway PostgreSQL cluster (any Debian version).
ls /usr/lib/postgresql/*/bin/postgres >/dev/null 2>&1 || need+=(postgresql)
if [ ${#need[@]} -gt 0 ]; then
  echo "Installing Debian packages: ${need[*]}"
  SUDO=""
  [ "$(id -u)" -eq 0 ] || SUDO="sudo"
  $SUDO apt-get update -qq
  DEBIAN_FRONTEND=noninteractive $SUDO apt-get install -y -qq "${need[@]}" >/dev/null
fi

dotnet tool restore >/dev/null
