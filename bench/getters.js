// Getter cost over the bare command: on the FRR peer (one session), each normalised getter vs
// runCommands of the same vtysh commands (the same bytes over the wire, no parsing), timed
// alternately (A B A B ...) and reported as the median of the per-pair ratios. Also the parse
// overhead per host: parsing alone, in microseconds, next to the command's round trip.
//   node bench/getters.js          (needs the peers: bash test/peers/setup.sh)
import { existsSync, readFileSync } from "node:fs";
import { fileURLToPath } from "node:url";
import { Bgp, Commands, Interfaces, Routes } from "@patchbay/capabilities";
import { connect, registerConnectionPlugin } from "@patchbay/core";
import { parseFrrBgp, parseFrrInterfaces, parseFrrRoutes, plugins } from "@patchbay/platform-frr";
import { isMain, printTable } from "./lib/stats.js";

const RUNS = 15;

const CASES = [
  {
    name: "getInterfaces",
    commands: ["show interface json"],
    getter: (d) => d.getInterfaces(),
    parse: ([a]) => parseFrrInterfaces(JSON.parse(a)),
  },
  {
    name: "getBgpNeighbors",
    commands: ["show bgp vrf all summary json", "show bgp vrf all neighbors json"],
    getter: (d) => d.getBgpNeighbors(),
    parse: ([a, b]) => parseFrrBgp(JSON.parse(a), JSON.parse(b)),
  },
  {
    name: "getRouteTo 10.200.0.0/16 longer (250 BGP routes)",
    commands: ["show ip route 10.200.0.0/16 longer-prefixes json"],
    getter: (d) => d.getRouteTo("10.200.0.0/16", { longer: true }),
    parse: ([a]) => parseFrrRoutes(JSON.parse(a)),
  },
];

const median = (xs) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)];
const ms = async (fn) => {
  const t = process.hrtime.bigint();
  await fn();
  return Number(process.hrtime.bigint() - t) / 1e6;
};

export async function run() {
  const peersFile = fileURLToPath(new URL("../.peers/peers.json", import.meta.url));
  if (!existsSync(peersFile))
    return [{ case: "getters", result: "not run: start the peers first (bash test/peers/setup.sh)" }];
  const frr = JSON.parse(readFileSync(peersFile, "utf8")).frr;
  for (const r of plugins) registerConnectionPlugin(r.plugin, r);
  const device = await connect(
    {
      id: "frr-bench",
      host: frr.host,
      port: frr.port,
      username: frr.username,
      password: frr.password,
      platform: "frr",
      data: { ssh: { hostKeyPolicy: "off" } },
    },
    { capabilities: [Commands, Interfaces, Bgp, Routes] },
  );
  const rows = [];
  try {
    for (const c of CASES) {
      const ratios = [];
      const bare = [];
      let outputs = [];
      for (let i = 0; i < RUNS + 2; i++) {
        const b = await ms(async () => {
          outputs = (await device.runCommands(c.commands)).map((r) => r.output);
        });
        const g = await ms(() => c.getter(device));
        if (i < 2) continue; // warm-up
        bare.push(b);
        ratios.push(g / b);
      }
      const parseRuns = 200;
      const parseMs = await ms(async () => {
        for (let i = 0; i < parseRuns; i++) c.parse(outputs);
      });
      rows.push({
        getter: c.name,
        "bare ms (median)": median(bare),
        "getter/bare (median)": median(ratios),
        "parse µs/host": (parseMs * 1000) / parseRuns,
        "output bytes": outputs.reduce((s, o) => s + o.length, 0),
      });
    }
  } finally {
    await device.close();
  }
  return rows;
}

if (isMain(import.meta.url))
  printTable("Getters on FRR: getter vs runCommands of the same commands", await run());
