import { FakeTransport } from "./fake-transport.ts";

/**
 * A tiny IOS-like CLI over FakeTransport for unit tests of the driver logic: levels, enable with a
 * secret, configuration mode, hostname changes, and output whose lines end in `#` and `>`.
 */
export class FakeIos {
  readonly transport: FakeTransport;
  hostname = "R1";
  level: "exec" | "priv" | "config" | "config-if" = "exec";
  readonly received: string[] = [];
  #line = "";
  #awaitingSecret = false;
  #secretTries = 0;

  constructor(
    readonly secret = "s3cret",
    /** Replies to show commands; functions may feed in several pieces. */
    readonly shows: Record<string, string | ((t: FakeTransport, prompt: string) => void)> = {},
  ) {
    this.transport = new FakeTransport((data) => this.#input(data));
  }

  prompt(): string {
    if (this.level === "exec") return `${this.hostname}>`;
    if (this.level === "priv") return `${this.hostname}#`;
    return `${this.hostname}(${this.level})#`;
  }

  /** Starts the session: banner and first prompt. */
  start(): void {
    this.transport.feed(`\r\nWelcome\r\n\r\n${this.prompt()}`);
  }

  #input(data: string): void {
    for (const ch of data) {
      if (ch !== "\n") {
        this.#line += ch;
        if (!this.#awaitingSecret) this.transport.feed(ch);
        continue;
      }
      const line = this.#line;
      this.#line = "";
      this.transport.feed("\r\n");
      if (this.#awaitingSecret) {
        this.#awaitingSecret = false;
        if (line === this.secret) {
          this.level = "priv";
        } else if (++this.#secretTries < 3) {
          this.#awaitingSecret = true;
          this.transport.feed("Password: ");
          continue;
        } else this.transport.feed("% Bad secrets\r\n\r\n");
        this.transport.feed(this.prompt());
        continue;
      }
      this.received.push(line);
      this.#run(line.trim());
    }
  }

  #run(line: string): void {
    const t = this.transport;
    const out = (text: string): void =>
      t.feed(`${text ? `${text.replace(/\n/g, "\r\n")}\r\n` : ""}${this.prompt()}`);
    const m = /^hostname (\S+)$/.exec(line);
    if (line === "enable" && this.level === "exec") {
      this.#secretTries = 0;
      this.#awaitingSecret = true;
      t.feed("Password: ");
    } else if (line === "disable" && this.level === "priv") {
      this.level = "exec";
      out("");
    } else if (line === "configure terminal" && this.level === "priv") {
      this.level = "config";
      out("Enter configuration commands, one per line.  End with CNTL/Z.");
    } else if (line === "end" && this.level.startsWith("config")) {
      this.level = "priv";
      out("");
    } else if (m && this.level.startsWith("config")) {
      this.hostname = m[1] as string;
      out("");
    } else if (line.startsWith("interface ") && this.level.startsWith("config")) {
      this.level = "config-if";
      out("");
    } else if (line.startsWith("description ") && this.level === "config-if") {
      out("");
    } else if (line === "terminal length 0" || line === "terminal width 511" || line === "") {
      out("");
    } else if (this.shows[line] !== undefined) {
      const reply = this.shows[line];
      if (typeof reply === "function") reply(t, this.prompt());
      else out(reply as string);
    } else {
      out(`${" ".repeat(line.length)}^\n% Invalid input detected at '^' marker.\n`);
    }
  }
}
