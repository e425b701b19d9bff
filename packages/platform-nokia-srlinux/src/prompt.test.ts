import { getPlatformDefinition, hostnameFromPrompt, privilegeLevelOf } from "@patchbay/driver";
import { describe, expect, it } from "vitest";

const srl = getPlatformDefinition("nokia_srlinux");
const level = (prompt: string): string | undefined => privilegeLevelOf(srl.privilegeLevels, prompt)?.name;

describe("the driver's nokia_srlinux prompts", () => {
  it("match both lines of the prompt in each mode, with the change flags and a context", () => {
    expect(level("--{ running }--[  ]--\nA:leaf1# ")).toBe("exec");
    expect(level("--{ + running }--[  ]--\nA:leaf1#")).toBe("exec");
    expect(level("--{ candidate shared default }--[  ]--\nA:leaf1# ")).toBe("configuration");
    expect(level("--{ * candidate shared default }--[ interface ethernet-1/1 ]--\nB:leaf1# ")).toBe(
      "configuration",
    );
    expect(level("--{ + candidate private private-admin }--[  ]--\nA:leaf1# ")).toBe("configuration");
    expect(hostnameFromPrompt(srl.privilegeLevels, "--{ running }--[  ]--\nA:spine-2.lab# ")).toBe(
      "spine-2.lab",
    );
  });

  it("do not take the last line alone, or a context line with text after it, for a prompt", () => {
    expect(level("A:leaf1# ")).toBeUndefined();
    expect(level("some output\nA:leaf1# ")).toBeUndefined();
    expect(level("--{ running }--[  ]-- trailing\nA:leaf1# ")).toBeUndefined();
    expect(level("--{ running }--[  ]--\nA:leaf1# show version")).toBeUndefined();
  });

  it("follow a rename sent as a set line", () => {
    expect(srl.hostnameChange?.exec("set / system name host-name leaf9")?.[1]).toBe("leaf9");
    expect(srl.hostnameChange?.exec('set / system name host-name "leaf9"')?.[1]).toBe("leaf9");
  });
});
