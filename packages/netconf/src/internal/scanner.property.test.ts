import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { cutsOf, params } from "../../test/property.ts";
import { NetconfProtocolError } from "../errors.ts";
import { XmlContent } from "../reply.ts";
import { BASE_NS, decodeMessage, type IncomingMessage } from "./message.ts";
import { MessageScanner, sliceMessage } from "./scanner.ts";

// ------------------------------------------------------------------ generated replies

/** Text content: escaped markup, entities, and words the fast path must not be fooled by. */
const text = fc
  .array(
    fc.constantFrom(
      "a",
      "1",
      " ",
      "\n",
      "&lt;/data&gt;",
      "&amp;",
      "&#x3C;",
      "&#60;",
      "&gt;",
      "rpc-error",
      "data",
      "€",
    ),
    { maxLength: 6 },
  )
  .map((p) => p.join(""));
/** Comments, CDATA and PIs holding what looks like end tags and rpc-errors. */
const tricky = fc.oneof(
  fc
    .array(fc.constantFrom("</data>", "<rpc-error>", "x", ">", " ", "</rpc-reply>"), { maxLength: 4 })
    .map((p) => `<!--${p.join(" ")}-->`),
  fc
    .array(fc.constantFrom("</data>", "<rpc-error/>", "x", "<", "&", "]", "</rpc-reply>"), { maxLength: 4 })
    .map((p) => `<![CDATA[${p.join(" ")}]]>`),
  fc
    .array(fc.constantFrom("</data>", "x", "<rpc-error>"), { maxLength: 3 })
    .map((p) => `<?pi ${p.join(" ")}?>`),
);
const attrs = fc
  .array(fc.constantFrom(` q="</data> >"`, ` r='a"b'`, ` s="rpc-error"`, ` t='/>'`), { maxLength: 2 })
  .map((a) => a.join(""));

const { element } = fc.letrec<{ element: string; content: string }>((tie) => ({
  element: fc.oneof(
    { depthSize: "small", withCrossShrink: true },
    fc.tuple(fc.constantFrom("a", "b", "data", "x-y", "error"), attrs).map(([n, a]) => `<${n}${a}/>`),
    fc
      .tuple(fc.constantFrom("a", "b", "data", "x-y", "rpc-error"), attrs, tie("content"))
      .map(([n, a, c]) => `<${n}${a}>${c}</${n}>`),
  ),
  content: fc
    .array(fc.oneof(text, tricky, tie("element") as fc.Arbitrary<string>), { maxLength: 4 })
    .map((p) => p.join("")),
}));

const rpcError = fc
  .tuple(fc.constantFrom("error", "warning"), fc.constantFrom("bad", "lock-denied"), text)
  .map(
    ([severity, tag, message]) =>
      `<rpc-error><error-type>rpc</error-type><error-tag>${tag}</error-tag><error-severity>${severity}</error-severity><error-message>${message}</error-message></rpc-error>`,
  );
const data = fc.array(element, { maxLength: 4 }).map((els) => `<data>${els.join("")}</data>`);
const child = fc.oneof(
  { arbitrary: data, weight: 3 },
  { arbitrary: rpcError, weight: 2 },
  { arbitrary: fc.constant("<ok/>"), weight: 1 },
  { arbitrary: fc.constantFrom("<data/>", "<other>x</other>", "<!-- between -->", "\n  "), weight: 1 },
);
const reply = fc
  .tuple(
    fc.array(child, { minLength: 1, maxLength: 5 }),
    fc.integer({ min: 1, max: 999 }),
    fc.constantFrom("", '<?xml version="1.0" encoding="UTF-8"?>\n'),
    fc.constantFrom("", "\n", "<!-- after --> "),
  )
  .map(([children, id, prolog, epilog]) => ({
    text: `${prolog}<rpc-reply xmlns="${BASE_NS}" message-id="${id}">${children.join("")}</rpc-reply>${epilog}`,
    errors: children.filter((c) => c.startsWith("<rpc-error>")).length,
  }));

// ------------------------------------------------------------------ the two paths

interface Summary {
  kind: string;
  messageId?: string | undefined;
  ok?: boolean;
  errors?: string[];
  hasData?: boolean;
  content: string;
}

function summarize(m: IncomingMessage): Summary {
  const content = m.kind === "hello" ? "" : new XmlContent(m.source).xml;
  if (m.kind !== "rpc-reply") return { kind: m.kind, content };
  return {
    kind: m.kind,
    messageId: m.messageId,
    ok: m.ok,
    errors: m.errors.map((e) => `${e.severity}:${e.tag}:${e.message ?? ""}`),
    hasData: m.hasData,
    content,
  };
}

/** Scans `pieces` (fast: data skipped, or full) and decodes; an `Error` thrown is returned. */
function run(pieces: readonly string[], fast: boolean): Summary | Error {
  try {
    const s = new MessageScanner(fast);
    for (const p of pieces) s.feed(p);
    return summarize(decodeMessage(s.finish(), true));
  } catch (err) {
    if (!(err instanceof Error)) throw new Error(`a non-Error was thrown: ${String(err)}`);
    return err;
  }
}

function cut(textValue: string, at: readonly number[]): string[] {
  const out: string[] = [];
  let from = 0;
  for (const c of [...at].sort((a, b) => a - b)) {
    out.push(textValue.slice(from, c));
    from = c;
  }
  out.push(textValue.slice(from));
  return out;
}

describe("reply scanner properties", () => {
  it("the fast scan equals the full parse on generated replies, cut at every boundary; rpc-errors are all found", () => {
    fc.assert(
      fc.property(reply, (r) => {
        const full = run([r.text], false);
        expect(full).not.toBeInstanceOf(Error);
        expect((full as Summary).errors).toHaveLength(r.errors);
        for (const at of cutsOf(r.text.length, 80)) {
          expect(run(cut(r.text, [at]), true), `cut at ${at}`).toEqual(full);
        }
      }),
      params(60),
    );
  }, 30_000);

  it("the fast scan equals the full parse when fed in many small reads", () => {
    fc.assert(
      fc.property(reply, fc.array(fc.nat(), { maxLength: 12 }), (r, seeds) => {
        const full = run([r.text], false);
        const cuts = seeds.map((s) => s % (r.text.length + 1));
        expect(run(cut(r.text, cuts), true)).toEqual(full);
      }),
      params(),
    );
  });

  it("mutated replies give an Error or a result; when both paths succeed they agree, and content parses or throws typed", () => {
    const mutation = fc.record({
      at: fc.nat(),
      kind: fc.constantFrom("drop", "insert", "duplicate"),
      what: fc.constantFrom(
        "<",
        ">",
        "/",
        '"',
        "'",
        "!",
        "[",
        "]",
        "-",
        "?",
        "&",
        "</data>",
        "<data>",
        "<rpc-error>",
      ),
      length: fc.integer({ min: 1, max: 12 }),
    });
    fc.assert(
      fc.property(
        reply,
        fc.array(mutation, { minLength: 1, maxLength: 3 }),
        fc.nat(),
        (r, mutations, cutSeed) => {
          let t = r.text;
          for (const m of mutations) {
            const at = m.at % (t.length + 1);
            if (m.kind === "drop") t = t.slice(0, at) + t.slice(at + m.length);
            else if (m.kind === "insert") t = t.slice(0, at) + m.what + t.slice(at);
            else t = t.slice(0, at) + t.slice(at, at + m.length) + t.slice(at);
          }
          const full = run([t], false);
          const fast = run(cut(t, [cutSeed % (t.length + 1)]), true);
          if (!(full instanceof Error) && !(fast instanceof Error)) {
            expect(fast.kind).toBe(full.kind);
            expect(fast.messageId).toBe(full.messageId);
            expect(fast.errors).toEqual(full.errors);
            expect(fast.ok).toBe(full.ok);
          }
          if (!(fast instanceof Error) && !(full instanceof Error)) return;
          // A message the full scan accepts is never refused by the fast one, and the reverse only when
          // the stored data content is what is broken: parsing it then throws a typed error.
          if (fast instanceof Error) expect(full).toBeInstanceOf(Error);
          else {
            const s = new MessageScanner(true);
            s.feed(t);
            const m = decodeMessage(s.finish(), true);
            if (m.kind !== "hello") {
              const content = new XmlContent(m.source);
              try {
                void content.elements;
              } catch (err) {
                expect(err).toBeInstanceOf(NetconfProtocolError);
              }
            }
          }
        },
      ),
      params(),
    );
  });

  it("does work linear in the reply's length, whatever the reads (counted, not timed)", () => {
    fc.assert(
      fc.property(reply, fc.array(fc.nat(), { maxLength: 20 }), fc.boolean(), (r, seeds, fast) => {
        const s = new MessageScanner(fast);
        for (const p of cut(
          r.text,
          seeds.map((x) => x % (r.text.length + 1)),
        ))
          s.feed(p);
        s.finish();
        expect(s.work).toBeLessThanOrEqual(4 * r.text.length + 8_192);
      }),
      params(),
    );
  });

  it("looks at a large <data> about once on the fast path, and about twice when it must rescan", () => {
    const entry = (i: number) =>
      `<route><prefix>10.${i >> 8}.${i & 255}.0/24</prefix><next-hop>192.0.2.1</next-hop></route>`;
    const body = Array.from({ length: 20_000 }, (_, i) => entry(i)).join("");
    for (const [content, limit] of [
      [body, 1.05],
      [`<note>rpc-error</note>${body}`, 2.1],
    ] as const) {
      const t = `<rpc-reply xmlns="${BASE_NS}" message-id="1"><data>${content}</data></rpc-reply>`;
      const s = new MessageScanner(true);
      for (let at = 0; at < t.length; at += 65_536) s.feed(t.slice(at, at + 65_536));
      s.finish();
      expect(s.work, content.slice(0, 20)).toBeLessThanOrEqual(limit * t.length + 8_192);
    }
  });

  it("an rpc-error anywhere among the children is never lost by the fast scan (fixed shapes)", () => {
    const err = "<rpc-error><error-tag>x</error-tag><error-severity>error</error-severity></rpc-error>";
    for (const body of [
      `<data><a/></data>${err}<data><b/></data>`,
      `${err}<data><a/></data>`,
      `<data><a/></data>${err}`,
      `<data><a/></data><data><b/></data>${err}`,
      `<data><![CDATA[</data>]]></data>${err}<data/>`,
    ]) {
      const t = `<rpc-reply xmlns="${BASE_NS}" message-id="1">${body}</rpc-reply>`;
      const fast = run([t], true) as Summary;
      expect(fast.errors, body).toEqual(["error:x:"]);
      expect(sliceMessage({ pieces: [t], starts: [0] }, 0, 5)).toBe("<rpc-");
    }
  });
});
