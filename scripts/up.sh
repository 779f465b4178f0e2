#!/usr/bin/env bash
# Brings the whole system up (Postgres, Redis, Docker Engine, images, API, worker) and grades
# the sample submission, printing its feedback. Safe to run again: what runs is left running.
set -euo pipefail
cd "$(dirname "$0")/.."

bash scripts/setup.sh
mkdir -p .build/logs/api .build/logs/worker

# The API, the worker and admin.ts run as JavaScript bundled into dist/ by scripts/build-services.mjs,
# so no TypeScript is compiled at each start; bundled again whenever a source, the build script or the
# package files are newer than a bundle (the web app, services/web, is setup.sh's to build).
bundles=(dist/api.js dist/worker.js dist/migrate.js dist/admin.js)
stale=0
for bundle in "${bundles[@]}"; do
  if [[ ! -f $bundle ]] || [[ -n $(find services scripts/admin.ts scripts/build-services.mjs package.json package-lock.json tsconfig.json \
    -path services/web -prune -o -newer "$bundle" -print -quit) ]]; then stale=1 && break; fi
done
if ((stale)); then node scripts/build-services.mjs; fi

api="http://${HOST:-127.0.0.1}:${PORT:-8080}"

healthy () { node -e "fetch('$api/health').then(r => process.exit(r.ok ? 0 : 1), () => process.exit(1))"; }
alive () { [ -f "$1" ] && kill -0 "$(cat "$1")" 2>/dev/null; }

# Each process writes its own log, rotated by size (LOG_FILE_MAX_BYTES, LOG_FILE_KEEP files):
# .build/logs/<name>/<name>.N.log, with current.log pointing at the one in use. Standard output
# and error get only what escapes the logger (a crash before it starts), and are emptied at each
# start, so neither grows without bound.
if ! alive .build/api.pid; then
  echo "starting the API on $api (log: .build/logs/api/current.log)"
  # Its own session and process group, so `npm run down` stops it and anything it started together.
  LOG_FILE=.build/logs/api/api.log setsid node --enable-source-maps dist/api.js >.build/logs/api/output.txt 2>&1 </dev/null &
  echo $! >.build/api.pid
fi
if ! alive .build/worker.pid; then
  echo "starting the worker (log: .build/logs/worker/current.log)"
  LOG_FILE=.build/logs/worker/worker.log setsid node --enable-source-maps dist/worker.js >.build/logs/worker/output.txt 2>&1 </dev/null &
  echo $! >.build/worker.pid
fi

for _ in $(seq 1 60); do healthy && break; sleep 0.5; done
if ! healthy; then
  echo "the API did not become healthy; see .build/logs/api/current.log and .build/logs/api/output.txt" >&2
  tail -n 20 .build/logs/api/current.log .build/logs/api/output.txt >&2 || true
  exit 1
fi
echo "Backlab is up: API $api, OpenAPI docs at $api/docs. Stop it with: npm run down"
echo

# The sample submission: a todos-crud server with one bug, to show what feedback looks like.
sample=exercises/todos-crud/scenarios/status-200-on-create/files
status=0
# As the sample learner (an account with a random password nobody knows; see scripts/admin.ts).
token=$(node dist/admin.js sample-token)
BACKLAB_TOKEN="$token" node services/cli/backlab.mjs submit todos-crud "$sample" --api "$api" || status=$?
# 0 = passed, 1 = graded and failed (expected for this sample); anything else is a real problem.
[ "$status" -le 1 ] || exit "$status"
