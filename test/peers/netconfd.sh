#!/usr/bin/env bash
# Starts or stops a real third-party NETCONF server for integration tests: yuma123's netconfd
# (Debian packages netconfd, netconfd-module-ietf-interfaces, netconfd-module-ietf-system) with
# the ietf-interfaces and ietf-system modules, behind a dedicated sshd on 127.0.0.1 whose
# "Subsystem netconf" runs yuma's netconf-subsystem.
#   test/peers/netconfd.sh start|stop|status
# netconfd runs inside the network namespace "pbnetconf" (its interfaces: lo and a veth pair eth0,
# eth1) and its own UTS namespace: ietf-system runs `hostname` on edits of /system/hostname and
# ietf-interfaces runs `ifconfig NAME up|down` on edits of enabled; neither may touch this machine.
# A deviation module removes the ietf-system RPCs set-current-datetime, system-restart and
# system-shutdown; as a second guard netconfd lacks CAP_SYS_TIME and CAP_SYS_BOOT and finds stub
# `reboot` and `hwclock` first on its PATH.
# The sshd stays in the host namespace; it reaches netconfd through netconfd's unix socket, a
# filesystem path, which a network namespace does not hide.
# Each start loads a fresh startup config (.peers/netconfd/startup.xml), so tests begin from a known
# state. Everything lives in .peers/netconfd, apart from the test user, the namespace, the socket
# directory /run/patchbay-netconfd (a path every user can reach, which the checkout may not be) and
# the empty work directory /tmp/yuma that netconfd insists on (removed by stop if start made it).
source "$(dirname "${BASH_SOURCE[0]}")/common.sh"

NETCONFD_PID_FILE="$NETCONF_DIR/netconfd.pid"
SSHD_PID_FILE="$NETCONF_DIR/sshd.pid"
PORT_FILE="$NETCONF_DIR/port"
CONFIG="$NETCONF_DIR/sshd_config"
STARTUP="$NETCONF_DIR/startup.xml"
DEVIATIONS="$NETCONF_DIR/patchbay-netconfd-deviations.yang"
BIN_DIR="$NETCONF_DIR/bin"
YUMA_DIR="$NETCONF_DIR/yuma"
SOCK_DIR="/run/patchbay-netconfd"
SOCK="$SOCK_DIR/ncxserver.sock"

ensure_user() { # name password shell
  local name="$1" password="$2" shell="$3"
  if ! id "$name" >/dev/null 2>&1; then
    useradd --create-home --shell "$shell" "$name"
  fi
  usermod --shell "$shell" "$name" >/dev/null 2>&1 || true
  echo "$name:$password" | chpasswd
}

# Whether netconfd runs: its pid is alive, is netconfd, and its socket exists.
netconfd_running() {
  pid_alive "$NETCONFD_PID_FILE" || return 1
  [[ "$(readlink "/proc/$(cat "$NETCONFD_PID_FILE")/exe" 2>/dev/null)" == /usr/sbin/netconfd ]] || return 1
  [[ -S "$SOCK" ]]
}

sshd_running() {
  pid_alive "$SSHD_PID_FILE" && [[ -f "$PORT_FILE" ]] && port_open "$(cat "$PORT_FILE")"
}

write_helpers() {
  mkdir -p "$BIN_DIR"
  # ietf-interfaces polls `get-interface-ipv4 NAME` every few seconds for each interface of
  # /proc/net/dev and parses its one-line stdout as the ietf-ip <ipv4> container of
  # /interfaces-state/interface[name=NAME]; no output means no IPv4 data. The package lacks it
  # (yuma123 ships it only in its source tree), and without it netconfd aborts
  # ("ietf-interfaces.c:297: get_ipv4: Assertion `0' failed.") within seconds of starting.
  cat > "$BIN_DIR/get-interface-ipv4" <<'SH'
#!/bin/sh
# Called by netconfd's ietf-interfaces module as `get-interface-ipv4 IFNAME`.
out=""
for a in $(ip -4 -o addr show dev "$1" 2>/dev/null | awk '{ print $4 }'); do
  out="$out<address><ip>${a%/*}</ip><prefix-length>${a#*/}</prefix-length></address>"
done
[ -n "$out" ] && echo "<ipv4 xmlns=\"urn:ietf:params:xml:ns:yang:ietf-ip\">$out</ipv4>"
exit 0
SH
  # ietf-interfaces runs `ifconfig NAME up|down` when /interfaces/interface/enabled changes;
  # Debian no longer installs ifconfig by default. Inside the namespace, `ip link` does the same.
  cat > "$BIN_DIR/ifconfig" <<'SH'
#!/bin/sh
# Stand-in for `ifconfig NAME up|down`, called by netconfd's ietf-interfaces module.
if [ $# -eq 2 ] && { [ "$2" = up ] || [ "$2" = down ]; }; then
  ip link set dev "$1" "$2" 2>/dev/null || true
fi
exit 0
SH
  # ietf-system's system-restart runs `reboot`, set-current-datetime `hwclock --systohc`: stubs.
  printf '#!/bin/sh\necho "netconfd peer: ignoring reboot" >&2\nexit 0\n' > "$BIN_DIR/reboot"
  printf '#!/bin/sh\nexit 0\n' > "$BIN_DIR/hwclock"
  chmod 755 "$BIN_DIR"/*
}

# ietf-system's set-current-datetime asserts (killing netconfd) when settimeofday fails, as it does
# without CAP_SYS_TIME, and would set this machine's clock with it; system-restart and
# system-shutdown stop netconfd. A deviation module removes the three RPCs (the hello advertises
# it: ietf-system's capability carries deviations=patchbay-netconfd-deviations).
write_deviations() {
  cat > "$DEVIATIONS" <<'YANG'
module patchbay-netconfd-deviations {
  namespace "urn:patchbay:test:netconfd-deviations";
  prefix pbdev;
  import ietf-system { prefix sys; }
  organization "Patchbay";
  description
    "Patchbay's netconfd test peer: removes the ietf-system RPCs that would change the clock of
     the machine running the tests or stop the server.";
  revision 2026-11-23 { description "Initial revision."; }
  deviation /sys:set-current-datetime { deviate not-supported; }
  deviation /sys:system-restart { deviate not-supported; }
  deviation /sys:system-shutdown { deviate not-supported; }
}
YANG
}

write_startup() {
  cat > "$STARTUP" <<XML
<?xml version="1.0" encoding="UTF-8"?>
<config xmlns="urn:ietf:params:xml:ns:netconf:base:1.0">
  <system xmlns="urn:ietf:params:xml:ns:yang:ietf-system">
    <hostname>$NETCONF_HOSTNAME</hostname>
    <location>patchbay test peer</location>
  </system>
  <interfaces xmlns="urn:ietf:params:xml:ns:yang:ietf-interfaces">
    <interface>
      <name>eth0</name>
      <description>uplink</description>
      <type xmlns:ianaift="urn:ietf:params:xml:ns:yang:iana-if-type">ianaift:ethernetCsmacd</type>
      <enabled>true</enabled>
    </interface>
  </interfaces>
</config>
XML
}

setup_netns() {
  ip netns list | grep -qw "$NETCONF_NETNS" || ip netns add "$NETCONF_NETNS"
  ip -n "$NETCONF_NETNS" link set lo up
  # A veth pair (containers often lack the dummy module): eth0 with an address, eth1 its peer.
  if ! ip -n "$NETCONF_NETNS" link show eth0 >/dev/null 2>&1; then
    ip -n "$NETCONF_NETNS" link add eth0 type veth peer name eth1
    ip -n "$NETCONF_NETNS" addr add 192.0.2.1/24 dev eth0
  fi
  ip -n "$NETCONF_NETNS" link set eth0 up
  ip -n "$NETCONF_NETNS" link set eth1 up
}

start_netconfd() { # port
  local port="$1"
  write_helpers
  write_deviations
  write_startup
  setup_netns
  # netconfd keeps its transaction-id file in $YUMA_HOME/data. Without HOME it makes its work
  # directory /tmp/yuma (with HOME, ~/.yuma of root's passwd entry, whatever HOME says).
  mkdir -p "$YUMA_DIR/data" "$SOCK_DIR"
  if [[ ! -e /tmp/yuma ]]; then touch "$NETCONF_DIR/made-tmp-yuma"; fi
  chmod 755 "$SOCK_DIR"
  rm -f "$SOCK"
  # ip netns exec, unshare (no --fork), sh's exec, setpriv and env all exec in place: $! is netconfd.
  setsid ip netns exec "$NETCONF_NETNS" unshare --uts -- /bin/sh -c '
      hostname "$0" && exec setpriv --bounding-set=-sys_time,-sys_boot -- "$@"' \
    "$NETCONF_HOSTNAME" \
    env -i YUMA_HOME="$YUMA_DIR" USER=root LANG=C.UTF-8 PATH="$BIN_DIR:/usr/sbin:/usr/bin:/sbin:/bin" \
    /usr/sbin/netconfd \
    --module=ietf-interfaces --module=ietf-system --deviation="$DEVIATIONS" \
    --startup="$STARTUP" --with-startup=true \
    --target=candidate --with-validate=true --with-url=false \
    --superuser="$NETCONF_USER" \
    --ncxserver-sockname="$SOCK" --port="$port" \
    --log="$NETCONF_DIR/netconfd.log" --log-level=info \
    </dev/null >/dev/null 2>"$NETCONF_DIR/netconfd.err" &
  echo $! > "$NETCONFD_PID_FILE"
  for _ in $(seq 1 100); do
    netconfd_running && grep -q "Running netconfd server" "$NETCONF_DIR/netconfd.log" 2>/dev/null && break
    pid_alive "$NETCONFD_PID_FILE" || break
    sleep 0.1
  done
  if ! netconfd_running; then
    log "netconfd did not start; see $NETCONF_DIR/netconfd.log and netconfd.err"
    tail -20 "$NETCONF_DIR/netconfd.log" >&2 || true
    exit 1
  fi
}

start_sshd() { # port
  local port="$1"
  [[ -f "$NETCONF_DIR/ssh_host_ed25519_key" ]] ||
    ssh-keygen -q -t ed25519 -N '' -f "$NETCONF_DIR/ssh_host_ed25519_key" -C "pb-netconf-host"
  [[ -f "$NETCONF_DIR/ssh_host_rsa_key" ]] ||
    ssh-keygen -q -t rsa -b 3072 -N '' -f "$NETCONF_DIR/ssh_host_rsa_key" -C "pb-netconf-host"
  chmod 600 "$NETCONF_DIR"/ssh_host_*_key
  mkdir -p /run/sshd
  # netconf-subsystem takes the socket as SSHD_PORT@PATH: it picks the path whose port is the one the
  # client connected to (from SSH_CONNECTION), and netconfd accepts only sessions whose port is in
  # its --port list.
  cat > "$CONFIG" <<CONF
# Generated by test/peers/netconfd.sh
Port $port
ListenAddress 127.0.0.1
HostKey $NETCONF_DIR/ssh_host_ed25519_key
HostKey $NETCONF_DIR/ssh_host_rsa_key
PidFile $SSHD_PID_FILE
UsePAM yes
PasswordAuthentication yes
KbdInteractiveAuthentication yes
PubkeyAuthentication yes
PermitRootLogin no
AllowUsers $NETCONF_USER
StrictModes no
DisableForwarding yes
PermitTunnel no
PrintMotd no
MaxSessions 64
MaxStartups 64:30:128
MaxAuthTries 10
LoginGraceTime 60
ClientAliveInterval 0
Subsystem netconf /usr/sbin/netconf-subsystem --ncxserver-sockname=$port@$SOCK
CONF
  /usr/sbin/sshd -t -f "$CONFIG"
  /usr/sbin/sshd -f "$CONFIG" -E "$NETCONF_DIR/sshd.log"
  for _ in $(seq 1 50); do
    port_open "$port" && break
    sleep 0.1
  done
  port_open "$port" || { log "netconf sshd did not start; see $NETCONF_DIR/sshd.log"; exit 1; }
}

start() {
  require_root
  mkdir -p "$NETCONF_DIR"
  chmod 755 "$NETCONF_DIR"
  ensure_user "$NETCONF_USER" "$NETCONF_PASSWORD" /bin/sh
  if netconfd_running && sshd_running; then
    log "netconfd already running, NETCONF over SSH on port $(cat "$PORT_FILE")"
    return 0
  fi
  stop quiet # a half-running peer (one of the two processes died): start both afresh
  local port
  if [[ -f "$PORT_FILE" ]] && ! port_open "$(cat "$PORT_FILE")"; then port="$(cat "$PORT_FILE")"; else port="$(free_port 8830)"; fi
  echo "$port" > "$PORT_FILE"
  # netconfd's stdout only echoes the get-interface-ipv4 output every 2 s: it goes to /dev/null.
  start_netconfd "$port"
  start_sshd "$port"
  log "netconfd $(dpkg-query -W -f='${Version}' netconfd) running in netns $NETCONF_NETNS (pid $(cat "$NETCONFD_PID_FILE")), NETCONF over SSH on 127.0.0.1:$port (sshd pid $(cat "$SSHD_PID_FILE"))"
}

# Sends SIGTERM to the pid in file $1 (if alive), waits up to 5 s, then SIGKILL.
stop_pid_file() {
  local file="$1" pid
  if pid_alive "$file"; then
    pid="$(cat "$file")"
    kill "$pid" 2>/dev/null || true
    for _ in $(seq 1 50); do
      kill -0 "$pid" 2>/dev/null || break
      sleep 0.1
    done
    kill -0 "$pid" 2>/dev/null && kill -KILL "$pid" 2>/dev/null || true
  fi
  rm -f "$file"
}

stop() {
  local was=""
  pid_alive "$SSHD_PID_FILE" && was=1
  pid_alive "$NETCONFD_PID_FILE" && was=1
  stop_pid_file "$SSHD_PID_FILE"
  stop_pid_file "$NETCONFD_PID_FILE"
  rm -rf "$SOCK_DIR" "$BIN_DIR" "$YUMA_DIR" "$STARTUP" "$DEVIATIONS" "$CONFIG" "$NETCONF_DIR/backup-cfg.xml"
  if [[ -f "$NETCONF_DIR/made-tmp-yuma" ]]; then
    rmdir /tmp/yuma 2>/dev/null || true
    rm -f "$NETCONF_DIR/made-tmp-yuma"
  fi
  ip netns list 2>/dev/null | grep -qw "$NETCONF_NETNS" && ip netns delete "$NETCONF_NETNS" || true
  [[ -n "$was" && "${1:-}" != quiet ]] && log "netconfd stopped" || true
}

case "${1:-}" in
  start) start ;;
  stop) stop ;;
  status) netconfd_running && sshd_running && echo "running on port $(cat "$PORT_FILE")" || { echo "stopped"; exit 1; } ;;
  *) echo "usage: $0 start|stop|status" >&2; exit 2 ;;
esac
