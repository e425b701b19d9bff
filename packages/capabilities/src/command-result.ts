import type { CommandResult } from "./commands.ts";

/** What one command produced, as every plugin that builds {@link CommandResult}s knows it. */
export interface CommandOutcome {
  command: string;
  output: string;
  /** Why the device or the transport says it failed; undefined when it did not. */
  error?: string | undefined;
  /** Texts of the platform's own that mark a failure (`% Invalid input`...). */
  platformFailures?: readonly string[] | undefined;
  /** Extra texts of the caller's (`RunCommandsOptions.failedWhenContains`). */
  failedWhenContains?: readonly string[] | undefined;
  startedAt: Date;
  elapsedMs: number;
}

/**
 * One command's result: failed when the device reported an error, or when the output contains one of
 * the platform's failure texts or the caller's. The reason says which.
 */
export function commandResult(outcome: CommandOutcome): CommandResult {
  const texts = [...(outcome.platformFailures ?? []), ...(outcome.failedWhenContains ?? [])];
  const matched = outcome.error === undefined ? texts.find((t) => outcome.output.includes(t)) : undefined;
  const reason = outcome.error ?? (matched !== undefined ? `output contains "${matched}"` : undefined);
  return {
    command: outcome.command,
    output: outcome.output,
    failed: reason !== undefined,
    ...(reason !== undefined ? { failureReason: reason } : {}),
    startedAt: outcome.startedAt,
    elapsedMs: outcome.elapsedMs,
  };
}

/** The first non-blank lines of a device's answer, joined on one line, for error messages. */
export function firstLines(text: string, lines = 3, chars = 300): string {
  return text
    .split(/\r?\n/)
    .filter((l) => l.trim() !== "")
    .slice(0, lines)
    .join(" / ")
    .slice(0, chars);
}
