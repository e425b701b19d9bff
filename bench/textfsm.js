// TextFSM benchmark (issue 10): rows per second of @patchbay/textfsm against Python TextFSM (the
// python3-textfsm package, the reference) parsing the same text with the same template, in the
// same run: a 4,000-line routing table and a 10,000-interface listing. Both sides compile once and
// time the parse only (Python: Reset + ParseText). Linearity: 10x the input in Patchbay, the time
// ratio should stay near 10. Usage: node bench/textfsm.js
import { execFileSync } from "node:child_process";
import { existsSync, mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { compileTemplate } from "@patchbay/textfsm";
import { isMain, printTable } from "./lib/stats.js";

const PYTHON = existsSync("/usr/bin/python3") ? "/usr/bin/python3" : "python3";

const ROUTE_TEMPLATE = `Value Filldown PROTOCOL ([A-Za-z][A-Za-z0-9]?\\*?)
Value Filldown,Required NETWORK (\\d+\\.\\d+\\.\\d+\\.\\d+)
Value Filldown MASK (\\d{1,2})
Value DISTANCE (\\d+)
Value METRIC (\\d+)
Value NEXTHOP_IP (\\d+\\.\\d+\\.\\d+\\.\\d+)
Value NEXTHOP_IF ([A-Z][\\w/.-]+)
Value UPTIME (\\d\\S+)

Start
  ^Gateway -> Routes

Routes
  ^\\s+\\d+\\.\\d+\\.\\d+\\.\\d+/\\d+\\s+is\\s+(variably\\s+)?subnetted
  ^\${PROTOCOL}\\s+\${NETWORK}/\${MASK}\\s+\\[\${DISTANCE}/\${METRIC}\\]\\s+via\\s+\${NEXTHOP_IP},\\s+\${UPTIME},\\s+\${NEXTHOP_IF}\\s*$$ -> Record
  ^\\s+\\[\${DISTANCE}/\${METRIC}\\]\\s+via\\s+\${NEXTHOP_IP},\\s+\${UPTIME},\\s+\${NEXTHOP_IF}\\s*$$ -> Record
  ^\${PROTOCOL}\\s+\${NETWORK}/\${MASK}\\s+is\\s+directly\\s+connected,\\s+\${NEXTHOP_IF}\\s*$$ -> Record
  ^\\s*$$
`;

const INTERFACE_TEMPLATE = `Value Required INTERFACE (\\S+)
Value IP_ADDRESS (\\S+)
Value STATUS (up|down|administratively down)
Value PROTO (up|down)

Start
  ^Interface\\s+IP-Address
  ^\${INTERFACE}\\s+\${IP_ADDRESS}\\s+\\w+\\s+\\w+\\s+\${STATUS}\\s+\${PROTO}\\s*$$ -> Record
  ^\\s*$$
`;

/** An IOS-style route table of `lines` lines (half with a second equal-cost next hop). */
function routeTable(lines) {
  const out = [
    "Codes: L - local, C - connected, S - static, O - OSPF, B - BGP",
    "",
    "Gateway of last resort is 10.0.0.1 to network 0.0.0.0",
    "",
  ];
  for (let i = 0; out.length < lines; i++) {
    const net = `10.${(i >> 8) & 255}.${i & 255}.0`;
    if (i % 10 === 0)
      out.push(`      10.${(i >> 8) & 255}.0.0/16 is variably subnetted, 10 subnets, 2 masks`);
    if (i % 7 === 0) out.push(`C        ${net}/24 is directly connected, GigabitEthernet0/${i % 48}`);
    else {
      out.push(
        `O        ${net}/24 [110/${i % 100}] via 192.168.${i % 250}.1, 1d02h, GigabitEthernet0/${i % 48}`,
      );
      if (i % 2 === 0)
        out.push(
          `                   [110/${i % 100}] via 192.168.${i % 250}.2, 1d02h, GigabitEthernet1/${i % 48}`,
        );
    }
  }
  return `${out.slice(0, lines).join("\n")}\n`;
}

/** An IOS-style "show ip interface brief" of `n` interfaces. */
function interfaceListing(n) {
  const out = ["Interface              IP-Address      OK? Method Status                Protocol"];
  for (let i = 0; i < n; i++) {
    const name = `GigabitEthernet${Math.floor(i / 48)}/${i % 48}`.padEnd(23);
    const ip = (i % 3 === 0 ? "unassigned" : `10.${(i >> 8) & 255}.${i & 255}.1`).padEnd(16);
    const status = i % 5 === 0 ? "administratively down down    " : "up                    up      ";
    out.push(`${name}${ip}YES NVRAM  ${status}`);
  }
  return `${out.join("\n")}\n`;
}

const PY_BENCH = `
import json, sys, time, io, warnings
warnings.simplefilter("ignore")
import textfsm
template, text, runs = sys.argv[1], sys.argv[2], int(sys.argv[3])
with open(template) as f:
    fsm = textfsm.TextFSM(f)
with open(text) as f:
    data = f.read()
best = None
rows = 0
for _ in range(runs):
    fsm.Reset()
    t = time.perf_counter()
    rows = len(fsm.ParseText(data))
    d = time.perf_counter() - t
    best = d if best is None or d < best else best
print(json.dumps({"seconds": best, "rows": rows}))
`;

function python(dir, template, text, runs) {
  const t = join(dir, "template.textfsm");
  const x = join(dir, "input.txt");
  writeFileSync(t, template);
  writeFileSync(x, text);
  return JSON.parse(
    execFileSync(PYTHON, ["-c", PY_BENCH, t, x, String(runs)], { encoding: "utf8", maxBuffer: 1 << 26 }),
  );
}

function ours(template, text, runs) {
  const t = compileTemplate(template);
  let best = Number.POSITIVE_INFINITY;
  let rows = 0;
  for (let i = 0; i < runs + 2; i++) {
    const start = process.hrtime.bigint();
    rows = t.parse(text).length;
    const s = Number(process.hrtime.bigint() - start) / 1e9;
    if (i >= 2) best = Math.min(best, s);
  }
  return { seconds: best, rows };
}

export async function run() {
  const dir = mkdtempSync(join(tmpdir(), "pb-bench-textfsm-"));
  const rows = [];
  try {
    const cases = [
      ["route table, 4,000 lines", ROUTE_TEMPLATE, routeTable(4_000), routeTable(40_000)],
      ["interfaces, 10,000", INTERFACE_TEMPLATE, interfaceListing(10_000), interfaceListing(100_000)],
    ];
    for (const [label, template, text, big] of cases) {
      const py = python(dir, template, text, 5);
      const me = ours(template, text, 10);
      if (py.rows !== me.rows) throw new Error(`${label}: Python gave ${py.rows} rows, Patchbay ${me.rows}`);
      const meBig = ours(template, big, 6);
      rows.push({
        input: label,
        rows: me.rows,
        "python rows/s": Math.round(py.rows / py.seconds),
        "patchbay rows/s": Math.round(me.rows / me.seconds),
        "x python": (py.seconds / me.seconds).toFixed(1),
        "10x input: time ratio": (meBig.seconds / me.seconds).toFixed(2),
      });
    }
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
  return rows;
}

if (isMain(import.meta.url))
  printTable("TextFSM: @patchbay/textfsm vs Python TextFSM, same templates and text", await run());
