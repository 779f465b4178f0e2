#!/usr/bin/env bash
# shellcheck source-path=SCRIPTDIR
# Builds the sandbox images, all on backlab/base:bookworm:
#   backlab/runtime-node       learners' Node servers (+ express, fastify, pg... in /node_modules)
#   backlab/runtime-python     learners' Python servers (Debian's flask, fastapi, psycopg...)
#   backlab/sidecar-postgres   a throwaway PostgreSQL 15 for exercises that need a database
#   backlab/grader-node-deps -> backlab/grader-node   the grader suites (tap)
#
# Every image carries the label backlab.inputs-hash, a hash of what it was built from (recipe
# files, the Node binary, lock files, the parent image's ID, the grader sources). An image whose
# label matches is left alone, so a run with nothing to do costs a few `docker image inspect`
# calls. Because a child's hash includes its parent's image ID, a new parent rebuilds everything
# built on it.
#
# Usage: docker/build-images.sh [--quiet] [--force]
#   --force   rebuild every image without the layer cache (the cached rootfs tarball is reused)
# Env:   BACKLAB_GRADER_SRC     grader package folder (default graders/node)
#        BACKLAB_DEBIAN_MIRROR  mirror for debootstrap (default: the host's apt mirror)
set -euo pipefail

# shellcheck source=../scripts/lib/common.sh
source "$(dirname "${BASH_SOURCE[0]}")/../scripts/lib/common.sh"

FORCE=0
while (($#)); do
  case $1 in
    -q | --quiet) export BACKLAB_QUIET=1 ;;
    --force) FORCE=1 ;;
    -h | --help)
      sed -n '3,/^set -euo/p' "${BASH_SOURCE[0]}" | sed '$d; s/^# \{0,1\}//'
      exit 0
      ;;
    *) die "unknown option: $1 (try --help)" ;;
  esac
  shift
done

readonly LABEL=backlab.inputs-hash
readonly BASE_IMAGE=backlab/base:bookworm
readonly RUNTIME_NODE_IMAGE=backlab/runtime-node:latest
readonly RUNTIME_PYTHON_IMAGE=backlab/runtime-python:latest
readonly SIDECAR_POSTGRES_IMAGE=backlab/sidecar-postgres:latest
readonly GRADER_DEPS_IMAGE=backlab/grader-node-deps:latest
readonly GRADER_IMAGE=backlab/grader-node:latest
readonly DOCKER_DIR="$BACKLAB_ROOT/docker"
readonly GRADER_SRC="${BACKLAB_GRADER_SRC:-$BACKLAB_ROOT/graders/node}"

have docker || die "docker CLI not found (run scripts/setup.sh)"
docker info >/dev/null 2>&1 || die "docker daemon not reachable (run scripts/setup.sh)"

# setup.sh already holds the lock; a second flock on a new descriptor of the same file from this
# child would wait for our own parent forever.
if [[ ${BACKLAB_LOCKED:-0} != 1 ]]; then
  mkdir -p "$BACKLAB_BUILD"
  exec 9>"$BACKLAB_BUILD/setup.lock"
  flock 9
fi

# ---------------------------------------------------------------------------------------------
# helpers

sha() { sha256sum | cut -c1-64; }

# Names and contents of every file under a folder, in a stable order. node_modules is skipped: it
# is an output of an install, never an input.
hash_tree() {
  (cd "$1" && find . -name node_modules -prune -o -type f -print0 | LC_ALL=C sort -z | xargs -0r sha256sum)
}

image_id() { docker image inspect -f '{{.Id}}' "$1" 2>/dev/null || true; }
image_hash() { docker image inspect -f "{{index .Config.Labels \"$LABEL\"}}" "$1" 2>/dev/null || true; }

# up_to_date IMAGE HASH: true (and says so) when IMAGE exists with that inputs hash. Otherwise
# sets REASON for the "building" line and remembers the old image so it can be removed at the end.
OLD_IMAGES=()
REASON=
up_to_date() {
  local current id
  current=$(image_hash "$1")
  if [[ $FORCE == 0 && $current == "$2" ]]; then
    say "image $1: up to date"
    return 0
  fi
  id=$(image_id "$1")
  if [[ -z $id ]]; then
    REASON=missing
  else
    REASON=$([[ $FORCE == 1 ]] && echo forced || echo "inputs changed")
    OLD_IMAGES+=("$id")
  fi
  return 1
}

NODE_BIN=$(readlink -f "$(command -v node)") || die "node not found"

# sha256 of the ~100 MB node binary costs ~0.7 s, too much for the nothing-to-do path: reuse it
# while the file's identity (device, inode, size, mtime) is unchanged.
node_digest() {
  local cache="$BACKLAB_BUILD/cache/node.sha256" key digest
  key="$NODE_BIN $(stat -c '%d:%i:%s:%Y' "$NODE_BIN")"
  if [[ -f $cache && $(head -n 1 "$cache") == "$key" ]]; then
    sed -n 2p "$cache"
    return
  fi
  digest=$(sha <"$NODE_BIN")
  mkdir -p "${cache%/*}"
  printf '%s\n%s\n' "$key" "$digest" >"$cache"
  echo "$digest"
}

# The images run the host's Node binary (Debian bookworm only packages Node 18; tap 21 needs 20).
# It is the official build, linked only against glibc/libstdc++/libgcc_s, which the base has.
stage_node() {
  local major
  major=$("$NODE_BIN" -p 'process.versions.node.split(".")[0]')
  ((major >= 20)) || die "host node is v$major; the images need Node >= 20 (tap 21)"
  cp "$NODE_BIN" "$1/node"
  chmod 755 "$1/node"
}

docker_build() { # IMAGE HASH CONTEXT
  local t0
  t0=$(now_ms)
  act "building $1 ($REASON)"
  local no_cache=()
  if [[ $FORCE == 1 ]]; then no_cache=(--no-cache); fi
  run_logged "build-${1//[\/:]/-}" \
    docker build --network host "${no_cache[@]}" --label "$LABEL=$2" -t "$1" -f "$3/Dockerfile" "$3"
  say "    built $1 in $(since "$t0")"
}

# ---------------------------------------------------------------------------------------------
# backlab/base:bookworm

# The mirror the host's apt uses (it is the one known to be reachable), deb822 or one-line format.
debian_mirror() {
  if [[ -n ${BACKLAB_DEBIAN_MIRROR:-} ]]; then
    echo "$BACKLAB_DEBIAN_MIRROR"
    return
  fi
  local m
  m=$(
    {
      cat /etc/apt/sources.list.d/*.sources 2>/dev/null |
        awk 'BEGIN { RS = "" }
          {
            uris = ""; suites = ""
            n = split($0, line, "\n")
            for (i = 1; i <= n; i++) {
              if (line[i] ~ /^URIs:/) { sub(/^URIs:[ \t]*/, "", line[i]); uris = line[i] }
              if (line[i] ~ /^Suites:/) { sub(/^Suites:[ \t]*/, "", line[i]); suites = " " line[i] " " }
            }
            if (suites ~ / bookworm / && uris != "") { split(uris, u, " "); print u[1] }
          }'
      cat /etc/apt/sources.list /etc/apt/sources.list.d/*.list 2>/dev/null |
        sed -E 's/\[[^]]*\]//' | awk '$1 == "deb" && $3 == "bookworm" { print $2 }'
    } | grep -E '^https?://' | head -n 1
  ) || true
  echo "${m:-http://deb.debian.org/debian}"
}

# Never rm -rf a rootfs with /proc or /sys still mounted in it (an interrupted debootstrap can
# leave them): unmount everything below it first, and never cross into another filesystem.
discard_rootfs() {
  local root=${1:?discard_rootfs needs a path}
  [[ $root == "$BACKLAB_BUILD"/* ]] || die "discard_rootfs: refusing to delete $root (outside .build)"
  [[ -e $root ]] || return 0
  awk -v p="$root/" 'index($2, p) == 1 { print $2 }' /proc/mounts | sort -r |
    while read -r m; do umount -l "$m" || true; done
  rm -rf --one-file-system "$root"
}

# The base recipe. Its text (suite, variant, and slim_rootfs's body via `declare -f`) is the base
# image's inputs hash: editing the recipe rebuilds the base and everything on top of it, while the
# plumbing around it (caching, mirror, cleanup, messages) can change without a rebuild.
readonly BASE_SUITE=bookworm BASE_VARIANT=minbase

# Slim a fresh rootfs the way debian:bookworm-slim is (translations alone are 33 MB of a 110 MB
# minbase), and keep later `apt-get install`s in images built on it slim too.
slim_rootfs() {
  # This deletes under $1: an empty or wrong $1 would mean the host's own /usr/share.
  local root=${1:?slim_rootfs needs a rootfs path}
  [[ $root != / && -f $root/etc/debian_version && -d $root/etc/dpkg/dpkg.cfg.d ]] ||
    die "slim_rootfs: $root does not look like a bootstrapped rootfs"
  cat >"$root/etc/dpkg/dpkg.cfg.d/backlab-slim" <<'EOF'
path-exclude /usr/share/doc/*
path-include /usr/share/doc/*/copyright
path-exclude /usr/share/man/*
path-exclude /usr/share/info/*
path-exclude /usr/share/groff/*
path-exclude /usr/share/lintian/*
path-exclude /usr/share/locale/*
path-include /usr/share/locale/locale.alias
EOF
  cat >"$root/etc/apt/apt.conf.d/backlab-slim" <<'EOF'
DPkg::Post-Invoke { "rm -f /var/cache/apt/archives/*.deb /var/cache/apt/archives/partial/*.deb /var/cache/apt/*.bin || true"; };
Dir::Cache::pkgcache "";
Dir::Cache::srcpkgcache "";
Acquire::Languages "none";
APT::Install-Recommends "false";
EOF
  rm -rf "$root"/var/cache/apt/archives/*.deb "$root"/var/cache/apt/*.bin \
    "$root"/var/lib/apt/lists/* "$root"/var/log/bootstrap.log \
    "$root"/usr/share/man/* "$root"/usr/share/info/* \
    "$root"/usr/share/groff/* "$root"/usr/share/lintian/*
  find "$root/usr/share/doc" -mindepth 1 ! -type d ! -name copyright -delete
  find "$root/usr/share/locale" -mindepth 1 -maxdepth 1 ! -name locale.alias -exec rm -rf {} +
}

base_recipe_hash() {
  { echo "$BASE_SUITE $BASE_VARIANT"; declare -f slim_rootfs; } | sha
}

# Makes $BASE_TAR, cached in .build/base by recipe hash, so that a lost image (docker prune, new
# data-root) is re-imported in seconds instead of re-bootstrapped.
BASE_TAR=
make_base_rootfs() {
  local hash=$1 dir="$BACKLAB_BUILD/base" rootfs mirror t0
  BASE_TAR="$dir/rootfs-$BASE_SUITE-$BASE_VARIANT-${hash:0:16}.tar"
  if [[ -f $BASE_TAR ]]; then
    say "    reusing cached rootfs ${BASE_TAR#"$BACKLAB_ROOT"/}"
    return
  fi
  [[ $(id -u) == 0 ]] || die "building the base image with debootstrap needs root"
  have debootstrap || apt_install debootstrap
  rootfs="$dir/rootfs.tmp"
  mirror=$(debian_mirror)
  mkdir -p "$dir"
  discard_rootfs "$rootfs"
  t0=$(now_ms)
  act "debootstrap --variant=$BASE_VARIANT $BASE_SUITE from $mirror"
  if ! run_logged debootstrap debootstrap --variant="$BASE_VARIANT" "$BASE_SUITE" "$rootfs" "$mirror"; then
    discard_rootfs "$rootfs"
    die "debootstrap failed"
  fi
  slim_rootfs "$rootfs"
  tar --numeric-owner -C "$rootfs" -cf "$BASE_TAR.tmp" .
  mv "$BASE_TAR.tmp" "$BASE_TAR"
  discard_rootfs "$rootfs"
  # Tarballs of older recipes are dead weight (~80 MB each).
  find "$dir" -maxdepth 1 -name 'rootfs-*.tar' ! -path "$BASE_TAR" -delete
  say "    rootfs ready in $(since "$t0")"
}

build_base() {
  local want t0
  want=$(base_recipe_hash)
  up_to_date "$BASE_IMAGE" "$want" && return
  t0=$(now_ms)
  act "building $BASE_IMAGE ($REASON)"
  # With a registry (a developer's machine), the official slim image is the natural base; here no
  # registry answers and the pull fails within milliseconds (DNS) or the timeout.
  if docker image inspect "debian:$BASE_SUITE-slim" >/dev/null 2>&1 ||
    timeout 20 docker pull -q "debian:$BASE_SUITE-slim" >/dev/null 2>&1; then
    say "    from debian:$BASE_SUITE-slim"
    printf 'FROM debian:%s-slim\n' "$BASE_SUITE" |
      run_logged build-base docker build --label "$LABEL=$want" -t "$BASE_IMAGE" -
  else
    say "    no registry answered for debian:$BASE_SUITE-slim; using debootstrap"
    make_base_rootfs "$want"
    run_logged import-base docker import \
      --change "LABEL $LABEL=$want" \
      --change 'ENV PATH=/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin' \
      --change 'CMD ["bash"]' \
      "$BASE_TAR" "$BASE_IMAGE" >/dev/null
  fi
  say "    built $BASE_IMAGE in $(since "$t0")"
}

# ---------------------------------------------------------------------------------------------
# backlab/runtime-node and backlab/runtime-python: one folder each, plus the supervisor they share
# (docker/runtime-shared/supervise.sh, their entrypoint /opt/backlab/start).

# stage_runtime NAME CTX: a fresh build context with the folder's files and the supervisor. Only
# node_modules survives from the last build (see build_runtime_node).
stage_runtime() {
  local name=$1 ctx=$2
  mkdir -p "$ctx"
  find "$ctx" -mindepth 1 -maxdepth 1 ! -name node_modules -exec rm -rf {} +
  tar -C "$DOCKER_DIR/$name" --exclude=./node_modules -cf - . | tar -C "$ctx" -xf -
  cp "$DOCKER_DIR/runtime-shared/supervise.sh" "$ctx/start"
  chmod 755 "$ctx/start"
}

build_runtime_node() {
  local want ctx="$BACKLAB_BUILD/runtime-node" lock t0
  # package-lock.json is among the folder's files: a new lock is a new image.
  want=$({
    echo "base $(image_id "$BASE_IMAGE")"
    echo "node $(node_digest)"
    hash_tree "$DOCKER_DIR/runtime-node"
    hash_tree "$DOCKER_DIR/runtime-shared"
  } | sha)
  up_to_date "$RUNTIME_NODE_IMAGE" "$want" && return
  [[ -f $DOCKER_DIR/runtime-node/package-lock.json ]] ||
    die "docker/runtime-node/package-lock.json missing (npm install --package-lock-only there)"
  stage_runtime runtime-node "$ctx"
  stage_node "$ctx"
  # The learners' libraries, installed by npm on the host (as for tap below) and copied to
  # /node_modules. npm ci only when the lock changed since the last install.
  lock=$(cat "$ctx/package.json" "$ctx/package-lock.json" | sha)
  if ! { [[ -f $ctx/node_modules/.backlab-lock ]] &&
    [[ $(cat "$ctx/node_modules/.backlab-lock") == "$lock" ]]; }; then
    t0=$(now_ms)
    act "npm ci (libraries for $RUNTIME_NODE_IMAGE) in ${ctx#"$BACKLAB_ROOT"/}"
    (cd "$ctx" && run_logged npm-runtime-node npm ci --omit=dev --ignore-scripts \
      --no-audit --no-fund --prefer-offline --loglevel=error) || die "npm ci failed"
    printf '%s\n' "$lock" >"$ctx/node_modules/.backlab-lock"
    say "    installed in $(since "$t0")"
  fi
  docker_build "$RUNTIME_NODE_IMAGE" "$want" "$ctx"
  rm -f "$ctx/node" # 100 MB, and in the image now
}

build_runtime_python() {
  local want ctx="$BACKLAB_BUILD/runtime-python"
  want=$({
    echo "base $(image_id "$BASE_IMAGE")"
    hash_tree "$DOCKER_DIR/runtime-python"
    hash_tree "$DOCKER_DIR/runtime-shared"
  } | sha)
  up_to_date "$RUNTIME_PYTHON_IMAGE" "$want" && return
  stage_runtime runtime-python "$ctx"
  docker_build "$RUNTIME_PYTHON_IMAGE" "$want" "$ctx"
}

# ---------------------------------------------------------------------------------------------
# backlab/sidecar-postgres: Debian's postgresql-15 with a template cluster made at build time.

build_sidecar_postgres() {
  local want ctx="$BACKLAB_BUILD/sidecar-postgres"
  want=$({
    echo "base $(image_id "$BASE_IMAGE")"
    hash_tree "$DOCKER_DIR/sidecar-postgres"
  } | sha)
  up_to_date "$SIDECAR_POSTGRES_IMAGE" "$want" && return
  rm -rf "$ctx"
  mkdir -p "$ctx"
  cp "$DOCKER_DIR"/sidecar-postgres/* "$ctx/"
  chmod 755 "$ctx/start" "$ctx/make-template.sh"
  docker_build "$SIDECAR_POSTGRES_IMAGE" "$want" "$ctx"
}

# ---------------------------------------------------------------------------------------------
# backlab/grader-node, in two images: backlab/grader-node-deps (Node + tap's node_modules, ~12k
# files) changes only with the tap version, while the final image (runner + @backlab/grader) changes
# whenever graders/node is edited. One image would re-send and re-checksum node_modules on every
# grader edit (~20 s); this way that rebuild is a few KB.

# package.json of the image's node_modules: tap at the exact version the repo's tests use (root
# package-lock.json), plus whatever @backlab/grader itself depends on. Computing it means node
# parsing a 200 KB lock (~130 ms), so it is cached while the three files it reads are unchanged.
grader_deps_manifest() {
  local cache="$BACKLAB_BUILD/cache/grader-manifest" key manifest
  key=$(stat -c '%n:%i:%s:%.9Y' "$BACKLAB_ROOT/package-lock.json" "$BACKLAB_ROOT/package.json" \
    "$GRADER_SRC/package.json" 2>/dev/null | tr '\n' ' ') || true
  if [[ -f $cache && $(head -n 1 "$cache") == "$key" ]]; then
    tail -n +2 "$cache"
    return
  fi
  manifest=$(make_grader_deps_manifest) || return 1
  mkdir -p "${cache%/*}"
  printf '%s\n%s\n' "$key" "$manifest" >"$cache"
  echo "$manifest"
}

make_grader_deps_manifest() {
  (cd "$BACKLAB_ROOT" && LIB_DIR="$GRADER_SRC" node -e '
    const fs = require("fs");
    const read = (f) => JSON.parse(fs.readFileSync(f, "utf8"));
    let tap;
    try { tap = read("package-lock.json").packages["node_modules/tap"].version; } catch {}
    tap ??= read("package.json").devDependencies?.tap;
    if (!tap) { console.error("no tap version in package-lock.json or package.json"); process.exit(1); }
    const lib = read(process.env.LIB_DIR + "/package.json");
    const deps = { ...(lib.dependencies || {}), tap };
    delete deps[lib.name];
    const pkg = {
      name: "backlab-grader-image",
      private: true,
      description: "generated by docker/build-images.sh: node_modules of backlab/grader-node",
      dependencies: deps,
    };
    process.stdout.write(JSON.stringify(pkg, null, 2) + "\n");
  ')
}

build_grader_deps() {
  local manifest=$1 want ctx="$BACKLAB_BUILD/grader-node-deps" t0
  want=$({
    echo "base $(image_id "$BASE_IMAGE")"
    echo "node $(node_digest)"
    sha256sum <"$DOCKER_DIR/grader-node/deps.Dockerfile"
    echo "$manifest"
  } | sha)
  up_to_date "$GRADER_DEPS_IMAGE" "$want" && return
  mkdir -p "$ctx"
  cp "$DOCKER_DIR/grader-node/deps.Dockerfile" "$ctx/Dockerfile"
  stage_node "$ctx"
  # npm on the host, not in the build: a build's npm took minutes, this one reuses the host's
  # cache. The optional deps (tsgo binaries for `tap --typecheck`, ~30 MB) are never loaded by
  # `import 'tap'`.
  # node_modules is kept between builds and reinstalled only for a new manifest.
  if ! { [[ -f $ctx/node_modules/.backlab-manifest ]] &&
    [[ $(cat "$ctx/node_modules/.backlab-manifest") == "$manifest" ]]; }; then
    printf '%s\n' "$manifest" >"$ctx/package.json"
    rm -rf "$ctx/node_modules" "$ctx/package-lock.json"
    t0=$(now_ms)
    act "npm install (tap for $GRADER_IMAGE) in ${ctx#"$BACKLAB_ROOT"/}"
    (cd "$ctx" && run_logged npm-grader-deps npm install --omit=dev --omit=optional \
      --no-audit --no-fund --prefer-offline --loglevel=error) || die "npm install failed"
    printf '%s\n' "$manifest" >"$ctx/node_modules/.backlab-manifest"
    say "    installed in $(since "$t0")"
  fi
  docker_build "$GRADER_DEPS_IMAGE" "$want" "$ctx"
  rm -f "$ctx/node" # 100 MB, and in the image now
}

build_grader() {
  local manifest want ctx="$BACKLAB_BUILD/grader-node"
  [[ -f $GRADER_SRC/run.mjs ]] ||
    die "$GRADER_SRC/run.mjs not found: it is the runner baked into $GRADER_IMAGE"
  [[ -f $GRADER_SRC/package.json ]] ||
    die "$GRADER_SRC/package.json not found: the folder is copied in as @backlab/grader"
  manifest=$(grader_deps_manifest) || die "cannot work out the grader image's dependencies"
  build_grader_deps "$manifest"
  want=$({
    echo "deps $(image_id "$GRADER_DEPS_IMAGE")"
    hash_tree "$DOCKER_DIR/grader-node"
    hash_tree "$GRADER_SRC"
  } | sha)
  up_to_date "$GRADER_IMAGE" "$want" && return
  rm -rf "$ctx"
  mkdir -p "$ctx/grader-lib"
  cp "$DOCKER_DIR/grader-node/Dockerfile" "$DOCKER_DIR/grader-node/start" "$ctx/"
  chmod 755 "$ctx/start"
  cp "$GRADER_SRC/run.mjs" "$ctx/run.mjs"
  tar -C "$GRADER_SRC" --exclude=./node_modules -cf - . | tar -C "$ctx/grader-lib" -xf -
  docker_build "$GRADER_IMAGE" "$want" "$ctx"
}

# ---------------------------------------------------------------------------------------------

build_base
build_runtime_node
build_runtime_python
build_sidecar_postgres
build_grader

# Replaced images are untagged now; drop them (children first) unless something still uses them.
for ((i = ${#OLD_IMAGES[@]} - 1; i >= 0; i--)); do
  docker image rm "${OLD_IMAGES[i]}" >/dev/null 2>&1 || true
done
