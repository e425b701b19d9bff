import { TimeoutError } from "@patchbay/core";
import { describe, expect, it } from "vitest";
import { FakeTransport } from "../test/fake-transport.ts";
import { Channel } from "./channel.ts";
import { patternLines } from "./prompt-finder.ts";

const BIRD = /^bird> ?$/m;
// What birdc 2.0.12 sends over a pty (recorded from the BIRD peer): after Enter it redraws its prompt,
// then withdraws it with `\r\x1b[K` (and NUL padding) when the daemon's reply arrives.
const BIRD_OPEN = "BIRD 2.0.12 ready.\r\n\x1b[?2004hbird> ";
const STATUS_REPLY =
  "\r\n\x1b[?2004l\r\x1b[?2004hbird> \r\x1b[K\x00\x00\x00\x00\x00\x00\x00\x00\x00\x00\x00\x00" +
  "BIRD 2.0.12\r\nRouter ID is 10.254.0.2\r\nDaemon is up and running\r\nbird> ";
const STATUS_TEXT = "BIRD 2.0.12\nRouter ID is 10.254.0.2\nDaemon is up and running";

// A device that echoes the input and answers return with `reply`, cut into two reads at `cut`.
function device(reply: (input: string) => string, cut: number) {
  const t = new FakeTransport();
  let line = "";
  t.respond((data) => {
    if (data !== "\n") {
      line += data;
      t.feed(data);
      return;
    }
    const text = reply(line);
    line = "";
    const bytes = Buffer.from(text);
    t.feed(bytes.subarray(0, cut));
    t.feed(bytes.subarray(cut));
  });
  return t;
}

describe("a readline CLI that redraws its prompt after Enter (birdc)", () => {
  const cuts = Buffer.byteLength(STATUS_REPLY);

  it("returns the reply, not the redrawn prompt, for a read split at every byte (declared)", async () => {
    for (let cut = 0; cut <= cuts; cut++) {
      const t = device(() => STATUS_REPLY, cut);
      t.feed(BIRD_OPEN);
      const channel = new Channel(t, { promptPattern: BIRD, promptRedraw: true, timeoutOpsMs: 500 });
      await channel.getPrompt();
      const out = await channel.sendInput("show status");
      expect(out.text, `cut ${cut}`).toBe(STATUS_TEXT);
      expect(out.prompt).toBe("bird> ");
    }
  });

  it("learns the redraw from the first withdrawn prompt, then is exact at every split", async () => {
    for (let cut = 0; cut <= cuts; cut += 3) {
      let calls = 0;
      const t = device(() => STATUS_REPLY, Number.POSITIVE_INFINITY);
      t.feed(BIRD_OPEN);
      const channel = new Channel(t, { promptPattern: BIRD, timeoutOpsMs: 500 });
      await channel.getPrompt();
      expect(channel.promptRedraw).toBe(false);
      expect((await channel.sendInput("show status")).text).toBe(STATUS_TEXT);
      expect(channel.promptRedraw).toBe(true);
      t.respond((data) => {
        if (data !== "\n") return t.feed(data);
        calls++;
        const bytes = Buffer.from(STATUS_REPLY);
        t.feed(bytes.subarray(0, cut));
        t.feed(bytes.subarray(cut));
      });
      expect((await channel.sendInput("show status")).text, `cut ${cut}`).toBe(STATUS_TEXT);
      expect(calls).toBe(1);
    }
  });

  it("never returns an empty success when the device redrew its prompt and did not answer", async () => {
    const t = device(() => "\r\n\x1b[?2004l\r\x1b[?2004hbird> ", Number.POSITIVE_INFINITY);
    t.feed(BIRD_OPEN);
    const channel = new Channel(t, { promptPattern: BIRD, promptRedraw: true, timeoutOpsMs: 100 });
    await channel.getPrompt();
    const error = await channel.sendInput("configure check").catch((e: unknown) => e);
    expect(error).toBeInstanceOf(TimeoutError);
    expect((error as TimeoutError).partialOutput).toContain("bird> ");
  });

  it("still accepts a reply that birdc prints itself, without a redraw", async () => {
    const t = device(() => "\r\n\x1b[?2004l\rNo such command. Press `?' for help.\r\n\x1b[?2004hbird> ", 7);
    t.feed(BIRD_OPEN);
    const channel = new Channel(t, { promptPattern: BIRD, promptRedraw: true, timeoutOpsMs: 500 });
    await channel.getPrompt();
    expect((await channel.sendInput("show foo")).text).toBe("No such command. Press `?' for help.");
  });
});

describe("multi-line prompts", () => {
  const cases = [
    {
      name: "SR Linux's context line above A:srl#",
      pattern: /^--\{ [\w +*]+ \}--\[ [^\]]* \]--\n^A:srl# ?$/m,
      prompt: "--{ running }--[  ]--\r\nA:srl# ",
      promptText: "--{ running }--[  ]--\nA:srl# ",
    },
    {
      name: "Junos' [edit] line above user@host#",
      pattern: /^\[edit[^\]\n]*\]\n^[\w.-]+@[\w.-]+# ?$/m,
      prompt: "[edit interfaces]\r\nadmin@vmx1# ",
      promptText: "[edit interfaces]\nadmin@vmx1# ",
    },
  ];

  it("counts the lines a pattern spans by its newlines", () => {
    expect(patternLines(cases[0]?.pattern as RegExp)).toBe(2);
    expect(patternLines(/^R1#\s*$/m)).toBe(1);
    expect(patternLines(/a\nb\nc/)).toBe(3);
  });

  for (const c of cases) {
    it(`finds ${c.name}, with the reply split at every byte`, async () => {
      const reply = `\r\nline one\r\nline two\r\n${c.prompt}`;
      for (let cut = 0; cut <= Buffer.byteLength(reply); cut++) {
        const t = device(() => reply, cut);
        t.feed(c.prompt);
        const channel = new Channel(t, { promptPattern: c.pattern, timeoutOpsMs: 500 });
        expect(await channel.getPrompt()).toBe(c.promptText.trim());
        const out = await channel.sendInput("show x");
        expect(out.text, `cut ${cut}`).toBe("line one\nline two");
        expect(out.prompt).toBe(c.promptText);
      }
    });
  }

  it("does not end on the prompt's last line alone when the line above is not its context", async () => {
    const t = new FakeTransport();
    t.feed("--{ running }--[  ]--\r\nA:srl# ");
    const channel = new Channel(t, { promptPattern: cases[0]?.pattern, echo: "eager", timeoutOpsMs: 100 });
    await channel.getPrompt();
    t.respond(() => t.feed("show x\r\nsome output\r\nA:srl# "));
    await expect(channel.sendInput("show x")).rejects.toBeInstanceOf(TimeoutError);
  });
});

describe("until and read patterns that span lines", () => {
  const reply = "show log\r\nfoo\r\nbar baz\r\nR1#";

  it("sendAndRead finds `until` across a newline wherever the reads are split", async () => {
    for (let cut = 0; cut <= reply.length; cut++) {
      const t = new FakeTransport();
      const channel = new Channel(t, { promptPattern: /^R1#$/m, echo: "eager", timeoutOpsMs: 300 });
      t.respond(() => {
        t.feed(reply.slice(0, cut));
        t.feed(reply.slice(cut));
      });
      const out = await channel.sendAndRead("show log", { until: /foo\nbar/ });
      expect(out.prompt, `cut ${cut}`).toBe("foo\nbar");
    }
  });

  it("readUntilAny finds a pattern across a newline when a read ends at the newline", async () => {
    const t = new FakeTransport();
    const channel = new Channel(t, { timeoutOpsMs: 300 });
    const pending = channel.readUntilAny([/Password:\n\s*Again:/]);
    t.feed("Password:\r\n");
    await new Promise((r) => setTimeout(r, 5));
    t.feed("  Again:");
    expect((await pending).match).toBe("Password:\n  Again:");
  });
});

describe("bytes after a prompt in the same read", () => {
  const SYSLOG = "*Mar  1 00:01:02: %SYS-5-CONFIG_I: Configured from console";
  const reply = `\r\nline1\r\nR1#\r\n${SYSLOG}\r\n`;

  it("do not hide the prompt, and are reported before the next command (every split)", async () => {
    for (let cut = 0; cut <= reply.length; cut++) {
      const unsolicited: string[] = [];
      let first = true;
      const t = device(() => {
        if (first) {
          first = false;
          return reply;
        }
        return "\r\nline2\r\nR1#";
      }, cut);
      t.feed("R1#");
      const channel = new Channel(t, {
        promptPattern: /^R1#$/m,
        timeoutOpsMs: 300,
        onUnsolicitedOutput: (text) => unsolicited.push(text),
      });
      await channel.getPrompt();
      const out = await channel.sendInput("show a").catch((e) => {
        throw new Error(`cut ${cut}: ${JSON.stringify(e.partialOutput)}`);
      });
      expect(out.text, `cut ${cut}`).toBe("line1");
      expect((await channel.sendInput("show b")).text).toBe("line2");
      expect(unsolicited.join(""), `cut ${cut}`).toContain(SYSLOG);
    }
  });
});
