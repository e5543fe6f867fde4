#!/usr/bin/env bash
# Starts the portal on the embedded SQLite database with demo data and prints the URL and the demo logins.
set -euo pipefail
cd "$(dirname "$0")/.."
bash scripts/setup.sh
export ASPNETCORE_ENVIRONMENT="${ASPNETCORE_ENVIRONMENT:-Production}"
# The embedded demo: its admin logins work with the password alone. Production keeps the default (true).
export Security__RequireTwoFactorForAdmins="${Security__RequireTwoFactorForAdmins:-false}"
# External sign-in demo (decision 023, docs/oidc.md): WLLM_ALLIANCE_IDP=1 also starts the stand-in alliance provider
# (tools/WllmSign.AllianceIdP) and points Authentication:Alliance at it; the login page then shows 使用联盟账号登录.
if [ "${WLLM_ALLIANCE_IDP:-0}" = "1" ]; then
  idp_url="${WLLM_IDP_URL:-http://localhost:5090}"
  portal_url="${WLLM_URLS:-http://localhost:5080}"
  dotnet build tools/WllmSign.AllianceIdP -c Release -nologo -v q
  dotnet tools/WllmSign.AllianceIdP/bin/Release/net10.0/WllmSign.AllianceIdP.dll --urls "$idp_url" \
    --Idp:PortalUrls:0 "$portal_url" --Idp:ClientSecret alliance-demo-secret &
  echo "联盟账号演示服务: $idp_url (演示账号见其登录页，密码 Alliance2026!)"
  export Authentication__Alliance__Authority="$idp_url/" Authentication__Alliance__ClientId=wllmsign-portal \
    Authentication__Alliance__ClientSecret=alliance-demo-secret Authentication__Alliance__RequireHttpsMetadata=false \
    Authentication__Alliance__Scopes__0=openid Authentication__Alliance__Scopes__1=profile Authentication__Alliance__Scopes__2=email \
    Authentication__Alliance__Scopes__3=phone Authentication__Alliance__Scopes__4=alliance
fi
exec dotnet run --project src/WllmSign.Portal -c Release --no-launch-profile --urls "${WLLM_URLS:-http://localhost:5080}"
