import type { PlatformData } from "../internal/platform-data.ts";

const showVersion = `Cisco IOS XE Software, Version 17.09.04a
Cisco IOS Software [Cupertino], Virtual XE Software (X86_64_LINUX_IOSD-UNIVERSALK9-M), Version 17.9.4a, RELEASE SOFTWARE (fc3)
Technical Support: http://www.cisco.com/techsupport
Copyright (c) 1986-2023 by Cisco Systems, Inc.
Compiled Fri 20-Oct-23 10:44 by mcpre


Cisco IOS-XE software, Copyright (c) 2005-2023 by cisco Systems, Inc.
All rights reserved.  Certain components of Cisco IOS-XE software are
licensed under the GNU General Public License ("GPL") Version 2.0.  The
software code licensed under GPL Version 2.0 is free software that comes
with ABSOLUTELY NO WARRANTY.  You can redistribute and/or modify such
GPL code under the terms of GPL Version 2.0.  For more details, see the
documentation or "License Notice" file accompanying the IOS-XE software,
or the applicable URL provided on the flyer accompanying the IOS-XE
software.


ROM: IOS-XE ROMMON

{hostname} uptime is 3 weeks, 2 days, 4 hours, 17 minutes
Uptime for this control processor is 3 weeks, 2 days, 4 hours, 18 minutes
System returned to ROM by reload
System image file is "bootflash:packages.conf"
Last reload reason: reload



This product contains cryptographic features and is subject to United
States and local country laws governing import, export, transfer and
use. Delivery of Cisco cryptographic products does not imply
third-party authority to import, export, distribute or use encryption.
Importers, exporters, distributors and users are responsible for
compliance with U.S. and local country laws. By using this product you
agree to comply with applicable laws and regulations. If you are unable
to comply with U.S. and local laws, return this product immediately.

A summary of U.S. laws governing Cisco cryptographic products may be found at:
http://www.cisco.com/wwl/export/crypto/tool/stqrg.html

If you require further assistance please contact us by sending email to
export@cisco.com.

License Level: ax
License Type: N/A(Smart License Enabled)
Next reload license Level: ax

The current throughput level is 1000 kbps 


Smart Licensing Status: Registration Not Applicable/Not Applicable

cisco C8000V (VXE) processor (revision VXE) with 1987939K/3075K bytes of memory.
Processor board ID 9KXI0D7TVFI
Router operating mode: Autonomous
4 Gigabit Ethernet interfaces
32768K bytes of non-volatile configuration memory.
3965264K bytes of physical memory.
5234687K bytes of virtual hard disk at bootflash:.

Configuration register is 0x2102

`;

const showIpIntBrief = `Interface              IP-Address      OK? Method Status                Protocol
GigabitEthernet1       10.0.0.15       YES NVRAM  up                    up      
GigabitEthernet2       192.168.12.1    YES NVRAM  up                    up      
GigabitEthernet3       unassigned      YES NVRAM  administratively down down    
GigabitEthernet4       unassigned      YES NVRAM  administratively down down    
Loopback0              1.1.1.1         YES NVRAM  up                    up      
`;

function iface(name: string, state: string, ip: string | undefined, mac: string, n: number): string {
  return `${name} is ${state}, line protocol is ${state === "up" ? "up" : "down"} 
  Hardware is vNIC, address is ${mac} (bia ${mac})
${ip ? `  Internet address is ${ip}\n` : ""}  MTU 1500 bytes, BW 1000000 Kbit/sec, DLY 10 usec, 
     reliability 255/255, txload 1/255, rxload 1/255
  Encapsulation ARPA, loopback not set
  Keepalive set (10 sec)
  Full Duplex, 1000Mbps, link type is auto, media type is Virtual
  output flow-control is unsupported, input flow-control is unsupported
  ARP type: ARPA, ARP Timeout 04:00:00
  Last input 00:00:0${n}, output 00:00:0${n}, output hang never
  Last clearing of "show interface" counters never
  Input queue: 0/375/0/0 (size/max/drops/flushes); Total output drops: 0
  Queueing strategy: fifo
  Output queue: 0/40 (size/max)
  5 minute input rate ${1000 * n} bits/sec, ${n} packets/sec
  5 minute output rate ${800 * n} bits/sec, ${n} packets/sec
     ${48213 * n} packets input, ${5190233 * n} bytes, 0 no buffer
     Received 0 broadcasts (0 IP multicasts)
     0 runts, 0 giants, 0 throttles 
     0 input errors, 0 CRC, 0 frame, 0 overrun, 0 ignored
     0 watchdog, 0 multicast, 0 pause input
     ${39177 * n} packets output, ${4411906 * n} bytes, 0 underruns
     Output 0 broadcasts (0 IP multicasts)
     0 output errors, 0 collisions, 1 interface resets
     0 unknown protocol drops
     0 babbles, 0 late collision, 0 deferred
     0 lost carrier, 0 no carrier, 0 pause output
     0 output buffer failures, 0 output buffers swapped out
`;
}

const showInterfaces = [
  iface("GigabitEthernet1", "up", "10.0.0.15/24", "5254.0012.3401", 1),
  iface("GigabitEthernet2", "up", "192.168.12.1/30", "5254.0012.3402", 2),
  iface("GigabitEthernet3", "administratively down", undefined, "5254.0012.3403", 3),
  iface("GigabitEthernet4", "administratively down", undefined, "5254.0012.3404", 4),
].join("");

const showIpRoute = `Codes: L - local, C - connected, S - static, R - RIP, M - mobile, B - BGP
       D - EIGRP, EX - EIGRP external, O - OSPF, IA - OSPF inter area 
       N1 - OSPF NSSA external type 1, N2 - OSPF NSSA external type 2
       E1 - OSPF external type 1, E2 - OSPF external type 2, m - OMP
       n - NAT, Ni - NAT inside, No - NAT outside, Nd - NAT DIA
       i - IS-IS, su - IS-IS summary, L1 - IS-IS level-1, L2 - IS-IS level-2
       ia - IS-IS inter area, * - candidate default, U - per-user static route
       H - NHRP, G - NHRP registered, g - NHRP registration summary
       o - ODR, P - periodic downloaded static route, l - LISP
       a - application route
       + - replicated route, % - next hop override, p - overrides from PfR
       & - replicated local route overrides by connected

Gateway of last resort is 10.0.0.1 to network 0.0.0.0

S*    0.0.0.0/0 [1/0] via 10.0.0.1
      1.0.0.0/32 is subnetted, 1 subnets
C        1.1.1.1 is directly connected, Loopback0
      2.0.0.0/32 is subnetted, 1 subnets
O        2.2.2.2 [110/2] via 192.168.12.2, 1d02h, GigabitEthernet2
      10.0.0.0/8 is variably subnetted, 2 subnets, 2 masks
C        10.0.0.0/24 is directly connected, GigabitEthernet1
L        10.0.0.15/32 is directly connected, GigabitEthernet1
      172.16.0.0/16 is variably subnetted, 3 subnets, 2 masks
B        172.16.1.0/24 [20/0] via 192.168.12.2, 1d02h
B        172.16.2.0/24 [20/0] via 192.168.12.2, 1d02h
B        172.16.3.0/24 [20/0] via 192.168.12.2, 1d02h
      192.168.12.0/24 is variably subnetted, 2 subnets, 2 masks
C        192.168.12.0/30 is directly connected, GigabitEthernet2
L        192.168.12.1/32 is directly connected, GigabitEthernet2
`;

const showInventory = `NAME: "Chassis", DESCR: "Cisco C8000V Chassis"
PID: C8000V            , VID: V00  , SN: 9KXI0D7TVFI

NAME: "module R0", DESCR: "Cisco C8000V Route Processor"
PID: C8000V            , VID: V00  , SN: JAB1303001C

NAME: "module F0", DESCR: "Cisco C8000V Embedded Services Processor"
PID: C8000V            , VID:      , SN:            

`;

export const ciscoIosxeData: PlatformData = {
  initialConfig: `version 17.9
service timestamps debug datetime msec
service timestamps log datetime msec
platform qfp utilization monitor load 80
platform punt-keepalive disable-kernel-core
platform console virtual
hostname {hostname}
boot-start-marker
boot-end-marker
logging persistent size 1000000 filesize 8192 immediate
no aaa new-model
ip domain name lab.example.net
login on-success log
subscriber templating
multilink bundle-name authenticated
license udi pid C8000V sn 9KXI0D7TVFI
diagnostic bootup level minimal
memory free low-watermark processor 63709
spanning-tree extend system-id
username admin privilege 15 secret 9 $9$mHc7ElPfb0qG8k$2vBvXxaH0dyR7o2W9QbZgkq6m0p6iE8Cq5qN5h7ZmWg
redundancy
interface Loopback0
 ip address 1.1.1.1 255.255.255.255
interface GigabitEthernet1
 description MGMT
 ip address 10.0.0.15 255.255.255.0
 negotiation auto
interface GigabitEthernet2
 description to-R2
 ip address 192.168.12.1 255.255.255.252
 negotiation auto
interface GigabitEthernet3
 no ip address
 shutdown
 negotiation auto
interface GigabitEthernet4
 no ip address
 shutdown
 negotiation auto
router ospf 1
 router-id 1.1.1.1
 network 192.168.12.0 0.0.0.3 area 0
ip forward-protocol nd
ip http server
ip http authentication local
ip http secure-server
ip route 0.0.0.0 0.0.0.0 10.0.0.1
ip ssh version 2
control-plane
line con 0
 stopbits 1
line vty 0 4
 login local
 transport input ssh
`,
  commands: {
    "show version": showVersion,
    "show ip interface brief": showIpIntBrief,
    "show interfaces": showInterfaces,
    "show ip route": showIpRoute,
    "show inventory": showInventory,
    "show clock": "*10:12:33.123 UTC Mon Nov 23 2025\n",
    "show users": `    Line       User       Host(s)              Idle       Location
*866 vty 0     {username}      idle                 00:00:00 10.0.0.1

  Interface    User               Mode         Idle     Peer Address

`,
    "show ip ospf neighbor": `Neighbor ID     Pri   State           Dead Time   Address         Interface
2.2.2.2           1   FULL/DR         00:00:35    192.168.12.2    GigabitEthernet2
`,
    "show ip bgp summary": `BGP router identifier 1.1.1.1, local AS number 65001
BGP table version is 4, main routing table version 4
3 network entries using 744 bytes of memory
3 path entries using 408 bytes of memory

Neighbor        V           AS MsgRcvd MsgSent   TblVer  InQ OutQ Up/Down  State/PfxRcd
192.168.12.2    4        65002    1523    1519        4    0    0 1d02h           3
`,
    "show cdp neighbors": `Capability Codes: R - Router, T - Trans Bridge, B - Source Route Bridge
                  S - Switch, H - Host, I - IGMP, r - Repeater, P - Phone, 
                  D - Remote, C - CVTA, M - Two-port Mac Relay 

Device ID        Local Intrfce     Holdtme    Capability  Platform  Port ID
R2.lab.example.net
                 Gig 2             152              R I   C8000V    Gig 2

Total cdp entries displayed : 1
`,
    "show arp": `Protocol  Address          Age (min)  Hardware Addr   Type   Interface
Internet  10.0.0.1                4   5254.00ab.cd01  ARPA   GigabitEthernet1
Internet  10.0.0.15               -   5254.0012.3401  ARPA   GigabitEthernet1
Internet  192.168.12.1            -   5254.0012.3402  ARPA   GigabitEthernet2
Internet  192.168.12.2           12   5254.0098.7602  ARPA   GigabitEthernet2
`,
    "show privilege": "Current privilege level is 15\n",
  },
};
