import type { GarbageKind } from "../types.ts";

const ANSI = [
  "\x1b[2J",
  "\x1b[H",
  "\x1b[0m",
  "\x1b[1;31m",
  "\x1b[K",
  "\x1b[?25l",
  "\x1b[?25h",
  "\x1b]0;title\x07",
  "\x1b[24;1H",
];

/** A small seeded PRNG (mulberry32) so garbage is the same on every run. */
export function prng(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

/** Inserts one junk sequence after every `everyBytes` bytes of output. */
export class GarbageInjector {
  readonly #every: number;
  readonly #kinds: readonly GarbageKind[];
  readonly #random: () => number;
  #sinceLast = 0;

  constructor(options: { everyBytes?: number; kinds?: readonly GarbageKind[]; seed?: number }) {
    this.#every = Math.max(1, options.everyBytes ?? 64);
    this.#kinds = options.kinds && options.kinds.length > 0 ? options.kinds : ["ansi", "nul", "random"];
    this.#random = prng(options.seed ?? 1);
  }

  junk(): Buffer {
    const kind = this.#kinds[Math.floor(this.#random() * this.#kinds.length)] ?? "nul";
    if (kind === "ansi") return Buffer.from(ANSI[Math.floor(this.#random() * ANSI.length)] ?? "\x1b[0m");
    if (kind === "nul") return Buffer.alloc(1 + Math.floor(this.#random() * 3));
    const bytes = Buffer.alloc(1 + Math.floor(this.#random() * 4));
    // Avoid `\r`/`\n`, so the junk cannot fake line structure or a prompt.
    for (let i = 0; i < bytes.length; i++) bytes[i] = 0x80 + Math.floor(this.#random() * 0x7f);
    return bytes;
  }

  inject(data: Buffer): Buffer {
    const parts: Buffer[] = [];
    let offset = 0;
    while (offset < data.length) {
      const take = Math.min(this.#every - this.#sinceLast, data.length - offset);
      parts.push(data.subarray(offset, offset + take));
      offset += take;
      this.#sinceLast += take;
      if (this.#sinceLast >= this.#every) {
        parts.push(this.junk());
        this.#sinceLast = 0;
      }
    }
    return Buffer.concat(parts);
  }
}
