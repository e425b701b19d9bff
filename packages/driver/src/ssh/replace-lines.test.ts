import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { previewMerge } from "./merge-preview.ts";
import { negateLine, replaceLines } from "./replace-lines.ts";

const RUNNING = [
  "hostname R1",
  "!",
  "interface Gi1",
  " description up",
  " mtu 9000",
  "!",
  "ip route 10.0.0.0/8 Null0",
  "end",
  "",
].join("\n");

describe("replaceLines", () => {
  it("removes blocks and settings the target lacks, inside their block, then sends only what is new", () => {
    const target = ["hostname R1", "interface Gi1", " description up", "ntp server 10.1.1.1"];
    expect(replaceLines(RUNNING, target, { keep: /^end$/ })).toEqual([
      "interface Gi1",
      " no mtu 9000",
      "exit",
      "no ip route 10.0.0.0/8 Null0",
      "ntp server 10.1.1.1",
    ]);
  });

  it("never removes kept lines and turns a removed `no X` into `X`", () => {
    const running = "frr version 8.4\nno ipv6 forwarding\nend\n";
    expect(replaceLines(running, ["hostname R2"], { keep: /^(frr version|end)/ })).toEqual([
      "ipv6 forwarding",
      "hostname R2",
    ]);
  });

  it("deletes every flat line the target lacks (Junos set lines)", () => {
    const running = "set system host-name R1\nset interfaces ge-0/0/1 description x\n";
    const lines = replaceLines(running, ["set system host-name R1"], {
      flat: true,
      negate: (l) => l.replace(/^set /, "delete "),
    });
    expect(lines).toEqual(["delete interfaces ge-0/0/1 description x"]);
  });

  it("gives a merge preview equal to the target's blocks, for any pair of configurations (property)", () => {
    const setting = fc.constantFrom(
      " description a",
      " description b",
      " mtu 1500",
      " shutdown",
      " ip address 10.0.0.1/24",
    );
    const block = fc.record({
      name: fc.constantFrom("interface Gi1", "interface Gi2", "router bgp 1", "line vty"),
      // One value per single-valued setting, as a device holds it.
      settings: fc.uniqueArray(setting, { maxLength: 3, selector: (l) => l.trim().split(" ")[0] }),
    });
    const config = fc
      .uniqueArray(block, { maxLength: 4, selector: (b) => b.name })
      .map((blocks) => blocks.flatMap((b) => [b.name, ...b.settings]));
    fc.assert(
      fc.property(config, config, (now, target) => {
        const running = `${now.join("\n")}\n`;
        const after = previewMerge(running, replaceLines(running, target, {}));
        const canon = (lines: string[]) => blocksOf(lines);
        expect(canon(after.split("\n"))).toEqual(canon(target));
      }),
      { seed: 15, numRuns: 200 },
    );
  });

  it("negates both ways", () => {
    expect(negateLine(" shutdown")).toBe("no shutdown");
    expect(negateLine("no ip forwarding")).toBe("ip forwarding");
  });
});

/** Blocks with sorted settings, sorted by name: what two configurations agree on regardless of order. */
function blocksOf(lines: readonly string[]): string[] {
  const out = new Map<string, string[]>();
  let current: string[] | undefined;
  for (const line of lines) {
    if (line.trim() === "") continue;
    if (/^\s/.test(line)) current?.push(line.trim());
    else {
      current = [];
      out.set(line, current);
    }
  }
  return [...out.entries()].map(([k, v]) => `${k}: ${[...new Set(v)].sort().join(",")}`).sort();
}
