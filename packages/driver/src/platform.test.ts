import { describe, expect, it } from "vitest";
import { PlatformDefinitionError } from "./errors.ts";
import { definePlatform, type PlatformDefinitionInput } from "./platform.ts";
import {
  getPlatformDefinition,
  listPlatformDefinitions,
  registerPlatformDefinition,
  unregisterPlatformDefinition,
} from "./registry.ts";

const base: PlatformDefinitionInput = {
  id: "acme_os",
  privilegeLevels: [
    { name: "exec", pattern: "^(?<hostname>\\w+)>$" },
    {
      name: "enable",
      pattern: "^(?<hostname>\\w+)#$",
      previousPriv: "exec",
      escalate: "en",
      deescalate: "dis",
    },
  ],
  defaultDesiredPrivilegeLevel: "enable",
  failedWhenContains: ["% Error"],
  onOpen: [],
  onClose: ["exit"],
  configAbort: ["end"],
};

function problem(input: unknown): PlatformDefinitionError {
  try {
    definePlatform(input as PlatformDefinitionInput);
  } catch (error) {
    if (error instanceof PlatformDefinitionError) return error;
    throw error;
  }
  throw new Error("expected a PlatformDefinitionError");
}

describe("definePlatform", () => {
  it("compiles string patterns with the m flag", () => {
    const def = definePlatform(base);
    expect(def.privilegeLevels[0]?.pattern.flags).toContain("m");
    expect(def.privilegeLevels[1]?.pattern.test("out\nR1#")).toBe(true);
  });

  it("names the platform and field of a pattern that does not compile", () => {
    const e = problem({ ...base, privilegeLevels: [{ name: "exec", pattern: "^(unclosed" }] });
    expect(e.platform).toBe("acme_os");
    expect(e.field).toBe("privilegeLevels.exec.pattern");
    expect(e.message).toMatch(/does not compile/);
  });

  it.each([
    ["^R1#\\Z", "\\Z"],
    ["^R1#\\A", "\\A"],
    ["^\\w++#$", "possessive"],
    ["^(?>\\w+)#$", "atomic"],
    ["^(?P<host>\\w+)#$", "Python named group"],
    ["(?i)^r1#$", "inline flags"],
  ])("rejects PCRE-only syntax %s", (pattern, what) => {
    const e = problem({
      ...base,
      privilegeLevels: [{ name: "exec", pattern }],
      defaultDesiredPrivilegeLevel: "exec",
    });
    expect(e.field).toBe("privilegeLevels.exec.pattern");
    expect(e.message).toContain(what);
  });

  it("accepts escaped plus signs and lazy quantifiers", () => {
    expect(() =>
      definePlatform({
        ...base,
        privilegeLevels: [{ name: "exec", pattern: "^a\\++b+?[+]+#$" }],
        defaultDesiredPrivilegeLevel: "exec",
      }),
    ).not.toThrow();
  });

  it("rejects a previousPriv that does not exist", () => {
    const levels = [base.privilegeLevels[0], { ...base.privilegeLevels[1], previousPriv: "nope" }];
    const e = problem({ ...base, privilegeLevels: levels });
    expect(e.field).toBe("privilegeLevels.enable.previousPriv");
  });

  it("rejects duplicate level names, unknown default level and non-string lists", () => {
    expect(
      problem({ ...base, privilegeLevels: [base.privilegeLevels[0], base.privilegeLevels[0]] }).field,
    ).toBe("privilegeLevels[1].name");
    expect(problem({ ...base, defaultDesiredPrivilegeLevel: "root" }).field).toBe(
      "defaultDesiredPrivilegeLevel",
    );
    expect(problem({ ...base, failedWhenContains: [1] }).field).toBe("failedWhenContains");
    expect(problem({ ...base, id: "Bad Id" }).field).toBe("id");
    expect(problem({ ...base, privilegeLevels: [] }).field).toBe("privilegeLevels");
  });

  it("requires escalate and deescalate when previousPriv is set", () => {
    const levels = [base.privilegeLevels[0], { name: "enable", pattern: "^x#$", previousPriv: "exec" }];
    expect(problem({ ...base, privilegeLevels: levels }).field).toBe("privilegeLevels.enable.escalate");
  });
});

describe("promptPreamble", () => {
  it("Junos' matches the lines above its prompts and nothing else", () => {
    const re = getPlatformDefinition("juniper_junos")?.promptPreamble as RegExp;
    for (const line of ["[edit]", "[edit interfaces ge-0/0/1]", "{master:0}", "{master:0}[edit]"])
      expect(re.test(line), line).toBe(true);
    for (const line of ["description second;", "set system host-name R9", "", "edit"])
      expect(re.test(line), line).toBe(false);
  });

  it("is validated like the other patterns", () => {
    expect(() => definePlatform({ ...base, promptPreamble: "(?P<x>y)" })).toThrow(PlatformDefinitionError);
  });
});

describe("platform registry", () => {
  it("has the eight built-in platforms, all valid", () => {
    const ids = listPlatformDefinitions().map((d) => d.id);
    for (const id of [
      "cisco_iosxe",
      "cisco_nxos",
      "cisco_iosxr",
      "arista_eos",
      "juniper_junos",
      "linux",
      "frr",
      "bird",
    ]) {
      expect(ids).toContain(id);
      expect(() =>
        definePlatform(getPlatformDefinition(id) as unknown as PlatformDefinitionInput),
      ).not.toThrow();
    }
  });

  it("registers a user definition after validating it, and can remove it", () => {
    expect(() => registerPlatformDefinition({ ...base, defaultDesiredPrivilegeLevel: "x" })).toThrow(
      PlatformDefinitionError,
    );
    registerPlatformDefinition(base);
    expect(getPlatformDefinition("acme_os").onClose).toEqual(["exit"]);
    expect(unregisterPlatformDefinition("acme_os")).toBe(true);
    expect(() => getPlatformDefinition("acme_os")).toThrow(/not a known platform/);
  });
});

describe("built-in prompts", () => {
  const cases: [string, string, string][] = [
    ["cisco_iosxe", "R1>", "exec"],
    ["cisco_iosxe", "R1#", "privilege_exec"],
    ["cisco_iosxe", "R1(config)#", "configuration"],
    ["cisco_iosxe", "R1(config-if)#", "configuration"],
    ["cisco_nxos", "R1#", "privilege_exec"],
    ["cisco_nxos", "R1(config)#", "configuration"],
    ["cisco_iosxr", "RP/0/RP0/CPU0:R1#", "privilege_exec"],
    ["cisco_iosxr", "RP/0/RP0/CPU0:R1(config)#", "configuration"],
    ["arista_eos", "R1>", "exec"],
    ["arista_eos", "R1#", "privilege_exec"],
    ["arista_eos", "R1(config)#", "configuration"],
    ["juniper_junos", "admin@R1> ", "exec"],
    ["juniper_junos", "admin@R1# ", "configuration"],
    ["linux", "admin@host:~$ ", "exec"],
    ["linux", "root@host:~# ", "root"],
    ["frr", "R1# ", "privilege_exec"],
    ["frr", "R1(config)# ", "configuration"],
    ["frr", "R1(config-router)# ", "configuration"],
  ];
  it.each(cases)("%s prompt %j is level %s", async (platform, prompt, level) => {
    const { privilegeLevelOf, hostnameFromPrompt } = await import("./privilege.ts");
    const def = getPlatformDefinition(platform);
    expect(privilegeLevelOf(def.privilegeLevels, prompt)?.name).toBe(level);
    expect(hostnameFromPrompt(def.privilegeLevels, prompt)).toBe(platform === "linux" ? "host" : "R1");
  });

  it("keeps configuration sessions apart from configuration mode (EOS, NX-OS)", async () => {
    const { privilegeLevelOf } = await import("./privilege.ts");
    const eos = getPlatformDefinition("arista_eos");
    expect(privilegeLevelOf(eos.privilegeLevels, "R1(config-s-NAME)#")).toBeUndefined();
    expect(eos.configSession?.pattern.test("R1(config-s-NAME)#")).toBe(true);
    const nxos = getPlatformDefinition("cisco_nxos");
    expect(privilegeLevelOf(nxos.privilegeLevels, "R1(config-s)#")).toBeUndefined();
    expect(nxos.configSession?.pattern.test("R1(config-s)#")).toBe(true);
  });

  it("frr opens with terminal length 0 only (vtysh has no terminal width)", () => {
    expect(getPlatformDefinition("frr").onOpen).toEqual(["terminal length 0"]);
  });
});

describe("definePlatform prompt patterns", () => {
  const withPrompt = (pattern: string): PlatformDefinitionInput => ({
    ...base,
    privilegeLevels: [{ name: "exec", pattern }],
    defaultDesiredPrivilegeLevel: "exec",
  });

  it("accepts prompts that span lines (SR Linux's context line, Junos' [edit])", () => {
    const srl = definePlatform(withPrompt("^--\\{[^\\n]*--\\n^(?<hostname>[\\w:.-]+)#\\s*$"));
    expect(srl.privilegeLevels[0]?.pattern.test("--{ running }--[  ]--\nA:srl# ")).toBe(true);
    expect(() => definePlatform(withPrompt("^\\[edit[^\\]]*\\]\\n^\\w+@[\\w.-]+#\\s*$"))).not.toThrow();
  });

  it("rejects what can never match the cleaned text, naming the field", () => {
    for (const [pattern, reason] of [
      ["^R1#\\r\\n", /control character/],
      ["^R1\\x1b\\[0m#$", /control character/],
      ["^R1#$ more", /"\$" followed by " more"/],
      ["^\\s*$", /matches empty text/],
      ["(?<hostname>\\w+)?#?", /matches empty text/],
    ] as const) {
      const e = problem(withPrompt(pattern));
      expect(e.field, pattern).toBe("privilegeLevels.exec.pattern");
      expect(e.reason, pattern).toMatch(reason);
    }
  });

  it("takes promptRedraw as a boolean", () => {
    expect(definePlatform({ ...base, promptRedraw: true }).promptRedraw).toBe(true);
    expect(definePlatform(base).promptRedraw).toBe(false);
    expect(problem({ ...base, promptRedraw: "yes" }).field).toBe("promptRedraw");
  });
});
