import { isPatchbayError } from "@patchbay/core";
import { formatIssue, InventoryError } from "@patchbay/inventory";
import Table from "cli-table3";
import pc from "picocolors";

/** How the command prints: colours, machine formats, secrets to mask. */
export interface Output {
  readonly color: boolean;
  readonly interactive: boolean;
  readonly debug: boolean;
  readonly colors: ReturnType<typeof pc.createColors>;
  /** Prints a line to stdout, secrets masked. */
  out(text: string): void;
  /** Prints a line to stderr, secrets masked. */
  err(text: string): void;
  /** Secrets to mask from now on (the fleet's). */
  addSecrets(secrets: readonly string[]): void;
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
  const secrets: string[] = [];
  const redact = (text: string): string => {
    let out = text;
    for (const s of secrets) if (s.length >= 3 && out.includes(s)) out = out.split(s).join("[redacted]");
    return out;
  };
  return {
    color,
    interactive: stderr.isTTY === true && env.CI === undefined,
    debug: options.debug === true,
    colors: pc.createColors(color),
    out: (text) => {
      stdout.write(`${redact(text)}\n`);
    },
    err: (text) => {
      stderr.write(`${redact(text)}\n`);
    },
    addSecrets: (list) => {
      for (const s of list) if (!secrets.includes(s)) secrets.push(s);
      secrets.sort((a, b) => b.length - a.length);
    },
    redact,
  };
}

/** One line for an error a user can cause: its code and first message line; the stack only with --debug. */
export function describeError(error: unknown, debug = false): string {
  if (debug && error instanceof Error && error.stack) return error.stack;
  if (isPatchbayError(error)) return `${error.code}: ${firstLine(error.message)}`;
  if (error instanceof Error) return `${error.name}: ${firstLine(error.message)}`;
  return String(error);
}

/** The lines to print for an error that stops the whole command (a bad fleet file lists every issue). */
export function errorLines(error: unknown, debug = false): string[] {
  if (error instanceof InventoryError) return error.issues.map(formatIssue);
  return [describeError(error, debug)];
}

function firstLine(text: string): string {
  return text.split("\n")[0] ?? text;
}

/** A plain table: borders only on a terminal with colours, so pipes get clean columns. */
export function renderTable(output: Output, head: string[], rows: string[][]): string {
  const table = new Table({
    head: head.map((h) => output.colors.bold(h)),
    style: { head: [], border: [] },
    ...(output.color
      ? {}
      : {
          chars: {
            top: "",
            "top-mid": "",
            "top-left": "",
            "top-right": "",
            bottom: "",
            "bottom-mid": "",
            "bottom-left": "",
            "bottom-right": "",
            left: "",
            "left-mid": "",
            mid: "",
            "mid-mid": "",
            right: "",
            "right-mid": "",
            middle: "  ",
          },
        }),
  });
  for (const row of rows) table.push(row);
  return output.color ? table.toString() : table.toString().replace(/^ /gm, "").replace(/ +$/gm, "");
}
