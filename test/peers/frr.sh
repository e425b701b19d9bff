#!/usr/bin/env bash
# Starts or stops FRRouting (Debian's frr 8.4) inside the network namespace "pbfrr", with a login
# user whose shell is vtysh, reachable through the OpenSSH peer (test/peers/openssh.sh).
#   test/peers/frr.sh start|stop|status
# It rewrites /etc/frr/{daemons,frr.conf,vtysh.conf}: run it only on a test machine or container.
source "$(dirname "${BASH_SOURCE[0]}")/common.sh"

PIDS_FILE="$FRR_DIR/pids"
WRAPPER="/usr/local/bin/pb-vtysh"

frr_running() {
  [[ -f "$PIDS_FILE" ]] || return 1
  local pid
  for pid in $(cat "$PIDS_FILE"); do kill -0 "$pid" 2>/dev/null || return 1; done
  vtysh -c "show version" >/dev/null 2>&1
}

write_config() {
  sed -i -E 's/^(zebra|staticd|bgpd)=.*/\1=yes/' /etc/frr/daemons
  grep -q '^staticd=' /etc/frr/daemons || echo 'staticd=yes' >> /etc/frr/daemons
  grep -q '^zebra=' /etc/frr/daemons || echo 'zebra=yes' >> /etc/frr/daemons
  # vtysh takes its prompt's hostname from vtysh.conf, the daemons from frr.conf.
  printf 'service integrated-vtysh-config\nhostname %s\n' "$FRR_HOSTNAME" > /etc/frr/vtysh.conf
  {
    echo "frr version 8.4"
    echo "frr defaults traditional"
    echo "hostname $FRR_HOSTNAME"
    echo "log syslog informational"
    echo "service integrated-vtysh-config"
    echo "!"
    local i
    for ((i = 0; i < FRR_ROUTES; i++)); do
      echo "ip route 10.$((100 + i / 250)).$((i % 250)).0/24 Null0"
    done
    echo "!"
    echo "router bgp 65001"
    echo " bgp router-id 10.255.0.1"
    echo " no bgp ebgp-requires-policy"
    echo " neighbor 10.255.0.2 remote-as 65002"
    echo " neighbor 10.254.0.2 remote-as 65002"
    echo " neighbor 10.254.0.2 description bird1"
    echo "!"
    echo "line vty"
    echo "!"
  } > /etc/frr/frr.conf
  chown frr:frr /etc/frr/daemons /etc/frr/frr.conf /etc/frr/vtysh.conf
  chmod 660 /etc/frr/frr.conf
  chmod 640 /etc/frr/daemons /etc/frr/vtysh.conf
  chmod 770 /etc/frr
}

setup_netns() {
  ip netns list | grep -qw "$FRR_NETNS" || ip netns add "$FRR_NETNS"
  ip -n "$FRR_NETNS" link set lo up
  # A veth pair inside the namespace (containers often lack the dummy module): pb0 holds the
  # router's address, pb1 the BGP neighbour side.
  if ! ip -n "$FRR_NETNS" link show pb0 >/dev/null 2>&1; then
    ip -n "$FRR_NETNS" link add pb0 type veth peer name pb1
    ip -n "$FRR_NETNS" addr add 10.255.0.1/24 dev pb0
  fi
  ip -n "$FRR_NETNS" link set pb0 up
  ip -n "$FRR_NETNS" link set pb1 up
}

setup_user() {
  # The login shell: vtysh, run inside the namespace through a sudo rule limited to this command.
  cat > "$WRAPPER" <<WRAP
#!/bin/sh
# Login shell of the FRR test user: lands an SSH login in vtysh inside netns $FRR_NETNS.
exec sudo -n /usr/bin/ip netns exec $FRR_NETNS /usr/bin/vtysh "\$@"
WRAP
  chmod 755 "$WRAPPER"
  grep -qx "$WRAPPER" /etc/shells || echo "$WRAPPER" >> /etc/shells
  if ! id "$FRR_USER" >/dev/null 2>&1; then useradd --create-home --shell "$WRAPPER" "$FRR_USER"; fi
  usermod --shell "$WRAPPER" -a -G frrvty,frr "$FRR_USER" >/dev/null 2>&1 || true
  echo "$FRR_USER:$FRR_PASSWORD" | chpasswd
  printf '%s ALL=(root) NOPASSWD: /usr/bin/ip netns exec %s /usr/bin/vtysh, /usr/bin/ip netns exec %s /usr/bin/vtysh *\nDefaults:%s !lecture, env_keep += "TERM"\n' \
    "$FRR_USER" "$FRR_NETNS" "$FRR_NETNS" "$FRR_USER" > /etc/sudoers.d/patchbay-pbfrr
  chmod 440 /etc/sudoers.d/patchbay-pbfrr
  visudo -cq
  # A pty login prints the MOTD first, as on many devices.
  [[ -s /etc/motd ]] || printf 'Patchbay FRR test peer. Authorised use only.\n' > /etc/motd
}

start() {
  require_root
  mkdir -p "$FRR_DIR"
  setup_user
  if frr_running; then
    log "frr already running in netns $FRR_NETNS"
    return 0
  fi
  setup_netns
  write_config
  ip netns exec "$FRR_NETNS" /usr/lib/frr/frrinit.sh start >"$FRR_DIR/frrinit.log" 2>&1 ||
    { cat "$FRR_DIR/frrinit.log" >&2; exit 1; }
  for _ in $(seq 1 100); do
    vtysh -c "show ip route summary" 2>/dev/null | grep -q static && break
    sleep 0.2
  done
  local pids=""
  for d in watchfrr zebra staticd bgpd mgmtd; do
    [[ -f "/var/run/frr/$d.pid" ]] && pids="$pids $(cat "/var/run/frr/$d.pid")"
  done
  echo "$pids" > "$PIDS_FILE"
  log "frr running in netns $FRR_NETNS (pids:$pids)"
}

stop() {
  if [[ -f "$PIDS_FILE" ]]; then
    ip netns exec "$FRR_NETNS" /usr/lib/frr/frrinit.sh stop >/dev/null 2>&1 || true
    local pid
    for pid in $(cat "$PIDS_FILE"); do kill "$pid" >/dev/null 2>&1 || true; done
    rm -f "$PIDS_FILE"
    log "frr stopped"
  fi
  ip netns list | grep -qw "$FRR_NETNS" && ip netns delete "$FRR_NETNS" || true
}

case "${1:-}" in
  start) start ;;
  stop) stop ;;
  status) frr_running && echo "running" || { echo "stopped"; exit 1; } ;;
  *) echo "usage: $0 start|stop|status" >&2; exit 2 ;;
esac
