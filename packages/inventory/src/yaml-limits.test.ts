import { describe, expect, it } from "vitest";
import { InventoryError, type InventoryIssue } from "./errors.ts";
import { MAX_NESTING } from "./internal/document.ts";
import { parseInventory } from "./inventory.ts";

async function firstIssue(text: string): Promise<InventoryIssue> {
  const error = await parseInventory(text, { file: "/tmp/fleet.yaml", env: {} }).catch((e: unknown) => e);
  expect(error).toBeInstanceOf(InventoryError);
  const issue = (error as InventoryError).issues[0] as InventoryIssue;
  expect(issue.file).toBe("/tmp/fleet.yaml");
  expect(issue.line).toEqual(expect.any(Number));
  return issue;
}

/** Ten anchors, each a list of ten aliases of the one before: 10^10 nodes once expanded. */
function aliasBomb(): string {
  let text = "defaults:\n  data:\n    a0: &a0 [x, x, x, x, x, x, x, x, x, x]\n";
  for (let i = 1; i < 10; i++)
    text += `    a${i}: &a${i} [${Array(10)
      .fill(`*a${i - 1}`)
      .join(", ")}]\n`;
  return text;
}

describe("hostile YAML gives InventoryError with file and line", () => {
  it("an unresolved alias", async () => {
    const issue = await firstIssue("defaults:\n  platform: linux\n  username: *nowhere\n");
    expect(issue.line).toBe(3);
    expect(issue.message).toMatch(/alias/i);
  });

  it("an alias bomb", async () => {
    const issue = await firstIssue(aliasBomb());
    expect(issue.message).toMatch(/excessive alias count/i);
    expect(issue.line).toBeGreaterThan(1);
  });

  it("flow nesting 2,500 and 10,000 levels deep", async () => {
    for (const depth of [2_500, 10_000]) {
      const issue = await firstIssue(`defaults:\n  data: ${"[".repeat(depth)}${"]".repeat(depth)}\n`);
      expect(issue.key).toBe("(yaml)");
    }
  });

  it("block nesting deeper than the limit, at the line where it gets too deep", async () => {
    let text = "defaults:\n";
    for (let i = 1; i <= MAX_NESTING + 5; i++) text += `${"  ".repeat(i)}k${i}:\n`;
    const issue = await firstIssue(text);
    expect(issue.message).toMatch(/nest more than 64 levels/);
    // The mapping that is one level too deep starts on the line after its key.
    expect(issue.line).toBe(MAX_NESTING + 1);
  });

  it("aliases that nest data deeper than the limit, or inside themselves", async () => {
    const nest = (inner: string) => `${"[".repeat(40)}${inner}${"]".repeat(40)}`;
    const deep = await firstIssue(
      `defaults:\n  data:\n    x0: &x0 [1]\n    x1: &x1 ${nest("*x0")}\n    x2: &x2 ${nest("*x1")}\n`,
    );
    expect(deep.message).toMatch(/aliases nest the data more than 64 levels/);
    expect(deep.line).toBe(4);
    const self = await firstIssue("defaults:\n  data: &loop\n    again: *loop\n");
    expect(self.message).toMatch(/alias/i);
  });

  it("a key written twice in one mapping", async () => {
    const issue = await firstIssue("hosts:\n  r1: {}\n  r2: {}\n  r1: {}\n");
    expect(issue).toMatchObject({ line: 4, key: "r1", message: "is defined twice in the same mapping" });
  });
});
