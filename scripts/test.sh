#!/usr/bin/env bash
# Runs every test against real Postgres, Redis and Docker, bringing them up first if needed.
# Extra arguments go to tap (e.g. `npm test -- tests/api`).
set -euo pipefail
cd "$(dirname "$0")/.."

bash scripts/setup.sh --quiet

# package.json swaps tap's ts-node plugin for tsx; tap needs one rebuild of its plugin set after install.
if grep -q 'Plugin_typescript' node_modules/@tapjs/test/test-built/dist/esm/index.js 2>/dev/null; then
  npx tap build >/dev/null
fi

exec npx tap "$@"
