import { describe, expect, it } from "vitest";
import { definePlatform } from "./platform.ts";
import { anchorHostname, findPrivilegePath, hostnameFromPrompt, unionPattern } from "./privilege.ts";
import { getPlatformDefinition } from "./registry.ts";

describe("findPrivilegePath", () => {
  const levels = getPlatformDefinition("cisco_iosxe").privilegeLevels;

  it("finds the shortest path up and down the graph", () => {
    expect(findPrivilegePath(levels, "exec", "configuration")).toEqual([
      "exec",
      "privilege_exec",
      "configuration",
    ]);
    expect(findPrivilegePath(levels, "configuration", "exec")).toEqual([
      "configuration",
      "privilege_exec",
      "exec",
    ]);
    expect(findPrivilegePath(levels, "exec", "exec")).toEqual(["exec"]);
  });

  it("prefers a direct edge over a longer route in a branching graph", () => {
    const def = definePlatform({
      id: "branchy",
      privilegeLevels: [
        { name: "a", pattern: "^a$" },
        { name: "b", pattern: "^b$", previousPriv: "a", escalate: "b", deescalate: "x" },
        { name: "c", pattern: "^c$", previousPriv: "b", escalate: "c", deescalate: "x" },
        { name: "d", pattern: "^d$", previousPriv: "c", escalate: "d", deescalate: "x" },
        { name: "e", pattern: "^e$", previousPriv: "a", escalate: "e", deescalate: "x" },
      ],
      defaultDesiredPrivilegeLevel: "a",
      failedWhenContains: [],
      onOpen: [],
      onClose: [],
      configAbort: [],
    });
    expect(findPrivilegePath(def.privilegeLevels, "d", "e")).toEqual(["d", "c", "b", "a", "e"]);
    expect(findPrivilegePath(def.privilegeLevels, "e", "c")).toEqual(["e", "a", "b", "c"]);
  });

  it("returns undefined when no path exists", () => {
    const def = definePlatform({
      id: "islands",
      privilegeLevels: [
        { name: "a", pattern: "^a$" },
        { name: "b", pattern: "^b$" },
      ],
      defaultDesiredPrivilegeLevel: "a",
      failedWhenContains: [],
      onOpen: [],
      onClose: [],
      configAbort: [],
    });
    expect(findPrivilegePath(def.privilegeLevels, "a", "b")).toBeUndefined();
  });
});

describe("hostname anchoring", () => {
  it("replaces the hostname group with the literal hostname", () => {
    const pattern = /^(?<hostname>[\w.-]{1,63})\(conf[\w.\-@/:+]{0,40}\)#\s*$/m;
    const anchored = anchorHostname(pattern, ["R1.lab"]);
    expect(anchored.test("R1.lab(config)#")).toBe(true);
    expect(anchored.test("R1xlab(config)#")).toBe(false);
    expect(anchored.test("R2(config)#")).toBe(false);
  });

  it("anchors on several hostnames during a rename", () => {
    const anchored = anchorHostname(/^(?<hostname>\w+)#$/m, ["R1", "R9"]);
    expect(anchored.test("R1#")).toBe(true);
    expect(anchored.test("R9#")).toBe(true);
    expect(anchored.test("B#")).toBe(false);
    expect(anchored.exec("R9#")?.groups?.hostname).toBe("R9");
  });

  it("learns the hostname from a prompt, also behind an IOS-XR node prefix or a Junos user", () => {
    expect(
      hostnameFromPrompt(getPlatformDefinition("cisco_iosxr").privilegeLevels, "RP/0/RP0/CPU0:core-1#"),
    ).toBe("core-1");
    expect(hostnameFromPrompt(getPlatformDefinition("juniper_junos").privilegeLevels, "admin@mx-1> ")).toBe(
      "mx-1",
    );
  });

  it("unites level patterns although each has a hostname group", () => {
    const union = unionPattern(getPlatformDefinition("arista_eos").privilegeLevels);
    expect(union.test("R1>")).toBe(true);
    expect(union.test("R1(config-if-Et1)#")).toBe(true);
    expect(union.test("Gateway of last resort is not set")).toBe(false);
  });
});
