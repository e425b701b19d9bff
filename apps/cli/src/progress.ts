import { logUpdateStderr } from "log-update";
import type { Output } from "./output.ts";

type State = "running" | "ok" | "failed";

/**
 * Live progress of a fleet run: on a terminal a redrawn block (counts, then hosts in flight); elsewhere
 * one line per finished host on stderr, so logs show progress without control characters.
 */
export class Progress {
  readonly #output: Output;
  readonly #total: number;
  readonly #title: string;
  readonly #states = new Map<string, State>();
  readonly #live: boolean;
  #timer: NodeJS.Timeout | undefined;
  #done = 0;
  #failed = 0;
  readonly #started = performance.now();

  constructor(output: Output, title: string, total: number, options: { quiet?: boolean } = {}) {
    this.#output = output;
    this.#title = title;
    this.#total = total;
    this.#live = output.interactive && !options.quiet;
    this.#quiet = options.quiet === true;
    if (this.#live) {
      this.#timer = setInterval(() => this.#render(), 100);
      this.#timer.unref();
    }
  }

  readonly #quiet: boolean;

  start(host: string): void {
    this.#states.set(host, "running");
  }

  finish(host: string, ok: boolean, detail = ""): void {
    this.#states.set(host, ok ? "ok" : "failed");
    this.#done++;
    if (!ok) this.#failed++;
    if (!this.#live && !this.#quiet) {
      const c = this.#output.colors;
      const mark = ok ? c.green("ok") : c.red("FAILED");
      this.#output.err(`[${this.#done}/${this.#total}] ${host} ${mark}${detail ? ` ${detail}` : ""}`);
    }
  }

  stop(): void {
    if (this.#timer) clearInterval(this.#timer);
    this.#timer = undefined;
    if (this.#live) {
      this.#render();
      logUpdateStderr.done();
    }
  }

  #render(): void {
    const c = this.#output.colors;
    const running = [...this.#states].filter(([, s]) => s === "running").map(([h]) => h);
    const seconds = ((performance.now() - this.#started) / 1000).toFixed(1);
    const lines = [
      `${c.bold(this.#title)}  ${c.green(`${this.#done - this.#failed} done`)}  ${c.red(`${this.#failed} failed`)}  ${c.cyan(`${running.length} running`)}  ${this.#done}/${this.#total}  ${seconds}s`,
    ];
    if (running.length > 0)
      lines.push(
        c.dim(
          `  running: ${running.slice(0, 8).join(", ")}${running.length > 8 ? ` +${running.length - 8}` : ""}`,
        ),
      );
    logUpdateStderr(this.#output.redact(lines.join("\n")));
  }
}
