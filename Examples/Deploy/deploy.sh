#!/usr/bin/env bash
# Werk behind nginx, with sessions in Redis, on one machine: redis-server, INSTANCES showcase
# instances (each a prefork master with WORKERS workers on its own Unix socket) and nginx in
# front of them on 127.0.0.1:PORT. Everything lives in RUN (sockets, logs, pid files, nginx's
# temp folders); nothing needs root. Every process is stopped by the PID this script recorded.
#
#   Examples/Deploy/deploy.sh up RUN              start everything (RUN is created)
#   Examples/Deploy/deploy.sh down RUN            stop everything
#   Examples/Deploy/deploy.sh reload RUN I        SIGHUP to instance I: a rolling restart of its workers
#   Examples/Deploy/deploy.sh start-instance RUN I / stop-instance RUN I
#   Examples/Deploy/deploy.sh start-redis RUN / stop-redis RUN
#
# Settings (environment): SHOWCASE (the showcase binary; default .build/debug/showcase),
# PORT (8080), INSTANCES (3), WORKERS (2 per instance), THREADS (16 per worker), WERK_ARGS (more
# showcase options, such as --no-access-log), NGINX_ACCESS_LOG (off turns nginx's off).
set -euo pipefail

HERE="$(cd "$(dirname "$0")" && pwd)"
SHOWCASE="${SHOWCASE:-$HERE/../../.build/debug/showcase}"
PORT="${PORT:-8080}"
INSTANCES="${INSTANCES:-3}"
WORKERS="${WORKERS:-2}"
THREADS="${THREADS:-16}"
read -r -a WERK_ARGS <<< "${WERK_ARGS:-}"
NGINX="${NGINX:-$(command -v nginx || echo /usr/sbin/nginx)}"
REDIS_SERVER="${REDIS_SERVER:-$(command -v redis-server || echo /usr/bin/redis-server)}"

# The comment block at the top of this file.
usage() { sed -n '2,/^[^#]/{/^#/s/^# \{0,1\}//p}' "$0"; }

command=${1:-}
RUN=${2:-}
[ -n "$command" ] && [ -n "$RUN" ] || { usage; exit 2; }
mkdir -p "$RUN"
RUN="$(cd "$RUN" && pwd)"

# Waits (at most 20 s) until `$@` succeeds.
wait_until() {
    for _ in $(seq 200); do "$@" >/dev/null 2>&1 && return 0; sleep 0.1; done
    echo "deploy.sh: timed out waiting for: $*" >&2
    return 1
}

# Stops the process in pid file $1: SIGTERM, then SIGKILL after 20 s.
stop_pid() {
    local file=$1 pid
    [ -f "$file" ] || return 0
    pid=$(cat "$file")
    if kill -0 "$pid" 2>/dev/null; then
        kill -TERM "$pid"
        for _ in $(seq 200); do kill -0 "$pid" 2>/dev/null || break; sleep 0.1; done
        kill -0 "$pid" 2>/dev/null && kill -KILL "$pid"
    fi
    rm -f "$file"
}

secret() {
    [ -f "$RUN/secret" ] || { head -c 32 /dev/urandom | od -An -tx1 | tr -d ' \n' > "$RUN/secret"; chmod 600 "$RUN/secret"; }
    cat "$RUN/secret"
}

start_redis() {
    # Persistence on (an append-only file, synced on every write), so the sessions survive a
    # restart of Redis. It listens on a Unix socket only.
    cat > "$RUN/redis.conf" <<CONF
port 0
unixsocket $RUN/redis.sock
unixsocketperm 700
dir $RUN
appendonly yes
appendfsync always
save ""
daemonize no
logfile $RUN/redis.log
CONF
    # Every background process gets its own output files, so nothing holds this script's.
    "$REDIS_SERVER" "$RUN/redis.conf" < /dev/null >> "$RUN/redis.log" 2>&1 &
    echo $! > "$RUN/redis.pid"
    wait_until test -S "$RUN/redis.sock"
}

start_instance() {
    local i=$1
    # setsid: the instance (master and workers) is a process group of its own.
    setsid "$SHOWCASE" --unix-socket "$RUN/werk-$i.sock" --unix-socket-mode 660 --workers "$WORKERS" --threads "$THREADS" \
        --proxy-fix 1 --redis "unix:$RUN/redis.sock" --health --secret "$(secret)" \
        --grace-period 10 --keep-alive-drain 5 ${WERK_ARGS[@]+"${WERK_ARGS[@]}"} < /dev/null >> "$RUN/werk-$i.log" 2>&1 &
    echo $! > "$RUN/werk-$i.pid"
    wait_until curl -sf --unix-socket "$RUN/werk-$i.sock" http://localhost/readyz
}

start_nginx() {
    mkdir -p "$RUN/nginx-temp"
    local servers="" user=""
    for i in $(seq "$INSTANCES"); do
        servers+="        server unix:$RUN/werk-$i.sock max_fails=1 fail_timeout=2s;"$'\n'
    done
    # As root, nginx would run its workers as nobody, who cannot reach the 660 sockets: keep
    # them as this user (in production, give nginx's user the sockets' group instead).
    [ "$(id -u)" = 0 ] && user="user $(id -un) $(id -gn);"
    local template
    template=$(<"$HERE/nginx.conf.template")
    template=${template//@UPSTREAM_SERVERS@/$servers}
    template=${template//@USER@/$user}
    template=${template//@RUN@/$RUN}
    template=${template//@PORT@/$PORT}
    template=${template//@STATIC@/$HERE/static}
    template=${template//@NGINX_WORKERS@/${NGINX_WORKERS:-auto}}
    local access_log="$RUN/nginx-access.log deploy"
    [ "${NGINX_ACCESS_LOG:-on}" = off ] && access_log=off
    template=${template//@ACCESS_LOG@/$access_log}
    printf '%s\n' "$template" > "$RUN/nginx.conf"
    "$NGINX" -p "$RUN/nginx-temp" -e "$RUN/nginx-error.log" -c "$RUN/nginx.conf" < /dev/null >> "$RUN/nginx-error.log" 2>&1 &
    echo $! > "$RUN/nginx.pid.master"
    wait_until curl -sf "http://127.0.0.1:$PORT/static/hello.txt"
}

case "$command" in
    up)
        start_redis
        for i in $(seq "$INSTANCES"); do start_instance "$i"; done
        start_nginx
        echo "deploy.sh: http://127.0.0.1:$PORT/ (nginx) -> $INSTANCES instances x $WORKERS workers -> redis ($RUN)"
        ;;
    down)
        stop_pid "$RUN/nginx.pid.master"
        for file in "$RUN"/werk-*.pid; do [ -e "$file" ] && stop_pid "$file"; done
        stop_pid "$RUN/redis.pid"
        ;;
    reload) kill -HUP "$(cat "$RUN/werk-$3.pid")" ;;
    start-instance) start_instance "$3" ;;
    stop-instance) stop_pid "$RUN/werk-$3.pid" ;;
    start-redis) start_redis ;;
    stop-redis) stop_pid "$RUN/redis.pid" ;;
    *) usage; exit 2 ;;
esac
