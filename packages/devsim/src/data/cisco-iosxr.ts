import type { PlatformData } from "../internal/platform-data.ts";

export const ciscoIosxrData: PlatformData = {
  initialConfig: `hostname {hostname}
username admin
 group root-lr
 group cisco-support
 secret 10 $6$Qn9mH1kM2fK3$T8hsm1kz
call-home
 service active
 contact smart-licensing
interface Loopback0
 ipv4 address 1.1.1.3 255.255.255.255
interface MgmtEth0/RP0/CPU0/0
 ipv4 address 10.0.0.17 255.255.255.0
interface GigabitEthernet0/0/0/0
 description to-PE2
 ipv4 address 192.168.13.1 255.255.255.252
interface GigabitEthernet0/0/0/1
 shutdown
interface GigabitEthernet0/0/0/2
 shutdown
router static
 address-family ipv4 unicast
  0.0.0.0/0 10.0.0.1
router bgp 65001
 bgp router-id 1.1.1.3
 address-family ipv4 unicast
 neighbor 192.168.13.2
  remote-as 65002
  address-family ipv4 unicast
ssh server v2
`,
  commands: {
    "show version": `Cisco IOS XR Software, Version 7.9.2
Copyright (c) 2013-2023 by Cisco Systems, Inc.

Build Information:
 Built By     : ingunawa
 Built On     : Wed Oct 18 11:46:52 PDT 2023
 Built Host   : iox-ucs-065
 Workspace    : /auto/srcarchive15/prod/7.9.2/xrv9k/ws
 Version      : 7.9.2
 Location     : /opt/cisco/XR/packages/
 Label        : 7.9.2

cisco IOS-XRv 9000 () processor
System uptime is 23 days 4 hours 17 minutes

`,
    "show ipv4 interface brief": `
Interface                      IP-Address      Status          Protocol Vrf-Name
Loopback0                      1.1.1.3         Up              Up       default 
MgmtEth0/RP0/CPU0/0            10.0.0.17       Up              Up       default 
GigabitEthernet0/0/0/0         192.168.13.1    Up              Up       default 
GigabitEthernet0/0/0/1         unassigned      Shutdown        Down     default 
GigabitEthernet0/0/0/2         unassigned      Shutdown        Down     default 
`,
    "show route": `
Codes: C - connected, S - static, R - RIP, B - BGP, (>) - Diversion path
       D - EIGRP, EX - EIGRP external, O - OSPF, IA - OSPF inter area
       N1 - OSPF NSSA external type 1, N2 - OSPF NSSA external type 2
       E1 - OSPF external type 1, E2 - OSPF external type 2, E - EGP
       i - ISIS, L1 - IS-IS level-1, L2 - IS-IS level-2
       ia - IS-IS inter area, su - IS-IS summary null, * - candidate default
       U - per-user static route, o - ODR, L - local, G  - DAGR, l - LISP
       A - access/subscriber, a - Application route
       M - mobile route, r - RPL, t - Traffic Engineering, (!) - FRR Backup path

Gateway of last resort is 10.0.0.1 to network 0.0.0.0

S*   0.0.0.0/0 [1/0] via 10.0.0.1, 3w2d
L    1.1.1.3/32 is directly connected, 3w2d, Loopback0
C    10.0.0.0/24 is directly connected, 3w2d, MgmtEth0/RP0/CPU0/0
L    10.0.0.17/32 is directly connected, 3w2d, MgmtEth0/RP0/CPU0/0
B    172.16.1.0/24 [20/0] via 192.168.13.2, 1d02h
C    192.168.13.0/30 is directly connected, 3w2d, GigabitEthernet0/0/0/0
L    192.168.13.1/32 is directly connected, 3w2d, GigabitEthernet0/0/0/0
`,
    "show inventory": `NAME: "0/RP0/CPU0", DESCR: "Cisco XRv9K Centralized Virtual Router"
PID: R-IOSXRV9000-RP-C, VID: V01, SN: 3F7E1B9C2A4

NAME: "Rack 0", DESCR: "Cisco XRv9K Centralized Virtual Router"
PID: R-IOSXRV9000-CC, VID: V01, SN: 8D2C6A1F0B3

`,
    "show clock": "Mon Nov 23 10:12:33.123 UTC\n",
  },
};
