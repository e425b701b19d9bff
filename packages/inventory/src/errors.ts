import { PatchbayError, type PatchbayErrorOptions } from "@patchbay/core";

/** One problem in a fleet file, with where it is. */
export interface InventoryIssue {
  /** The fleet file, or the source (`json:hosts.json`, `http:https://...`). */
  file: string;
  /** 1-based line and column of the key or value at fault; undefined when the place is not in a file. */
  line?: number | undefined;
  column?: number | undefined;
  /** The host it concerns, when it concerns one. */
  host?: string | undefined;
  /** Dotted path of the key (`groups.core.data.ssh.port`). */
  key: string;
  message: string;
  /** For unknown keys: the closest known key. */
  suggestion?: string | undefined;
}

export interface InventoryErrorOptions extends PatchbayErrorOptions {
  issues: readonly InventoryIssue[];
}

/** Formats one issue as `file:line:col: host "h": key: message (did you mean "x"?)`. */
export function formatIssue(issue: InventoryIssue): string {
  const where = issue.line !== undefined ? `${issue.file}:${issue.line}:${issue.column ?? 1}` : issue.file;
  const host = issue.host !== undefined ? ` host ${JSON.stringify(issue.host)}:` : "";
  const hint = issue.suggestion !== undefined ? ` (did you mean ${JSON.stringify(issue.suggestion)}?)` : "";
  return printable(`${where}:${host} ${issue.key}: ${issue.message}${hint}`);
}

/** Control characters (a hostile host name's escape sequences) shown as `\u001b`, never sent to a terminal. */
function printable(text: string): string {
  let out = "";
  for (const ch of text) {
    const c = ch.charCodeAt(0);
    out += c < 0x20 || (c >= 0x7f && c <= 0x9f) ? `\\u${c.toString(16).padStart(4, "0")}` : ch;
  }
  return out;
}
/** A fleet file (or a dynamic source) is wrong. Lists every problem at once. */
export class InventoryError extends PatchbayError {
  static override readonly code: string = "INVENTORY_INVALID";
  readonly issues: readonly InventoryIssue[];

  constructor(options: InventoryErrorOptions) {
    const count = options.issues.length;
    super(
      `The inventory has ${count} problem${count === 1 ? "" : "s"}:\n${options.issues.map((i) => `  ${formatIssue(i)}`).join("\n")}`,
      options,
    );
    this.issues = Object.freeze([...options.issues]);
  }
}
