// The differential corpus: templates written for these tests and show outputs of several
// platforms (the simulator's, and the real FRR peer's read live).
import { execFileSync } from "node:child_process";
import { readdirSync, readFileSync } from "node:fs";
import { join } from "node:path";
import { fileURLToPath } from "node:url";

export const CORPUS_DIR: string = fileURLToPath(new URL("./corpus/", import.meta.url));

export function corpusTemplates(): Array<{ name: string; text: string }> {
  return readdirSync(CORPUS_DIR)
    .filter((f) => f.endsWith(".textfsm"))
    .sort()
    .map((name) => ({ name, text: readFileSync(join(CORPUS_DIR, name), "utf8") }));
}

export function corpusInputs(): Array<{ name: string; text: string }> {
  const out: Array<{ name: string; text: string }> = [];
  const base = join(CORPUS_DIR, "inputs");
  for (const platform of readdirSync(base).sort())
    for (const file of readdirSync(join(base, platform)).sort())
      out.push({ name: `${platform}/${file}`, text: readFileSync(join(base, platform, file), "utf8") });
  return out;
}

const FRR_COMMANDS = [
  "show ip route",
  "show interface brief",
  "show version",
  "show running-config",
  "show bgp summary",
];

/** Outputs of the real FRR peer (test/peers/setup.sh starts it in network namespace pbfrr). */
export function liveFrrOutputs(): Array<{ name: string; text: string }> {
  const peers = JSON.parse(
    readFileSync(fileURLToPath(new URL("../../../.peers/peers.json", import.meta.url)), "utf8"),
  );
  const netns: string = peers.frr.netns;
  return FRR_COMMANDS.map((command) => ({
    name: `frr-peer/${command}`,
    text: execFileSync("ip", ["netns", "exec", netns, "vtysh", "-c", command], {
      encoding: "utf8",
      timeout: 20_000,
      maxBuffer: 64 * 1024 * 1024,
    }),
  }));
}
