import type { PlatformData } from "../internal/platform-data.ts";

export const frrData: PlatformData = {
  initialConfig: `frr version 9.1
frr defaults traditional
hostname {hostname}
log syslog informational
service integrated-vtysh-config
ip route 0.0.0.0/0 10.0.0.1
interface eth0
 ip address 10.0.0.19/24
interface lo
 ip address 1.1.1.5/32
router bgp 65000
 bgp router-id 1.1.1.5
 neighbor 192.168.30.2 remote-as 65030
 address-family ipv4 unicast
  network 1.1.1.5/32
 exit-address-family
line vty
`,
  commands: {
    "show version": `FRRouting 9.1 ({hostname}) on Linux(6.1.0-18-amd64).
Copyright 1996-2005 Kunihiro Ishiguro, et al.
configured with:
    '--prefix=/usr' '--localstatedir=/var/run/frr' '--sbindir=/usr/lib/frr' '--sysconfdir=/etc/frr' '--enable-vtysh' '--enable-multipath=64' '--enable-user=frr' '--enable-group=frr' '--enable-vty-group=frrvty'
`,
    "show ip route": `Codes: K - kernel route, C - connected, S - static, R - RIP,
       O - OSPF, I - IS-IS, B - BGP, E - EIGRP, N - NHRP,
       T - Table, v - VNC, V - VNC-Direct, A - Babel, F - PBR,
       f - OpenFabric,
       > - selected route, * - FIB route, q - queued, r - rejected, b - backup
       t - trapped, o - offload failure

S>* 0.0.0.0/0 [1/0] via 10.0.0.1, eth0, weight 1, 3w2d04h
C>* 1.1.1.5/32 is directly connected, lo, 3w2d04h
C>* 10.0.0.0/24 is directly connected, eth0, 3w2d04h
B>* 172.16.1.0/24 [20/0] via 192.168.30.2, eth1, weight 1, 1d02h
C>* 192.168.30.0/30 is directly connected, eth1, 3w2d04h
`,
    "show interface brief": `Interface       Status  VRF             Addresses
---------       ------  ---             ---------
eth0            up      default         10.0.0.19/24
eth1            up      default         192.168.30.1/30
lo              up      default         1.1.1.5/32
`,
    "show bgp summary": `
IPv4 Unicast Summary (VRF default):
BGP router identifier 1.1.1.5, local AS number 65000 vrf-id 0
BGP table version 3
RIB entries 5, using 960 bytes of memory
Peers 1, using 724 KiB of memory

Neighbor        V         AS   MsgRcvd   MsgSent   TblVer  InQ OutQ  Up/Down State/PfxRcd   PfxSnt Desc
192.168.30.2    4      65030      1523      1519        3    0    0 1d02h00m            1        2 N/A

Total number of neighbors 1
`,
  },
};
