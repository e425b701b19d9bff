import type { ConfigFormat } from "@patchbay/capabilities";

/** How a commit is to be spelled: what the caller asked of `commitConfig`. */
export interface CommitSpec {
  /** A commit comment, cleaned of quotes and line breaks. */
  message?: string | undefined;
  /** Seconds before the device rolls back by itself unless confirmed. */
  confirmSeconds?: number | undefined;
  /** The staged change is a whole configuration that replaces the running one. */
  replace: boolean;
}

/** What a dialect hook may run on the device; every call throws `CommandError` on a rejected line. */
export interface CliSteps {
  /** Commands at the exec prompt; returns their outputs. */
  exec(commands: readonly string[]): Promise<string[]>;
  /** Lines in one configuration-mode visit (not committed by the driver); returns their outputs. */
  config(lines: readonly string[]): Promise<string[]>;
  /** The running configuration as `getConfig` returns it. */
  running(): Promise<string>;
  /** Throws a `CommandError` naming the device, with this message (a sentence, no device prefix). */
  fail(message: string, command?: string): never;
}

/** How a platform replaces the whole configuration. */
export interface ReplaceDialect {
  /**
   * - `prelude`: lines sent first in the session, then the new text (EOS `rollback clean-config`).
   * - `commit`: the new text is the whole target and the commit command says replace (IOS-XR `commit replace`).
   * - `diff`: the base computes the lines that turn the running configuration into the text (what
   *   `frr-reload` does) and sends them the platform's usual way.
   */
  readonly how: "prelude" | "commit" | "diff";
  readonly prelude?: readonly string[];
  /** For `diff`: the line that removes `line` (a `no` line, a Junos `delete`). */
  negate?(line: string): string;
  /** For `diff`: running lines a replace never removes (version headers, `end`). */
  readonly keep?: RegExp;
  /** For `diff`: the configuration is flat `set` lines rather than indented blocks. */
  readonly flat?: boolean;
  /** For `diff`: the format the running configuration is read in to compare (Junos: `set`). @default the native one */
  readonly runningFormat?: ConfigFormat;
  /** Prints the replaced candidate inside the visit, when it differs from the merge preview's command. */
  readonly showCandidate?: string;
}

/** How a platform arms and confirms a commit that rolls back by itself. */
export interface ConfirmDialect {
  /** The device counts in these many seconds (Junos: minutes); other timeouts are refused. @default 1 */
  readonly unitSeconds?: number;
  /** The longest timeout the device takes. */
  readonly maxSeconds: number;
  /** The shortest timeout the device takes. @default unitSeconds */
  readonly minSeconds?: number;
  /** Whether a replace can be committed with confirmation. @default true */
  readonly withReplace?: boolean;
  /** Confirms the pending commit. */
  confirm(steps: CliSteps): Promise<void>;
}

/** How a platform returns to an earlier configuration. */
export interface RollbackDialect {
  /** How many commits back the device keeps. */
  readonly maxSteps: number;
  /** Runs before every commit (saving a checkpoint), so that a later rollback has something to return to. */
  beforeCommit?(steps: CliSteps): Promise<void>;
  /** Returns `steps` commits back. */
  rollback(steps: number, cli: CliSteps): Promise<void>;
}

/**
 * How one platform spells the configuration transaction over its CLI. `SshCliPlugin` owns staging,
 * preview, commit, confirmation and rollback; a platform package only fills this in. Whatever is
 * absent is unsupported and refused before anything is sent.
 */
export interface ConfigDialect {
  /**
   * How configuration is entered: `lines` are applied one by one (IOS, FRR); a `session` is a named
   * configuration session committed at the end (EOS, NX-OS); a `candidate` is committed with a
   * commit line in the same visit (IOS-XR, Junos).
   */
  readonly entry: "lines" | "session" | "candidate";
  /** Session names start with this. @default "patchbay" */
  readonly sessionPrefix?: string;
  /** The format `loadConfig` takes. @default "text" */
  readonly format?: ConfigFormat;
  /** Turns loaded text into lines. @default the non-blank lines without `end` */
  split?(config: string): string[];
  /** Why a staged line is refused (it would end, commit or abort the visit); undefined when fine. */
  checkLine?(line: string): string | undefined;
  /** Session or candidate: the command that prints the candidate inside the visit (the preview). */
  readonly showCandidate?: string;
  /** Session or candidate: leaves the visit without applying anything (after a preview). */
  readonly abort?: readonly string[];
  /** Session or candidate: the commit line(s). @default ["commit"] */
  commit?(spec: CommitSpec): readonly string[];
  /** Output of a successful commit line; anything else fails the commit. */
  readonly committed?: RegExp;
  /** Saves the running configuration (`write memory`) when the plugin's settings ask for it. */
  readonly save?: { readonly command: string; readonly ok: RegExp };
  readonly replace?: ReplaceDialect;
  readonly confirm?: ConfirmDialect;
  readonly rollback?: RollbackDialect;
}
