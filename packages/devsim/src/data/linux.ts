import type { PlatformData } from "../internal/platform-data.ts";

export const linuxData: PlatformData = {
  initialConfig: "",
  commands: {
    uname: "Linux\n",
    "uname -a":
      "Linux {hostname} 6.1.0-18-amd64 #1 SMP PREEMPT_DYNAMIC Debian 6.1.76-1 (2024-02-01) x86_64 GNU/Linux\n",
    "uname -r": "6.1.0-18-amd64\n",
    uptime: " 10:12:33 up 23 days,  4:17,  1 user,  load average: 0.08, 0.03, 0.01\n",
    id: "uid=1000({username}) gid=1000({username}) groups=1000({username}),27(sudo)\n",
    "cat /etc/os-release": `PRETTY_NAME="Debian GNU/Linux 12 (bookworm)"
NAME="Debian GNU/Linux"
VERSION_ID="12"
VERSION="12 (bookworm)"
VERSION_CODENAME=bookworm
ID=debian
HOME_URL="https://www.debian.org/"
SUPPORT_URL="https://www.debian.org/support"
BUG_REPORT_URL="https://bugs.debian.org/"
`,
    "cat /etc/hostname": "{hostname}\n",
    "cat /etc/hosts": `127.0.0.1	localhost
127.0.1.1	{hostname}

# The following lines are desirable for IPv6 capable hosts
::1     localhost ip6-localhost ip6-loopback
ff02::1 ip6-allnodes
ff02::2 ip6-allrouters
`,
    "cat /etc/resolv.conf": "nameserver 10.0.0.1\nsearch lab.example.net\n",
    "cat /proc/loadavg": "0.08 0.03 0.01 1/142 31337\n",
    "ip -br addr": `lo               UNKNOWN        127.0.0.1/8 ::1/128 
eth0             UP             10.0.0.20/24 fe80::5054:ff:fe12:3420/64 
`,
    "ip route": `default via 10.0.0.1 dev eth0 
10.0.0.0/24 dev eth0 proto kernel scope link src 10.0.0.20 
`,
    "df -h": `Filesystem      Size  Used Avail Use% Mounted on
udev            983M     0  983M   0% /dev
tmpfs           199M  600K  198M   1% /run
/dev/vda1        20G  3.1G   16G  17% /
tmpfs           992M     0  992M   0% /dev/shm
`,
    "free -m": `               total        used        free      shared  buff/cache   available
Mem:            1983         212        1404           0         366        1622
Swap:              0           0           0
`,
    ls: "",
    "ls /":
      "bin  boot  dev  etc  home  lib  lib64  media  mnt  opt  proc  root  run  sbin  srv  sys  tmp  usr  var\n",
    date: "Mon Nov 23 10:12:33 UTC 2025\n",
  },
};
