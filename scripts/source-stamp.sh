#!/usr/bin/env bash
# Prints a stamp of the portal's source: a hash of the content of every file under src/ and of the build settings
# (git's view: tracked and new files, ignored ones left out; every file when there is no git). scripts/run.sh
# publishes once per stamp; scripts/test.sh records the stamp of the Release build it made (decision 051).
set -euo pipefail
cd "$(dirname "$0")/.."
if git rev-parse --is-inside-work-tree >/dev/null 2>&1; then
  git ls-files -z -co --exclude-standard -- src Directory.Build.props Directory.Packages.props
else
  find src Directory.Build.props Directory.Packages.props -type f -not -path '*/bin/*' -not -path '*/obj/*' -not -path '*/App_Data/*' -print0
fi | sort -z | xargs -0 sha1sum | sha1sum | cut -c1-16
