# shellcheck shell=bash
# Shared helpers for scripts/setup.sh and docker/build-images.sh. Sourced, never executed.
#
# Output contract (so `setup.sh --quiet` can run before every test without noise):
#   say   - progress/status; silenced by BACKLAB_QUIET=1
#   act   - something is being changed on this machine; always printed
#   warn  - always printed, on stderr
#   die   - always printed, on stderr, then exit 1

BACKLAB_ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)"
BACKLAB_BUILD="$BACKLAB_ROOT/.build"
: "${BACKLAB_QUIET:=0}"
export BACKLAB_QUIET

say() { [[ $BACKLAB_QUIET == 1 ]] || printf '%s\n' "$*"; }
act() { printf '==> %s\n' "$*"; }
warn() { printf 'warning: %s\n' "$*" >&2; }
die() {
  printf 'error: %s\n' "$*" >&2
  exit 1
}

have() { command -v "$1" >/dev/null 2>&1; }

now_ms() { date +%s%3N; }

# Seconds since a now_ms timestamp, one decimal, for "done in 3.2s" lines.
since() { awk -v a="$1" -v b="$(now_ms)" 'BEGIN { printf "%.1fs", (b - a) / 1000 }'; }

# run_logged NAME CMD...: run a long, chatty command (apt, npm, debootstrap, docker build).
# Verbose mode streams its output; quiet mode keeps it in .build/logs/NAME.log and only shows
# the tail when it fails, because a failure without its output is undebuggable.
run_logged() {
  local name=$1
  shift
  if [[ $BACKLAB_QUIET != 1 ]]; then
    "$@"
    return
  fi
  mkdir -p "$BACKLAB_BUILD/logs"
  local log="$BACKLAB_BUILD/logs/$name.log"
  if ! "$@" >"$log" 2>&1; then
    # The cause is usually among the first error lines (npm puts its usage text after them), the
    # context in the last ones.
    {
      grep -iE 'error|^E:|fatal|failed' "$log" | head -n 15
      echo '  ...'
      tail -n 10 "$log"
    } >&2
    printf 'error: %s failed (full log: %s)\n' "$name" "$log" >&2
    return 1
  fi
}

# apt_install PKG...: one `apt-get update` per process, then install. A temporary policy-rc.d
# keeps packages from auto-starting their daemons (docker.io's init script would start dockerd
# with the default 172.17/16 bridge); setup starts every service itself with the flags it needs.
BACKLAB_APT_UPDATED=${BACKLAB_APT_UPDATED:-0}
apt_install() {
  (($#)) || return 0
  have apt-get || die "missing $* and apt-get is not available; install them by hand"
  [[ $(id -u) == 0 ]] || die "missing $*; run as root so they can be installed with apt-get"
  act "apt-get install $*"
  local t0 policy=/usr/sbin/policy-rc.d own_policy=0
  t0=$(now_ms)
  if [[ ! -e $policy ]]; then
    printf '#!/bin/sh\nexit 101\n' >"$policy"
    chmod 755 "$policy"
    own_policy=1
  fi
  local rc=0
  {
    if [[ $BACKLAB_APT_UPDATED != 1 ]]; then
      DEBIAN_FRONTEND=noninteractive run_logged apt-update apt-get update -q
    fi &&
      BACKLAB_APT_UPDATED=1 &&
      DEBIAN_FRONTEND=noninteractive NEEDRESTART_SUSPEND=1 \
        run_logged apt-install apt-get install -y -q "$@"
  } || rc=$?
  if ((own_policy)); then rm -f "$policy"; fi
  ((rc == 0)) || die "apt-get install $* failed"
  export BACKLAB_APT_UPDATED
  say "    installed in $(since "$t0")"
}
