#!/usr/bin/env bash
# Debian packages the tests and the platform need beyond a stock machine, installed only when missing.
# `--runtime`: only what running the platform needs (`npm start`); without it, also what the tests need (CI).
set -euo pipefail
runtime_only=false
[ "${1:-}" = "--runtime" ] && runtime_only=true

missing=()
need() { command -v "$1" >/dev/null 2>&1 || missing+=("$2"); }
need java openjdk-17-jre-headless
need mvn maven
if [ "$runtime_only" = false ]; then
  need radclient freeradius-utils # RADIUS client driving network-access tests
  need chromium chromium          # browser tests (playwright-core drives Debian's Chromium)
  dpkg -s fonts-noto-cjk >/dev/null 2>&1 || missing+=(fonts-noto-cjk) # Chinese text in screenshots
  # bench:radius's reference: FreeRADIUS (a dependency) with rlm_sql_mysql writing accounting to MariaDB
  dpkg -s freeradius-mysql >/dev/null 2>&1 || missing+=(freeradius-mysql)
fi

if [ ${#missing[@]} -gt 0 ]; then
  echo "installing Debian packages: ${missing[*]}"
  sudo_cmd=""
  [ "$(id -u)" -ne 0 ] && sudo_cmd="sudo"
  $sudo_cmd apt-get update -qq
  DEBIAN_FRONTEND=noninteractive $sudo_cmd apt-get install -y -qq --no-install-recommends "${missing[@]}"
fi
