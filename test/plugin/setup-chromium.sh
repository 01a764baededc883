#!/usr/bin/env bash
# Prints the path of Debian's Chromium for the browser test, installing the `chromium` package first when it is
# missing (idempotent: a machine that has it is left alone). Installing needs root and apt, as on CI machines;
# elsewhere it says what to install. Set AIRFLOW_TS_CHROMIUM to use another Chromium build.
set -euo pipefail
if [ -n "${AIRFLOW_TS_CHROMIUM:-}" ]; then echo "$AIRFLOW_TS_CHROMIUM"; exit 0; fi
if ! command -v chromium >/dev/null 2>&1; then
  if [ "$(id -u)" = 0 ] && command -v apt-get >/dev/null 2>&1; then
    echo "installing Debian's chromium (first run on this machine)..." >&2
    export DEBIAN_FRONTEND=noninteractive
    apt-get update -qq >&2
    apt-get install -y -qq --no-install-recommends chromium >&2
  else
    echo "the browser test needs Chromium: sudo apt-get install chromium (or set AIRFLOW_TS_CHROMIUM)" >&2
    exit 1
  fi
fi
command -v chromium
