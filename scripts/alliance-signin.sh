#!/usr/bin/env bash
# Signs in through the demo alliance provider with curl (WLLM_ALLIANCE_IDP=1 bash scripts/run.sh must be running):
# portal login page → 使用联盟账号登录 → the provider's login page → back to the portal. Prints where it lands.
#   bash scripts/alliance-signin.sh [portal URL] [alliance email] [password]
set -euo pipefail
portal="${1:-http://localhost:5080}" email="${2:-hr@xinhang.test}" password="${3:-Alliance2026!}"
jar=$(mktemp); trap 'rm -f "$jar"' EXIT
c() { curl -s -c "$jar" -b "$jar" "$@"; }
# The value of the hidden input named $1 (HTML-decoded).
field() { python3 -c 'import html,re,sys; m=re.search(r"name=\"%s\" value=\"([^\"]*)\"" % re.escape(sys.argv[1]), sys.stdin.read()); print(html.unescape(m.group(1)) if m else "")' "$1"; }
token() { field __RequestVerificationToken; }
t=$(c "$portal/Account/Login" | token)
authorize=$(c -o /dev/null -w '%{redirect_url}' --data-urlencode "__RequestVerificationToken=$t" -d provider=alliance -d returnUrl= "$portal/Account/ExternalLogin")
echo "portal → $authorize" | cut -c1-120
login=$(c -o /dev/null -w '%{redirect_url}' "$authorize")
echo "provider → $login" | cut -c1-120
page=$(c "$login")
t=$(printf '%s' "$page" | token)
back=$(printf '%s' "$page" | field returnUrl)
idp=$(printf '%s' "$login" | grep -oE '^https?://[^/]+')
final=$(c -L -o /dev/null -w '%{url_effective}' --data-urlencode "__RequestVerificationToken=$t" --data-urlencode "returnUrl=$back" \
  --data-urlencode "email=$email" --data-urlencode "password=$password" "$idp/login")
echo "signed in, landed on $final"
