import type { GeneratedContent, XmlElement } from "./xml.ts";
import { el, leaf } from "./xml.ts";

export const ROUTES_NS = "urn:patchbay:devsim:routes";

const BASE = 156; // octets 100..255 keep every entry the same width
/** The most distinct routes the generator produces (3,796,416, about 380 MB of XML). */
export const MAX_ROUTES: number = BASE * BASE * BASE;

function octets(i: number): [number, number, number] {
  return [
    100 + (Math.floor(i / (BASE * BASE)) % BASE),
    100 + (Math.floor(i / BASE) % BASE),
    100 + (i % BASE),
  ];
}

function renderRoute(i: number): string {
  const [a, b, c] = octets(i);
  return `<route><prefix>10.${a}.${b}.${c}/32</prefix><next-hop>192.0.2.${c}</next-hop><metric>100</metric><description>generated</description></route>`;
}

/** Bytes of one generated `<route>` entry: every entry has the same size. */
export const ROUTE_BYTES: number = renderRoute(0).length;

const TEMPLATE = Buffer.from(renderRoute(0), "latin1");
/** Byte offsets of the three-digit octets in an entry: prefix a, b, c and the next hop's c. */
const DIGITS = (() => {
  const text = TEMPLATE.toString("latin1");
  const prefix = text.indexOf("<prefix>10.") + "<prefix>10.".length;
  const hop = text.indexOf("<next-hop>192.0.2.") + "<next-hop>192.0.2.".length;
  return [prefix, prefix + 4, prefix + 8, hop] as const;
})();

/** The three ASCII digits of 100 + v, for v in 0..155. */
const DIGIT_TABLE = Buffer.from(Array.from({ length: BASE }, (_, v) => String(100 + v)).join(""), "latin1");
/** The template repeated, copied in one go into each block of entries. */
let templateBlock: Buffer = Buffer.alloc(0);

/**
 * Entries as bytes: the fixed-width template copied, then only the digits patched, counting the
 * octets up instead of dividing per entry. Several times faster than rendering and encoding
 * strings; the server's speed bounds the benchmarks that read these replies.
 */
function renderRouteBytes(start: number, count: number): Buffer {
  const size = count * ROUTE_BYTES;
  if (templateBlock.length < size) {
    templateBlock = Buffer.allocUnsafe(size);
    templateBlock.fill(TEMPLATE);
  }
  const out = Buffer.allocUnsafe(size);
  templateBlock.copy(out, 0, 0, size);
  let [a, b, c] = octets(start).map((o) => o - 100) as [number, number, number];
  const [pa, pb, pc, ph] = DIGITS;
  for (let base = 0; base < size; base += ROUTE_BYTES) {
    const a0 = a * 3;
    const b0 = b * 3;
    const c0 = c * 3;
    out[base + pa] = DIGIT_TABLE[a0]!;
    out[base + pa + 1] = DIGIT_TABLE[a0 + 1]!;
    out[base + pa + 2] = DIGIT_TABLE[a0 + 2]!;
    out[base + pb] = DIGIT_TABLE[b0]!;
    out[base + pb + 1] = DIGIT_TABLE[b0 + 1]!;
    out[base + pb + 2] = DIGIT_TABLE[b0 + 2]!;
    out[base + pc] = DIGIT_TABLE[c0]!;
    out[base + pc + 1] = DIGIT_TABLE[c0 + 1]!;
    out[base + pc + 2] = DIGIT_TABLE[c0 + 2]!;
    out[base + ph] = DIGIT_TABLE[c0]!;
    out[base + ph + 1] = DIGIT_TABLE[c0 + 1]!;
    out[base + ph + 2] = DIGIT_TABLE[c0 + 2]!;
    if (++c === BASE) {
      c = 0;
      if (++b === BASE) {
        b = 0;
        a = (a + 1) % BASE;
      }
    }
  }
  return out;
}

/** The generated static routes, entry `i` a /32 in 10.0.0.0/8, rendered on demand. */
export function generatedRoutes(count: number): GeneratedContent {
  if (!Number.isInteger(count) || count < 0 || count > MAX_ROUTES)
    throw new RangeError(
      `devsim: netconf routes must be a whole number from 0 to ${MAX_ROUTES}, got ${count}`,
    );
  return {
    count,
    render: renderRoute,
    renderBytes: renderRouteBytes,
    element(i: number): XmlElement {
      const [a, b, c] = octets(i);
      return el("route", ROUTES_NS, [
        leaf("prefix", ROUTES_NS, `10.${a}.${b}.${c}/32`),
        leaf("next-hop", ROUTES_NS, `192.0.2.${c}`),
        leaf("metric", ROUTES_NS, "100"),
        leaf("description", ROUTES_NS, "generated"),
      ]);
    },
  };
}

/** The `<routes>` container holding `count` generated entries. */
export function routesElement(count: number): XmlElement {
  const node = el("routes", ROUTES_NS);
  node.generated = generatedRoutes(count);
  return node;
}
