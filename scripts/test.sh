#!/usr/bin/env bash
# Runs every test: domain, features on real SQLite, bUnit components, and end-to-end in Debian's Chromium.
set -euo pipefail
cd "$(dirname "$0")/.."
bash scripts/setup.sh
dotnet build WllmSign.sln -c Release -warnaserror
dotnet test WllmSign.sln -c Release --no-build --logger "console;verbosity=normal" "$@"
