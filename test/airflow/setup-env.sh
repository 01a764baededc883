#!/usr/bin/env bash
# Creates (or reuses) the virtualenv of one pinned Airflow line from its committed lock and prints its path.
#
#   test/airflow/setup-env.sh airflow3           # -> path of a venv with Airflow 3.x from airflow3.lock
#   test/airflow/setup-env.sh tools              # -> ruff and kubernetes-validate (Kubernetes schemas) from tools.lock
#   test/airflow/setup-env.sh --relock airflow3  # re-resolve the lock from the pins in its first line (the rest of
#                                                # the previous lock is kept as constraints)
#
# The venv lives in a user cache keyed by the lock's hash, so fresh clones and CI runs reuse it while the lock is
# unchanged, and a changed lock can never reuse a stale environment. A marker file written last tells a complete
# install from an interrupted one, which is wiped and redone.
set -euo pipefail
here=$(cd "$(dirname "$0")" && pwd)
relock=false
if [ "${1:-}" = "--relock" ]; then relock=true; shift; fi
line=${1:?usage: setup-env.sh [--relock] airflow2|airflow3|tools}
lock="$here/$line.lock"
[ -f "$lock" ] || { echo "no lock file $lock" >&2; exit 2; }
python=${AIRFLOW_TS_PYTHON:-python3}

if $relock; then
  pins=$(sed -n '1s/^# Resolved by: pip install \(.*\) (Python.*$/\1/p' "$lock")
  tmp=$(mktemp -d)
  "$python" -m venv "$tmp/venv"
  "$tmp/venv/bin/pip" install -q --upgrade pip
  # Every package of the previous lock that line 1 does not pin stays at its version (a constraint), so adding a pin
  # resolves only what it brings instead of moving the whole tree to the newest releases.
  names=$(printf '%s\n' $pins | sed 's/[=<>!~].*//' | tr 'A-Z_' 'a-z-')
  grep -v '^#' "$lock" | while IFS= read -r req; do
    name=$(printf '%s' "${req%%==*}" | tr 'A-Z_' 'a-z-')
    printf '%s\n' "$names" | grep -qxF "$name" || printf '%s\n' "$req"
  done > "$tmp/constraints.txt"
  # shellcheck disable=SC2086
  "$tmp/venv/bin/pip" install -q $pins -c "$tmp/constraints.txt"
  { sed -n '1,2p' "$lock"; "$tmp/venv/bin/pip" freeze; } > "$lock.new" && mv "$lock.new" "$lock"
  rm -rf "$tmp"
fi

hash=$( { cat "$lock"; "$python" -c 'import sys; print(sys.version_info[:2])'; } | sha256sum | cut -c1-16)
cache=${AIRFLOW_TS_CACHE:-${XDG_CACHE_HOME:-$HOME/.cache}/airflow-ts}
venv="$cache/venvs/$line-$hash"
mkdir -p "$cache/venvs"
exec 9>"$venv.lock"
flock 9  # one installer at a time; a second caller waits, then finds the venv complete
if [ ! -f "$venv/.complete" ]; then
  echo "setting up $line in $venv (first run only; a few minutes)" >&2
  rm -rf "$venv"  # a folder without the marker is an interrupted install
  "$python" -m venv "$venv"
  "$venv/bin/pip" install -q --disable-pip-version-check --no-deps -r "$lock" >&2
  case $line in
    airflow*) "$venv/bin/python" -c "import airflow, airflow.providers.cncf.kubernetes" >&2 ;;
    tools) "$venv/bin/python" -c "import kubernetes_validate" && "$venv/bin/ruff" --version >&2 ;;
  esac
  touch "$venv/.complete"
fi
echo "$venv"
