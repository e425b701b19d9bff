import fc from "fast-check";
import { describe, expect, it } from "vitest";
import {
  applyCleaned,
  isPlainChunk,
  NOISE,
  ROW_WIDTH,
  stripTerminalNoise,
  TerminalCleaner,
} from "./terminal.ts";

// What a consumer holds after feeding `parts` one push at a time (erases applied), then the flush.
function feed(parts: readonly string[], plain = false): string {
  const c = new TerminalCleaner();
  let text = "";
  for (const p of parts) text = applyCleaned(text, c.push(p, plain && !NOISE.test(p)));
  return applyCleaned(text, c.flush());
}

function splitAt(s: string, cuts: readonly number[]): string[] {
  const out: string[] = [];
  let from = 0;
  for (const cut of [...cuts].sort((a, b) => a - b)) {
    out.push(s.slice(from, cut));
    from = cut;
  }
  out.push(s.slice(from));
  return out;
}

describe("TerminalCleaner", () => {
  it("removes carriage returns, NUL, BEL and other controls but keeps tabs and newlines", () => {
    expect(stripTerminalNoise("a\r\nb\x00c\x07d\te\r\n")).toBe("a\nbcd\te\n");
  });

  it("strips CSI, OSC, charset and two-byte escape sequences", () => {
    const text = "\x1b[?2004h\x1b[1;32mgreen\x1b[0m \x1b]0;title\x07x\x1b(By\x1b=z\x1b[K";
    expect(stripTerminalNoise(text)).toBe("green xyz");
  });

  it("strips an escape sequence split across reads", () => {
    expect(feed(["abc\x1b", "[3", "2;1", "mdef\x1b]0;ti", "tle\x07ghi"])).toBe("abcdefghi");
  });

  it("holds the escape introducer alone at the end of a read", () => {
    const c = new TerminalCleaner();
    expect(c.push("R1#\x1b").text).toBe("R1#");
    expect(c.push("[0m").text).toBe("");
  });

  it("moves the cursor back on backspace and overwrites, as a terminal shows it", () => {
    expect(stripTerminalNoise("abcd\b\bX")).toBe("abXd");
    expect(stripTerminalNoise("abcd\b \b\b \b")).toBe("ab");
  });

  it("reports backspace edits of earlier reads as characters taken back", () => {
    const c = new TerminalCleaner();
    expect(c.push("abcd").text).toBe("abcd");
    expect(c.push("\b\b\b   \b\b\b")).toEqual({ text: "", erase: 3 });
    expect(c.push("Z")).toEqual({ text: "Z", erase: 0 });
  });

  it("removes control characters such as \\x01 and \\x1c also from plain ASCII reads", () => {
    const chunk = "a\x01b\x1cc\x1fd\x0ee\n";
    expect(NOISE.test(chunk)).toBe(true);
    for (let b = 0; b < 128; b++) {
      const bytes = Buffer.from([0x61, b, 0x62]);
      expect(isPlainChunk(bytes), `byte ${b}`).toBe(!NOISE.test(bytes.toString("latin1")));
    }
    expect(feed([chunk], true)).toBe("abcde\n");
  });

  it("leaves no backspace in what flush() hands out", () => {
    const c = new TerminalCleaner();
    let text = applyCleaned("", c.push("abc\x1b"));
    const flushed = c.flush();
    text = applyCleaned(text, flushed);
    expect(flushed.text).not.toMatch(NOISE);
    expect(text).toBe("abc");
    const d = new TerminalCleaner();
    const held = applyCleaned(d.push("xy\x1b]0;t\b").text, d.flush());
    expect(held).not.toMatch(NOISE);
  });

  it("takes back a whole multi-byte character when a backspace in the next read erases it", () => {
    for (const ch of ["é", "✓", "😀"]) {
      const c = new TerminalCleaner();
      const first = c.push(`ab${ch}`);
      const second = c.push("\b \b");
      expect(second.erase, ch).toBe(ch.length);
      expect(applyCleaned(first.text, second)).toBe("ab");
    }
  });

  it("moves and overwrites by characters, a surrogate pair being one (found by the long fuzz run)", () => {
    expect(stripTerminalNoise("    😀 \x1b[5G  ")).toBe("      ");
    expect(feed(["    😀 \x1b[5G ", " "])).toBe("      ");
    expect(stripTerminalNoise("😀 \x1b[2Dabc")).toBe("abc");
    expect(stripTerminalNoise("a😀b\b\bX")).toBe("aXb");
  });

  it("withdraws a readline prompt redrawn after Enter (`\\r\\x1b[K`)", () => {
    const c = new TerminalCleaner();
    const first = c.push("show status\r\n\x1b[?2004l\r\x1b[?2004hbird> ");
    expect(first.text).toBe("show status\nbird> ");
    const second = c.push("\r\x1b[K\x00\x00BIRD 2.0.12\r\nbird> ");
    expect(second.erase).toBe(6);
    expect(applyCleaned(first.text, second)).toBe("show status\nBIRD 2.0.12\nbird> ");
  });

  it("applies erase in line and display (CSI K, 1K, 2K, J) and cursor to column (CSI G, D, C)", () => {
    expect(stripTerminalNoise("hello world\x1b[6G\x1b[K!")).toBe("hello!");
    expect(stripTerminalNoise("hello world\x1b[6D\x1b[0J")).toBe("hello");
    expect(stripTerminalNoise("hello\x1b[3D\x1b[1KX")).toBe("  Xlo");
    expect(stripTerminalNoise("hello\x1b[2K\rbye")).toBe("bye");
    expect(stripTerminalNoise("ab\x1b[3CX")).toBe("ab   X");
    // Clearing the screen is display only: the stream's text stays.
    expect(stripTerminalNoise("line1\nold\x1b[2Jnew")).toBe("line1\noldnew");
  });

  it("removes a pager's line erase (`\\r` spaces `\\r`), whole or split anywhere", () => {
    const erase = `\r${" ".repeat(10)}\r`;
    expect(feed(["--More--", erase, "next line\n"])).toBe("next line\n");
    for (let cut = 0; cut <= erase.length; cut++) {
      const parts = ["a\n--More--", erase.slice(0, cut), erase.slice(cut), "b"];
      expect(feed(parts, true), `cut ${cut}`).toBe("a\nb");
    }
  });

  it("does not hold back text after a newline behind an unterminated escape", () => {
    const c = new TerminalCleaner();
    expect(c.push("data\x1b]garbage\r\nR1#").text).toBe("data]garbage\nR1#");
  });

  it("passes text without controls through unchanged", () => {
    const c = new TerminalCleaner();
    const text = "interface Gi1\n ip address 10.0.0.1 255.255.255.0\n";
    expect(c.push(text, true).text).toBe(text);
  });

  it("wraps rows longer than the terminal: a return goes back to the start of the last row", () => {
    const line = "x".repeat(ROW_WIDTH + 10);
    expect(stripTerminalNoise(`${line}\rAB`)).toBe(`${"x".repeat(ROW_WIDTH)}AB${"x".repeat(8)}`);
  });
});

// Pieces a pty CLI sends: text (with multi-byte characters), returns, newlines, backspaces, escapes,
// controls, pager prompts and their erases.
const piece = fc.oneof(
  fc.constantFrom(
    "abc",
    "R1#",
    "bird> ",
    " ",
    "héllo",
    "✓",
    "😀",
    "\r\n",
    "\n",
    "\r",
    "\b",
    "\b \b",
    "\x1b[K",
    "\x1b[2K",
    "\x1b[1K",
    "\x1b[J",
    "\x1b[5G",
    "\x1b[2D",
    "\x1b[3C",
    "\x1b[?2004h",
    "\x1b[1;32m",
    "\x1b]0;title\x07",
    "\x1b(B",
    "\x1b=",
    "\x00",
    "\x01",
    "\x07",
    "\x1c",
    "\x7f",
    "\x1b",
    "--More--",
    "\r        \r",
  ),
  fc.string({ maxLength: 6 }),
);
const stream = fc.array(piece, { maxLength: 40 }).map((p) => p.join(""));
// PB_FUZZ_RUNS=20000 makes a longer run (same seeds, more cases); the default keeps the suite fast.
const runs = (n: number): number => Number(process.env.PB_FUZZ_RUNS ?? n);
const timeout = process.env.PB_FUZZ_RUNS === undefined ? undefined : 3_600_000;

describe("TerminalCleaner properties", () => {
  it(
    "hands out the same text however the input is split into reads (every boundary)",
    () => {
      fc.assert(
        fc.property(stream, (s) => {
          const whole = feed([s]);
          for (let cut = 0; cut <= s.length; cut++) {
            // A surrogate pair is never split by the UTF-8 decoder.
            if (cut > 0 && cut < s.length && s.charCodeAt(cut) >= 0xdc00 && s.charCodeAt(cut) <= 0xdfff)
              continue;
            expect(feed([s.slice(0, cut), s.slice(cut)], true)).toBe(whole);
          }
        }),
        { seed: 1404, numRuns: runs(300) },
      );
    },
    timeout,
  );

  it(
    "hands out the same text for any number of reads of any sizes",
    () => {
      fc.assert(
        fc.property(stream, fc.array(fc.nat(), { maxLength: 12 }), (s, raw) => {
          const cuts = raw
            .map((n) => (s.length === 0 ? 0 : n % (s.length + 1)))
            .filter((c) => !(s.charCodeAt(c) >= 0xdc00 && s.charCodeAt(c) <= 0xdfff));
          expect(feed(splitAt(s, cuts), true)).toBe(feed([s]));
        }),
        { seed: 1405, numRuns: runs(500) },
      );
    },
    timeout,
  );

  it(
    "leaves no control character but newline and tab, and never takes back more than it gave",
    () => {
      fc.assert(
        fc.property(stream, fc.array(fc.nat(), { maxLength: 8 }), (s, raw) => {
          const c = new TerminalCleaner();
          let text = "";
          const parts = splitAt(
            s,
            raw.map((n) => (s.length === 0 ? 0 : n % (s.length + 1))),
          ).concat([""]);
          for (const [i, p] of parts.entries()) {
            const r = i === parts.length - 1 ? c.flush() : c.push(p);
            expect(r.text).not.toMatch(NOISE);
            expect(r.text).not.toMatch(/\r/);
            expect(r.erase).toBeLessThanOrEqual(text.length);
            text = applyCleaned(text, r);
          }
          // No half of a surrogate pair is left behind.
          expect(text).not.toMatch(/[\ud800-\udbff](?![\udc00-\udfff])|(?<![\ud800-\udbff])[\udc00-\udfff]/);
        }),
        { seed: 1406, numRuns: runs(500) },
      );
    },
    timeout,
  );

  it("does work linear in the input, also on hostile input (counted, not timed)", () => {
    const hostile = [
      (n: number) => `${"x".repeat(900)}${"\bY".repeat(n)}`,
      (n: number) => "\r".repeat(n),
      (n: number) => `${"a ".repeat(400)}${"\r ".repeat(n)}`,
      (n: number) => "\x1b[".repeat(n),
      (n: number) => "\x1b]".repeat(n),
      (n: number) => `abc${"\x1b[K\x1b[1K".repeat(n)}`,
      (n: number) => "z".repeat(n * 4),
    ];
    for (const make of hostile) {
      const work = (n: number, chunk: number) => {
        const s = make(n);
        const c = new TerminalCleaner();
        for (let i = 0; i < s.length; i += chunk) c.push(s.slice(i, i + chunk));
        c.flush();
        return c.work / s.length;
      };
      for (const chunk of [1, 7, 4096]) {
        const small = work(2_000, chunk);
        const large = work(16_000, chunk);
        expect(large, `${make(2)} in ${chunk}-char reads`).toBeLessThan(small * 1.25 + 4);
      }
    }
  });
});
