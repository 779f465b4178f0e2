# shellcheck shell=bash
# ensure_redis / ensure_postgres / ensure_docker for scripts/setup.sh. Sourced after common.sh.
# Each one checks first and only changes something when the check fails, so the nothing-to-do
# path is one round trip per service. Each appends its line to SUMMARY.

SUMMARY=()

# Every daemon started here gets `9>&-`: setup.sh holds its lock on fd 9, and a daemon inheriting
# that descriptor would keep the lock for its whole life, so the next setup would wait forever.

# user:password@ is not something to print in CI logs.
redact_url() { sed -E 's#(//[^:/@]*):[^@/]*@#\1:***@#' <<<"$1"; }

# wait_for SECONDS CMD...: poll CMD every 0.1 s; false if it never succeeded.
wait_for() {
  local deadline=$((SECONDS + $1))
  shift
  until "$@" >/dev/null 2>&1; do
    ((SECONDS < deadline)) || return 1
    sleep 0.1
  done
}

# ---------------------------------------------------------------------------------------------
# Redis (BullMQ's queue)

redis_pong() { [[ $(redis-cli "$@" ping 2>/dev/null) == PONG ]]; }

ensure_redis() {
  if [[ -n ${REDIS_URL:-} ]]; then
    redis_pong -u "$REDIS_URL" || die "REDIS_URL=$(redact_url "$REDIS_URL") does not answer PING"
    local policy
    policy=$(redis-cli -u "$REDIS_URL" config get maxmemory-policy 2>/dev/null | sed -n 2p) || true
    [[ -z $policy || $policy == noeviction ]] ||
      warn "redis at REDIS_URL has maxmemory-policy=$policy; BullMQ needs noeviction (jobs can be evicted)"
    SUMMARY+=("redis: ok ($(redact_url "$REDIS_URL"), from REDIS_URL)")
    return
  fi
  local cli=(-h 127.0.0.1 -p 6379)
  if ! redis_pong "${cli[@]}"; then
    act "starting redis-server on 127.0.0.1:6379 (log: /var/log/redis-backlab.log)"
    mkdir -p /var/lib/redis
    # noeviction: BullMQ keeps jobs as plain keys; an evicting policy silently loses them.
    # appendonly: queued jobs survive a restart of the machine's redis.
    redis-server --daemonize yes --bind 127.0.0.1 --port 6379 \
      --maxmemory-policy noeviction --appendonly yes --dir /var/lib/redis \
      --logfile /var/log/redis-backlab.log 9>&- ||
      die "redis-server did not start"
    wait_for 10 redis_pong "${cli[@]}" ||
      die "redis-server started but 127.0.0.1:6379 does not answer PING; see /var/log/redis-backlab.log"
  fi
  # A redis that was already there (distro service, earlier run) may have another policy.
  local policy
  policy=$(redis-cli "${cli[@]}" config get maxmemory-policy | sed -n 2p)
  if [[ $policy != noeviction ]]; then
    act "redis: maxmemory-policy $policy -> noeviction (BullMQ requirement)"
    redis-cli "${cli[@]}" config set maxmemory-policy noeviction >/dev/null
  fi
  SUMMARY+=("redis: ok (127.0.0.1:6379)")
}

# ---------------------------------------------------------------------------------------------
# PostgreSQL (the app's database; tests create per-test databases, hence CREATEDB)

readonly PG_MAJOR=${BACKLAB_PG_MAJOR:-15}
readonly APP_DB_URL=postgres://backlab:backlab@127.0.0.1:5432/backlab

# As the app would connect: TCP, password auth. Prints rolcreatedb ("t") when it works.
app_db_check() {
  PGCONNECT_TIMEOUT=3 psql "$APP_DB_URL" -X -Atq \
    -c 'select rolcreatedb from pg_roles where rolname = current_user' 2>&1
}

# Superuser SQL over the local socket (peer auth as postgres).
pg_admin() {
  (cd / && runuser -u postgres -- psql -p "$1" -X -Atq -v ON_ERROR_STOP=1 -d postgres -c "$2")
}

ensure_postgres() {
  if [[ -n ${DATABASE_URL:-} ]]; then
    PGCONNECT_TIMEOUT=5 psql "$DATABASE_URL" -X -Atq -c 'select 1' >/dev/null ||
      die "DATABASE_URL=$(redact_url "$DATABASE_URL") does not answer 'select 1'"
    SUMMARY+=("postgres: ok ($(redact_url "$DATABASE_URL"), from DATABASE_URL)")
    return
  fi
  if [[ $(app_db_check) == t ]]; then
    SUMMARY+=("postgres: ok ($(redact_url "$APP_DB_URL"))")
    return
  fi

  local cluster port status
  cluster=$(pg_lsclusters -h 2>/dev/null | awk -v v="$PG_MAJOR" '$1 == v && $2 == "main"')
  if [[ -z $cluster ]]; then
    act "pg_createcluster $PG_MAJOR main"
    # UTF-8 whatever the caller's locale: a CI shell without LANG would get SQL_ASCII.
    run_logged pg-createcluster pg_createcluster --locale C.UTF-8 "$PG_MAJOR" main ||
      die "pg_createcluster failed"
    cluster=$(pg_lsclusters -h | awk -v v="$PG_MAJOR" '$1 == v && $2 == "main"')
  fi
  read -r _ _ port status _ <<<"$cluster"
  [[ $port == 5432 ]] ||
    die "cluster $PG_MAJOR/main listens on port $port, the app expects 5432 ($APP_DB_URL)"
  if [[ $status != online* ]]; then
    act "pg_ctlcluster $PG_MAJOR main start"
    pg_ctlcluster "$PG_MAJOR" main start 9>&- ||
      die "postgres $PG_MAJOR/main did not start; see /var/log/postgresql/postgresql-$PG_MAJOR-main.log"
  fi
  wait_for 20 pg_isready -q -h 127.0.0.1 -p "$port" ||
    die "postgres $PG_MAJOR/main is not accepting connections on 127.0.0.1:$port"

  local role
  role=$(pg_admin "$port" "select rolcanlogin::int || '' || rolcreatedb::int from pg_roles where rolname = 'backlab'")
  case $role in
    11) ;;
    '')
      act "postgres: creating role backlab (LOGIN CREATEDB)"
      pg_admin "$port" "create role backlab login createdb password 'backlab'" >/dev/null
      ;;
    *)
      act "postgres: granting role backlab LOGIN CREATEDB"
      pg_admin "$port" "alter role backlab login createdb" >/dev/null
      ;;
  esac
  if [[ -z $(pg_admin "$port" "select 1 from pg_database where datname = 'backlab'") ]]; then
    act "postgres: creating database backlab"
    pg_admin "$port" "create database backlab owner backlab" >/dev/null
  fi

  local out
  out=$(app_db_check) || true
  if [[ $out != t ]]; then
    # The role existed with another password (or none): the app's URL is the contract.
    act "postgres: resetting the password of role backlab"
    pg_admin "$port" "alter role backlab password 'backlab'" >/dev/null
    out=$(app_db_check) || true
  fi
  [[ $out == t ]] || die "cannot log in as $APP_DB_URL over TCP: $out
  (Debian's pg_hba.conf allows 'host all all 127.0.0.1/32 scram-sha-256'; check
  /etc/postgresql/$PG_MAJOR/main/pg_hba.conf)"
  SUMMARY+=("postgres: ok ($(redact_url "$APP_DB_URL"))")
}

# ---------------------------------------------------------------------------------------------
# Docker Engine

DOCKER_ENGINE=
docker_up() { DOCKER_ENGINE=$(docker info --format 'Engine {{.ServerVersion}}, {{.Driver}}' 2>/dev/null); }

# pid_of_live NAME FILE: the pid in FILE if that process is alive and is NAME, else nothing.
# /run is on the root disk here, not a tmpfs: a machine restored from a snapshot keeps the pid
# files of daemons that no longer run, and their pids may now belong to unrelated processes.
pid_of_live() {
  local pid
  pid=$(tr -dc 0-9 2>/dev/null <"$2") || true
  if [[ -n $pid && $(cat "/proc/$pid/comm" 2>/dev/null) == "$1" ]]; then echo "$pid"; fi
}

# dockerd trusts containerd.pid blindly: if the pid it names is alive (whatever it is), dockerd
# waits for that "containerd" to answer and exits with "timeout waiting for containerd to start".
clear_stale_docker_pids() {
  local f
  for f in /var/run/docker.pid:dockerd /var/run/docker/containerd/containerd.pid:containerd; do
    if [[ -e ${f%%:*} && -z $(pid_of_live "${f##*:}" "${f%%:*}") ]]; then
      act "removing stale ${f%%:*} (no ${f##*:} runs under its pid)"
      rm -f "${f%%:*}"
    fi
  done
}

ensure_docker() {
  if [[ -n ${DOCKER_HOST:-} ]]; then
    docker_up || die "DOCKER_HOST=$DOCKER_HOST: docker info fails"
    SUMMARY+=("docker: ok ($DOCKER_ENGINE at $DOCKER_HOST, from DOCKER_HOST)")
    return
  fi
  if ! docker_up; then
    [[ $(id -u) == 0 ]] || die "docker daemon not reachable, and only root can start dockerd"
    clear_stale_docker_pids
    local pid
    pid=$(pid_of_live dockerd /var/run/docker.pid)
    if [[ -n $pid ]]; then
      say "dockerd (pid $pid) is running but not answering yet; waiting"
    else
      act "starting dockerd --bridge=none --iptables=false (log: /var/log/dockerd.log)"
      # No default bridge: it would put containers on 172.17.0.0/16, and private-range traffic
      # is not allowed here. Containers use --network none or share a namespace; builds use host.
      # setsid: a CI step or test runner that kills setup's process group must not take the
      # daemon with it.
      setsid nohup dockerd --bridge=none --iptables=false >>/var/log/dockerd.log 2>&1 </dev/null 9>&- &
      pid=$!
    fi
    local deadline=$((SECONDS + 30))
    until docker_up; do
      kill -0 "$pid" 2>/dev/null || {
        tail -n 20 /var/log/dockerd.log >&2
        die "dockerd exited; see /var/log/dockerd.log"
      }
      ((SECONDS < deadline)) || die "dockerd did not answer within 30 s; see /var/log/dockerd.log"
      sleep 0.2
    done
  fi
  SUMMARY+=("docker: ok ($DOCKER_ENGINE)")
}
