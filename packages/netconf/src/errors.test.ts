import { CommandError, ConnectionError, isPatchbayError, UnsupportedOperationError } from "@patchbay/core";
import { describe, expect, it } from "vitest";
import { NetconfCapabilityError, NetconfFramingError, NetconfProtocolError, RpcError } from "./errors.ts";

describe("NETCONF errors", () => {
  it("belong to core's families, checkable by code across copies of core", () => {
    const framing = new NetconfFramingError("bad chunk", { deviceId: "r1" });
    expect(framing).toBeInstanceOf(NetconfProtocolError);
    expect(framing).toBeInstanceOf(ConnectionError);
    expect(isPatchbayError(framing, "NETCONF_PROTOCOL")).toBe(true);
    const cap = new NetconfCapabilityError("no xpath", { capability: ":xpath", operation: "get" });
    expect(cap).toBeInstanceOf(UnsupportedOperationError);
    expect(cap.capability).toBe(":xpath");
  });

  it("RpcError names the operation, the first error and how many more, and keeps every error", () => {
    const err = new RpcError({
      deviceId: "r1",
      host: "10.0.0.1",
      operation: "commit",
      messageId: "9",
      errors: [
        { type: "application", tag: "operation-failed", severity: "warning", info: {}, infoXml: "" },
        {
          type: "application",
          tag: "invalid-value",
          severity: "error",
          message: "bad mtu",
          path: "/a/b",
          info: {},
          infoXml: "",
        },
      ],
    });
    expect(err).toBeInstanceOf(CommandError);
    expect(err.code).toBe("NETCONF_RPC_ERROR");
    expect(err.command).toBe("commit");
    expect(err.message).toBe(
      'device "r1" (10.0.0.1): NETCONF commit failed: bad mtu (error-tag invalid-value, error-type application, error-path /a/b) and 1 more error(s).',
    );
    expect(err.errors).toHaveLength(2);
    expect(err.messageId).toBe("9");
  });
});
