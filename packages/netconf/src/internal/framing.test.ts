import { describe, expect, it } from "vitest";
import { encodeFrame, FrameDecoder, type Framing, MAX_CHUNK_SIZE } from "./framing.ts";

/** Decodes `input` fed in the given pieces; returns the messages, and the error if any. */
function decode(framing: Framing, pieces: readonly (string | Buffer)[]) {
  const messages: Buffer[] = [];
  let current: Buffer[] = [];
  const errors: string[] = [];
  const decoder = new FrameDecoder(framing, {
    data: (piece) => current.push(Buffer.from(piece)),
    end: () => {
      messages.push(Buffer.concat(current));
      current = [];
    },
    error: (problem) => errors.push(problem),
  });
  for (const p of pieces) decoder.push(typeof p === "string" ? Buffer.from(p, "utf8") : p);
  return {
    messages: messages.map((m) => m.toString("utf8")),
    errors,
    partial: Buffer.concat(current),
    decoder,
  };
}

/** Every way of cutting `text` in two. */
function splits(text: string): string[][] {
  const buf = Buffer.from(text);
  const out: string[][] = [];
  for (let i = 0; i <= buf.length; i++)
    out.push([buf.subarray(0, i).toString("latin1"), buf.subarray(i).toString("latin1")]);
  return out;
}

function latin1(pieces: string[]): Buffer[] {
  return pieces.map((p) => Buffer.from(p, "latin1"));
}

describe("base 1.0 end-of-message framing", () => {
  it("splits messages at ]]>]]> wherever the reads are cut, holding back partial markers", () => {
    const stream = "<a>x]]</a>]]>]]><b>]]>]</b>]]>]]>";
    for (const cut of splits(stream)) {
      const r = decode("1.0", latin1(cut));
      expect(r.errors).toEqual([]);
      expect(r.messages).toEqual(["<a>x]]</a>", "<b>]]>]</b>"]);
    }
  });

  it("finds the marker when it arrives one byte at a time, including after ]]]", () => {
    const stream = "<a>]]]]>]]]></a>]]>]]>";
    const r = decode("1.0", latin1([...stream]));
    expect(r.messages).toEqual(["<a>]]]]>]]]></a>"]);
    // A marker inside a run of brackets: "]]]>]]>" ends the message after the first "]".
    expect(decode("1.0", latin1([..."<b>]]]>]]>"])).messages).toEqual(["<b>]"]);
  });

  it("keeps bytes that only looked like the start of a marker", () => {
    const r = decode("1.0", latin1(["<a>]]", ">]]x</a>", "]]>]]>"]));
    expect(r.messages).toEqual(["<a>]]>]]x</a>"]);
  });
});

describe("base 1.1 chunked framing", () => {
  it("reads chunks by their length: ]]>]]> and \\n##\\n inside chunk data are data", () => {
    const body = "<x>]]>]]>\n##\n\n#5\n</x>";
    const stream = `\n#${Buffer.byteLength(body)}\n${body}\n##\n`;
    for (const cut of splits(stream)) {
      const r = decode("1.1", latin1(cut));
      expect(r.errors).toEqual([]);
      expect(r.messages).toEqual([body]);
    }
  });

  it("joins several chunks of one message and reads back-to-back messages", () => {
    const r = decode("1.1", ["\n#3\n<a>\n#1\nx\n#4\n</a>\n##\n\n#4\n<b/>\n##\n"]);
    expect(r.messages).toEqual(["<a>x</a>", "<b/>"]);
  });

  it("passes bytes through untouched: a chunk may end inside a multi-byte UTF-8 character", () => {
    const euro = Buffer.from("€", "utf8");
    const stream = Buffer.concat([
      Buffer.from("\n#2\n"),
      euro.subarray(0, 2),
      Buffer.from("\n#1\n"),
      euro.subarray(2),
      Buffer.from("\n##\n"),
    ]);
    const r = decode("1.1", [stream]);
    expect(r.messages).toEqual(["€"]);
  });

  it("accepts the largest chunk size, 4294967295, and streams its data as it comes", () => {
    const r = decode("1.1", [`\n#${MAX_CHUNK_SIZE}\n`, "abc", "def"]);
    expect(r.errors).toEqual([]);
    expect(r.partial.toString()).toBe("abcdef");
  });

  it.each([
    ["a size above 4294967295", "\n#4294967296\nx", /exceeds 4294967295/],
    ["a size with more than ten digits", "\n#00000000001\n", /size \(1-9\)/],
    ["a zero size", "\n#0\n", /size \(1-9\)/],
    ["a letter in the size", "\n#1a\n", /digit or LF/],
    ["a missing LF", "#5\nhello", /chunk header \(LF\)/],
    ["a missing #", "\n5\nhello", /"#"/],
    ["garbage instead of a header", "hello world", /chunk header/],
    ["an end marker before any chunk", "\n##\n", /before any chunk/],
    ["bad bytes after ##", "\n#1\nx\n##x", /LF after "##"/],
    ["a chunk longer than its header says", "\n#1\nxy\n##\n", /chunk header/],
  ])("reports %s as a framing error and then ignores the stream", (_what, stream, pattern) => {
    const r = decode("1.1", [stream, "\n#1\nz\n##\n"]);
    expect(r.errors).toHaveLength(1);
    expect(r.errors[0]).toMatch(pattern);
    expect(r.messages).toEqual([]);
    expect(r.decoder.failed).toBe(true);
  });

  it("switches from 1.0 to 1.1 at a message boundary inside one read", () => {
    const messages: string[] = [];
    let current = "";
    const decoder: FrameDecoder = new FrameDecoder("1.0", {
      data: (p) => {
        current += p.toString();
      },
      end: () => {
        messages.push(current);
        current = "";
        decoder.framing = "1.1";
      },
      error: (problem) => messages.push(`error: ${problem}`),
    });
    decoder.push(Buffer.from("<hello/>]]>]]>\n#6\n<ok/>]\n##\n"));
    expect(messages).toEqual(["<hello/>", "<ok/>]"]);
  });
});

describe("encodeFrame", () => {
  it("frames 1.1 messages as chunks with the leading newline, split at maxChunk", () => {
    const framed = Buffer.concat(encodeFrame("1.1", Buffer.from("abcdefg"), 3)).toString();
    expect(framed).toBe("\n#3\nabc\n#3\ndef\n#1\ng\n##\n");
    expect(decode("1.1", [framed]).messages).toEqual(["abcdefg"]);
  });

  it("counts bytes, not characters", () => {
    expect(Buffer.concat(encodeFrame("1.1", Buffer.from("é"))).toString()).toBe("\n#2\né\n##\n");
  });

  it("ends 1.0 messages with ]]>]]>", () => {
    expect(Buffer.concat(encodeFrame("1.0", Buffer.from("<a/>"))).toString()).toBe("<a/>]]>]]>");
  });
});
