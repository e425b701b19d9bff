import { createSecretSet, isPatchbayError, type SecretSet } from "@patchbay/core";
import { formatIssue, InventoryError } from "@patchbay/inventory";
import pc from "picocolors";

/** How the command prints: colours, machine formats, secrets to mask. */
export interface Output {
  readonly color: boolean;
  readonly interactive: boolean;
  readonly debug: boolean;
  readonly colors: ReturnType<typeof pc.createColors>;
  /** Terminal width for tables, or undefined when stdout is not a terminal. */
  readonly columns: number | undefined;
  /** Prints a line to stdout, secrets masked. */
  out(text: string): void;
  /** Prints a line to stderr, secrets masked. */
  err(text: string): void;
  /** Prints `value` as JSON on stdout, masked before it is serialised (by key and by value). */
  json(value: unknown, pretty?: boolean): void;
  /** Secrets to mask from now on (the fleet's). */
  addSecrets(secrets: Iterable<string>): void;
  /** The masking of this output (text and values). */
  readonly secrets: SecretSet;
  redact(text: string): string;
}

export interface OutputOptions {
  color?: boolean | undefined;
  debug?: boolean | undefined;
  stdout?: NodeJS.WriteStream;
  stderr?: NodeJS.WriteStream;
  env?: NodeJS.ProcessEnv;
}

/**
 * Colours only on a terminal, and never with NO_COLOR set (any value) or --no-color; FORCE_COLOR
 * turns them on for pipes.
 */
export function createOutput(options: OutputOptions = {}): Output {
  const stdout = options.stdout ?? process.stdout;
  const stderr = options.stderr ?? process.stderr;
  const env = options.env ?? process.env;
  const forced = env.FORCE_COLOR !== undefined && env.FORCE_COLOR !== "0";
  const color = options.color !== false && env.NO_COLOR === undefined && (forced || stdout.isTTY === true);
  const secrets = createSecretSet();
  return {
    color,
    interactive: stderr.isTTY === true && env.CI === undefined,
    debug: options.debug === true,
    colors: pc.createColors(color),
    columns: stdout.isTTY === true ? stdout.columns : undefined,
    out: (text) => {
      stdout.write(`${secrets.maskText(text)}\n`);
    },
    err: (text) => {
      stderr.write(`${secrets.maskText(text)}\n`);
    },
    json: (value, pretty = true) => {
      stdout.write(`${JSON.stringify(secrets.maskValue(value), null, pretty ? 2 : undefined)}\n`);
    },
    addSecrets: (list) => secrets.add(list),
    secrets,
    redact: (text) => secrets.maskText(text),
  };
}

/** One line for an error a user can cause: its code and first message line; the stack only with --debug. */
export function describeError(error: unknown, debug = false): string {
  if (debug && error instanceof Error && error.stack) return error.stack;
  const hint = permissionHint(error);
  if (isPatchbayError(error)) return `${error.code}: ${firstLine(error.message)}${hint}`;
  if (error instanceof Error) return `${errorCode(error)}: ${firstLine(error.message)}${hint}`;
  return String(error);
}

/**
 * A machine code for every error: the Patchbay code, a Node system error's code (`EACCES`), or
 * `INTERNAL` (a bug: an error nobody typed).
 */
export function errorCode(error: unknown): string {
  if (isPatchbayError(error)) return error.code;
  const code = (error as { code?: unknown } | undefined)?.code;
  if (typeof code === "string" && /^[A-Z][A-Z0-9_]+$/.test(code)) return code;
  if (/permission denied/i.test(String((error as Error | undefined)?.message))) return "PERMISSION_DENIED";
  return "INTERNAL";
}

function permissionHint(error: unknown): string {
  const text = `${(error as { code?: unknown } | undefined)?.code ?? ""} ${(error as Error | undefined)?.message ?? ""}`;
  return /EACCES|permission denied/i.test(text) && !/--sudo/.test(text)
    ? " (permission denied: try --sudo)"
    : "";
}

/** The lines to print for an error that stops the whole command (a bad fleet file lists every issue). */
export function errorLines(error: unknown, debug = false): string[] {
  if (error instanceof InventoryError) return error.issues.map(formatIssue);
  return [describeError(error, debug)];
}

function firstLine(text: string): string {
  return text.split("\n")[0] ?? text;
}

/**
 * A table without borders, the same with and without colours (only the header is bold). With a
 * terminal width, the last column is cut so no row wraps.
 */
export function renderTable(output: Output, head: string[], rows: string[][]): string {
  const plain = (s: string): number => stripAnsi(s).length;
  const widths = head.map((h, i) => Math.max(plain(h), ...rows.map((r) => plain(r[i] ?? ""))));
  const gap = 2;
  const last = head.length - 1;
  if (output.columns !== undefined && last >= 0) {
    const fixed = widths.slice(0, last).reduce((a, b) => a + b + gap, 0);
    widths[last] = Math.max(10, Math.min(widths[last] ?? 0, output.columns - fixed - 1));
  }
  const line = (cells: string[], bold = false): string =>
    cells
      .map((cell, i) => {
        let text = cell.replace(/[\r\n]+/g, " ");
        const width = widths[i] ?? 0;
        if (plain(text) > width) text = `${stripAnsi(text).slice(0, Math.max(0, width - 1))}…`;
        const padded = i === last ? text : text + " ".repeat(Math.max(0, width - plain(text)));
        return bold ? output.colors.bold(padded) : padded;
      })
      .join(" ".repeat(gap))
      .replace(/ +$/, "");
  return [line(head, true), ...rows.map((r) => line(r))].join("\n");
}

// biome-ignore lint/suspicious/noControlCharactersInRegex: ANSI colour sequences are what it removes.
const ANSI = /\u001b\[[0-9;]*m/g;

export function stripAnsi(text: string): string {
  return text.replace(ANSI, "");
}
