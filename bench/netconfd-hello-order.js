// Interoperability measurement (issue 16 item 14): how often yuma123 netconfd leaves the first RPC of
// a session unanswered, with the client's hello sent at channel open (`at-open`) or after the
// server's hello (`after-server`, the default). Runs N sessions per order against the real peer of
// test/peers (facts in .peers/peers.json), alternating the orders, and counts first RPCs that time
// out (stalls). Usage: node bench/netconfd-hello-order.js [sessions per order, default 150]
import { mkdtempSync, readFileSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join, resolve } from "node:path";
import { createDevice, TimeoutError } from "@patchbay/core";
import { NetconfConnection } from "@patchbay/netconf";

const n = Number(process.argv[2] ?? 150);
const STALL_MS = 3_000;
const PAUSE_MS = Number(process.env.PAUSE_MS ?? 0);
const peers = JSON.parse(readFileSync(resolve(import.meta.dirname, "../.peers/peers.json"), "utf8"));
const peer = peers.netconfd;
const dir = mkdtempSync(join(tmpdir(), "pb-hello-order-"));
const device = createDevice({
  id: "netconfd",
  host: peer.host,
  port: peer.port,
  username: peer.username,
  password: peer.password,
  platform: "netconf",
});

/** One session: connect, the first RPC at once (no pause), close. Returns "ok", "stall" or an error. */
async function session(helloOrder) {
  const conn = new NetconfConnection({
    device,
    options: {
      helloOrder,
      rpcTimeoutMs: STALL_MS,
      ...(process.env.GAP_MS ? { helloGapMs: Number(process.env.GAP_MS) } : {}),
    },
    sshOptions: { knownHostsPath: join(dir, "known_hosts"), keepaliveIntervalMs: 0 },
  });
  try {
    await conn.connect({ timeoutMs: 20_000 });
    if (PAUSE_MS > 0) await new Promise((r) => setTimeout(r, PAUSE_MS));
    await conn.get({ filter: `<system-state xmlns="urn:ietf:params:xml:ns:yang:ietf-system"/>` });
    return "ok";
  } catch (err) {
    return err instanceof TimeoutError ? "stall" : `error ${err?.code ?? err}`;
  } finally {
    await conn.disconnect();
  }
}

const counts = { "at-open": { ok: 0, stall: 0, other: 0 }, "after-server": { ok: 0, stall: 0, other: 0 } };
const started = Date.now();
for (let i = 0; i < n; i++) {
  for (const order of ["at-open", "after-server"]) {
    const outcome = await session(order);
    const c = counts[order];
    if (outcome === "ok") c.ok++;
    else if (outcome === "stall") c.stall++;
    else {
      c.other++;
      console.error(`${order} session ${i}: ${outcome}`);
    }
  }
}
rmSync(dir, { recursive: true, force: true });
console.log(
  `netconfd ${peer.version}, ${n} sessions per order, first RPC limit ${STALL_MS} ms, ${((Date.now() - started) / 1000).toFixed(1)} s`,
);
for (const [order, c] of Object.entries(counts)) {
  console.log(
    `${order.padEnd(13)} ok ${c.ok}  stalls ${c.stall} (${((100 * c.stall) / n).toFixed(1)}%)  other errors ${c.other}`,
  );
}
process.exitCode = counts["after-server"].stall === 0 && counts["after-server"].other === 0 ? 0 : 1;
