#!/usr/bin/env bash
# Stops the peers started by setup.sh (only their own processes, by pid file). Keeps the installed
# packages, users and keys so the next setup.sh is fast.
#   test/peers/teardown.sh
source "$(dirname "${BASH_SOURCE[0]}")/common.sh"
"$(dirname "${BASH_SOURCE[0]}")/redis.sh" stop
"$(dirname "${BASH_SOURCE[0]}")/bird.sh" stop
"$(dirname "${BASH_SOURCE[0]}")/netconfd.sh" stop
"$(dirname "${BASH_SOURCE[0]}")/frr.sh" stop
"$(dirname "${BASH_SOURCE[0]}")/openssh.sh" stop
rm -f "$PEERS_DIR/peers.json"
