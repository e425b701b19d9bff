import type { DeviceState } from "../state.ts";

/**
 * A command's output: text with `\n` line endings (turned into `\r\n` on a terminal), or a
 * producer of chunks for outputs too large to hold in memory.
 */
export type OutputBody = string | ((crlf: boolean) => Iterable<Buffer>);

/** What running one line did. */
export interface CommandResult {
  output?: OutputBody;
  /** Exit status for exec channels. @default 0 */
  exitCode?: number;
  /** Write this output without stopping at pages (Junos `| no-more`). */
  noPaging?: boolean;
  /** End the session after writing the output. */
  endSession?: boolean;
  /** Read the next line with this prompt instead of the normal one (passwords, confirmations). */
  input?: InputRequest;
}

export interface InputRequest {
  prompt: string;
  echo: boolean;
  handle(line: string): CommandResult;
}

export interface Credentials {
  username: string;
  password: string;
  enableSecret: string;
}

export interface EngineContext {
  state: DeviceState;
  credentials: Credentials;
  /** False for exec channels: start privileged, no paging, no prompts. */
  interactive: boolean;
}

/** The command interpreter of one session. */
export interface Engine {
  prompt(): string;
  /** Whether long outputs stop every page. */
  paging: boolean;
  /** Page size set by `terminal length N`; the device default applies when undefined. */
  pagingLines?: number | undefined;
  /** The pager prompt and how to erase it. */
  readonly pager: { text: string; erase: string };
  execute(line: string): CommandResult;
  /** Ctrl-C / Ctrl-Z at the prompt. Returns the echo to print. */
  control(key: "c" | "z"): string;
}

export function eraseWithBackspaces(text: string): string {
  const n = text.length;
  return "\b".repeat(n) + " ".repeat(n) + "\b".repeat(n);
}
