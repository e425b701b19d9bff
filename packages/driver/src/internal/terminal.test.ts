import { describe, expect, it } from "vitest";
import { stripTerminalNoise, TerminalCleaner } from "./terminal.ts";

describe("TerminalCleaner", () => {
  it("removes carriage returns, NUL, BEL and other controls but keeps tabs and newlines", () => {
    expect(stripTerminalNoise("a\r\nb\x00c\x07d\te\r\n")).toBe("a\nbcd\te\n");
  });

  it("strips CSI, OSC, charset and two-byte escape sequences", () => {
    const text = "\x1b[?2004h\x1b[1;32mgreen\x1b[0m \x1b]0;title\x07x\x1b(By\x1b=z\x1b[K";
    expect(stripTerminalNoise(text)).toBe("green xyz");
  });

  it("strips an escape sequence split across reads", () => {
    const c = new TerminalCleaner();
    const parts = ["abc\x1b", "[3", "2;1", "mdef\x1b]0;ti", "tle\x07ghi"];
    const out = parts.map((p) => c.push(p).text).join("");
    expect(out).toBe("abcdefghi");
  });

  it("holds the escape introducer alone at the end of a read", () => {
    const c = new TerminalCleaner();
    expect(c.push("R1#\x1b").text).toBe("R1#");
    expect(c.push("[0m").text).toBe("");
  });

  it("applies backspaces within a read and reports those that erase earlier text", () => {
    const c = new TerminalCleaner();
    expect(c.push("abcd\b\bX").text).toBe("abX");
    expect(c.push("\b\b\bZ")).toEqual({ text: "Z", erase: 3 });
  });

  it("removes the line-erase idiom used by pagers, also when split", () => {
    const c = new TerminalCleaner();
    const out = [c.push("line1\n\r    "), c.push("    \rline2\r\n")].map((r) => r.text).join("");
    expect(out).toBe("line1\nline2\n");
  });

  it("passes text without controls through unchanged", () => {
    const c = new TerminalCleaner();
    const text = "interface Gi1\n ip address 10.0.0.1 255.255.255.0\n";
    expect(c.push(text).text).toBe(text);
  });
});

describe("TerminalCleaner with garbage", () => {
  it("does not hold back text after a newline behind an unterminated escape", () => {
    const c = new TerminalCleaner();
    const out = c.push("data\x1b]garbage\r\nR1#").text;
    expect(out).toBe("data]garbage\nR1#");
  });
});

describe("TerminalCleaner and pager erases", () => {
  it("removes a line erase that arrives as a read of its own, leaving no spaces", () => {
    const c = new TerminalCleaner();
    const out = ["line1\n", "\r          \r", "line2\n"].map((p) => c.push(p).text).join("");
    expect(out).toBe("line1\nline2\n");
  });

  it("removes a line erase split anywhere across reads", () => {
    const erase = `\r${" ".repeat(10)}\r`;
    for (let cut = 1; cut < erase.length; cut++) {
      const c = new TerminalCleaner();
      const parts = ["a\n", erase.slice(0, cut), erase.slice(cut), "b"];
      expect(parts.map((p) => c.push(p, true).text).join(""), `cut ${cut}`).toBe("a\nb");
    }
  });
});
