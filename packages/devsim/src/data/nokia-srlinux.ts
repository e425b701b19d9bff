import type { PlatformData } from "../internal/platform-data.ts";

/**
 * Nokia SR Linux: the configuration as flat paths (what `info flat from running` prints, without
 * `set / `), and canned outputs; `{booted}` is the device's start time.
 */
export const nokiaSrlinuxData: PlatformData = {
  initialConfig: `interface ethernet-1/1 description "to spine1"
interface ethernet-1/1 admin-state enable
interface ethernet-1/1 subinterface 0 ipv4 admin-state enable
interface ethernet-1/1 subinterface 0 ipv4 address 192.168.11.1/30
interface ethernet-1/2 admin-state disable
interface mgmt0 admin-state enable
interface mgmt0 subinterface 0 ipv4 admin-state enable
interface mgmt0 subinterface 0 ipv4 address 10.0.0.21/24
interface system0 subinterface 0 ipv4 admin-state enable
interface system0 subinterface 0 ipv4 address 1.1.1.21/32
network-instance default type default
network-instance default interface ethernet-1/1.0
network-instance default interface system0.0
network-instance default protocols bgp autonomous-system 65021
network-instance default protocols bgp router-id 1.1.1.21
network-instance mgmt type ip-vrf
network-instance mgmt interface mgmt0.0
system name host-name {hostname}
system name domain-name lab.example.net
system ssh-server mgmt admin-state enable
system json-rpc-server admin-state enable
system json-rpc-server network-instance mgmt https admin-state enable
`,
  commands: {
    "show version": `--------------------------------------------------------------------------------------------------------
Hostname             : {hostname}
Chassis Type         : 7220 IXR-D2L
Part Number          : 3HE16831AARA01
Serial Number        : NK2137F0042
System HW MAC Address: 1A:2B:04:FF:00:00
OS                   : SR Linux
Software Version     : v24.10.1
Build Number         : 492-gf8858c5836
Architecture         : x86_64
Last Booted          : {booted}
Total Memory         : 24052875 kB
Free Memory          : 15376163 kB
--------------------------------------------------------------------------------------------------------
`,
    "show network-instance default route-table": `-------------------------------------------------------------------------------------------------------
IPv4 unicast route table of network instance default
-------------------------------------------------------------------------------------------------------
+----------------------+-------+------------+----------------------+----------+----------+---------+
|        Prefix        |  ID   | Route Type |     Route Owner      |  Active  |  Metric  |  Pref   |
+======================+=======+============+======================+==========+==========+=========+
| 1.1.1.21/32          | 4     | host       | net_inst_mgr         | True     | 0        | 0       |
| 172.16.1.0/24        | 0     | bgp        | bgp_mgr              | True     | 0        | 170     |
| 192.168.11.0/30      | 3     | local      | net_inst_mgr         | True     | 0        | 0       |
| 192.168.11.1/32      | 3     | host       | net_inst_mgr         | True     | 0        | 0       |
+----------------------+-------+------------+----------------------+----------+----------+---------+
`,
  },
};
