#!/usr/bin/env bash
# shellcheck source-path=SCRIPTDIR
# Brings a machine to the state the API, the worker and the tests need: npm dependencies, Redis,
# PostgreSQL, Docker Engine, the sandbox images, Chromium and the built web app. Installs and starts only what is missing, so a
# second run takes well under a second; CI and the tests call it before they start.
#
# Usage: scripts/setup.sh [--quiet]
#   --quiet   print only what is changed, and errors (for callers that run it every time)
# Env (an external service replaces the local one, and nothing is installed for it):
#   REDIS_URL     e.g. redis://host:6379           (default: local redis-server on 127.0.0.1:6379)
#   DATABASE_URL  e.g. postgres://u:p@host:5432/db (default: local cluster, role/db "backlab")
#   DOCKER_HOST   e.g. unix:///run/docker.sock     (default: local dockerd, started if needed)
set -euo pipefail

# shellcheck source=lib/common.sh
source "$(dirname "${BASH_SOURCE[0]}")/lib/common.sh"
# shellcheck source=lib/services.sh
source "$(dirname "${BASH_SOURCE[0]}")/lib/services.sh"

while (($#)); do
  case $1 in
    -q | --quiet) export BACKLAB_QUIET=1 ;;
    -h | --help)
      sed -n '3,/^set -euo/p' "${BASH_SOURCE[0]}" | sed '$d; s/^# \{0,1\}//'
      exit 0
      ;;
    *) die "unknown option: $1 (try --help)" ;;
  esac
  shift
done

T0=$(now_ms)
cd "$BACKLAB_ROOT"

# Tests may run setup concurrently; two runs must not both start a dockerd, npm ci the same tree
# or build the same image. The loser waits, then finds everything up.
mkdir -p "$BACKLAB_BUILD"
exec 9>"$BACKLAB_BUILD/setup.lock"
flock 9
export BACKLAB_LOCKED=1

# --- Node ----------------------------------------------------------------------------------------
# Not installable from Debian (bookworm has 18); every machine of ours comes with 20.
have node || die "node not found; Node >= 20 is a prerequisite"
NODE_VERSION=$(node --version)
if ! [[ $NODE_VERSION =~ ^v([0-9]+)\. ]] || ((BASH_REMATCH[1] < 20)); then
  die "node $NODE_VERSION found; Node >= 20 is required (tap 21, and the images copy this binary)"
fi

# --- 1. npm dependencies -------------------------------------------------------------------------
# npm writes node_modules/.package-lock.json at the end of every install, after package-lock.json,
# so it is the reliable "installed from this lock" marker; the directory's own mtime is not (npm ci
# recreates the directory before it writes the lock).
[[ -f package-lock.json ]] || die "package-lock.json missing in $BACKLAB_ROOT"
if [[ ! -f node_modules/.package-lock.json || package-lock.json -nt node_modules/.package-lock.json ]]; then
  t=$(now_ms)
  act "npm ci (node_modules missing or older than package-lock.json)"
  run_logged npm-ci npm ci --no-audit --no-fund || die "npm ci failed"
  say "    done in $(since "$t")"
fi

# --- 2. apt packages -----------------------------------------------------------------------------
# Checked by command, not dpkg: a tool installed another way counts. With *_URL/DOCKER_HOST set,
# only the client is needed.
missing=()
if [[ -n ${REDIS_URL:-} ]]; then
  have redis-cli || missing+=(redis-tools)
else
  { have redis-server && have redis-cli; } || missing+=(redis-server)
fi
if [[ -n ${DATABASE_URL:-} ]]; then
  have psql || missing+=(postgresql-client)
else
  { have pg_ctlcluster && have psql && [[ -x /usr/lib/postgresql/$PG_MAJOR/bin/postgres ]]; } ||
    missing+=(postgresql)
fi
if [[ -n ${DOCKER_HOST:-} ]]; then
  have docker || missing+=(docker.io)
else
  { have docker && have dockerd; } || missing+=(docker.io)
fi
# The grader library's tests replay generated curl commands with the real curl.
have curl || missing+=(curl)
# The archive-upload tests build and check real archives with Info-ZIP.
have zip || missing+=(zip)
have unzip || missing+=(unzip)
# The web app's end-to-end tests drive Debian's Chromium (browsers cannot download themselves here).
have chromium || missing+=(chromium)
# debootstrap is not checked here: it is only needed when the base image has to be built and no
# registry answers, so docker/build-images.sh installs it at that point.
apt_install "${missing[@]}"

# --- 3-5. services -------------------------------------------------------------------------------
ensure_redis
ensure_postgres
ensure_docker

# --- 6. images -----------------------------------------------------------------------------------
bash "$BACKLAB_ROOT/docker/build-images.sh"
SUMMARY+=("images: ok (backlab/base:bookworm, runtime-node, runtime-python, sidecar-postgres, grader-node)")

# --- 6b. the web app ------------------------------------------------------------------------------
# Bundled from services/web/src into services/web/dist (not committed), again whenever a source,
# the build script or the lock file is newer than the bundle.
if [[ ! -f services/web/dist/index.html ]] ||
  [[ -n $(find services/web/src scripts/build-web.mjs package-lock.json -newer services/web/dist/index.html -print -quit) ]]; then
  act "building the web app"
  run_logged build-web node scripts/build-web.mjs || die "the web app did not build"
fi
SUMMARY+=("web app: ok (services/web/dist)")

# --- 7. summary ----------------------------------------------------------------------------------
for line in "${SUMMARY[@]}"; do say "$line"; done
say "setup: done in $(since "$T0")"
