#!/bin/sh
# Build step of backlab/sidecar-postgres, run as the postgres user (10003): creates the template
# cluster that start unpacks onto the tmpfs at every container start, so no container ever runs
# initdb (~1 s) or creates the app's role and database.
#
# The template is kept as one uncompressed tar: unpacking it reads one file from the image's
# overlay (~40 ms for ~30 MB), where copying the ~1300 files of a cluster took 150-190 ms.
set -eu

TEMPLATE=$(mktemp -d)/data
SOCKET_DIR=$(mktemp -d)

# 1 MB WAL segments instead of 16: a fresh cluster is ~10 MB smaller, and the tmpfs holds less.
initdb -D "$TEMPLATE" -U postgres -E UTF8 --locale=C.UTF-8 --wal-segsize=1 \
  --auth-local=trust --auth-host=scram-sha-256 --no-instructions
cp /opt/backlab/postgresql.conf /opt/backlab/pg_hba.conf "$TEMPLATE/"

# No TCP at build time (the build runs on the host's network).
postgres -D "$TEMPLATE" -c listen_addresses= -c unix_socket_directories="$SOCKET_DIR" &
pg=$!
until pg_isready -q -h "$SOCKET_DIR"; do
  kill -0 "$pg"
  sleep 0.05
done
psql -X -q -v ON_ERROR_STOP=1 -h "$SOCKET_DIR" -U postgres -d postgres <<'SQL'
CREATE ROLE app LOGIN PASSWORD 'app';
-- In an app's pod the grader reads and changes what the app stored as role app itself, with the
-- app's own password: the app owns database app and can plant code (triggers, rules, functions
-- in views, defaults or operators) that runs with the rights of whoever touches its tables. Run
-- by the grader, it gets the rights the app already has. So there is no grader role here: none
-- whose password such code could change (any role may change its own) and then log in with.
-- FILE_COPY: the default (WAL_LOG) would write the whole new database into the WAL.
CREATE DATABASE app OWNER app STRATEGY FILE_COPY;
-- Runtime sql (graders/node/lib/sql): the grader logs in as backlab_sql to make a fresh copy of
-- the dataset for every task, and runs the learner's SQL as the learner role the task needs.
-- The reference runs as a twin with the same rights: a role can change its own defaults
-- (ALTER ROLE CURRENT_USER SET …), and the learner's must not reach the reference's sessions.
-- None of them can log in (no password, no trust line) unless start opens them for an sql pod.
-- dataset_owner owns every dataset object; the ddl roles may alter them (index, schema tasks).
CREATE ROLE dataset_owner NOLOGIN;
CREATE ROLE backlab_sql LOGIN CREATEDB IN ROLE pg_signal_backend, dataset_owner;
CREATE ROLE learner_read LOGIN;
CREATE ROLE learner_write LOGIN;
CREATE ROLE learner_ddl LOGIN IN ROLE dataset_owner;
CREATE ROLE reference_read LOGIN;
CREATE ROLE reference_write LOGIN;
CREATE ROLE reference_ddl LOGIN IN ROLE dataset_owner;
-- Nobody but the maintenance connections needs the built-in databases.
REVOKE ALL ON DATABASE postgres, template1 FROM PUBLIC;
GRANT CONNECT ON DATABASE postgres TO backlab_sql;
CHECKPOINT;
SQL
# A clean (fast) shutdown ends with a checkpoint: the copies start without any crash recovery.
kill -INT "$pg"
wait "$pg"
rm -rf "$SOCKET_DIR" "$TEMPLATE/postmaster.opts"
# Segments after the one holding the shutdown checkpoint are old ones renamed for reuse, never
# read: postgres creates segments as it needs them. Without them the template is 4 MB smaller.
redo=$(pg_controldata "$TEMPLATE" | sed -n "s/^Latest checkpoint's REDO WAL file: *//p")
[ -n "$redo" ]
printf '%s\n' "$TEMPLATE"/pg_wal/0* | LC_ALL=C sort | sed -n "\#/$redo\$#,\$p" | tail -n +2 |
  xargs -r rm --
# Written with the record size start reads it with (-b 2048: 1 MiB).
tar -b 2048 -C "$TEMPLATE" -cf /opt/backlab/pg-template.tar .
rm -rf "${TEMPLATE%/data}"
echo "template: $(du -h /opt/backlab/pg-template.tar | cut -f1), $(tar -tf /opt/backlab/pg-template.tar | grep -c '^./pg_wal/0') WAL segment(s)"
