/**
 * NETCONF framing over SSH (RFC 6242): base 1.0 end-of-message framing (`]]>]]>` after each message)
 * and base 1.1 chunked framing (`\n#<size>\n<size bytes>` chunks, `\n##\n` after the last one).
 *
 * Chunks are taken by their declared length, byte for byte, so chunk data that contains `]]>]]>` or
 * `\n##\n` cannot confuse the decoder; nothing is decoded or normalised here. Message content leaves
 * as subarrays of the received Buffers (no copies).
 */

/** The end-of-message marker of base 1.0 framing. */
export const END_OF_MESSAGE = "]]>]]>";
const EOM = Buffer.from(END_OF_MESSAGE, "latin1");
const EMPTY = Buffer.alloc(0);
/** The largest chunk RFC 6242 allows. */
export const MAX_CHUNK_SIZE = 4_294_967_295;
const LF = 0x0a;
const HASH = 0x23;

export type Framing = "1.0" | "1.1";

/** What the decoder reports. */
export interface FrameHandler {
  /** A piece of the current message's content, in order. */
  data(piece: Buffer): void;
  /** The current message is complete. May change the decoder's framing for what follows. */
  end(): void;
  /** The stream broke the framing rules; the decoder accepts nothing more. */
  error(problem: string): void;
}

enum ChunkState {
  /** Expecting the LF that starts a chunk header or the end-of-chunks marker. */
  HeaderLf,
  /** Expecting `#`. */
  HeaderHash,
  /** After `\n#`: a digit 1-9 starts a size; `#` is the end-of-chunks marker. */
  SizeOrEnd,
  /** Reading size digits until LF. */
  Size,
  /** Reading chunk data. */
  Data,
  /** After `\n##`: expecting the final LF. */
  EndLf,
}

/** Decodes framed bytes into message pieces; see `FrameHandler`. */
export class FrameDecoder {
  framing: Framing;
  readonly #handler: FrameHandler;
  #failed = false;
  // Base 1.0: the bytes at the end of the last Buffer that may start the end-of-message marker,
  // held back from the content until the next Buffer decides.
  #held: Buffer = EMPTY;
  // Base 1.1.
  #state: ChunkState = ChunkState.HeaderLf;
  #size = 0;
  #sizeDigits = 0;
  #remaining = 0;
  /** Whether the current message has had a chunk yet (an end marker before any chunk is invalid). */
  #chunks = 0;

  constructor(framing: Framing, handler: FrameHandler) {
    this.framing = framing;
    this.#handler = handler;
  }

  get failed(): boolean {
    return this.#failed;
  }

  /** Feeds received bytes. */
  push(buf: Buffer): void {
    let offset = 0;
    while (offset < buf.length && !this.#failed) {
      offset = this.framing === "1.0" ? this.#pushEom(buf, offset) : this.#pushChunked(buf, offset);
    }
  }

  #fail(problem: string): number {
    this.#failed = true;
    this.#handler.error(problem);
    return Number.POSITIVE_INFINITY;
  }

  /** Base 1.0: returns the offset after what it consumed (it stops after each message's end). */
  #pushEom(buf: Buffer, offset: number): number {
    const held = this.#held;
    if (held.length > 0) {
      // Does a marker start inside the held bytes? At most 5 more bytes can complete it.
      const combined = Buffer.concat([held, buf.subarray(offset, offset + EOM.length - 1)]);
      const at = combined.indexOf(EOM);
      if (at !== -1 && at < held.length) {
        this.#held = EMPTY;
        if (at > 0) this.#handler.data(combined.subarray(0, at));
        this.#handler.end();
        return offset + at + EOM.length - held.length;
      }
      if (buf.length - offset < EOM.length - 1) {
        // Too few new bytes to decide: hold the longest suffix that may still become a marker.
        const keep = partialSuffix(combined, 0);
        if (combined.length - keep > 0) this.#handler.data(combined.subarray(0, combined.length - keep));
        this.#held = combined.subarray(combined.length - keep);
        return buf.length;
      }
      this.#held = EMPTY;
      this.#handler.data(held);
    }
    const at = buf.indexOf(EOM, offset);
    if (at !== -1) {
      if (at > offset) this.#handler.data(buf.subarray(offset, at));
      this.#handler.end();
      return at + EOM.length;
    }
    // Hold back the longest suffix that is a prefix of the marker.
    const keep = partialSuffix(buf, offset);
    if (buf.length - keep > offset) this.#handler.data(buf.subarray(offset, buf.length - keep));
    this.#held = buf.subarray(buf.length - keep);
    return buf.length;
  }

  /** Base 1.1: returns the offset after what it consumed. */
  #pushChunked(buf: Buffer, offset: number): number {
    let i = offset;
    while (i < buf.length) {
      switch (this.#state) {
        case ChunkState.Data: {
          const take = Math.min(this.#remaining, buf.length - i);
          this.#handler.data(buf.subarray(i, i + take));
          this.#remaining -= take;
          i += take;
          if (this.#remaining === 0) this.#state = ChunkState.HeaderLf;
          break;
        }
        case ChunkState.HeaderLf:
          if (buf[i] !== LF) return this.#fail(`expected a chunk header (LF), got ${describeByte(buf[i])}`);
          this.#state = ChunkState.HeaderHash;
          i++;
          break;
        case ChunkState.HeaderHash:
          if (buf[i] !== HASH)
            return this.#fail(`expected "#" in a chunk header, got ${describeByte(buf[i])}`);
          this.#state = ChunkState.SizeOrEnd;
          i++;
          break;
        case ChunkState.SizeOrEnd: {
          const b = buf[i] ?? 0;
          if (b === HASH) {
            if (this.#chunks === 0) return this.#fail("end-of-chunks marker before any chunk");
            this.#state = ChunkState.EndLf;
          } else if (b >= 0x31 && b <= 0x39) {
            this.#size = b - 0x30;
            this.#sizeDigits = 1;
            this.#state = ChunkState.Size;
          } else {
            return this.#fail(`expected a chunk size (1-9) or "#", got ${describeByte(b)}`);
          }
          i++;
          break;
        }
        case ChunkState.Size: {
          const b = buf[i] ?? 0;
          if (b === LF) {
            this.#remaining = this.#size;
            this.#chunks++;
            this.#state = ChunkState.Data;
          } else if (b >= 0x30 && b <= 0x39) {
            this.#size = this.#size * 10 + (b - 0x30);
            this.#sizeDigits++;
            if (this.#sizeDigits > 10 || this.#size > MAX_CHUNK_SIZE) {
              return this.#fail(`chunk size exceeds ${MAX_CHUNK_SIZE}`);
            }
          } else {
            return this.#fail(`expected a digit or LF in a chunk size, got ${describeByte(b)}`);
          }
          i++;
          break;
        }
        case ChunkState.EndLf:
          if (buf[i] !== LF) return this.#fail(`expected LF after "##", got ${describeByte(buf[i])}`);
          i++;
          this.#state = ChunkState.HeaderLf;
          this.#chunks = 0;
          this.#handler.end();
          // The handler may have switched framing: let `push` pick the decoder for the rest.
          return i;
      }
    }
    return i;
  }
}

/** Length of the longest suffix of buf[offset..] that is a proper prefix of the marker. */
function partialSuffix(buf: Buffer, offset: number): number {
  const max = Math.min(EOM.length - 1, buf.length - offset);
  for (let n = max; n > 0; n--) {
    if (buf.subarray(buf.length - n).equals(EOM.subarray(0, n))) return n;
  }
  return 0;
}

function describeByte(b: number | undefined): string {
  if (b === undefined) return "end of data";
  if (b >= 0x20 && b < 0x7f) return `"${String.fromCharCode(b)}"`;
  return `byte 0x${b.toString(16).padStart(2, "0")}`;
}

/** Frames one message for sending. Under base 1.1, one chunk per `maxChunk` bytes. */
export function encodeFrame(framing: Framing, message: Buffer, maxChunk: number = MAX_CHUNK_SIZE): Buffer[] {
  if (framing === "1.0") return [message, EOM];
  const out: Buffer[] = [];
  for (let at = 0; at < message.length; at += maxChunk) {
    const piece = message.subarray(at, Math.min(message.length, at + maxChunk));
    out.push(Buffer.from(`\n#${piece.length}\n`, "latin1"), piece);
  }
  out.push(Buffer.from("\n##\n", "latin1"));
  return out;
}
