#!/bin/sh
# Entrypoint of the runtime images (backlab/runtime-node, backlab/runtime-python), copied into each
# one's build context by docker/build-images.sh. /bin/sh is dash: POSIX sh only.
#
# Usage (the image's ENTRYPOINT passes the runtime, the container's Cmd the rest):
#   supervise.sh node|python ENTRY    the learner's server: see "Which command" below
#   supervise.sh RUNTIME CMD ARG...   two or more words: that command verbatim (probes, tests)
#
# 1. The submission arrives as a tar on stdin because the rootfs is read-only and /work is a tmpfs
#    that only exists once the container runs: there is no image layer or bind mount to put it in.
#    tar returns at end of stdin (the worker closes it after the archive). --no-overwrite-dir: the
#    archive's "./" entry must not replace the tmpfs root's mode 0700 with the learner's own.
# 2. Which command: node runs package.json's scripts.start when there is a non-empty one (as
#    `npm start` would: sh -c, with ./node_modules/.bin first in PATH), else `node ENTRY`. python
#    runs a Procfile's `web:` line when there is one (sh -c), else `python3 ENTRY`.
# 3. The app runs in its own process group, as a child of this script. SIGHUP (the worker's
#    "restart the server") stops the whole group (SIGTERM, SIGKILL after 2 s) and starts the same
#    command again. SIGTERM, SIGINT and SIGQUIT are passed on to the group, SIGUSR1/SIGUSR2 to the
#    app's first process (docker-init delivers them here, not to the app). When the app exits on
#    its own, this script exits with its status (128+N for signal N), so crash exit codes and OOM
#    kills reach the worker as they did before there was a supervisor.
#
# The app inherits this script's stdout and stderr: nothing is buffered or rewritten. This script
# writes to stderr only, and only lines starting with "[backlab]".
#
# It works under docker-init (Init: true) and as PID 1 itself (no init): there it reaps orphans,
# since every `wait` here reaps any child that exits, and SIGKILL from inside cannot reach it.

log() { printf '[backlab] %s\n' "$*" >&2; }

RUNTIME=${1:?usage: supervise.sh node|python ENTRY}
shift

# Until the app runs there is nothing to restart; a stop request is obeyed at once.
trap ':' HUP USR1 USR2
trap 'exit 143' TERM
trap 'exit 130' INT
trap 'exit 131' QUIT

tar -x --no-overwrite-dir -C /work -f - || exit
cd /work || exit 1

# ---------------------------------------------------------------------------------------------
# The command, chosen once: a restart runs the same one (the files in /work do not change).

if [ $# -ge 2 ]; then
  MODE=argv
elif [ $# -eq 1 ]; then
  ENTRY=$1
  case $ENTRY in
    '' | -*)
      log "cannot start: invalid entry file name '$ENTRY'"
      exit 1
      ;;
  esac
  case $RUNTIME in
    node)
      START=
      if [ -f package.json ]; then
        # Node itself reads package.json (npm is not in the image). A file that is not JSON is
        # ignored, with a warning, as the API does when it checks that a submission can start.
        # shellcheck disable=SC2016 # JavaScript, not shell
        START=$(node -e '
          let pkg
          try { pkg = JSON.parse(require("fs").readFileSync("package.json", "utf8")) } catch (err) {
            process.stderr.write(`[backlab] ignoring /work/package.json: not valid JSON (${err.message})\n`)
          }
          const start = pkg && pkg.scripts && pkg.scripts.start
          if (typeof start === "string" && start.trim() !== "") process.stdout.write(start)
        ')
      fi
      if [ -n "$START" ]; then
        MODE=shell
        SHELL_CMD=$START
        PATH=/work/node_modules/.bin:$PATH
        export PATH
      elif [ -f "$ENTRY" ]; then
        MODE=argv
        set -- node "$ENTRY"
      else
        log "cannot start: /work/$ENTRY not found (and no package.json with a \"start\" script)"
        exit 1
      fi
      ;;
    python)
      WEB=
      if [ -f Procfile ]; then
        # The first non-empty `web:` line, without the prefix, leading blanks or a CRLF's CR.
        WEB=$(sed -n 's/^web:[[:blank:]]*//p' Procfile | tr -d '\r' | grep -m 1 .)
      fi
      if [ -n "$WEB" ]; then
        MODE=shell
        SHELL_CMD=$WEB
      elif [ -f "$ENTRY" ]; then
        MODE=argv
        set -- python3 "$ENTRY"
      else
        log "cannot start: /work/$ENTRY not found (and no Procfile with a \"web:\" line)"
        exit 1
      fi
      ;;
    *)
      log "cannot start: unknown runtime '$RUNTIME'"
      exit 1
      ;;
  esac
else
  log "cannot start: no entry file given"
  exit 1
fi

# ---------------------------------------------------------------------------------------------
# Supervision

APP=
# setsid without a fork: a background job of a non-interactive shell is not a group leader, so
# setsid(2) succeeds in place and $! is the new session's (and process group's) leader.
start_app() {
  if [ "$MODE" = shell ]; then
    setsid sh -c "$SHELL_CMD" &
  else
    setsid "$@" &
  fi
  APP=$!
}

# SIGTERM to the app's group, SIGKILL to it 2 s later if anything in it is still alive; returns
# once the app is reaped and its group is empty (so its port is free again).
stop_app() {
  kill -TERM "-$APP" 2>/dev/null
  # The timer is a group of its own too, so killing that group also ends its sleep.
  # shellcheck disable=SC2016 # $1 belongs to the inner sh
  setsid sh -c 'sleep 2; kill -KILL "-$1" 2>/dev/null' sh "$APP" &
  timer=$!
  reap_app
  # Whatever the app left behind was reparented to PID 1 (docker-init, or this script when it is
  # PID 1: the `sleep`s here reap any exited child), so the group empties as it dies.
  while kill -0 "-$APP" 2>/dev/null; do sleep 0.05; done
  # By its pid as well: an app that dies at once can be gone before the timer's setsid has run,
  # and then there is no group to kill yet and the wait below would last the whole 2 s.
  kill -KILL "$timer" "-$timer" 2>/dev/null
  wait "$timer" 2>/dev/null
  # A process that left the app's group (setsid, a detached spawn, a double fork) would survive
  # the restart and could keep serving the old in-memory data, faking persistence. kill(-1)
  # reaches every process this uid owns except the caller (and PID 1, which is this script in a
  # learner container): nothing of the old app outlives a restart.
  kill -KILL -1 2>/dev/null
  # kill(-1, 0) succeeds while any such process (a zombie included) is left; each `sleep` here
  # makes dash wait(2) for a child, which also reaps orphans reparented to PID 1.
  while kill -0 -1 2>/dev/null; do sleep 0.02; done
}

# Waits until the app's first process is gone (not even a zombie) and sets STATUS to its exit
# status. A wait interrupted by a signal returns 128+N too, hence the check on /proc. dash keeps
# a finished job's status, even when it reaped the process while running some other command: a
# wait on it returns at once. 127 (no such child) is only a guard against looping forever.
reap_app() {
  while :; do
    wait "$APP" 2>/dev/null
    STATUS=$?
    [ -e "/proc/$APP" ] || return 0
    [ "$STATUS" -ne 127 ] || return 0 # not our child any more: already reaped and asked for
  done
}

# Handlers only record the signal: `wait` returns early when a trapped signal arrives, and the
# loop below acts on it.
PENDING=
trap 'PENDING=HUP' HUP
trap 'PENDING=TERM' TERM
trap 'PENDING=INT' INT
trap 'PENDING=QUIT' QUIT
trap 'PENDING=USR1' USR1
trap 'PENDING=USR2' USR2

start_app "$@"
while :; do
  # A signal that arrived while the last one was handled goes first: waiting now could block
  # until the app exits.
  waited=0
  if [ -z "$PENDING" ]; then
    wait "$APP" 2>/dev/null
    STATUS=$?
    waited=1
  fi
  signal=$PENDING
  PENDING=
  if [ "$signal" = HUP ]; then
    log 'restarting your server (the grader asked for a restart)'
    stop_app
    start_app "$@"
  elif [ ! -e "/proc/$APP" ]; then
    # The app exited on its own (a signal that came with it has nobody left to go to). Unless
    # the wait above returned undisturbed, its status is still in dash's job table.
    if [ "$waited" = 0 ]; then
      wait "$APP" 2>/dev/null
      STATUS=$?
    elif [ -n "$signal" ]; then
      wait "$APP" 2>/dev/null
      s=$?
      [ "$s" -eq 127 ] || STATUS=$s # 127 (no such job): keep what the wait above returned
    fi
    exit "$STATUS"
  else
    case $signal in
      TERM | INT | QUIT) kill "-$signal" "-$APP" 2>/dev/null ;;
      USR1 | USR2) kill "-$signal" "$APP" 2>/dev/null ;;
    esac
  fi
done
