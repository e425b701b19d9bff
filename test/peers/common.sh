#!/usr/bin/env bash
# Shared paths and helpers of the real-peer scripts. Sourced, not run.
set -euo pipefail

PEERS_ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)"
PEERS_DIR="$PEERS_ROOT/.peers"
SSH_DIR="$PEERS_DIR/ssh"
FRR_DIR="$PEERS_DIR/frr"

# Fixed test credentials: these peers listen on 127.0.0.1 only and exist for tests.
PB_USER="pbtest"
PB_PASSWORD="pbtest-Secret-4417"
PB_KEY_PASSPHRASE="pbkey-Phrase-9032"
FRR_USER="pbfrr"
FRR_PASSWORD="pbfrr-Secret-2281"
FRR_NETNS="pbfrr"
FRR_HOSTNAME="frr1"
FRR_ROUTES=2000
NETCONF_DIR="$PEERS_DIR/netconfd"
NETCONF_USER="pbnetconf"
NETCONF_PASSWORD="pbnetconf-Secret-6620"
NETCONF_NETNS="pbnetconf"
NETCONF_HOSTNAME="netconf1"

log() { printf '[peers] %s\n' "$*" >&2; }

# Whether the process in pid file $1 is alive.
pid_alive() {
  [[ -f "$1" ]] || return 1
  local pid
  pid="$(cat "$1" 2>/dev/null || true)"
  [[ -n "$pid" ]] && kill -0 "$pid" 2>/dev/null
}

# Whether something listens on 127.0.0.1:$1.
port_open() { (exec 3<>"/dev/tcp/127.0.0.1/$1") 2>/dev/null; }

# First free port from $1 upwards.
free_port() {
  local p="$1"
  while port_open "$p"; do p=$((p + 1)); done
  echo "$p"
}

require_root() {
  if [[ "$(id -u)" != "0" ]]; then
    echo "test/peers: run as root (the peers create users, a network namespace and an sshd)." >&2
    exit 1
  fi
}
