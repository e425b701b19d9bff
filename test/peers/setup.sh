#!/usr/bin/env bash
# Installs (if missing) and starts the real peers of the integration tests, then writes their
# connection facts to .peers/peers.json at the repository root. Idempotent: a second run only
# checks that the peers answer.
#   test/peers/setup.sh
source "$(dirname "${BASH_SOURCE[0]}")/common.sh"
require_root

PACKAGES=(openssh-server openssh-client sudo frr iproute2 procps util-linux
  netconfd netconfd-module-ietf-interfaces netconfd-module-ietf-system
  python3-textfsm bird2)
missing=()
for p in "${PACKAGES[@]}"; do
  dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q "install ok installed" || missing+=("$p")
done
if ((${#missing[@]} > 0)); then
  log "installing ${missing[*]}"
  export DEBIAN_FRONTEND=noninteractive
  apt-get update -qq
  apt-get install -y -qq --no-install-recommends "${missing[@]}" >/dev/null
fi

mkdir -p "$PEERS_DIR"
"$(dirname "${BASH_SOURCE[0]}")/openssh.sh" start
"$(dirname "${BASH_SOURCE[0]}")/frr.sh" start
"$(dirname "${BASH_SOURCE[0]}")/netconfd.sh" start
"$(dirname "${BASH_SOURCE[0]}")/redis.sh" start
"$(dirname "${BASH_SOURCE[0]}")/bird.sh" start

port="$(cat "$SSH_DIR/port")"
netconf_port="$(cat "$NETCONF_DIR/port")"
cat > "$PEERS_DIR/peers.json.tmp" <<JSON
{
  "openssh": {
    "host": "127.0.0.1",
    "port": $port,
    "username": "$PB_USER",
    "password": "$PB_PASSWORD",
    "privateKeyPath": "$SSH_DIR/pbtest_ed25519",
    "encryptedKeyPath": "$SSH_DIR/pbtest_rsa_passphrase",
    "keyPassphrase": "$PB_KEY_PASSPHRASE",
    "unauthorizedKeyPath": "$SSH_DIR/unauthorized_ed25519",
    "hostKeys": {
      "ed25519": "$SSH_DIR/ssh_host_ed25519_key.pub",
      "ecdsa": "$SSH_DIR/ssh_host_ecdsa_key.pub",
      "rsa": "$SSH_DIR/ssh_host_rsa_key.pub"
    },
    "acceptEnv": ["LANG", "LC_*", "PB_*"],
    "sudo": "password"
  },
  "frr": {
    "host": "127.0.0.1",
    "port": $port,
    "username": "$FRR_USER",
    "password": "$FRR_PASSWORD",
    "hostname": "$FRR_HOSTNAME",
    "netns": "$FRR_NETNS",
    "version": "$(dpkg-query -W -f='${Version}' frr)",
    "staticRoutes": $FRR_ROUTES,
    "privilegedPrompt": "$FRR_HOSTNAME# ",
    "configPrompt": "$FRR_HOSTNAME(config)# ",
    "motd": $(if [[ -s /etc/motd ]]; then echo true; else echo false; fi)
  },
  "netconfd": {
    "host": "127.0.0.1",
    "port": $netconf_port,
    "username": "$NETCONF_USER",
    "password": "$NETCONF_PASSWORD",
    "version": "$(dpkg-query -W -f='${Version}' netconfd)",
    "hostname": "$NETCONF_HOSTNAME",
    "netns": "$NETCONF_NETNS",
    "hostKeys": {
      "ed25519": "$NETCONF_DIR/ssh_host_ed25519_key.pub",
      "rsa": "$NETCONF_DIR/ssh_host_rsa_key.pub"
    },
    "startupConfigPath": "$NETCONF_DIR/startup.xml",
    "interfaces": ["lo", "eth0", "eth1"]
  },
  "redis": $(cat "$PEERS_DIR/redis/peer.json"),
  "bird": $("$(dirname "${BASH_SOURCE[0]}")/bird.sh" facts)
}
JSON
mv "$PEERS_DIR/peers.json.tmp" "$PEERS_DIR/peers.json"
log "wrote $PEERS_DIR/peers.json"
