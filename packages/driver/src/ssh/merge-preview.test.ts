import { describe, expect, it } from "vitest";
import { previewMerge } from "./merge-preview.ts";

const RUNNING = [
  "hostname R1",
  "!",
  "interface Gi1",
  " description uplink",
  " no shutdown",
  "!",
  "end",
  "",
].join("\n");

describe("previewMerge", () => {
  it("adds new settings at the end of their block and new blocks before end, ended as the device ends blocks", () => {
    const after = previewMerge(RUNNING, [
      "interface Gi1",
      " mtu 9000",
      "interface Gi2",
      " description new",
      "ntp server 10.0.0.1",
    ]);
    expect(after).toBe(
      [
        "hostname R1",
        "!",
        "interface Gi1",
        " description uplink",
        " no shutdown",
        " mtu 9000",
        "!",
        "interface Gi2",
        " description new",
        "!",
        "ntp server 10.0.0.1",
        "end",
        "",
      ].join("\n"),
    );
  });

  it("does not repeat lines that are present, and removes negated ones", () => {
    const after = previewMerge(RUNNING, [
      "hostname R1",
      "interface Gi1",
      " description uplink",
      " no description uplink",
    ]);
    expect(after).not.toContain("description uplink");
    expect(after.match(/hostname R1/g)).toHaveLength(1);
  });

  it("leaves the text unchanged when nothing is new", () => {
    expect(previewMerge(RUNNING, ["interface Gi1", " no shutdown", "end"])).toBe(
      `${RUNNING.split("\n").filter(Boolean).join("\n")}\n`,
    );
  });

  it("replaces a setting that holds one value, as the device does, and indents as the running text does", () => {
    const nxos = "interface Ethernet1/1\n  description old\n  mtu 9216\n";
    expect(previewMerge(nxos, ["interface Ethernet1/1", "  description new"])).toBe(
      "interface Ethernet1/1\n  description new\n  mtu 9216\n",
    );
  });
});
