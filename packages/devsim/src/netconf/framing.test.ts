import { describe, expect, it } from "vitest";
import { FrameDecoder, FramingError } from "./framing.ts";

const text = (messages: Buffer[]): string[] => messages.map((m) => m.toString());

describe("FrameDecoder", () => {
  it("splits end-of-message framing, even when ]]>]]> is cut between packets", () => {
    const d = new FrameDecoder();
    expect(text(d.push(Buffer.from("<a/>]]>]")))).toEqual([]);
    expect(text(d.push(Buffer.from("]><b/>]]>]]>")))).toEqual(["<a/>", "<b/>"]);
  });

  it("reads chunks by their declared length, so data may hold the delimiters", () => {
    const d = new FrameDecoder();
    d.useChunked();
    const body = "x]]>]]>\n##\ny";
    const framed = `\n#${body.length}\n${body}\n#3\nend\n##\n`;
    const out: Buffer[] = [];
    for (const byte of Buffer.from(framed)) out.push(...d.push(Buffer.from([byte])));
    expect(text(out)).toEqual([`${body}end`]);
  });

  it("switches to chunked framing in the middle of a packet after the hello", () => {
    const d = new FrameDecoder();
    const got: string[] = [];
    d.pushEach(Buffer.from("<hello/>]]>]]>\n#4\n<a/>\n##\n"), (m) => {
      got.push(m.toString());
      return got.length === 1;
    });
    expect(got).toEqual(["<hello/>", "<a/>"]);
    expect(d.chunked).toBe(true);
  });

  it.each([
    ["a chunk-size of 0", "\n#0\n\n##\n"],
    ["a chunk-size with a leading zero", "\n#01\na\n##\n"],
    ["letters in the chunk-size", "\n#1a\n"],
    ["a chunk-size over 4294967295", "\n#4294967296\n"],
    ["a missing LF", "#4\n"],
    ["end-of-chunks before any chunk", "\n##\n"],
    ["junk after a chunk", "\n#1\naX"],
  ])("rejects %s", (_what, input) => {
    const d = new FrameDecoder();
    d.useChunked();
    expect(() => d.push(Buffer.from(input))).toThrow(FramingError);
  });

  it("accepts the largest chunk-size header", () => {
    const d = new FrameDecoder({ maxMessageBytes: 10 });
    d.useChunked();
    expect(d.push(Buffer.from("\n#4294967295\n"))).toEqual([]);
    expect(() => d.push(Buffer.alloc(11))).toThrow(/larger than 10 bytes/);
  });
});
