import type { PlatformData } from "../internal/platform-data.ts";

export const aristaEosData: PlatformData = {
  initialConfig: `transceiver qsfp default-mode 4x10G
service routing protocols model multi-agent
hostname {hostname}
ip domain-name lab.example.net
spanning-tree mode mstp
aaa authorization exec default local
username admin privilege 15 role network-admin secret sha512 $6$Vd8Xr2sQ$eOs
vlan 10
 name SERVERS
interface Ethernet1
 description to-leaf1
 no switchport
 ip address 192.168.20.1/30
interface Ethernet2
 switchport access vlan 10
interface Ethernet3
 shutdown
interface Loopback0
 ip address 1.1.1.4/32
interface Management1
 ip address 10.0.0.18/24
ip routing
ip route 0.0.0.0/0 10.0.0.1
router bgp 65020
 router-id 1.1.1.4
 neighbor 192.168.20.2 remote-as 65021
management api http-commands
 no shutdown
`,
  commands: {
    "show version": `Arista vEOS-lab
Hardware version: 
Serial number: 5F2B8C9D1E0A7B6C
Hardware MAC address: 5254.0012.3418
System MAC address: 5254.0012.3418

Software image version: 4.31.2F
Architecture: x86_64
Internal build version: 4.31.2F-35442176.4312F
Internal build ID: 2ba3ad4c-ffd6-4d2c-9bd4-b9b8c3a5e9b1
Image format version: 1.0
Image optimization: None

Uptime: 3 weeks, 2 days, 4 hours and 17 minutes
Total memory: 3982740 kB
Free memory: 2631044 kB

`,
    "show ip interface brief": `                                                                          Address
Interface       IP Address           Status      Protocol          MTU    Owner  
--------------- -------------------- ----------- ------------- ---------- -------
Ethernet1       192.168.20.1/30      up          up                1500          
Loopback0       1.1.1.4/32           up          up               65535          
Management1     10.0.0.18/24         up          up                1500          
`,
    "show interfaces status": `Port       Name       Status       Vlan     Duplex Speed  Type            Flags Encapsulation
Et1        to-leaf1   connected    routed   full   1G     EbraTestPhyPort                   
Et2                   connected    10       full   1G     EbraTestPhyPort                   
Et3                   disabled     1        full   1G     EbraTestPhyPort                   
Ma1                   connected    routed   a-full a-1G   10/100/1000                       
`,
    "show ip route": `VRF: default
Codes: C - connected, S - static, K - kernel, 
       O - OSPF, IA - OSPF inter area, E1 - OSPF external type 1,
       E2 - OSPF external type 2, N1 - OSPF NSSA external type 1,
       N2 - OSPF NSSA external type2, B - Other BGP Routes,
       B I - iBGP, B E - eBGP, R - RIP, I L1 - IS-IS level 1,
       I L2 - IS-IS level 2, O3 - OSPFv3, A B - BGP Aggregate,
       A O - OSPF Summary, NG - Nexthop Group Static Route,
       V - VXLAN Control Service, M - Martian,
       DH - DHCP client installed default route,
       DP - Dynamic Policy Route, L - VRF Leaked,
       G  - gRIBI, RC - Route Cache Route

Gateway of last resort:
 S        0.0.0.0/0 [1/0] via 10.0.0.1, Management1

 C        1.1.1.4/32 is directly connected, Loopback0
 C        10.0.0.0/24 is directly connected, Management1
 B E      172.16.1.0/24 [200/0] via 192.168.20.2, Ethernet1
 C        192.168.20.0/30 is directly connected, Ethernet1

`,
    "show inventory": `System information
  Model                    Description
  ------------------------ ----------------------------------------------------
  vEOS-lab                 Arista Networks vEOS

  HW Version  Serial Number  Mfg Date   Epoch
  ----------- -------------- ---------- -----
                5F2B8C9D1E0A7B6C            

System has 3 switched transceiver slots
  Port Manufacturer     Model            Serial Number    Rev 
  ---- ---------------- ---------------- ---------------- ----
  1    Arista Networks  vEOS-lab         5F2B8C9D1E0A7B6C      
`,
    "show clock": "Mon Nov 23 2025 10:12:33\nTimezone: UTC\nClock source: local\n",
    "show hostname": "Hostname: {hostname}\nFQDN:     {hostname}.lab.example.net\n",
  },
};
