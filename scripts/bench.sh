#!/usr/bin/env bash
# Brings the services up if needed, then runs the end-to-end benchmark (see bench/bench.ts).
set -euo pipefail
cd "$(dirname "$0")/.."
bash scripts/setup.sh --quiet
exec npx tsx bench/bench.ts "$@"
