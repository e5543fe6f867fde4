#!/usr/bin/env bash
# Starts the portal as an installation runs it: the published output (dotnet publish) in Production, on the embedded
# SQLite database with the demo data; prints the URL and the demo logins. Why the published output:
# docs/decisions/018-run-the-published-portal.md.
#   WLLM_URLS      where it listens (default http://localhost:5080; several separated by ';')
#   WLLM_DATA_DIR  the folder of the database (and so the Data Protection key ring) and of the mail pickup folder
#                  (default src/WllmSign.Portal/App_Data)
set -euo pipefail
cd "$(dirname "$0")/.."
root=$PWD
bash scripts/setup-run.sh

# The source's stamp (scripts/source-stamp.sh): the output of the same source is published once and reused.
stamp=$(bash scripts/source-stamp.sh)
publish_root="$root/artifacts/publish"
out="$publish_root/$stamp"
mkdir -p "$publish_root"
(
  # One publish at a time (a test and a demo may start together): the second waits, then finds the output done.
  flock 9
  if [ ! -f "$out/.published" ]; then
    rm -rf "$out"
    built="$root/artifacts/build/release.stamp"
    portal_dll="$root/src/WllmSign.Portal/bin/Release/net10.0/WllmSign.Portal.dll"
    if [ -f "$built" ] && [ "$(cat "$built")" = "$stamp" ] && [ -f "$portal_dll" ] && [ ! "$portal_dll" -nt "$built" ]; then
      # scripts/test.sh has just built this very source in Release (and nothing was built since): publish that build
      # instead of compiling it again (decision 051). A publish without a build only adds its own files to obj/.
      echo "Publishing the portal's Release build to $out..."
      dotnet publish src/WllmSign.Portal -c Release -o "$out" --no-build --no-restore --disable-build-servers -nologo -v quiet
    else
      echo "Publishing the portal to $out (the first time takes a minute or two)..."
      # Its own bin/obj (--artifacts-path): a publish never rewrites the build output the tests run.
      dotnet publish src/WllmSign.Portal -c Release -o "$out" --artifacts-path "$publish_root/.build" \
        --disable-build-servers -nologo -v quiet -warnaserror
    fi
    touch "$out/.published"
    # Keep this output and the one before it (a portal of the previous source may still be running from it).
    ls -1dt "$publish_root"/*/.published 2>/dev/null | tail -n +3 | while read -r old; do rm -rf "$(dirname "$old")"; done
  fi
) 9>"$publish_root/.lock"

data="${WLLM_DATA_DIR:-$root/src/WllmSign.Portal/App_Data}"
mkdir -p "$data"
data=$(cd "$data" && pwd)
urls="${WLLM_URLS:-http://localhost:5080}"
# The address links and the agreement's QR code point to: the first URL, a wildcard host read as localhost.
public=$(printf '%s' "${urls%%;*}" | sed -E 's#//(\+|\*|0\.0\.0\.0|\[::\])#//localhost#')

export ASPNETCORE_ENVIRONMENT="${ASPNETCORE_ENVIRONMENT:-Production}"
export Database__SqlitePath="$data/wllmsign.db"
export Email__PickupDirectory="$data/mail"
export Portal__PublicBaseUrl="${Portal__PublicBaseUrl:-$public}"
# The embedded demo, turned on explicitly (appsettings.json, the production settings, has it off; in Production the
# portal refuses demo accounts unless allowed). Its admin logins work with the password alone.
export Demo__Seed="${Demo__Seed:-true}"
export Demo__AllowInProduction="${Demo__AllowInProduction:-true}"
export Security__RequireTwoFactorForAdmins="${Security__RequireTwoFactorForAdmins:-false}"
# The embedded demo encrypts its Data Protection keys with a certificate it generates beside the database (decision 019).
export DataProtection__GenerateCertificate="${DataProtection__GenerateCertificate:-true}"
export DataProtection__CertificatePath="${DataProtection__CertificatePath:-$data/dataprotection-cert.pfx}"

# The embedded demo signs agreements with a demo CA and certificate it creates beside the database (decision 021).
export Agreements__Signing__GenerateDemoCertificate="${Agreements__Signing__GenerateDemoCertificate:-true}"
export Agreements__Signing__DemoDirectory="${Agreements__Signing__DemoDirectory:-$data/signing}"

# External sign-in demo (decision 023, docs/oidc.md): WLLM_ALLIANCE_IDP=1 also starts the stand-in alliance provider
# (tools/WllmSign.AllianceIdP) and points Authentication:Alliance at it; the login page then shows 使用联盟账号登录.
if [ "${WLLM_ALLIANCE_IDP:-0}" = "1" ]; then
  idp_url="${WLLM_IDP_URL:-http://localhost:5090}"
  portal_url="$public"
  # Its own output folder (like the portal's publish): a demo never rewrites the build output the tests run.
  idp_out="$root/artifacts/alliance-idp"
  (
    flock 9
    dotnet build tools/WllmSign.AllianceIdP -c Release -o "$idp_out" --artifacts-path "$publish_root/.build-idp" \
      --disable-build-servers -nologo -v quiet -warnaserror
  ) 9>"$publish_root/.lock"
  dotnet "$idp_out/WllmSign.AllianceIdP.dll" --urls "$idp_url" \
    --Idp:PortalUrls:0 "$portal_url" --Idp:ClientSecret alliance-demo-secret --Logging:LogLevel:Microsoft.EntityFrameworkCore Warning &
  idp_pid=$!
  # The provider stops with the portal (Ctrl+C or a signal to this script).
  trap 'kill "$idp_pid" 2>/dev/null || true' EXIT
  trap 'exit 130' INT TERM
  echo "联盟账号演示服务: $idp_url (演示账号见其登录页，密码 Alliance2026!)"
  export Authentication__Alliance__Authority="$idp_url/" Authentication__Alliance__ClientId=wllmsign-portal \
    Authentication__Alliance__ClientSecret=alliance-demo-secret Authentication__Alliance__RequireHttpsMetadata=false \
    Authentication__Alliance__Scopes__0=openid Authentication__Alliance__Scopes__1=profile Authentication__Alliance__Scopes__2=email \
    Authentication__Alliance__Scopes__3=phone Authentication__Alliance__Scopes__4=alliance
fi

cat <<TXT
WllmSign portal: $public   (database and mail in $data)
Demo logins (listed again when the portal is up), password of every one: ${Demo__Password:-Wllm2026!demo}
  单位 Employer          employer@wllm.test
  学生 Student           student@wllm.test
  学校 SchoolAdmin       school10500@wllm.test (every school: school<code>@wllm.test)
  联盟 AllianceAdmin     alliance@wllm.test
协议书查验: $public/verify
TXT
if [ -n "${idp_pid:-}" ]; then
  # Not exec: this shell stays to stop the provider when the portal ends.
  dotnet "$out/WllmSign.Portal.dll" --contentRoot "$out" --urls "$urls" &
  portal_pid=$!
  trap 'kill "$portal_pid" 2>/dev/null; wait "$portal_pid"; exit 130' INT TERM
  wait "$portal_pid"
else
  exec dotnet "$out/WllmSign.Portal.dll" --contentRoot "$out" --urls "$urls"
fi
