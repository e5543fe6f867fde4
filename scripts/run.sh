#!/usr/bin/env bash
# Starts the portal on the embedded SQLite database with demo data and prints the URL and the demo logins.
set -euo pipefail
cd "$(dirname "$0")/.."
bash scripts/setup.sh
export ASPNETCORE_ENVIRONMENT="${ASPNETCORE_ENVIRONMENT:-Production}"
# The embedded demo: its admin logins work with the password alone. Production keeps the default (true).
export Security__RequireTwoFactorForAdmins="${Security__RequireTwoFactorForAdmins:-false}"
# The embedded demo signs agreements with a demo CA and certificate it creates under App_Data/signing (decision 021).
export Agreements__Signing__GenerateDemoCertificate="${Agreements__Signing__GenerateDemoCertificate:-true}"
exec dotnet run --project src/WllmSign.Portal -c Release --no-launch-profile --urls "${WLLM_URLS:-http://localhost:5080}"
