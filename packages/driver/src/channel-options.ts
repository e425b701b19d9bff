import type { Writable } from "node:stream";
import type { ErrorContext, Logger, OperationOptions } from "@patchbay/core";

/**
 * How to wait for the device to echo an input before sending return:
 * - `exact`: the echoed text must appear as sent;
 * - `fuzzy`: the input's characters must appear in order (tolerates line-wrap and inserted noise);
 * - `eager`: do not wait; send the input and return at once.
 * In `exact` and `fuzzy`, an input wider than the terminal may also echo as Cisco scrolls it: `$` and
 * the input's tail (the head scrolled away, erased with backspaces).
 */
export type EchoMode = "exact" | "fuzzy" | "eager";

export interface ChannelOptions extends ErrorContext {
  /**
   * The prompt to read until, matched at the end of the received text: on the last line, or on the
   * last lines for a pattern that spans lines (`\n` in it: SR Linux's context line above `A:srl#`).
   * @default DEFAULT_PROMPT_PATTERN
   */
  promptPattern?: RegExp;
  /**
   * The device redraws its prompt right after Enter and withdraws it (`\r\x1b[K`) when the reply
   * comes, as readline clients such as birdc do: a prompt with no output before it does not end a
   * command. Learned when the channel sees a prompt withdrawn; set it for such devices so the first
   * command is safe too. @default false, then learned
   */
  promptRedraw?: boolean;
  /**
   * Receives text the device sent outside any operation (a syslog line after a prompt), which the
   * next operation would otherwise drop. Also logged at debug level. @default logged only
   */
  onUnsolicitedOutput?: (text: string) => void;
  /** Upper bound of each operation, in milliseconds. @default 30000 */
  timeoutOpsMs?: number;
  /** Upper bound of silence while an operation waits for data, in milliseconds. @default Infinity */
  readTimeoutMs?: number;
  /** How many characters before the last line are kept for searching. @default 1000 */
  searchDepth?: number;
  /** How to wait for the echo of an input. @default "exact" */
  echo?: EchoMode;
  /** What ends an input line. @default "\n" */
  returnChar?: string;
  /** Pager prompts answered with `pagerResponse`. @default DEFAULT_PAGER_PATTERNS */
  pagerPatterns?: readonly RegExp[];
  /** What answers a pager prompt. @default " " */
  pagerResponse?: string;
  /** Where to write the raw bytes received: a stream or a file path (appended). */
  channelLog?: Writable | string;
  /** Also write what is sent to the channel log (hidden inputs are replaced). @default false */
  logSent?: boolean;
  /**
   * Keep every byte received during an operation, for `ChannelOutput.raw` and `Response.rawResult`.
   * Off by default: it is a second copy of every output (100 MB more for a 100 MB output).
   * @default false
   */
  rawResult?: boolean;
  /** Secrets masked in log entries. */
  secrets?: readonly string[];
  logger?: Logger;
}

/** Options of one channel operation. */
export interface SendInputOptions extends OperationOptions {
  /** @default the channel's echo mode */
  echo?: EchoMode;
  /** A secret: never logged and its echo is not awaited. @default false */
  hidden?: boolean;
  /** Read until this prompt instead of the channel's. */
  promptPattern?: RegExp;
  /** Keep the bytes received for `raw`. @default the channel's `rawResult` */
  rawResult?: boolean;
}

/** The output of one channel operation. */
export interface ChannelOutput {
  /** Output without the echoed input, terminal noise, pager prompts and the final prompt. */
  text: string;
  /** Every byte received during the operation (joined on first access); only with `rawResult`. */
  readonly raw: Buffer | undefined;
  /** The prompt (or the matched text) that ended the operation. */
  prompt: string;
}

/** One step of an interactive exchange. */
export interface InteractiveEvent {
  /** What to send (a return is added). */
  input: string;
  /** What to wait for afterwards; a string is found anywhere in the new output. @default the prompt */
  expect?: RegExp | string;
  /** A secret (a password): not logged, echo not awaited. @default false */
  hidden?: boolean;
}

export interface ReadOptions extends OperationOptions {
  /** Stop when this appears in the output. */
  until?: RegExp | string;
  /** Stop after reading for this long (milliseconds), whatever arrived. */
  readDurationMs?: number;
}
