import { describe, expect, it, vi } from "vitest";
import { type Capability, defineCapability, getCapability, implementsCapability } from "./capability.ts";

interface Greeter {
  greet(name: string): string;
  wave(): void;
}

describe("defineCapability", () => {
  it("gives a token with a stable id, the method names and a Symbol.for key", () => {
    const G: Capability<Greeter> = defineCapability<Greeter>()("test.Greeter", ["greet", "wave"]);
    expect(G.id).toBe("test.Greeter");
    expect(G.methods).toEqual(["greet", "wave"]);
    expect(G.key).toBe(Symbol.for("@patchbay/capability:test.Greeter"));
    expect(getCapability("test.Greeter")).toBe(G);
  });

  it("returns the same token from a second copy of the module", async () => {
    const G = defineCapability<Greeter>()("test.Shared", ["greet", "wave"]);
    vi.resetModules();
    const copy = await import("./capability.ts");
    expect(copy.defineCapability).not.toBe(defineCapability);
    expect(copy.defineCapability<Greeter>()("test.Shared", ["greet", "wave"])).toBe(G);
  });

  it("refuses to redefine an id with other methods", () => {
    defineCapability<Greeter>()("test.Clash", ["greet", "wave"]);
    expect(() => defineCapability<Pick<Greeter, "greet">>()("test.Clash", ["greet"])).toThrow(
      /already defined/,
    );
  });

  it("checks at compile time that every method is named", () => {
    // @ts-expect-error: "wave" is missing from the method list.
    const partial = () => defineCapability<Greeter>()("test.Partial", ["greet"]);
    expect(partial).toBeTypeOf("function");
  });

  it("rejects an empty method list and a bad id at run time", () => {
    expect(() => defineCapability<object>()("test.Empty", [] as never)).toThrow(/at least one method/);
    expect(() => defineCapability<Greeter>()("", ["greet", "wave"])).toThrow(/identifier/);
  });

  it("tells whether an object implements a capability", () => {
    const G = defineCapability<Greeter>()("test.Impl", ["greet", "wave"]);
    expect(implementsCapability({ greet: () => "", wave: () => {} }, G)).toBe(true);
    expect(implementsCapability({ greet: () => "" }, G)).toBe(false);
  });
});
