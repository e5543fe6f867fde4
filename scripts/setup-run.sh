#!/usr/bin/env bash
# Installs what running the portal needs on a fresh Debian machine with the .NET SDK: the CJK fonts of the
# agreement PDF and the local dotnet tools (scripts/run.sh). Debian packages named as arguments are installed too
# (scripts/setup.sh passes the tests' own). Idempotent: it installs only what is missing.
set -euo pipefail
cd "$(dirname "$0")/.."

need=("$@")
[ -f /usr/share/fonts/truetype/wqy/wqy-zenhei.ttc ] || need+=(fonts-wqy-zenhei)
# Rare characters in names (e.g. 𠮷, CJK Extension B) on the agreement PDF: the fallback face HanaMinB.
[ -f /usr/share/fonts/truetype/hanazono/HanaMinB.ttf ] || need+=(fonts-hanazono)
if [ ${#need[@]} -gt 0 ]; then
  echo "Installing Debian packages: ${need[*]}"
  SUDO=""
  [ "$(id -u)" -eq 0 ] || SUDO="sudo"
  $SUDO apt-get update -qq
  DEBIAN_FRONTEND=noninteractive $SUDO apt-get install -y -qq "${need[@]}" >/dev/null
fi

dotnet tool restore >/dev/null
