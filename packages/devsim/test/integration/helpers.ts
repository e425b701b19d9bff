import type { ClientChannel, ConnectConfig } from "ssh2";
import ssh2 from "ssh2";
import type { SimDevice } from "../../src/index.ts";

const TIMEOUT_MS = 10_000;

export interface Connected {
  client: ssh2.Client;
  banner: string;
  close(): void;
}

/** Connects a raw ssh2 client; rejects on error or after a timeout. */
export function connect(
  device: SimDevice,
  extra: Partial<ConnectConfig> = {},
  client: ssh2.Client = new ssh2.Client(),
): Promise<Connected> {
  return new Promise((resolve, reject) => {
    let banner = "";
    const timer = setTimeout(() => {
      client.end();
      reject(new Error("connect timed out"));
    }, TIMEOUT_MS);
    client.on("banner", (text) => {
      banner += text;
    });
    client.once("ready", () => {
      clearTimeout(timer);
      resolve({ client, banner, close: () => client.end() });
    });
    client.once("error", (err) => {
      clearTimeout(timer);
      reject(err);
    });
    client.connect({
      host: device.host,
      port: device.port,
      username: device.username,
      password: device.password,
      readyTimeout: TIMEOUT_MS,
      ...extra,
    });
  });
}

/** An interactive shell with a pty and helpers to wait for text. */
export class Shell {
  readonly channel: ClientChannel;
  buffer = "";
  closed = false;
  #waiters: (() => void)[] = [];

  constructor(channel: ClientChannel) {
    this.channel = channel;
    channel.on("data", (d: Buffer) => {
      this.buffer += d.toString("latin1");
      this.#wake();
    });
    channel.on("close", () => {
      this.closed = true;
      this.#wake();
    });
  }

  #wake(): void {
    for (const w of this.#waiters.splice(0)) w();
  }

  static open(conn: Connected): Promise<Shell> {
    return new Promise((resolve, reject) => {
      conn.client.shell({ term: "vt100", rows: 24, cols: 80 }, (err, channel) => {
        if (err) reject(err);
        else resolve(new Shell(channel));
      });
    });
  }

  send(text: string): void {
    this.channel.write(text);
  }

  /** Waits until the buffer matches `pattern`; returns the text before the match and consumes both. */
  async waitFor(pattern: RegExp | string, timeoutMs = TIMEOUT_MS): Promise<string> {
    const deadline = Date.now() + timeoutMs;
    for (;;) {
      const found = this.#find(pattern);
      if (found !== undefined) {
        const out = this.buffer.slice(0, found.start);
        this.buffer = this.buffer.slice(found.end);
        return out;
      }
      if (this.closed)
        throw new Error(`channel closed before ${String(pattern)}; got ${JSON.stringify(this.buffer)}`);
      const left = deadline - Date.now();
      if (left <= 0)
        throw new Error(
          `timed out waiting for ${String(pattern)}; got ${JSON.stringify(this.buffer.slice(-500))}`,
        );
      await new Promise<void>((resolve) => {
        const t = setTimeout(resolve, left);
        this.#waiters.push(() => {
          clearTimeout(t);
          resolve();
        });
      });
    }
  }

  #find(pattern: RegExp | string): { start: number; end: number } | undefined {
    if (typeof pattern === "string") {
      const i = this.buffer.indexOf(pattern);
      return i < 0 ? undefined : { start: i, end: i + pattern.length };
    }
    const m = new RegExp(pattern.source, pattern.flags.replace("g", "")).exec(this.buffer);
    return m ? { start: m.index, end: m.index + m[0].length } : undefined;
  }

  /** Sends a command and returns the output between the echoed line and the next `prompt`. */
  async run(command: string, prompt: RegExp | string): Promise<string> {
    this.send(`${command}\n`);
    return this.waitFor(prompt);
  }

  /** Waits for the channel to close. */
  async waitClosed(timeoutMs = TIMEOUT_MS): Promise<void> {
    const deadline = Date.now() + timeoutMs;
    while (!this.closed) {
      const left = deadline - Date.now();
      if (left <= 0) throw new Error("timed out waiting for the channel to close");
      await new Promise<void>((resolve) => {
        const t = setTimeout(resolve, left);
        this.#waiters.push(() => {
          clearTimeout(t);
          resolve();
        });
      });
    }
  }
}

export interface ExecResult {
  stdout: Buffer;
  code: number | null;
}

/** Runs one exec request and collects stdout and the exit code. */
export function exec(conn: Connected, command: string, timeoutMs = TIMEOUT_MS): Promise<ExecResult> {
  return new Promise((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error(`exec "${command}" timed out`)), timeoutMs);
    conn.client.exec(command, (err, channel) => {
      if (err) {
        clearTimeout(timer);
        reject(err);
        return;
      }
      const chunks: Buffer[] = [];
      let code: number | null = null;
      channel.on("data", (d: Buffer) => chunks.push(d));
      channel.on("exit", (c: number | null) => {
        code = c;
      });
      channel.on("close", () => {
        clearTimeout(timer);
        resolve({ stdout: Buffer.concat(chunks), code });
      });
    });
  });
}
