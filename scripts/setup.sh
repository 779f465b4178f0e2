#!/usr/bin/env bash
# shellcheck source-path=SCRIPTDIR
# Brings a machine to the state the API, the worker and the tests need: npm dependencies, Redis,
# PostgreSQL, Docker Engine, the sandbox images, gVisor (runsc) for learner code, Chromium and the
# built web app. Installs and starts only what is missing, so a
# second run takes well under a second; CI and the tests call it before they start.
#
# Usage: scripts/setup.sh [--quiet]
#   --quiet   print only what is changed, and errors (for callers that run it every time)
# Env (an external service replaces the local one, and nothing is installed for it):
#   REDIS_URL     e.g. redis://host:6379           (default: local redis-server on 127.0.0.1:6379)
#   DATABASE_URL  e.g. postgres://u:p@host:5432/db (default: local cluster, role/db "backlab")
#   DOCKER_HOST   e.g. unix:///run/docker.sock     (default: local dockerd, started if needed)
#   SANDBOX_RUNTIME=runc  do not install or register gVisor (otherwise it is installed if possible:
#                         learner code runs under it by default, SANDBOX_RUNTIME=auto)
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

# --- 6a. gVisor ----------------------------------------------------------------------------------
# gVisor's runsc, for learner code: SANDBOX_RUNTIME=auto (the default) runs it whenever the daemon
# has it, and the tests grade under it (tests/hostile/corpus-runc.test.ts grades the
# runtime-sensitive attacks under runc too). Installing or registering it must never fail setup:
# without it `auto` falls back to runc, loudly (here, and in the worker's log).
# SANDBOX_RUNTIME=runc skips this step.
# `--network=host` makes the sandbox use the network namespace Docker gives the container (only
# `lo` with NetworkMode none), not gVisor's own stack; the grader, under runc, joins that
# namespace. `--oci-seccomp` applies the container's seccomp profile inside the sandbox too
# (without it runsc ignores it: io_uring and ptrace would reach gVisor's kernel unfiltered).
# A HUP reloads the daemon's runtimes without touching running containers.
readonly RUNSC_PATH=/usr/bin/runsc
readonly DAEMON_JSON=/etc/docker/daemon.json
readonly RUNSC_ARGS='["--network=host","--oci-seccomp"]'
# No `grep -q` or `head` on a pipe here: under pipefail, the writer's SIGPIPE (141) fails the step.
runsc_registered() { [[ $(docker info --format '{{json .Runtimes.runsc}}' 2>/dev/null) == *"\"runtimeArgs\":$RUNSC_ARGS"* ]]; }
runsc_fallback() {
  warn "gVisor unavailable: $1. Learner code will run under runc (the host kernel's namespaces only); see SECURITY.md"
  SUMMARY+=("gvisor: UNAVAILABLE ($1): learner containers fall back to runc")
}
# register_runsc: merges the runtime into daemon.json (keeping everything else) and reloads dockerd.
register_runsc() {
  local pid
  pid=$(pid_of_live dockerd /var/run/docker.pid)
  [[ -n $pid ]] || { runsc_fallback "dockerd's pid is unknown, so its runtimes cannot be reloaded"; return 1; }
  act "registering runtime runsc in $DAEMON_JSON and reloading dockerd (HUP: containers keep running)"
  mkdir -p "$(dirname "$DAEMON_JSON")"
  node -e '
    const fs = require("node:fs")
    const [file, path, args] = process.argv.slice(1)
    const conf = fs.existsSync(file) ? JSON.parse(fs.readFileSync(file, "utf8") || "{}") : {}
    conf.runtimes = { ...conf.runtimes, runsc: { path, runtimeArgs: JSON.parse(args) } }
    fs.writeFileSync(file + ".tmp", JSON.stringify(conf, null, 2) + "\n")
    fs.renameSync(file + ".tmp", file)
  ' "$DAEMON_JSON" "$RUNSC_PATH" "$RUNSC_ARGS" || { runsc_fallback "could not write $DAEMON_JSON"; return 1; }
  kill -HUP "$pid"
  wait_for 10 runsc_registered || { runsc_fallback "dockerd did not load the runtime after HUP (see /var/log/dockerd.log)"; return 1; }
}
ensure_runsc() {
  if [[ ${SANDBOX_RUNTIME:-auto} == runc ]]; then
    SUMMARY+=("gvisor: skipped (SANDBOX_RUNTIME=runc)")
    return
  fi
  if ! runsc_registered; then
    if [[ -n ${DOCKER_HOST:-} ]]; then
      runsc_fallback "the daemon at DOCKER_HOST has no runtime named runsc (register it there)"
      return
    fi
    if [[ ! -x $RUNSC_PATH ]]; then
      # A subshell: apt_install dies on failure, and that must only end this step.
      (apt_install runsc) || { runsc_fallback "apt-get install runsc failed"; return; }
    fi
    register_runsc || return
  fi
  # One real sandbox per runsc binary and daemon: a runtime that is registered but cannot start a
  # container here (another kernel, another cgroup layout) would turn every grading into a
  # platform error. The marker keeps the no-op path at one `docker info`.
  local stamp marker="$BACKLAB_BUILD/runsc-ok"
  stamp="$(stat -c '%Y %s' "$RUNSC_PATH" 2>/dev/null) $(cat /var/run/docker.pid 2>/dev/null) $RUNSC_ARGS"
  if [[ $(cat "$marker" 2>/dev/null) != "$stamp" ]]; then
    local out
    if out=$(docker run --rm --runtime=runsc --network none backlab/base:bookworm uname -r 2>&1); then
      printf '%s' "$stamp" >"$marker"
    else
      rm -f "$marker"
      runsc_fallback "runsc is registered but could not start a container: ${out//$'\n'/ }"
      return
    fi
  fi
  local version
  version=$("$RUNSC_PATH" --version 2>/dev/null || true)
  SUMMARY+=("gvisor: ok (runtime runsc, ${version%%$'\n'*})")
}
ensure_runsc

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
