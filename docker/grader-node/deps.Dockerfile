# backlab/grader-node-deps: the slow-changing half of backlab/grader-node (see Dockerfile there).
# Node and tap's node_modules (~12k files) live here so that editing graders/node rebuilds only the
# thin image on top. Not used by the worker directly.
#
# Context staged by docker/build-images.sh in .build/grader-node-deps: the host's Node 20 binary and
# node_modules installed there by npm on the host (npm inside a build is minutes, not seconds).
FROM backlab/base:bookworm

# Same instruction on the same parent as in runtime-node, so both images share this ~100 MB layer.
COPY node /usr/local/bin/node

# A passwd entry, not just a numeric USER: os.userInfo() and some npm packages throw without one.
# The suite dir is 0700 because runc chmods a tmpfs mounted on it to the directory's own mode.
RUN set -e; \
    echo 'grader:x:10002:10002:Backlab grader:/tmp:/usr/sbin/nologin' >> /etc/passwd; \
    echo 'grader:x:10002:' >> /etc/group; \
    mkdir -p /opt/grader/suite; \
    chown 10002:10002 /opt/grader/suite; \
    chmod 0700 /opt/grader/suite

COPY node_modules /opt/grader/node_modules
