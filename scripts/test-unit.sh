#!/usr/bin/env bash
# The unit tier: every tests/**/*.unit.test.ts, with no Postgres, Redis or Docker (CI runs it before
# the full suite, which runs these files too). Nothing is started; the services' settings point
# at addresses where nothing listens, so a unit test that secretly needs one fails at once, loudly,
# instead of passing on a machine where the services happen to be up.
# Extra arguments go to tap (e.g. `npm run test:unit -- --reporter=terse`).
set -euo pipefail
cd "$(dirname "$0")/.."

# Port 1 refuses at once; no socket at that path.
export DATABASE_URL=postgres://unit-tier@127.0.0.1:1/no-database-in-the-unit-tier
export REDIS_URL=redis://127.0.0.1:1
export DOCKER_SOCKET=/nonexistent/no-docker-in-the-unit-tier.sock
# The same for what reads the environment directly: the docker CLI, libpq's defaults.
export DOCKER_HOST=unix:///nonexistent/no-docker-in-the-unit-tier.sock
export PGHOST=127.0.0.1 PGPORT=1

# package.json swaps tap's ts-node plugin for tsx; tap needs one rebuild of its plugin set after install.
if grep -q 'Plugin_typescript' node_modules/@tapjs/test/test-built/dist/esm/index.js 2>/dev/null; then
  npx tap build >/dev/null
fi

# tap expands no globs here (package.json's include is for the full suite): bash does, sorted the
# same on every machine.
shopt -s globstar nullglob
found=(tests/**/*.unit.test.ts)
if [[ ${#found[@]} -eq 0 ]]; then
  echo 'test-unit: no tests/**/*.unit.test.ts found' >&2
  exit 1
fi
mapfile -t files < <(printf '%s\n' "${found[@]}" | LC_ALL=C sort)

# Twice as many files at once as there are cores: many of these files mostly wait (a pool's
# connection timeout, a host-load sampling window, a server restart), and on a shared, loaded CI
# host more runnable processes also get the tier a fairer share of the CPU. `-- --jobs=N` overrides.
exec npx tap --jobs="$(( $(nproc) * 2 ))" "$@" "${files[@]}"
