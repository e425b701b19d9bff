#!/usr/bin/env bash
# Starts or stops a real redis-server (Debian's package) for @patchbay/queue's integration tests and
# benchmark: daemonized, on a free port of 127.0.0.1, data and logs in .peers/redis. The default user
# keeps no password (a loopback test server); the ACL user "pbqueue" has one, so tests cover
# redis://user:pass@... and a wrong password.
#   test/peers/redis.sh start|stop|status
source "$(dirname "${BASH_SOURCE[0]}")/common.sh"

REDIS_DIR="$PEERS_DIR/redis"
PID_FILE="$REDIS_DIR/redis.pid"
PORT_FILE="$REDIS_DIR/port"
CONF="$REDIS_DIR/redis.conf"
FACTS="$REDIS_DIR/peer.json"
REDIS_USER="pbqueue"
REDIS_PASSWORD="pbqueue-Secret-7310"

running() { pid_alive "$PID_FILE" && [[ -f "$PORT_FILE" ]] && port_open "$(cat "$PORT_FILE")"; }

start() {
  if running; then
    log "redis-server already runs on 127.0.0.1:$(cat "$PORT_FILE")"
    write_facts "$(cat "$PORT_FILE")"
    return
  fi
  if ! command -v redis-server >/dev/null; then
    log "installing redis-server"
    export DEBIAN_FRONTEND=noninteractive
    apt-get update -qq
    apt-get install -y -qq --no-install-recommends redis-server >/dev/null
  fi
  mkdir -p "$REDIS_DIR"
  local port
  port="$(free_port 6390)"
  cat > "$CONF" <<CONF
bind 127.0.0.1
port $port
daemonize yes
pidfile $PID_FILE
logfile $REDIS_DIR/redis.log
dir $REDIS_DIR
save ""
appendonly no
user default on nopass ~* &* +@all
user $REDIS_USER on >$REDIS_PASSWORD ~* &* +@all
CONF
  redis-server "$CONF"
  for _ in $(seq 1 50); do
    port_open "$port" && break
    sleep 0.1
  done
  port_open "$port" || { log "redis-server did not start; see $REDIS_DIR/redis.log"; exit 1; }
  echo "$port" > "$PORT_FILE"
  write_facts "$port"
  log "redis-server on 127.0.0.1:$port"
}

# The "redis" entry of .peers/peers.json (setup.sh includes this file).
write_facts() {
  cat > "$FACTS" <<JSON
{
    "host": "127.0.0.1",
    "port": $1,
    "username": "$REDIS_USER",
    "password": "$REDIS_PASSWORD",
    "version": "$(redis-server --version | sed -n 's/.* v=\([^ ]*\).*/\1/p')",
    "binary": "$(command -v redis-server)"
  }
JSON
}

stop() {
  if pid_alive "$PID_FILE"; then
    kill "$(cat "$PID_FILE")"
    for _ in $(seq 1 50); do pid_alive "$PID_FILE" || break; sleep 0.1; done
  fi
  rm -f "$PORT_FILE"
}

case "${1:-}" in
  start) start ;;
  stop) stop ;;
  status) if running; then echo "running on 127.0.0.1:$(cat "$PORT_FILE")"; else echo stopped; exit 1; fi ;;
  *) echo "usage: $0 start|stop|status" >&2; exit 2 ;;
esac
