import { logUpdateStderr } from "log-update";
import type { Output } from "./output.ts";

type State = "running" | "ok" | "failed" | "skipped" | "interrupted";

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
  #skipped = 0;
  /** Failed hosts with their reason, newest last, shown live so a user sees failures as they happen. */
  readonly #failures: string[] = [];
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

  finish(host: string, status: Exclude<State, "running">, detail = ""): void {
    this.#states.set(host, status);
    this.#done++;
    if (status === "failed") {
      this.#failed++;
      this.#failures.push(`${host}: ${detail}`);
    }
    if (status === "skipped") this.#skipped++;
    if (!this.#live && !this.#quiet) {
      const c = this.#output.colors;
      const mark =
        status === "ok"
          ? c.green("ok")
          : status === "skipped"
            ? c.yellow("skipped")
            : status === "interrupted"
              ? c.yellow("interrupted")
              : c.red("FAILED");
      this.#output.err(`[${this.#done}/${this.#total}] ${host} ${mark}${detail ? ` ${detail}` : ""}`);
    }
  }

  /** A line shown with the progress (in the live block on a terminal, else printed once on stderr). */
  note(text: string): void {
    this.#note = text;
    if (!this.#live) this.#output.err(text);
  }

  #note: string | undefined;

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
      `${c.bold(this.#title)}  ${c.green(`${this.#done - this.#failed - this.#skipped} done`)}  ${c.red(`${this.#failed} failed`)}  ${this.#skipped > 0 ? `${c.yellow(`${this.#skipped} skipped`)}  ` : ""}${c.cyan(`${running.length} running`)}  ${this.#done}/${this.#total}  ${seconds}s`,
    ];
    // "  FAILED " and one column to spare, so no line wraps (a wrapped line breaks the redraw).
    const width = (process.stderr.columns ?? 100) - 10;
    for (const failure of this.#failures.slice(-5)) lines.push(c.red(`  FAILED ${cut(failure, width)}`));
    if (this.#failures.length > 5) lines.push(c.red(`  (+${this.#failures.length - 5} more failed)`));
    if (running.length > 0)
      lines.push(
        c.dim(
          cut(
            `  running: ${running.slice(0, 8).join(", ")}${running.length > 8 ? ` +${running.length - 8}` : ""}`,
            width + 8,
          ),
        ),
      );
    if (this.#note !== undefined) lines.push(c.yellow(this.#note));
    logUpdateStderr(this.#output.redact(lines.join("\n")));
  }
}

function cut(text: string, width: number): string {
  return text.length > width ? `${text.slice(0, Math.max(1, width - 1))}…` : text;
}
