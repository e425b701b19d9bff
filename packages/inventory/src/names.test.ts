import { mkdtemp, rm, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { formatIssue, InventoryError } from "./errors.ts";
import { parseInventory } from "./inventory.ts";
import { hostNameProblem } from "./names.ts";

let dir: string;
beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), "pb-names-"));
});
afterAll(async () => {
  await rm(dir, { recursive: true, force: true });
});

const failure = async (text: string): Promise<InventoryError> => {
  const error = await parseInventory(text, { file: join(dir, "fleet.yaml"), env: {} }).catch(
    (e: unknown) => e,
  );
  expect(error).toBeInstanceOf(InventoryError);
  return error as InventoryError;
};

describe("host names", () => {
  it("accepts names, addresses and connector names", () => {
    for (const name of ["r1.lab", "10.0.0.1", "::1", "[fe80::1%eth0]", "@ssh/r1.lab", "@local", "edge_01-b"])
      expect(hostNameProblem(name), name).toBeUndefined();
  });

  it("refuses names that would leave a folder or carry control characters", () => {
    for (const name of [
      "..",
      ".",
      "a/b",
      "../etc",
      "@ssh/..",
      "@ssh/a/../../b",
      "-rf",
      "r1\u001b[2J",
      "a b",
      "",
      "x".repeat(254),
    ])
      expect(hostNameProblem(name), JSON.stringify(name)).toBeDefined();
  });

  it("refuses .. and / in the fleet file, with the line and the host", async () => {
    const error = await failure(
      `defaults: { platform: linux }\nhosts:\n  "..": {}\n  ok1: {}\ngroups:\n  g: { hosts: ["a/../../b"] }\n`,
    );
    expect(error.issues.map((i) => [i.host, i.line])).toEqual([
      ["a/../../b", 6],
      ["..", 3],
    ]);
  });

  it("refuses a hostile name from a source, naming the source, and prints no control character", async () => {
    await writeFile(
      join(dir, "hosts.json"),
      JSON.stringify([
        { name: "..", platform: "linux" },
        { name: "r\u001b[31m1", platform: "linux" },
      ]),
    );
    const error = await failure(`sources: [{ type: json, path: hosts.json }]`);
    expect(error.issues).toHaveLength(2);
    expect(error.issues[0]?.message).toContain("json source hosts.json returned a host whose name");
    expect(error.issues.map((i) => i.host)).toEqual(["..", "r\u001b[31m1"]);
    // biome-ignore lint/suspicious/noControlCharactersInRegex: checking that none is printed.
    expect(error.message).not.toMatch(/[\u0000-\u0009\u000b-\u001f]/);
    expect(formatIssue(error.issues[1] as never)).toContain("\\u001b");
  });

  it("refuses a group name starting with a dot, from the file or a source", async () => {
    await writeFile(
      join(dir, "grouped.json"),
      JSON.stringify([{ name: "r1", platform: "linux", groups: ["../x"] }]),
    );
    const fromFile = await failure(`groups: { "..": { hosts: [] } }`);
    expect(fromFile.issues[0]).toMatchObject({ key: "groups..." });
    const fromSource = await failure(`sources: [{ type: json, path: grouped.json }]`);
    expect(fromSource.issues[0]?.message).toMatch(/put the host in group "\.\.\/x"/);
  });
});
