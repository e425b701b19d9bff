// NETCONF benchmark (issue: netconf): get-config of 1, 10 and 100 MB from the simulator, against the
// floor of reading the same reply bytes over the same SSH subsystem without parsing anything.
// Reports MB/s, the ratio to the floor, peak RSS and CPU time of the client process, and the
// 100 MB / 10 MB time ratio (linear is about 10). The simulator runs in this process; every client measurement runs in
// a fresh child process so its peak RSS is its own. Usage: node bench/netconf.js
import { execFile } from "node:child_process";
import { fileURLToPath } from "node:url";
import { promisify } from "node:util";
import { createDevice } from "@patchbay/core";
import { NETCONF_ROUTE_BYTES, startDevice } from "@patchbay/devsim";
import { NetconfConnection } from "@patchbay/netconf";
import ssh2 from "ssh2";
import { isMain, printTable } from "./lib/stats.js";

const USER = "bench";
const PASSWORD = "bench-pw";
const MB = 1024 * 1024;
const here = fileURLToPath(import.meta.url);
const ROUTES_FILTER = '<filter type="subtree"><routes xmlns="urn:patchbay:devsim:routes"/></filter>';
const GET_CONFIG = `<get-config><source><running/></source>${ROUTES_FILTER}</get-config>`;

// ------------------------------------------------------------------ client side (child processes)

/** The floor: ssh2 subsystem, hellos, one chunked RPC, bytes counted until the end-of-chunks marker. */
async function rawGetConfig(host, port) {
  const client = await new Promise((resolve, reject) => {
    const c = new ssh2.Client();
    c.on("ready", () => {
      c.setNoDelay(true);
      resolve(c);
    }).on("error", reject);
    c.connect({ host, port, username: USER, password: PASSWORD, readyTimeout: 20_000 });
  });
  const channel = await new Promise((resolve, reject) =>
    client.subsys("netconf", (err, ch) => (err ? reject(err) : resolve(ch))),
  );
  let onData;
  channel.on("data", (d) => onData(d));
  // Server hello (end-of-message framing), then our hello.
  await new Promise((resolve) => {
    let seen = "";
    onData = (d) => {
      seen += d.toString("latin1");
      if (seen.includes("]]>]]>")) resolve();
    };
    channel.write(
      '<hello xmlns="urn:ietf:params:xml:ns:netconf:base:1.0"><capabilities><capability>urn:ietf:params:netconf:base:1.1</capability></capabilities></hello>]]>]]>',
    );
  });
  const rpc = Buffer.from(
    `<rpc xmlns="urn:ietf:params:xml:ns:netconf:base:1.0" message-id="1">${GET_CONFIG}</rpc>`,
  );
  const cpu = process.cpuUsage();
  const t = process.hrtime.bigint();
  const bytes = await new Promise((resolve) => {
    let total = 0;
    let tail = Buffer.alloc(0);
    onData = (d) => {
      total += d.length;
      tail = Buffer.concat([tail, d.subarray(Math.max(0, d.length - 4))]).subarray(-4);
      if (tail.toString("latin1") === "\n##\n") resolve(total);
    };
    channel.write(Buffer.concat([Buffer.from(`\n#${rpc.length}\n`), rpc, Buffer.from("\n##\n")]));
  });
  const ms = Number(process.hrtime.bigint() - t) / 1e6;
  const used = process.cpuUsage(cpu);
  channel.close();
  client.end();
  return { ms, bytes, cpuMs: (used.user + used.system) / 1000 };
}

async function netconfGetConfig(host, port) {
  const conn = new NetconfConnection({
    device: createDevice({
      host,
      username: USER,
      password: PASSWORD,
      platform: "cisco_iosxe",
      data: { netconf: { port } },
    }),
    sshOptions: { hostKeyPolicy: "off", keepaliveIntervalMs: 0 },
    // No pause before the first RPC (it is the one timed): the simulator reads the hello apart.
    options: { rpcTimeoutMs: 600_000, helloGapMs: 0 },
  });
  await conn.connect();
  const cpu = process.cpuUsage();
  const t = process.hrtime.bigint();
  const reply = await conn.getConfig({ filter: '<routes xmlns="urn:patchbay:devsim:routes"/>' });
  const bytes = reply.xml.length;
  const ms = Number(process.hrtime.bigint() - t) / 1e6;
  const used = process.cpuUsage(cpu);
  await conn.disconnect();
  return { ms, bytes, cpuMs: (used.user + used.system) / 1000 };
}

async function child(kind, host, port) {
  const out = kind === "raw" ? await rawGetConfig(host, port) : await netconfGetConfig(host, port);
  out.maxRssMB = process.resourceUsage().maxRSS / 1024;
  process.stdout.write(JSON.stringify(out));
}

// ------------------------------------------------------------------ orchestration (this process)

async function runChild(kind, host, port) {
  const { stdout } = await promisify(execFile)(
    process.execPath,
    [here, "--child", kind, host, String(port)],
    {
      encoding: "utf8",
      maxBuffer: 1 << 20,
      timeout: 900_000,
    },
  );
  return JSON.parse(stdout);
}

export async function runLarge() {
  const sim = await startDevice({
    platform: "cisco_iosxe",
    hostname: "R1",
    username: USER,
    password: PASSWORD,
  });
  try {
    const rows = [];
    const times = {};
    for (const mb of [1, 10, 100]) {
      const routes = Math.ceil((mb * MB) / NETCONF_ROUTE_BYTES);
      sim.netconf.setRoutes(routes);
      // Best of 3 for the small sizes smooths a noisy shared machine; 100 MB once.
      const reps = mb === 100 ? 1 : 3;
      const best = async (kind) => {
        let b;
        for (let i = 0; i < reps; i++) {
          const r = await runChild(kind, sim.host, sim.port);
          if (!b || r.ms < b.ms) b = r;
        }
        return b;
      };
      const raw = await best("raw");
      const nc = await best("netconf");
      if (nc.bytes < routes * NETCONF_ROUTE_BYTES)
        throw new Error(`netconf returned ${nc.bytes} characters for ${routes} routes`);
      if (raw.bytes < nc.bytes)
        throw new Error(`raw read ${raw.bytes} bytes, fewer than the ${nc.bytes} of the reply data`);
      times[mb] = { raw: raw.ms, nc: nc.ms, rawCpu: raw.cpuMs, ncCpu: nc.cpuMs };
      rows.push({
        size: `${mb} MB`,
        "raw MB/s": raw.bytes / MB / (raw.ms / 1000),
        "netconf MB/s": raw.bytes / MB / (nc.ms / 1000),
        "ratio to floor": raw.ms / nc.ms,
        "raw RSS MB": raw.maxRssMB,
        "netconf RSS MB": nc.maxRssMB,
        // Client CPU for the reply: steadier than wall time when the machine is shared.
        "raw CPU ms": raw.cpuMs,
        "netconf CPU ms": nc.cpuMs,
      });
    }
    rows.push({
      size: "100/10 time",
      "raw MB/s": times[100].raw / times[10].raw,
      "netconf MB/s": times[100].nc / times[10].nc,
      "ratio to floor": "",
      "raw RSS MB": "",
      "netconf RSS MB": "",
      "raw CPU ms": times[100].rawCpu / times[10].rawCpu,
      "netconf CPU ms": times[100].ncCpu / times[10].ncCpu,
    });
    return rows;
  } finally {
    await sim.close();
  }
}

if (process.argv[2] === "--child") {
  const [, , , kind, host, port] = process.argv;
  await child(kind, host, Number(port));
  process.exit(0);
} else if (isMain(import.meta.url)) {
  printTable("NETCONF get-config vs raw read of the same subsystem bytes", await runLarge());
}
