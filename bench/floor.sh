#!/usr/bin/env bash
# The benchmark's floor: one learner server and its grader started by plain `docker` commands, with
# no API, queue or database in between. The platform's end-to-end time per submission can only
# approach this; the gap is what the API + worker cost.
#
# Usage: bench/floor.sh <solution-dir> <grader-dir> <suite-entry> [runs]
#   e.g. bench/floor.sh exercises/todos-crud/solution/node exercises/todos-crud/grader todos.test.mjs 5
# Env:   FLOOR_ENTRY    learner entry file (default server.js)
#        FLOOR_RUNTIME  OCI runtime of the learner's container: runc (default) or runsc
#        FLOOR_LEARNER_SECCOMP  seccomp profile file for the learner (default: Docker's); under
#                       runsc pass Backlab's (bench/bench.ts does), see seccomp-profile.ts
#        FLOOR_VERBOSE  1: copy each run's grader TAP to stderr
#
# stdout: `floor_ms=<ms>` per run (learner create -> grader exit; removal is not timed), then
# `floor_p50_ms=<median>`. Per-run details go to stderr. Exits non-zero when a run's grader output
# has no `ok` line (server never answered, suite crashed, images missing...).
set -euo pipefail

usage() {
  sed -n '6,7p' "${BASH_SOURCE[0]}" | sed 's/^# \{0,1\}//' >&2
  exit 2
}
(($# == 3 || $# == 4)) || usage
SOLUTION=$1 GRADER=$2 ENTRY=$3 RUNS=${4:-5}
LEARNER_ENTRY=${FLOOR_ENTRY:-server.js}
readonly RUNTIME_IMAGE=backlab/runtime-node GRADER_IMAGE=backlab/grader-node PORT=3000

die() {
  printf 'floor: %s\n' "$*" >&2
  exit 1
}
[[ -d $SOLUTION ]] || die "solution dir not found: $SOLUTION"
[[ -f $SOLUTION/$LEARNER_ENTRY ]] || die "no $LEARNER_ENTRY in $SOLUTION"
[[ -d $GRADER ]] || die "grader dir not found: $GRADER"
[[ -f $GRADER/$ENTRY ]] || die "suite entry not found: $GRADER/$ENTRY"
[[ $RUNS =~ ^[1-9][0-9]*$ ]] || die "runs must be a positive integer, got: $RUNS"
for image in "$RUNTIME_IMAGE" "$GRADER_IMAGE"; do
  docker image inspect "$image" >/dev/null 2>&1 || die "image $image missing (run scripts/setup.sh)"
done

# The flags the worker uses: no network (the grader joins the learner's namespace and talks over
# loopback), read-only rootfs with tmpfs for the only writable places, no capabilities.
# The same limits as services/grading/pod/pod-spec.ts and the engine's HostConfig, so the ratio
# measures the platform, not different sandboxes. bench/bench.ts passes the worker's values.
LEARNER_CPUS=${FLOOR_LEARNER_CPUS:-1} LEARNER_MEMORY_MB=${FLOOR_LEARNER_MEMORY_MB:-256}
LEARNER_PIDS=${FLOOR_LEARNER_PIDS:-128} GRADER_CPUS=${FLOOR_GRADER_CPUS:-2}
COMMON_FLAGS=(
  --read-only --init --cap-drop ALL --security-opt no-new-privileges --ipc private --shm-size 16m
  --ulimit nofile=1024:1024 --ulimit fsize=67108864:67108864 --ulimit core=0:0 --log-driver none
)
LEARNER_FLAGS=(
  --network none "${COMMON_FLAGS[@]}" --user 10001:10001
  --tmpfs "/work:rw,exec,nosuid,nodev,size=64m,mode=0700,uid=10001,gid=10001"
  --tmpfs "/tmp:rw,noexec,nosuid,nodev,size=64m"
  -e "PORT=$PORT" -e HOME=/tmp -e NODE_ENV=production
  --cpus "$LEARNER_CPUS" --memory "${LEARNER_MEMORY_MB}m" --memory-swap "${LEARNER_MEMORY_MB}m"
  --runtime "${FLOOR_RUNTIME:-runc}"
)
if [[ -n ${FLOOR_LEARNER_SECCOMP:-} ]]; then LEARNER_FLAGS+=(--security-opt "seccomp=$FLOOR_LEARNER_SECCOMP"); fi
# As the engine does (docker-engine.ts): under runsc the learner's limit is gVisor's RLIMIT_NPROC,
# and the pids cgroup leaves room for the sandbox's own host threads.
if [[ ${FLOOR_RUNTIME:-runc} == runsc ]]; then
  LEARNER_FLAGS+=(--ulimit "nproc=$LEARNER_PIDS:$LEARNER_PIDS" --pids-limit "$((LEARNER_PIDS * 10 + 128))")
else
  LEARNER_FLAGS+=(--pids-limit "$LEARNER_PIDS")
fi
GRADER_FLAGS=(
  "${COMMON_FLAGS[@]}" --user 10002:10002
  --tmpfs "/opt/grader/suite:rw,nosuid,nodev,size=16m,mode=0700,uid=10002,gid=10002"
  --tmpfs "/tmp:rw,noexec,nosuid,nodev,size=64m"
  -e "BACKLAB_TARGET=http://127.0.0.1:$PORT"
  -e "BACKLAB_SUITE=$ENTRY"
  -e BACKLAB_READY_TIMEOUT_MS=10000 -e HOME=/tmp
  --cpus "$GRADER_CPUS" --memory 512m --memory-swap 512m --pids-limit 256
)

TMP=$(mktemp -d)
LEARNER=
# shellcheck disable=SC2317 # only reached through the trap
cleanup() {
  if [[ -n $LEARNER ]]; then docker rm -f "$LEARNER-grader" "$LEARNER" >/dev/null 2>&1 || true; fi
  rm -rf "$TMP"
}
trap cleanup EXIT

now_ms() { date +%s%3N; }

times=()
failed=0
for ((i = 1; i <= RUNS; i++)); do
  LEARNER="backlab-floor-$$-$i"
  tap="$TMP/grader-$i.tap"
  t0=$(now_ms)

  # create + start, then attach: `docker start` returns once the container runs, which the
  # grader's `--network container:` needs, and the entrypoint's tar just blocks on stdin until the
  # attach. `create -i` sets StdinOnce, so the end of this pipe is the end of tar's input.
  docker create -i --name "$LEARNER" "${LEARNER_FLAGS[@]}" "$RUNTIME_IMAGE" "$LEARNER_ENTRY" >/dev/null
  docker start "$LEARNER" >/dev/null
  tar -C "$SOLUTION" -c . | docker attach "$LEARNER" >"$TMP/learner-$i.log" 2>&1 &
  attach_pid=$!

  grader_rc=0
  tar -C "$GRADER" -c . |
    docker run -i --name "$LEARNER-grader" --network "container:$LEARNER" "${GRADER_FLAGS[@]}" "$GRADER_IMAGE" \
      >"$tap" 2>"$TMP/grader-$i.err" || grader_rc=$?
  # The verdict is known once the grader has exited; the platform stores it before teardown too.
  t1=$(now_ms)

  docker rm -f "$LEARNER-grader" "$LEARNER" >/dev/null
  LEARNER=
  wait "$attach_pid" || true # attach ends with the container; its status says nothing here

  ms=$((t1 - t0))
  times+=("$ms")
  echo "floor_ms=$ms"

  oks=$(grep -c '^ok ' "$tap" || true)
  not_oks=$(grep -c '^not ok ' "$tap" || true)
  ready=$(sed -n 's/^# backlab-ready-ms: //p' "$tap")
  printf 'run %d: %d ok, %d not ok, ready %s ms, grader exit %d\n' \
    "$i" "$oks" "$not_oks" "${ready:-?}" "$grader_rc" >&2
  if [[ ${FLOOR_VERBOSE:-0} == 1 ]]; then cat "$tap" >&2; fi
  if ((oks == 0)); then
    failed=1
    {
      echo "run $i: the grader reported no passing test. grader stdout:"
      sed 's/^/  | /' "$tap"
      echo "grader stderr:"
      sed 's/^/  | /' "$TMP/grader-$i.err"
      echo "learner output:"
      sed 's/^/  | /' "$TMP/learner-$i.log"
    } >&2
  fi
done

# Nearest-rank median: an actual measured run, not an average of two.
p50=$(printf '%s\n' "${times[@]}" | sort -n | sed -n "$(((RUNS + 1) / 2))p")
echo "floor_p50_ms=$p50"
exit "$failed"
