import type { SimFaults } from "../types.ts";
import type { ChannelWriter } from "./channel-writer.ts";
import type { CommandResult, Engine, InputRequest, OutputBody } from "./engine.ts";
import { GarbageInjector } from "./garbage.ts";
import { afterNthNewline, countNewlines, pagerAction } from "./paging.ts";

/** What a session needs from its device. */
export interface SessionHost {
  faults(): SimFaults;
  pagingLines(): number;
  /** Close the whole SSH connection (the dropMidOutput fault). */
  dropConnection(): void;
}

export function toCrlf(text: string): string {
  return text.replace(/\r?\n/g, "\r\n");
}

/**
 * Writes one command's output: line endings, paging, and the output faults (drop, stall,
 * garbage). Returns false when the session ended meanwhile.
 */
export class OutputPump {
  readonly #writer: ChannelWriter;
  readonly #host: SessionHost;

  constructor(writer: ChannelWriter, host: SessionHost) {
    this.#writer = writer;
    this.#host = host;
  }

  async emit(
    body: OutputBody | undefined,
    options: { crlf: boolean; pager?: { engine: Engine; readKey: () => Promise<string | undefined> } },
  ): Promise<boolean> {
    if (body === undefined) return !this.#writer.closed;
    const chunks: Iterable<Buffer> =
      typeof body === "string" ? [Buffer.from(options.crlf ? toCrlf(body) : body)] : body(options.crlf);
    const faults = this.#host.faults();
    const garbage = faults.garbage ? new GarbageInjector(faults.garbage) : undefined;
    const pager = options.pager?.engine.paging ? options.pager : undefined;
    const pageSize = Math.max(1, pager?.engine.pagingLines ?? this.#host.pagingLines());
    let linesLeft = pageSize;
    let pausePending = false;
    let sent = 0;
    let stalled = false;

    const write = async (piece: Buffer): Promise<boolean> => {
      const drop = faults.dropMidOutput;
      if (drop !== undefined && sent + piece.length >= drop.afterBytes) {
        const head = piece.subarray(0, Math.max(0, drop.afterBytes - sent));
        await this.#writer.write(garbage ? garbage.inject(head) : head);
        this.#host.dropConnection();
        return false;
      }
      const stall = faults.stall;
      if (stall !== undefined && !stalled && sent + piece.length >= stall.afterBytes) {
        stalled = true;
        const cut = Math.max(0, stall.afterBytes - sent);
        const head = piece.subarray(0, cut);
        sent += head.length;
        if (!(await this.#writer.write(garbage ? garbage.inject(head) : head))) return false;
        if (stall.ms === undefined) {
          await this.#writer.waitForClose();
          return false;
        }
        if (!(await this.#writer.sleep(stall.ms))) return false;
        piece = piece.subarray(cut);
      }
      sent += piece.length;
      return this.#writer.write(garbage ? garbage.inject(piece) : piece);
    };

    for (const original of chunks) {
      let chunk = original;
      while (chunk.length > 0) {
        if (pausePending && pager) {
          const { text, erase } = pager.engine.pager;
          if (!(await this.#writer.write(text))) return false;
          const key = await pager.readKey();
          if (key === undefined) return false;
          if (!(await this.#writer.write(erase))) return false;
          const action = pagerAction(key);
          if (action === "quit") return true;
          linesLeft = action === "page" ? pageSize : 1;
          pausePending = false;
        }
        let piece = chunk;
        if (pager) {
          const end = afterNthNewline(chunk, linesLeft);
          if (end >= 0) {
            piece = chunk.subarray(0, end);
            pausePending = true;
          } else {
            linesLeft -= countNewlines(chunk);
          }
        }
        chunk = chunk.subarray(piece.length);
        if (!(await write(piece))) return false;
      }
    }
    return !this.#writer.closed;
  }
}

/**
 * An interactive shell: line editing with echo, the engine's prompts, paging, and input typed
 * ahead while a command runs (kept, as terminals do).
 */
export class ShellSession {
  readonly #engine: Engine;
  readonly #writer: ChannelWriter;
  readonly #host: SessionHost;
  readonly #pump: OutputPump;
  #input = "";
  #wake: (() => void) | undefined;
  #ended = false;
  #echo = "";
  #lastWasCR = false;

  constructor(engine: Engine, writer: ChannelWriter, host: SessionHost) {
    this.#engine = engine;
    this.#writer = writer;
    this.#host = host;
    this.#pump = new OutputPump(writer, host);
  }

  feed(data: Buffer | string): void {
    this.#input += data.toString("latin1");
    this.#notify();
  }

  /** No more input will come (channel closed or EOF). */
  end(): void {
    this.#ended = true;
    this.#notify();
  }

  #notify(): void {
    const wake = this.#wake;
    this.#wake = undefined;
    wake?.();
  }

  async #next(): Promise<string | undefined> {
    while (this.#input.length === 0) {
      if (this.#ended || this.#writer.closed) return undefined;
      if (this.#echo !== "") {
        const echo = this.#echo;
        this.#echo = "";
        await this.#writer.write(echo);
        continue;
      }
      await new Promise<void>((resolve) => {
        this.#wake = resolve;
      });
    }
    const ch = this.#input[0]!;
    this.#input = this.#input.slice(1);
    return ch;
  }

  async #flushEcho(): Promise<boolean> {
    if (this.#echo === "") return !this.#writer.closed;
    const echo = this.#echo;
    this.#echo = "";
    return this.#writer.write(echo);
  }

  async #prompt(request: InputRequest | undefined): Promise<boolean> {
    if (this.#host.faults().neverReturnPrompt) return !this.#writer.closed;
    return this.#writer.write(toCrlf(request?.prompt ?? this.#engine.prompt()));
  }

  /** Runs until the user logs out or the channel closes; resolves with the exit status. */
  async run(greeting: string | undefined): Promise<number> {
    if (greeting) await this.#writer.write(toCrlf(greeting));
    if (!(await this.#prompt(undefined))) return 0;
    let line = "";
    let request: InputRequest | undefined;
    for (;;) {
      const ch = await this.#next();
      if (ch === undefined) return 0;
      if (ch === "\n" && this.#lastWasCR) {
        this.#lastWasCR = false;
        continue;
      }
      this.#lastWasCR = ch === "\r";
      if (ch === "\r" || ch === "\n") {
        this.#echo += "\r\n";
        if (!(await this.#flushEcho())) return 0;
        const current = line;
        line = "";
        const handler = request;
        request = undefined;
        const result: CommandResult = handler ? handler.handle(current) : this.#engine.execute(current);
        const ok = await this.#pump.emit(result.output, {
          crlf: true,
          ...(result.noPaging ? {} : { pager: { engine: this.#engine, readKey: () => this.#next() } }),
        });
        if (!ok) return 0;
        if (result.endSession) return result.exitCode ?? 0;
        request = result.input;
        if (!(await this.#prompt(request))) return 0;
        continue;
      }
      const echoOn = request?.echo ?? true;
      if (ch === "\x7f" || ch === "\b") {
        if (line.length > 0) {
          line = line.slice(0, -1);
          if (echoOn) this.#echo += "\b \b";
        }
      } else if (ch === "\x03" || ch === "\x1a") {
        line = "";
        request = undefined;
        this.#echo += toCrlf(this.#engine.control(ch === "\x03" ? "c" : "z"));
        if (!(await this.#flushEcho()) || !(await this.#prompt(undefined))) return 0;
      } else if (ch === "\x15") {
        // Ctrl-U: kill the line.
        if (echoOn) this.#echo += "\b \b".repeat(line.length);
        line = "";
      } else if (ch === "\x1b") {
        await this.#skipEscape();
      } else if (ch >= " ") {
        line += ch;
        if (echoOn) this.#echo += ch;
      }
    }
  }

  /** Swallows the rest of an escape sequence (arrow keys and friends). */
  async #skipEscape(): Promise<void> {
    const first = await this.#next();
    if (first !== "[" && first !== "O") return;
    for (;;) {
      const ch = await this.#next();
      if (ch === undefined || /[@-~]/.test(ch)) return;
    }
  }
}
