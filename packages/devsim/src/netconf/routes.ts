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

/** The generated static routes, entry `i` a /32 in 10.0.0.0/8, rendered on demand. */
export function generatedRoutes(count: number): GeneratedContent {
  if (!Number.isInteger(count) || count < 0 || count > MAX_ROUTES)
    throw new RangeError(
      `devsim: netconf routes must be a whole number from 0 to ${MAX_ROUTES}, got ${count}`,
    );
  return {
    count,
    render: renderRoute,
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
