#!/usr/bin/env bash
# The outage drill (scripts/outage-drill/driver.ts): N submissions in flight while the worker,
# Redis, PostgreSQL and the Docker daemon fail in turn; every one must end with its right verdict.
# Runs its own Redis, PostgreSQL, API and worker, and a proxy in front of the Docker socket:
# the services others use are not touched.
#   bash scripts/outage-drill.sh [--submissions N]     (default 40)
set -euo pipefail
cd "$(dirname "$0")/.."
exec node --import tsx scripts/outage-drill/driver.ts "$@"
