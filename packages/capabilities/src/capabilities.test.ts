import { getCapability, implementsCapability } from "@patchbay/core";
import { describe, expect, it } from "vitest";
import { Commands, ConfigRead, ConfigWrite, DeviceInfo, FileTransfer, Shell } from "./index.ts";

describe("the standard capability tokens", () => {
  it("have stable ids and method lists, interned in core", () => {
    const expected: [typeof DeviceInfo | typeof Shell | typeof Commands, string, string[]][] = [
      [DeviceInfo, "patchbay.DeviceInfo", ["getFacts"]],
      [Commands, "patchbay.Commands", ["runCommands"]],
      [Shell, "patchbay.Shell", ["runShellCommand"]],
    ];
    for (const [token, id, methods] of expected) {
      expect(token.id).toBe(id);
      expect([...token.methods]).toEqual(methods);
      expect(getCapability(id)).toBe(token);
    }
    expect([...ConfigRead.methods]).toEqual(["getConfig"]);
    expect([...ConfigWrite.methods]).toEqual([
      "loadConfig",
      "compareConfig",
      "commitConfig",
      "confirmCommit",
      "discardConfig",
      "rollback",
    ]);
    expect([...FileTransfer.methods]).toEqual(["putFile", "getFile", "rsync"]);
  });

  it("tell whether an object implements them", () => {
    expect(implementsCapability({ getFacts: async () => ({}) }, DeviceInfo)).toBe(true);
    expect(implementsCapability({ putFile() {}, getFile() {} }, FileTransfer)).toBe(false);
  });
});
