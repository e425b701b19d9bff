import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { cutsOf, params } from "../../test/property.ts";
import { encodeFrame, FrameDecoder, type Framing } from "./framing.ts";

interface Decoded {
  messages: Buffer[];
  errors: string[];
  /** Handler calls, to check the work stays linear in the input. */
  calls: number;
}

function decode(framing: Framing, pieces: readonly Buffer[]): Decoded {
  const messages: Buffer[] = [];
  let current: Buffer[] = [];
  const errors: string[] = [];
  let calls = 0;
  const decoder = new FrameDecoder(framing, {
    data: (piece) => {
      calls++;
      current.push(Buffer.from(piece));
    },
    end: () => {
      calls++;
      messages.push(Buffer.concat(current));
      current = [];
    },
    error: (problem) => {
      calls++;
      errors.push(problem);
    },
  });
  for (const p of pieces) decoder.push(p);
  return { messages, errors, calls };
}

/** Bytes that are likely to confuse a framer: markers, their prefixes, digits, hashes, newlines. */
const tricky = fc.oneof(
  fc.constantFrom("]]>]]>", "]]>", "]]", "\n##\n", "\n#", "##", "\n#12\n", "#", "\n", "<a>", "€"),
  fc.string({ maxLength: 8 }),
);
const content = fc
  .array(tricky, { minLength: 1, maxLength: 12 })
  .map((parts) => Buffer.from(parts.join(""), "utf8"));

/** Splits `whole` at `cuts` (sorted offsets). */
function split(whole: Buffer, cuts: readonly number[]): Buffer[] {
  const out: Buffer[] = [];
  let at = 0;
  for (const c of [...cuts].sort((a, b) => a - b)) {
    out.push(whole.subarray(at, c));
    at = c;
  }
  out.push(whole.subarray(at));
  return out;
}

describe("framing properties", () => {
  it("base 1.1: any messages in any chunk sizes decode to themselves, cut at every boundary", () => {
    fc.assert(
      fc.property(
        fc.array(
          content.filter((m) => m.length > 0),
          { minLength: 1, maxLength: 3 },
        ),
        fc.integer({ min: 1, max: 40 }),
        (messages, maxChunk) => {
          const whole = Buffer.concat(messages.flatMap((m) => encodeFrame("1.1", m, maxChunk)));
          for (const cut of cutsOf(whole.length, 120)) {
            const out = decode("1.1", split(whole, [cut]));
            expect(out.errors).toEqual([]);
            expect(out.messages).toEqual(messages);
          }
          // One byte per read: the worst case for a stateful decoder, still linear in calls.
          const bytes = split(
            whole,
            Array.from({ length: whole.length }, (_, i) => i),
          );
          const out = decode("1.1", bytes);
          expect(out.messages).toEqual(messages);
          expect(out.calls).toBeLessThanOrEqual(whole.length + messages.length);
        },
      ),
      params(40),
    );
  }, 30_000);

  it("base 1.0: messages without the marker decode to themselves, cut at every boundary", () => {
    fc.assert(
      fc.property(
        fc.array(
          // 1.0 cannot carry a message whose text, followed by the marker, shows the marker earlier.
          content.filter((m) => Buffer.concat([m, Buffer.from("]]>]]>")]).indexOf("]]>]]>") === m.length),
          { minLength: 1, maxLength: 3 },
        ),
        (messages) => {
          const whole = Buffer.concat(messages.flatMap((m) => encodeFrame("1.0", m)));
          for (const cut of cutsOf(whole.length, 120)) {
            const out = decode("1.0", split(whole, [cut]));
            expect(out.errors).toEqual([]);
            expect(Buffer.concat(out.messages)).toEqual(Buffer.concat(messages));
            expect(out.messages.filter((m) => m.length > 0)).toEqual(messages.filter((m) => m.length > 0));
          }
        },
      ),
      params(60),
    );
  }, 30_000);

  it("mutated chunked streams give messages or a framing error, never a throw, and nothing after an error", () => {
    fc.assert(
      fc.property(
        fc.array(
          content.filter((m) => m.length > 0),
          { minLength: 1, maxLength: 3 },
        ),
        fc.integer({ min: 1, max: 16 }),
        fc.array(
          fc.record({
            at: fc.nat(),
            kind: fc.constantFrom("flip", "drop", "insert"),
            byte: fc.constantFrom(0x0a, 0x23, 0x30, 0x31, 0x39, 0x20, 0x00, 0xff, 0x5d),
          }),
          { minLength: 1, maxLength: 4 },
        ),
        fc.array(fc.nat(), { maxLength: 4 }),
        (messages, maxChunk, mutations, cutSeeds) => {
          const bytes = [...Buffer.concat(messages.flatMap((m) => encodeFrame("1.1", m, maxChunk)))];
          for (const m of mutations) {
            const at = m.at % (bytes.length + 1);
            if (m.kind === "flip" && at < bytes.length) bytes[at] = m.byte;
            else if (m.kind === "drop") bytes.splice(at, 1);
            else bytes.splice(at, 0, m.byte);
          }
          const whole = Buffer.from(bytes);
          const cuts = cutSeeds.map((c) => c % (whole.length + 1));
          let out: Decoded | undefined;
          expect(() => {
            out = decode("1.1", split(whole, cuts));
          }).not.toThrow();
          expect(out?.errors.length).toBeLessThanOrEqual(1);
          // The same bytes in one read give the same outcome: the reads never matter.
          const once = decode("1.1", [whole]);
          expect(once.errors.length).toBe(out?.errors.length);
          expect(once.messages).toEqual(out?.messages);
        },
      ),
      params(),
    );
  });
});
