import type { PlatformData } from "../internal/platform-data.ts";

export const juniperJunosData: PlatformData = {
  initialConfig: `version 23.2R1.13
system host-name {hostname}
system root-authentication encrypted-password "$6$hI7Xq$Yq3lXK2m0"
system login user admin uid 2000
system login user admin class super-user
system login user admin authentication encrypted-password "$6$p2Lk$Rz0bW8c"
system services ssh
system services netconf ssh
system syslog file messages any notice
interfaces ge-0/0/0 description to-R2
interfaces ge-0/0/0 unit 0 family inet address 192.168.14.1/30
interfaces ge-0/0/1 disable
interfaces fxp0 unit 0 family inet address 10.0.0.21/24
interfaces lo0 unit 0 family inet address 1.1.1.6/32
routing-options static route 0.0.0.0/0 next-hop 10.0.0.1
routing-options router-id 1.1.1.6
routing-options autonomous-system 65040
protocols ospf area 0.0.0.0 interface ge-0/0/0.0
protocols ospf area 0.0.0.0 interface lo0.0 passive
protocols lldp interface all
`,
  commands: {
    "show version": `Hostname: {hostname}
Model: vmx
Junos: 23.2R1.13
JUNOS OS Kernel 64-bit  [20230615.0b7ef3c_builder_stable_13]
JUNOS OS libs [20230615.0b7ef3c_builder_stable_13]
JUNOS OS runtime [20230615.0b7ef3c_builder_stable_13]
JUNOS OS time zone information [20230615.0b7ef3c_builder_stable_13]
JUNOS network stack and utilities [20230714.173004_builder_junos_232_r1]
JUNOS libs [20230714.173004_builder_junos_232_r1]
JUNOS OS libs compat32 [20230615.0b7ef3c_builder_stable_13]
JUNOS OS 32-bit compatibility [20230615.0b7ef3c_builder_stable_13]
JUNOS libs compat32 [20230714.173004_builder_junos_232_r1]
JUNOS runtime [20230714.173004_builder_junos_232_r1]
JUNOS Packet Forwarding Engine Simulation Package [20230714.173004_builder_junos_232_r1]
JUNOS py extensions [20230714.173004_builder_junos_232_r1]
JUNOS Routing Engine Software [20230714.173004_builder_junos_232_r1]
`,
    "show interfaces terse": `Interface               Admin Link Proto    Local                 Remote
ge-0/0/0                up    up
ge-0/0/0.0              up    up   inet     192.168.14.1/30 
                                   multiservice
ge-0/0/1                down  down
ge-0/0/2                up    down
lc-0/0/0                up    up
lc-0/0/0.32769          up    up   vpls    
fxp0                    up    up
fxp0.0                  up    up   inet     10.0.0.21/24    
lo0                     up    up
lo0.0                   up    up   inet     1.1.1.6             --> 0/0
lo0.16385               up    up   inet    
`,
    "show route": `
inet.0: 6 destinations, 6 routes (6 active, 0 holddown, 0 hidden)
+ = Active Route, - = Last Active, * = Both

0.0.0.0/0          *[Static/5] 3w2d 04:17:33
                    >  to 10.0.0.1 via fxp0.0
1.1.1.6/32         *[Direct/0] 3w2d 04:17:33
                    >  via lo0.0
10.0.0.0/24        *[Direct/0] 3w2d 04:17:33
                    >  via fxp0.0
10.0.0.21/32       *[Local/0] 3w2d 04:17:33
                       Local via fxp0.0
192.168.14.0/30    *[Direct/0] 3w2d 04:17:33
                    >  via ge-0/0/0.0
192.168.14.1/32    *[Local/0] 3w2d 04:17:33
                       Local via ge-0/0/0.0
`,
    "show chassis hardware": `Hardware inventory:
Item             Version  Part number  Serial number     Description
Chassis                                VM6512A1B2C3      VMX
Midplane        
Routing Engine 0                                         RE-VMX
CB 0                                                     VMX SCB
FPC 0                                                    Virtual FPC
  CPU            Rev. 1.0 RIOT-LITE    BUILTIN          
  MIC 0                                                  Virtual
    PIC 0                 BUILTIN      BUILTIN           Virtual
`,
    "show system uptime": `Current time: 2025-11-23 10:12:33 UTC
Time Source:  LOCAL CLOCK 
System booted: 2025-10-31 05:55:00 UTC (3w2d 04:17 ago)
Protocols started: 2025-10-31 05:56:10 UTC (3w2d 04:16 ago)
Last configured: 2025-11-20 09:00:00 UTC (3d 01:12 ago) by admin
10:12AM  up 23 days,  4:17, 1 user, load averages: 0.25, 0.20, 0.18
`,
    "show ospf neighbor": `Address          Interface              State           ID               Pri  Dead
192.168.14.2     ge-0/0/0.0             Full            2.2.2.2          128    36
`,
  },
};
