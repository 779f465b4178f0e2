#!/usr/bin/env bash
# Stops the API and worker started by `npm run up` (Postgres, Redis and Docker keep running).
set -uo pipefail
cd "$(dirname "$0")/.."
for name in api worker; do
  pidfile=.build/$name.pid
  if [ -f "$pidfile" ] && kill -0 "$(cat "$pidfile")" 2>/dev/null; then
    # up.sh started it with setsid: its pid is its process group, holding tsx and node.
    kill -TERM -- "-$(cat "$pidfile")" 2>/dev/null
    echo "stopped $name"
  fi
  rm -f "$pidfile"
done
