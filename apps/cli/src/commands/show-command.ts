// `patchbay show <getter>`: the normalised getters (interfaces, BGP, routes...) across a fleet, as a
// readable table per host or JSON. Hosts whose platform lacks the getter are skipped, not failed.
import type { Command } from "commander";
import type { Output } from "../output.ts";
import { EXIT, type FleetOptions, withFleetOptions } from "./options.ts";
import { rowsTable } from "./parse-command.ts";

type Run = (code: number) => void;
type Cell = string | string[];
type Row = Record<string, Cell>;
type Address = { address: string; prefixLength: number };

/** The getter names, for --help without loading the capabilities. */
const NAMES = "interfaces|interfaces-ip|lldp-neighbors|bgp-neighbors|arp|mac-table|vlans|route-to PREFIX";

const s = (v: unknown): string => (v === null || v === undefined ? "-" : String(v));
const yes = (v: unknown): string => (v === true ? "yes" : "no");

/** Each getter's result as table rows (one row per interface, peer, route...). */
const ROWS: Record<string, (value: unknown) => Row[]> = {
  interfaces: (v) =>
    (v as Record<string, unknown>[]).map((i) => ({
      name: s(i.name),
      enabled: yes(i.enabled),
      up: yes(i.up),
      speedMbps: s(i.speedMbps),
      mtu: s(i.mtu),
      mac: s(i.macAddress),
      description: s(i.description),
    })),
  "interfaces-ip": (v) =>
    (v as { name: string; ipv4: Address[]; ipv6: Address[] }[]).map((i) => ({
      name: i.name,
      ipv4: i.ipv4.map((a) => `${a.address}/${a.prefixLength}`),
      ipv6: i.ipv6.map((a) => `${a.address}/${a.prefixLength}`),
    })),
  "lldp-neighbors": (v) =>
    (v as Record<string, unknown>[]).map((n) => ({
      localPort: s(n.localPort),
      remoteSystem: s(n.remoteSystemName),
      remotePort: s(n.remotePort),
      chassisId: s(n.chassisId),
      capabilities: (n.capabilities as string[]) ?? [],
    })),
  "bgp-neighbors": (v) =>
    (v as { vrf: string; localAs: number; peers: Record<string, unknown>[] }[]).flatMap((vrf) =>
      vrf.peers.map((p) => {
        const afs = Object.entries(p.addressFamilies as Record<string, Record<string, unknown>>);
        return {
          vrf: vrf.vrf,
          peer: s(p.address),
          remoteAs: s(p.remoteAs),
          state: s(p.state),
          up: yes(p.up),
          uptimeSeconds: s(p.uptimeSeconds),
          "accepted/sent": afs.map(([af, c]) => `${af} ${s(c.acceptedPrefixes)}/${s(c.sentPrefixes)}`),
          description: s(p.description),
        };
      }),
    ),
  arp: (v) =>
    (v as Record<string, unknown>[]).map((e) => ({
      ip: s(e.ip),
      mac: s(e.macAddress),
      interface: s(e.interface),
      ageSeconds: s(e.ageSeconds),
    })),
  "mac-table": (v) =>
    (v as Record<string, unknown>[]).map((e) => ({
      mac: s(e.macAddress),
      vlan: s(e.vlan),
      interface: s(e.interface),
      static: yes(e.static),
      active: yes(e.active),
    })),
  vlans: (v) =>
    (v as Record<string, unknown>[]).map((e) => ({
      id: s(e.id),
      name: s(e.name),
      interfaces: (e.interfaces as string[]) ?? [],
    })),
  "route-to": (v) =>
    (v as Record<string, unknown>[]).map((r) => ({
      prefix: s(r.prefix),
      protocol: s(r.protocol),
      active: yes(r.active),
      preference: s(r.preference),
      metric: s(r.metric),
      vrf: s(r.vrf),
      nextHops: (r.nextHops as { address: string | null; interface: string | null }[]).map(
        (h) => `${h.address ?? "-"}${h.interface !== null ? ` via ${h.interface}` : ""}`,
      ),
    })),
};

export function registerShowCommand(program: Command, output: () => Output, exit: Run): void {
  withFleetOptions(
    program
      .command("show")
      .description(`a normalised getter on every host: ${NAMES}`)
      .argument("<getter...>", `the getter (${NAMES})`)
      .option("--summary", "one line per host (a table) instead of each host's table")
      .option("--protocol <name>", "route-to: only routes of this protocol (bgp, static, connected...)")
      .option("--longer", "route-to: also the more specific routes inside the prefix"),
  ).action(async (words: string[], options: FleetOptions & { protocol?: string; longer?: boolean }) => {
    exit(await runShow(output(), words, options));
  });
}

async function runShow(
  out: Output,
  words: string[],
  options: FleetOptions & { protocol?: string; longer?: boolean },
): Promise<number> {
  const { GETTERS, findGetter, parsePrefix } = await import("@patchbay/capabilities");
  const [name = "", ...rest] = words;
  const getter = findGetter(name);
  if (getter === undefined || (!getter.takesPrefix && rest.length > 0)) {
    out.err(`patchbay show: no getter named "${words.join(" ")}". The getters:`);
    for (const g of GETTERS)
      out.err(`  ${(g.takesPrefix ? `${g.name} PREFIX` : g.name).padEnd(22)} ${g.description}`);
    out.err(`For a raw device command, run it: patchbay run ${JSON.stringify(`show ${words.join(" ")}`)}`);
    return EXIT.usage;
  }
  if (options.queue !== undefined) {
    out.err("patchbay show: --queue is not supported yet; run it without a queue.");
    return EXIT.usage;
  }
  if (options.json && options.ndjson) {
    out.err("patchbay show: --json and --ndjson exclude each other.");
    return EXIT.usage;
  }
  let prefix: string | undefined;
  if (getter.takesPrefix) {
    prefix = rest[0];
    if (rest.length !== 1 || prefix === undefined || parsePrefix(prefix) === null) {
      out.err(`patchbay show ${getter.name}: give one IPv4 or IPv6 prefix or address, e.g. 10.0.0.0/8.`);
      return EXIT.usage;
    }
  } else if (options.protocol !== undefined || options.longer) {
    out.err(`patchbay show ${getter.name}: --protocol and --longer belong to route-to.`);
    return EXIT.usage;
  }
  const lib = await import("./fleet-lib.ts");
  const rows = ROWS[getter.name] ?? (() => []);
  const title = `show ${getter.name}${prefix !== undefined ? ` ${prefix}` : ""}`;
  return lib.runAcrossFleet(
    out,
    title,
    options,
    (host, op) =>
      lib.withDevice(host, [getter.capability], op, async (device) => {
        op.step(title);
        const call = (device as unknown as Record<string, (...a: unknown[]) => Promise<unknown>>)[
          getter.method
        ];
        if (call === undefined) throw new Error(`no ${getter.method} on the proxy`);
        const opts = { timeoutMs: op.timeoutMs, signal: op.signal };
        return prefix !== undefined
          ? call(prefix, {
              ...opts,
              ...(options.protocol !== undefined ? { protocol: options.protocol } : {}),
              ...(options.longer ? { longer: true } : {}),
            })
          : call(opts);
      }),
    {
      summary: (value) => {
        const n = rows(value).length;
        return `${n} ${n === 1 ? "row" : "rows"}`;
      },
      json: (value) => value,
      details: (r) => (r.ok ? rowsTable(rows(r.value)) : lib.failureDetails(r)),
    },
  );
}
