#!/usr/bin/env bash
# Installs wrk (the HTTP load generator the load harnesses use for their wrk rows) from Debian's packages when it
# is missing. Without it (not root, no apt-get) the harnesses leave their wrk rows out and say so.
set -uo pipefail
command -v wrk >/dev/null && exit 0
if [ "$(id -u)" = 0 ] && command -v apt-get >/dev/null; then
  echo "[wrk] installing wrk (Debian package)"
  apt-get install -y -qq wrk >/dev/null 2>&1 || { apt-get update -qq >/dev/null 2>&1 && apt-get install -y -qq wrk >/dev/null 2>&1; } \
    || echo "[wrk] wrk could not be installed; the wrk rows are left out"
else
  echo "[wrk] wrk is not installed (apt-get install wrk); the wrk rows are left out"
fi
exit 0
