import { DisconnectedError, OperationAbortedError, TimeoutError } from "@patchbay/core";
import { describe, expect, it } from "vitest";
import { FakeTransport, scriptedCli } from "../test/fake-transport.ts";
import { Channel } from "./channel.ts";

const PROMPT = /^R1#\s*$/m;

function cli(commands: Record<string, string | ((t: FakeTransport) => void)>, chunkSize?: number) {
  const t = new FakeTransport(scriptedCli(() => "R1#", commands, { chunkSize }));
  const channel = new Channel(t, { promptPattern: PROMPT, timeoutOpsMs: 2000 });
  return { t, channel };
}

describe("Channel.sendInput", () => {
  it("returns the output without echo, carriage returns or prompt", async () => {
    const { channel, t } = cli({ "show clock": "*10:00:00 UTC Mon" });
    const out = await channel.sendInput("show clock");
    expect(out.text).toBe("*10:00:00 UTC Mon");
    expect(out.prompt).toBe("R1#");
    expect(t.written).toEqual(["show clock", "\n"]);
  });

  it("keeps the raw bytes only when asked, per channel or per operation", async () => {
    const { channel } = cli({ "show clock": "*10:00:00 UTC Mon" });
    expect((await channel.sendInput("show clock")).raw).toBeUndefined();
    const kept = await channel.sendInput("show clock", { rawResult: true });
    expect(kept.raw?.toString()).toBe("show clock\r\n*10:00:00 UTC Mon\r\nR1#");
    const t = new FakeTransport(scriptedCli(() => "R1#", { x: "Y" }));
    const keeping = new Channel(t, { promptPattern: PROMPT, rawResult: true });
    expect((await keeping.sendInput("x")).raw?.toString()).toBe("x\r\nY\r\nR1#");
    expect((await keeping.sendInput("x", { rawResult: false })).raw).toBeUndefined();
  });

  it("works when the device sends one byte at a time, with multi-byte characters split", async () => {
    const { channel } = cli({ "show banner": "héllo wörld ✓\nline two" }, 1);
    const out = await channel.sendInput("show banner");
    expect(out.text).toBe("héllo wörld ✓\nline two");
  });

  it("does not take output lines ending in # or > for the prompt while more output follows", async () => {
    const t = new FakeTransport();
    const channel = new Channel(t, { promptPattern: /^[\w.-]+[#>]\s*$/m, echo: "eager" });
    t.respond(() => {
      t.feed("show ip route\r\nGateway of last resort is not set #");
      setTimeout(() => t.feed("\r\nB>* 10.0.0.0/24 via 1.1.1.1\r\nR1#"), 5);
    });
    const out = await channel.sendInput("show ip route");
    expect(out.text).toBe("Gateway of last resort is not set #\nB>* 10.0.0.0/24 via 1.1.1.1");
  });

  it("searches only the tail: a prompt-like line deep in a large output does not end the read", async () => {
    const body = `${"x".repeat(70)}\n`.repeat(20_000);
    const { channel } = cli({ big: `R1#\n${body}end` });
    const out = await channel.sendInput("big");
    expect(out.text).toBe(`R1#\n${body}end`);
  });

  it("ends at a known prompt followed by stray lines however the reads split it", async () => {
    // The prompt line may start in an earlier read than the lines after it, or at a read's start.
    const lines = Array.from({ length: 30 }, (_, i) => `line ${i}`).join("\n");
    const reply = `${lines}\nR1#\n%SYS-5: message one\n%SYS-5: two\nR1#`.replace(/\n/g, "\r\n");
    for (let chunkSize = 1; chunkSize <= 40; chunkSize++) {
      const unsolicited: string[] = [];
      let fed: () => void = () => {};
      const allFed = new Promise<void>((resolve) => {
        fed = resolve;
      });
      // One read per turn of the event loop, as a device's output arrives.
      const slowly = (t: FakeTransport): void => {
        let at = 0;
        const next = (): void => {
          t.feed(reply.slice(at, at + chunkSize));
          at += chunkSize;
          if (at < reply.length) setImmediate(next);
          else fed();
        };
        setImmediate(next);
      };
      const t = new FakeTransport(scriptedCli(() => "R1#", { x: "X", log: slowly }));
      const channel = new Channel(t, {
        promptPattern: PROMPT,
        timeoutOpsMs: 2000,
        onUnsolicitedOutput: (text) => unsolicited.push(text),
      });
      expect((await channel.sendInput("x")).text).toBe("X");
      const out = await channel.sendInput("log");
      expect(out.text, `chunk ${chunkSize}`).toBe(lines);
      expect(out.prompt).toBe("R1#");
      await allFed;
      expect((await channel.sendInput("x")).text).toBe("X");
      expect(unsolicited.join(""), `chunk ${chunkSize}`).toContain("%SYS-5: two");
    }
  });

  it("exact echo mode waits for the echo before sending return", async () => {
    const t = new FakeTransport();
    const channel = new Channel(t, { promptPattern: PROMPT });
    const pending = channel.sendInput("show ver");
    await new Promise((r) => setTimeout(r, 5));
    expect(t.written).toEqual(["show ver"]);
    t.feed("show v");
    await new Promise((r) => setTimeout(r, 5));
    expect(t.written).toEqual(["show ver"]);
    t.feed("er");
    await new Promise((r) => setTimeout(r, 5));
    expect(t.written).toEqual(["show ver", "\n"]);
    t.feed("\r\nversion 1\r\nR1#");
    expect((await pending).text).toBe("version 1");
  });

  it("fuzzy echo mode accepts an echo wrapped by the device with noise inserted", async () => {
    const t = new FakeTransport();
    const channel = new Channel(t, { promptPattern: PROMPT, echo: "fuzzy" });
    const pending = channel.sendInput("show running-config interface Gi1");
    await new Promise((r) => setTimeout(r, 5));
    t.feed("show running-con\r\nfig inter\x1b[Kface Gi1");
    await new Promise((r) => setTimeout(r, 5));
    expect(t.written.at(-1)).toBe("\n");
    t.feed("\r\ninterface Gi1\r\nR1#");
    expect((await pending).text).toBe("interface Gi1");
  });

  it("eager echo mode sends input and return together and strips the echo", async () => {
    const { channel, t } = cli({});
    const eager = new Channel(t, { promptPattern: PROMPT, echo: "eager" });
    t.respond(scriptedCli(() => "R1#", { "show x": "X" }));
    const out = await eager.sendInput("show x");
    expect(t.written).toEqual(["show x\n"]);
    expect(out.text).toBe("X");
    await channel.close();
  });

  it("answers pager prompts with space and removes the pager text", async () => {
    for (const pager of [
      " --More-- ",
      "--More--",
      "---(more)---",
      "-- MORE --",
      "<--- More --->",
      "---(more 42%)---",
    ]) {
      const t = new FakeTransport();
      const channel = new Channel(t, { promptPattern: PROMPT, echo: "eager" });
      t.respond((data) => {
        if (data === "show run\n") t.feed(`show run\r\nline1\r\nline2\r\n${pager}`);
        else if (data === " ") t.feed("\r          \rline3\r\nR1#");
      });
      const out = await channel.sendInput("show run");
      expect(out.text, pager).toBe("line1\nline2\nline3");
      expect(t.written).toEqual(["show run\n", " "]);
    }
  });

  it("absorbs backspaces that erase a pager prompt without eating output", async () => {
    const t = new FakeTransport();
    const channel = new Channel(t, { promptPattern: PROMPT, echo: "eager" });
    t.respond((data) => {
      if (data === "show run\n") t.feed("show run\r\nline1\r\n --More-- ");
      else if (data === " ") t.feed(`${"\b".repeat(10)}${" ".repeat(10)}${"\b".repeat(10)}line2\r\nR1#`);
    });
    expect((await channel.sendInput("show run")).text).toBe("line1\nline2");
  });
});

describe("Channel timeouts, aborts and disconnects", () => {
  it("a timeout carries the partial output and closes the transport", async () => {
    const t = new FakeTransport();
    const channel = new Channel(t, { promptPattern: PROMPT, echo: "eager", timeoutOpsMs: 50 });
    t.respond(() => t.feed("show log\r\nentry 1\r\nentry 2\r\n"));
    const error = await channel.sendInput("show log").catch((e: unknown) => e);
    expect(error).toBeInstanceOf(TimeoutError);
    expect((error as TimeoutError).partialOutput).toContain("entry 1\nentry 2");
    expect((error as TimeoutError).command).toBe("show log");
    expect(t.closed).toBe(true);
    await expect(channel.sendInput("show clock")).rejects.toBeInstanceOf(DisconnectedError);
  });

  it("a read timeout fires after silence even if the operation limit is far away", async () => {
    const t = new FakeTransport();
    const channel = new Channel(t, { promptPattern: PROMPT, echo: "eager", readTimeoutMs: 30 });
    t.respond(() => t.feed("partial"));
    const error = await channel.sendInput("x").catch((e: unknown) => e);
    expect(error).toBeInstanceOf(TimeoutError);
    expect((error as TimeoutError).phase).toBe("read");
    expect((error as TimeoutError).partialOutput).toContain("partial");
    expect(t.closed).toBe(true);
  });

  it("aborting through the signal rejects with OperationAbortedError and closes", async () => {
    const t = new FakeTransport();
    const channel = new Channel(t, { promptPattern: PROMPT, echo: "eager" });
    const controller = new AbortController();
    t.respond(() => {
      t.feed("some output");
      controller.abort();
    });
    await expect(channel.sendInput("x", { signal: controller.signal })).rejects.toBeInstanceOf(
      OperationAbortedError,
    );
    expect(t.closed).toBe(true);
  });

  it("a signal aborted before the operation fails it without sending anything; the channel stays usable", async () => {
    const { channel, t } = cli({ "show clock": "10:00" });
    await expect(channel.sendInput("show clock", { signal: AbortSignal.abort() })).rejects.toBeInstanceOf(
      OperationAbortedError,
    );
    expect(t.written).toEqual([]);
    expect(t.closed).toBe(false);
    expect((await channel.sendInput("show clock")).text).toBe("10:00");
  });

  it("a hang-up mid-output rejects with DisconnectedError carrying the partial output", async () => {
    const t = new FakeTransport();
    const channel = new Channel(t, { promptPattern: PROMPT, echo: "eager" });
    t.respond(() => {
      t.feed("x\r\nhalf of the ");
      t.hangUp(new Error("socket reset"));
    });
    const error = await channel.sendInput("x").catch((e: unknown) => e);
    expect(error).toBeInstanceOf(DisconnectedError);
    expect((error as DisconnectedError).partialOutput).toContain("half of the");
    expect((error as Error).message).toContain("socket reset");
  });
});

describe("Channel serialisation and reads", () => {
  it("runs concurrent operations one after another, never interleaved", async () => {
    const { channel, t } = cli({ a: "A", b: "B", c: "C" });
    const results = await Promise.all(["a", "b", "c"].map((c) => channel.sendInput(c)));
    expect(results.map((r) => r.text)).toEqual(["A", "B", "C"]);
    expect(t.written).toEqual(["a", "\n", "b", "\n", "c", "\n"]);
  });

  it("getPrompt returns the prompt already on screen without sending anything", async () => {
    const t = new FakeTransport();
    const channel = new Channel(t, { promptPattern: PROMPT });
    t.feed("Welcome\r\nR1#");
    expect(await channel.getPrompt()).toBe("R1#");
    expect(t.written).toEqual([]);
  });

  it("sendInteractive answers prompts in turn, hidden input not awaited as echo", async () => {
    const t = new FakeTransport();
    const channel = new Channel(t, { promptPattern: PROMPT });
    t.respond((data) => {
      if (data === "copy run start") t.feed("copy run start");
      else if (data === "\n" && t.written.length === 2) t.feed("\r\nDestination filename [startup-config]? ");
      else if (data === "\n") t.feed("\r\nPassword: ");
      else if (data === "s3cret\n") t.feed("\r\n[OK]\r\nR1#");
    });
    const out = await channel.sendInteractive([
      { input: "copy run start", expect: "filename [startup-config]?" },
      { input: "", expect: /Password:/ },
      { input: "s3cret", hidden: true },
    ]);
    expect(out.text).toContain("[OK]");
    expect(out.text).not.toContain("s3cret");
  });

  it("sendAndRead stops at the until pattern", async () => {
    const t = new FakeTransport();
    const channel = new Channel(t, { promptPattern: PROMPT, echo: "eager" });
    t.respond(() => t.feed("ping 1.1.1.1\r\n!!!!!\r\nSuccess rate is 100 percent\r\nmore"));
    const out = await channel.sendAndRead("ping 1.1.1.1", { until: /Success rate is \d+ percent/ });
    expect(out.text).toBe("!!!!!\nSuccess rate is 100 percent");
  });

  it("sendAndRead with readDurationMs returns what arrived by then, and the channel stays usable", async () => {
    const t = new FakeTransport();
    const channel = new Channel(t, { promptPattern: PROMPT, echo: "eager" });
    t.respond((data) => {
      if (data === "monitor log\n") t.feed("monitor log\r\nevent 1\r\nevent 2\r\n");
      else if (data === "show x\n") t.feed("show x\r\nX\r\nR1#");
    });
    const out = await channel.sendAndRead("monitor log", { readDurationMs: 30 });
    expect(out.text).toBe("event 1\nevent 2");
    expect(out.prompt).toBe("");
    expect(channel.closed).toBe(false);
    expect((await channel.sendInput("show x")).text).toBe("X");
  });

  it("sendAndRead with until and readDurationMs stops at whichever comes first", async () => {
    const t = new FakeTransport();
    const channel = new Channel(t, { promptPattern: PROMPT, echo: "eager" });
    t.respond((data) => {
      if (data === "ping a\n") t.feed("ping a\r\n!!!!!\r\nSuccess rate is 100 percent\r\ntrailer");
      else if (data === "ping b\n") t.feed("ping b\r\n.....\r\n");
    });
    const timers = () => process.getActiveResourcesInfo().filter((r) => r === "Timeout").length;
    const before = timers();
    const found = await channel.sendAndRead("ping a", {
      until: /Success rate is \d+ percent/,
      readDurationMs: 60_000,
    });
    expect(timers()).toBe(before); // the duration's timer does not outlive the read
    expect(found.text).toBe("!!!!!\nSuccess rate is 100 percent");
    expect(found.prompt).toBe("Success rate is 100 percent");
    const timedOut = await channel.sendAndRead("ping b", { until: "Success rate", readDurationMs: 30 });
    expect(timedOut.text).toBe(".....");
    expect(timedOut.prompt).toBe("");
    expect(channel.closed).toBe(false);
  });

  it("writes received bytes to the channel log", async () => {
    const chunks: Buffer[] = [];
    const { Writable } = await import("node:stream");
    const log = new Writable({
      write(chunk: Buffer, _enc, cb) {
        chunks.push(chunk);
        cb();
      },
    });
    const t = new FakeTransport(scriptedCli(() => "R1#", { x: "Y" }));
    const channel = new Channel(t, { promptPattern: PROMPT, channelLog: log });
    await channel.sendInput("x");
    expect(Buffer.concat(chunks).toString()).toBe("x\r\nY\r\nR1#");
  });
});

describe("Channel with line noise", () => {
  it("finds a prompt preceded on its line by bytes that are not text", async () => {
    const t = new FakeTransport();
    const channel = new Channel(t, { promptPattern: PROMPT, echo: "eager" });
    t.respond(() =>
      t.feed(
        Buffer.concat([Buffer.from("x\r\nout\r\n"), Buffer.from([0xc5, 0x90, 0xff]), Buffer.from("R1#")]),
      ),
    );
    const out = await channel.sendInput("x");
    expect(out.prompt).toBe("R1#");
    expect(out.text.startsWith("out\n")).toBe(true);
  });
});

describe("Channel with large mixed output", () => {
  it("keeps output exact across buffer blocks with UTF-8 chunks and backspaces in between", async () => {
    const ascii = `${"y".repeat(79)}\r\n`.repeat(20_000); // 1.6 MB: fills more than one block
    const t = new FakeTransport();
    const channel = new Channel(t, { promptPattern: PROMPT, echo: "eager" });
    t.respond(() => {
      t.feed(`big\r\n${ascii}`, 32 * 1024);
      t.feed("héllo wörld ✓\r\n");
      t.feed(ascii, 32 * 1024);
      t.feed("abcXYZ");
      t.feed("\b\b\bdef\r\n");
      t.feed(Buffer.from("✓✓\r\n").subarray(0, 2));
      t.feed(Buffer.from("✓✓\r\n").subarray(2));
      t.feed("R1#");
    });
    const out = await channel.sendInput("big");
    const lines = ascii.replaceAll("\r", "");
    expect(out.text.length).toBe(`${lines}héllo wörld ✓\n${lines}abcdef\n✓✓`.length);
    expect(out.text === `${lines}héllo wörld ✓\n${lines}abcdef\n✓✓`).toBe(true);
  });
});

describe("Channel with held-back text", () => {
  it("keeps a wide character held in an unfinished escape when the next read is ASCII", async () => {
    const t = new FakeTransport();
    const channel = new Channel(t, { promptPattern: PROMPT, echo: "eager" });
    t.respond(() => {
      t.feed("x\r\nout\x1b]✓");
      t.feed("\r\nabc\r\nR1#");
    });
    expect((await channel.sendInput("x")).text).toBe("out]✓\nabc");
  });
});

describe("Channel with a pager that erases its prompt", () => {
  const LINES_PER_PAGE = 20_000;
  const PAGES = 3;
  const CHUNK = 32 * 1024;
  const lines = Array.from({ length: LINES_PER_PAGE * PAGES }, (_, i) =>
    `${String(i).padStart(6, "0")} ${"abcdefghij".repeat(8)}`.slice(0, 80),
  );
  const page = (p: number) => `${lines.slice(p * LINES_PER_PAGE, (p + 1) * LINES_PER_PAGE).join("\r\n")}\r\n`;

  // The device sends each page in 32 KiB chunks, ` --More-- ` as its own chunk, and answers the space
  // with `erase`, alone or glued to the next page's first chunk.
  function pagedCli(erase: string, glued: boolean) {
    const t = new FakeTransport();
    let next = 0;
    const sendPage = (prefix: string) => {
      const p = next++;
      const last = p === PAGES - 1;
      t.feed(prefix + page(p), CHUNK);
      t.feed(last ? "R1#" : " --More-- ");
    };
    t.respond((data) => {
      if (data === "show tech\n") sendPage("show tech\r\n");
      else if (data === " " && glued) sendPage(erase);
      else if (data === " ") {
        t.feed(erase);
        sendPage("");
      }
    });
    return { t, channel: new Channel(t, { promptPattern: PROMPT, echo: "eager" }) };
  }

  const erases: [string, string][] = [
    ["return, spaces, return", `\r${" ".repeat(10)}\r`],
    ["return, spaces, return (Junos)", `\r${" ".repeat(12)}\r`],
    ["backspaces", "\b".repeat(10)],
    ["backspaces, spaces, backspaces (IOS)", `${"\b".repeat(9)}${" ".repeat(8)}${"\b".repeat(9)}`],
    ["backspaces, spaces, backspaces (10)", `${"\b".repeat(10)}${" ".repeat(10)}${"\b".repeat(10)}`],
  ];
  for (const [name, erase] of erases) {
    for (const glued of [false, true]) {
      it(`returns exactly the 60,000 lines when the erase is ${name}${glued ? ", glued to the next page" : ", alone"}`, async () => {
        const { channel, t } = pagedCli(erase, glued);
        const out = await channel.sendInput("show tech", { timeoutMs: 20_000 });
        expect(t.written).toEqual(["show tech\n", " ", " "]);
        expect(out.text.length).toBe(lines.join("\n").length);
        expect(out.text).toBe(lines.join("\n"));
      });
    }
  }
});

describe("Channel with Cisco's horizontal scrolling of long inputs", () => {
  // What IOS prints as a line grows past the terminal's width: every 10 characters past the edge, it
  // backspaces over what is shown and redraws `$` and the line's tail, blanking leftovers with spaces.
  function scrollingEcho(prompt: string, width: number, line: string): string {
    const room = width - prompt.length - 1;
    let out = "";
    let shown = 0;
    let offset = 0;
    for (let i = 1; i <= line.length; i++) {
      const typed = line.slice(0, i);
      if (typed.length - offset <= room) {
        out += typed.at(-1);
        shown++;
        continue;
      }
      while (typed.length - offset + 1 > room) offset += 10;
      const visible = `$${typed.slice(offset + 1)}`;
      const blank = Math.max(0, shown - visible.length);
      out += `${"\b".repeat(shown)}${visible}${" ".repeat(blank)}${"\b".repeat(blank)}`;
      shown = visible.length;
    }
    return out;
  }

  const long = `description ${"uplink-to-core-".repeat(12)}end`;
  for (const [echo, chunk] of [
    ["exact", 16],
    ["fuzzy", 16],
    ["exact", Number.POSITIVE_INFINITY],
    ["fuzzy", Number.POSITIVE_INFINITY],
  ] as const) {
    const reads = Number.isFinite(chunk) ? `in ${chunk}-byte reads` : "in one read";
    it(`${echo} echo accepts the scrolled echo (\`$\` and the tail) of an input wider than the terminal, ${reads}`, async () => {
      const t = new FakeTransport();
      const channel = new Channel(t, { promptPattern: /^R1\(config-if\)#$/m, echo, timeoutOpsMs: 1000 });
      t.respond((data) => {
        if (data === long) t.feed(scrollingEcho("R1(config-if)#", 80, long), chunk);
        else if (data === "\n") t.feed("\r\nR1(config-if)#");
      });
      const out = await channel.sendInput(long);
      expect(t.written).toEqual([long, "\n"]);
      expect(out.text).toBe("");
      expect(out.prompt).toBe("R1(config-if)#");
    });
  }

  it("does not take a `$` and a short piece of the input for its echo", async () => {
    const t = new FakeTransport();
    const channel = new Channel(t, { promptPattern: PROMPT, echo: "fuzzy", timeoutOpsMs: 200 });
    t.respond(() => t.feed("$end"));
    await expect(channel.sendInput(long)).rejects.toBeInstanceOf(TimeoutError);
    expect(t.written).toEqual([long]);
  });
});
