#!/usr/bin/env bash
# Stops the API and worker started by `npm run up` (Postgres, Redis and Docker keep running).
set -uo pipefail
cd "$(dirname "$0")/.."
for name in api worker; do
  pidfile=.build/$name.pid
  if [ -f "$pidfile" ] && kill -0 "$(cat "$pidfile")" 2>/dev/null; then
    # npx runs tsx, which runs node: signal the whole group so the service shuts down gracefully.
    pkill -TERM -P "$(cat "$pidfile")" 2>/dev/null
    kill -TERM "$(cat "$pidfile")" 2>/dev/null
    echo "stopped $name"
  fi
  rm -f "$pidfile"
done
