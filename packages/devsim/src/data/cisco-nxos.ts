import type { PlatformData } from "../internal/platform-data.ts";

export const ciscoNxosData: PlatformData = {
  initialConfig: `version 10.3(4a) Bios:version
hostname {hostname}
vdc {hostname} id 1
 limit-resource vlan minimum 16 maximum 4094
 limit-resource vrf minimum 2 maximum 4096
feature bgp
feature interface-vlan
feature lldp
username admin password 5 $5$KBJOPC$Cq7mGbE4zHq8vS1oXxzr1nJ8wFh0uYQoqvS5dPZ9Yl3  role network-admin
ip domain-lookup
copp profile strict
vlan 1,10,20
vlan 10
 name SERVERS
vlan 20
 name STORAGE
vrf context management
 ip route 0.0.0.0/0 10.0.0.1
interface Vlan10
 no shutdown
 ip address 10.10.10.1/24
interface Ethernet1/1
 description to-spine1
 no switchport
 ip address 192.168.1.1/30
 no shutdown
interface Ethernet1/2
 switchport access vlan 10
interface Ethernet1/3
 switchport access vlan 20
interface mgmt0
 vrf member management
 ip address 10.0.0.16/24
interface loopback0
 ip address 1.1.1.2/32
line console
line vty
router bgp 65010
 router-id 1.1.1.2
 neighbor 192.168.1.2
  remote-as 65000
  address-family ipv4 unicast
`,
  commands: {
    "show version": `Cisco Nexus Operating System (NX-OS) Software
TAC support: http://www.cisco.com/tac
Documents: http://www.cisco.com/en/US/products/ps9372/tsd_products_support_series_home.html
Copyright (c) 2002-2023, Cisco Systems, Inc. All rights reserved.
The copyrights to certain works contained herein are owned by
other third parties and are used and distributed under license.
Some parts of this software are covered under the GNU Public
License. A copy of the license is available at
http://www.gnu.org/licenses/gpl.html.

Nexus 9000v is a demo version of the Nexus Operating System

Software
  BIOS: version 
 NXOS: version 10.3(4a) [Maintenance Release]
  BIOS compile time:  
  NXOS image file is: bootflash:///nxos64-cs.10.3.4a.M.bin
  NXOS compile time:  10/20/2023 12:00:00 [10/20/2023 20:15:42]


Hardware
  cisco Nexus9000 C9300v Chassis 
  Intel(R) Xeon(R) CPU E5-2680 v4 @ 2.40GHz with 16399212 kB of memory.
  Processor Board ID 9ZQRM3RPT4L

  Device name: {hostname}
  bootflash:    4287040 kB

Kernel uptime is 23 day(s), 4 hour(s), 17 minute(s), 33 second(s)

Last reset 
  Reason: Unknown
  System version: 
  Service: 

plugin
  Core Plugin, Ethernet Plugin

Active Package(s):
 
`,
    "show interface brief": `
--------------------------------------------------------------------------------
Port   VRF          Status IP Address                              Speed    MTU
--------------------------------------------------------------------------------
mgmt0  --           up     10.0.0.16                               1000     1500

--------------------------------------------------------------------------------
Ethernet      VLAN    Type Mode   Status  Reason                   Speed     Port
Interface                                                                    Ch #
--------------------------------------------------------------------------------
Eth1/1        --      eth  routed up      none                       1000(D) --
Eth1/2        10      eth  access up      none                       1000(D) --
Eth1/3        20      eth  access up      none                       1000(D) --
Eth1/4        1       eth  access down    Link not connected         auto(D) --

--------------------------------------------------------------------------------
Interface     Secondary VLAN(Type)                    Status Reason                 
--------------------------------------------------------------------------------
Vlan10        --                                      up     --                     

--------------------------------------------------------------------------------
Interface     Status     Description
--------------------------------------------------------------------------------
Lo0           up         --
`,
    "show ip route": `IP Route Table for VRF "default"
'*' denotes best ucast next-hop
'**' denotes best mcast next-hop
'[x/y]' denotes [preference/metric]
'%<string>' in via output denotes VRF <string>

1.1.1.2/32, ubest/mbest: 2/0, attached
    *via 1.1.1.2, Lo0, [0/0], 23d04h, local
    *via 1.1.1.2, Lo0, [0/0], 23d04h, direct
10.10.10.0/24, ubest/mbest: 1/0, attached
    *via 10.10.10.1, Vlan10, [0/0], 23d04h, direct
172.16.0.0/16, ubest/mbest: 1/0
    *via 192.168.1.2, [20/0], 1d02h, bgp-65010, external, tag 65000
192.168.1.0/30, ubest/mbest: 1/0, attached
    *via 192.168.1.1, Eth1/1, [0/0], 23d04h, direct
`,
    "show inventory": `NAME: "Chassis",  DESCR: "Nexus9000 C9300v Chassis"               
PID: N9K-C9300v          ,  VID:     ,  SN: 9ZQRM3RPT4L          

NAME: "Slot 1",  DESCR: "Nexus 9000v 64 port Ethernet Module"    
PID: N9K-X9364v          ,  VID:     ,  SN: 9W6ZTUWQH8C          

`,
    "show vlan brief": `
VLAN Name                             Status    Ports
---- -------------------------------- --------- -------------------------------
1    default                          active    Eth1/4
10   SERVERS                          active    Eth1/2
20   STORAGE                          active    Eth1/3
`,
    "show clock": "10:12:33.123 UTC Mon Nov 23 2025\nTime source is NTP\n",
    "show hostname": "{hostname}\n",
  },
};
