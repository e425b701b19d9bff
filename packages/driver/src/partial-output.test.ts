import { createDevice, OperationAbortedError, TimeoutError } from "@patchbay/core";
import { describe, expect, it } from "vitest";
import { FakeIos } from "../test/fake-ios.ts";
import { FakeTransport } from "../test/fake-transport.ts";
import { Channel } from "./channel.ts";
import { ChannelAbortedError, ConfigExitError } from "./errors.ts";
import { GenericDriver } from "./generic-driver.ts";
import { NetworkDriver } from "./network-driver.ts";
import { ciscoIosxe } from "./platforms/cisco-iosxe.ts";

type Stop = "timeout" | "abort";

// A device that answers every input with part of an output and then nothing: each operation is cut
// short by its timeout or by the caller's abort, and must keep what arrived.
function silentAfter(partial: string) {
  const t = new FakeTransport();
  t.feed("R1#");
  t.respond((data) => {
    if (data === "\n" || data.endsWith("\n")) t.feed(`${data.trim()}\r\n${partial}`);
  });
  return t;
}

function stopOptions(stop: Stop): { timeoutMs?: number; signal?: AbortSignal } {
  if (stop === "timeout") return { timeoutMs: 60 };
  return { signal: AbortSignal.timeout(60) };
}

async function failure(promise: Promise<unknown>): Promise<{ partialOutput?: string }> {
  const error = await promise.then(
    () => {
      throw new Error("expected the operation to fail");
    },
    (e: unknown) => e,
  );
  return error as { partialOutput?: string };
}

function expectKind(error: unknown, stop: Stop): void {
  if (stop === "timeout") expect(error).toBeInstanceOf(TimeoutError);
  else {
    expect(error).toBeInstanceOf(OperationAbortedError);
    expect(error).toBeInstanceOf(ChannelAbortedError);
  }
}

describe.each(["timeout", "abort"] as const)("every channel operation keeps partial output on %s", (stop) => {
  const operations: [string, (c: Channel) => Promise<unknown>][] = [
    ["sendInput", (c) => c.sendInput("show run", { echo: "eager", ...stopOptions(stop) })],
    [
      "sendInteractive",
      (c) =>
        c.sendInteractive([{ input: "copy run start", expect: "Destination" }], {
          echo: "eager",
          ...stopOptions(stop),
        }),
    ],
    [
      "sendAndRead (until)",
      (c) => c.sendAndRead("show run", { echo: "eager", until: "END", ...stopOptions(stop) }),
    ],
    [
      "sendAndRead (duration)",
      (c) =>
        c.sendAndRead("show run", {
          echo: "eager",
          readDurationMs: 5_000,
          ...stopOptions(stop),
        }),
    ],
    [
      "readUntilAny",
      (c) => {
        c.write("show run\n");
        return c.readUntilAny(["END"], stopOptions(stop));
      },
    ],
  ];
  for (const [name, run] of operations) {
    it(name, async () => {
      const t = silentAfter("interface Gi1\r\n description up");
      const channel = new Channel(t, { promptPattern: /^R1#$/m, timeoutOpsMs: 5_000 });
      await channel.getPrompt();
      const error = await failure(run(channel));
      expectKind(error, stop);
      expect(error.partialOutput).toContain("interface Gi1\n description up");
    });
  }

  it("getPrompt", async () => {
    const t = new FakeTransport();
    t.respond(() => t.feed("\r\nlogin banner, no prompt yet"));
    const channel = new Channel(t, { promptPattern: /^R1#$/m });
    const error = await failure(channel.getPrompt(stopOptions(stop)));
    expectKind(error, stop);
    expect(error.partialOutput).toContain("login banner, no prompt yet");
  });

  it("readCallback, with the output of the callbacks that already ran", async () => {
    const t = new FakeTransport();
    t.feed("sw1#");
    const d = new GenericDriver({ transport: t, host: "sw1", promptPattern: /^sw1#$/m, timeoutOpsMs: 5_000 });
    await d.open();
    t.respond((data) => {
      if (data === "reload\n") t.feed("Proceed with reload? [confirm]");
      if (data === "y") t.feed("\r\nSystem going down, saving state");
    });
    const error = await failure(
      d.readCallback(
        [
          { match: "[confirm]", run: (drv) => drv.write("y"), onlyOnce: true },
          { match: "Rebooted", run: () => {}, complete: true },
        ],
        "reload",
        stopOptions(stop),
      ),
    );
    expectKind(error, stop);
    expect(error.partialOutput).toContain("Proceed with reload? [confirm]");
    expect(error.partialOutput).toContain("System going down, saving state");
  });
});

function iosDriver(ios: FakeIos) {
  const device = createDevice({
    host: "10.0.0.1",
    id: "r1",
    platform: "cisco_iosxe",
    data: { enableSecret: "s3cret" },
  });
  ios.start();
  return new NetworkDriver({ device, platform: ciscoIosxe, transport: ios.transport, timeoutOpsMs: 1000 });
}

describe("NetworkDriver.sendConfigs", () => {
  it("stays in configuration mode when asked, and goes on there with the next call", async () => {
    const ios = new FakeIos();
    const driver = iosDriver(ios);
    await driver.open();
    await driver.sendConfigs(["interface Gi1"], { stayInConfigMode: true });
    expect(ios.level).toBe("config-if");
    expect(driver.currentPrivilegeLevel).toBe("configuration");
    await driver.sendConfigs(["description uplink"], { stayInConfigMode: true });
    expect(ios.received.filter((l) => l === "configure terminal")).toHaveLength(1);
    await driver.sendConfigs(["description core"]);
    expect(ios.level).toBe("priv");
    await driver.close();
  });

  it("keeps the responses of the lines when the final `end` fails", async () => {
    const ios = new FakeIos();
    const driver = iosDriver(ios);
    await driver.open();
    const sent = ios.transport.write.bind(ios.transport);
    // The device stops answering once the lines are in: `end` times out.
    ios.transport.write = (data: string | Uint8Array) => {
      if (data === "end") return;
      sent(data);
    };
    const error = await driver
      .sendConfigs(["interface Gi1", "description uplink"], { timeoutMs: 100 })
      .catch((e: unknown) => e);
    expect(error).toBeInstanceOf(ConfigExitError);
    const exit = error as ConfigExitError;
    expect(exit.responses.map((r) => r.input)).toEqual(["interface Gi1", "description uplink"]);
    expect(exit.cause).toBeInstanceOf(TimeoutError);
    expect(exit.message).toContain("2 configuration line(s) were sent");
  });

  it("keeps the output of earlier lines when a line times out", async () => {
    const ios = new FakeIos();
    const driver = iosDriver(ios);
    await driver.open();
    const sent = ios.transport.write.bind(ios.transport);
    ios.transport.write = (data: string | Uint8Array) => {
      if (data === "description two") return;
      sent(data);
    };
    const error = await driver
      .sendConfigs(["interface Gi1", "bogus line", "description two"], { timeoutMs: 100 })
      .catch((e: unknown) => e);
    expect(error).toBeInstanceOf(TimeoutError);
    expect((error as TimeoutError).partialOutput).toContain("% Invalid input detected");
  });
});
