#!/usr/bin/env bash
# The load run of issue 15: the whole catalog (every reference, alternative, starter and scenario)
# graded beside two CPU-bound processes per core, as on a host busy with deadlines or shared CI.
# Every verdict must still be right: 0 correct solutions failed, every scenario as expected.
# Extra arguments go to tap; BACKLAB_CATALOG_ONLY=slug[,slug] narrows it, LOAD_PER_CORE sets the load.
set -euo pipefail
cd "$(dirname "$0")/.."
bash scripts/setup.sh --quiet
if grep -q 'Plugin_typescript' node_modules/@tapjs/test/test-built/dist/esm/index.js 2>/dev/null; then
  npx tap build >/dev/null
fi

per_core=${LOAD_PER_CORE:-2}
count=$(( $(nproc) * per_core ))
# Bounded: each hog ends by itself after the longest run the catalog is allowed, whatever happens here.
minutes=${BACKLAB_CATALOG_MINUTES:-60}
hogs=()
stop_hogs() { kill "${hogs[@]}" 2>/dev/null || true; }
trap stop_hogs EXIT
for _ in $(seq "$count"); do
  timeout "$(( minutes * 60 + 60 ))" sh -c 'while :; do :; done' &
  hogs+=($!)
done
echo "load run: $count CPU-bound processes on $(nproc) cores beside the worker"
started=$(date +%s)
status=0
BACKLAB_CATALOG_MINUTES=$minutes npx tap --timeout "$(( minutes * 60 ))" "$@" tests/exercises/catalog.test.ts || status=$?
echo "load run: $(( $(date +%s) - started )) s, load average $(cut -d' ' -f1-3 /proc/loadavg)"
exit "$status"
