/** RFC 6242 message framing: end-of-message (`]]>]]>`, NETCONF 1.0) and chunked (NETCONF 1.1). */

export const EOM = "]]>]]>";
const EOM_BYTES = Buffer.from(EOM);
/** RFC 6242 section 4.2: chunk-size is at most 4294967295. */
const MAX_CHUNK = 4294967295;
const LF = 0x0a;
const HASH = 0x23;

/** Thrown when the peer breaks the chunked framing; the session must end. */
export class FramingError extends Error {
  override readonly name = "FramingError";
}

type ChunkState =
  | { at: "lf" }
  | { at: "hash" }
  | { at: "size-or-hash" }
  | { at: "size"; digits: string }
  | { at: "end-lf" }
  | { at: "data"; left: number };

/**
 * Splits the incoming byte stream into messages. Starts in end-of-message framing; after
 * {@link useChunked} it reads chunked framing (chunks are taken by their declared length, so
 * message bodies may contain any bytes, `]]>]]>` and `\n##\n` included).
 */
export class FrameDecoder {
  #chunked = false;
  #pending: Buffer[] = [];
  /** End-of-message mode: bytes of a possible `]]>]]>` cut by a packet boundary. */
  #tail = Buffer.alloc(0);
  #state: ChunkState = { at: "lf" };
  #maxMessage: number;
  #size = 0;

  constructor(options: { maxMessageBytes?: number } = {}) {
    this.#maxMessage = options.maxMessageBytes ?? 256 * 1024 * 1024;
  }

  get chunked(): boolean {
    return this.#chunked;
  }

  /** Switches to chunked framing for every byte not yet consumed as part of a message. */
  useChunked(rest: Buffer = Buffer.alloc(0)): Buffer[] {
    this.#chunked = true;
    this.#state = { at: "lf" };
    return rest.length > 0 ? this.push(rest) : [];
  }

  /** Feeds bytes; returns the complete messages they finish. Throws {@link FramingError}. */
  push(data: Buffer): Buffer[] {
    return this.#chunked ? this.#pushChunked(data) : this.#pushEom(data);
  }

  /**
   * End-of-message mode feeds one message at a time through `onMessage`; if `onMessage` returns
   * true (the hello switched to chunked framing), the rest of `data` is parsed in chunked mode.
   */
  pushEach(data: Buffer, onMessage: (message: Buffer) => boolean): void {
    if (this.#chunked) {
      for (const m of this.#pushChunked(data)) onMessage(m);
      return;
    }
    let buf = this.#tail.length > 0 ? Buffer.concat([this.#tail, data]) : data;
    this.#tail = Buffer.alloc(0);
    for (;;) {
      const i = buf.indexOf(EOM_BYTES);
      if (i < 0) break;
      this.#add(buf.subarray(0, i));
      const message = this.#take();
      buf = buf.subarray(i + EOM_BYTES.length);
      if (onMessage(message)) {
        for (const m of this.useChunked(buf)) onMessage(m);
        return;
      }
    }
    // Keep a possible partial delimiter for the next packet.
    const keep = Math.min(buf.length, EOM_BYTES.length - 1);
    this.#add(buf.subarray(0, buf.length - keep));
    this.#tail = Buffer.from(buf.subarray(buf.length - keep));
  }

  #pushEom(data: Buffer): Buffer[] {
    const out: Buffer[] = [];
    this.pushEach(data, (m) => {
      out.push(m);
      return false;
    });
    return out;
  }

  #pushChunked(data: Buffer): Buffer[] {
    const out: Buffer[] = [];
    let i = 0;
    while (i < data.length) {
      const s = this.#state;
      if (s.at === "data") {
        const n = Math.min(s.left, data.length - i);
        this.#add(data.subarray(i, i + n));
        i += n;
        s.left -= n;
        if (s.left === 0) this.#state = { at: "lf" };
        continue;
      }
      const b = data[i++]!;
      switch (s.at) {
        case "lf":
          if (b !== LF) throw new FramingError(`expected LF before a chunk header, got byte ${b}`);
          this.#state = { at: "hash" };
          break;
        case "hash":
          if (b !== HASH) throw new FramingError(`expected "#" in a chunk header, got byte ${b}`);
          this.#state = { at: "size-or-hash" };
          break;
        case "size-or-hash":
          if (b === HASH) {
            if (this.#pending.length === 0 && this.#size === 0)
              throw new FramingError("end-of-chunks without any chunk");
            this.#state = { at: "end-lf" };
          } else if (b >= 0x31 && b <= 0x39) this.#state = { at: "size", digits: String.fromCharCode(b) };
          else throw new FramingError(`invalid chunk-size start byte ${b}`);
          break;
        case "size":
          if (b >= 0x30 && b <= 0x39) {
            s.digits += String.fromCharCode(b);
            if (s.digits.length > 10 || Number(s.digits) > MAX_CHUNK)
              throw new FramingError("chunk-size larger than 4294967295");
          } else if (b === LF) {
            this.#state = { at: "data", left: Number(s.digits) };
          } else throw new FramingError(`invalid byte ${b} in chunk-size`);
          break;
        case "end-lf":
          if (b !== LF) throw new FramingError(`expected LF after "##", got byte ${b}`);
          out.push(this.#take());
          this.#state = { at: "lf" };
          break;
      }
    }
    return out;
  }

  #add(piece: Buffer): void {
    if (piece.length === 0) return;
    this.#size += piece.length;
    if (this.#size > this.#maxMessage)
      throw new FramingError(`message larger than ${this.#maxMessage} bytes`);
    // Copy: the caller's buffer may be reused by the transport.
    this.#pending.push(Buffer.from(piece));
  }

  #take(): Buffer {
    const message = this.#pending.length === 1 ? this.#pending[0]! : Buffer.concat(this.#pending);
    this.#pending = [];
    this.#size = 0;
    return message;
  }
}

/** The header of one chunk (`\n#<size>\n`). */
export function chunkHeader(size: number): Buffer {
  return Buffer.from(`\n#${size}\n`);
}

/** The end-of-chunks marker. */
export const END_OF_CHUNKS: Buffer = Buffer.from("\n##\n");
export const EOM_MARKER: Buffer = EOM_BYTES;
