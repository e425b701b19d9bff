import type { LoadConfigOptions } from "@patchbay/capabilities";
import { CommandError, deviceLabel, type ErrorContext, UnsupportedOperationError } from "@patchbay/core";
import type { ConfigDialect } from "./config-dialect.ts";
import { replaceLines } from "./replace-lines.ts";

/** A change loaded and not yet committed. */
export interface StagedConfig {
  mode: "merge" | "replace";
  lines: string[];
}

/** Checks and splits a configuration for `loadConfig`; refuses what the dialect cannot do. */
export function stageConfig(
  dialect: ConfigDialect,
  options: LoadConfigOptions,
  context: ErrorContext,
): StagedConfig {
  const format = dialect.format ?? "text";
  if (options.format !== undefined && options.format !== format) {
    throw new UnsupportedOperationError(
      `${deviceLabel(context)}configurations are loaded over this CLI as ${format}, not ${options.format}.`,
      context,
    );
  }
  if (options.mode === "replace" && dialect.replace === undefined) {
    throw new UnsupportedOperationError(
      `${deviceLabel(context)}replacing the whole configuration is not supported over this platform's CLI; load it in merge mode. Nothing was staged.`,
      context,
    );
  }
  const lines = (dialect.split ?? splitLines)(options.config);
  if (lines.length === 0) {
    throw new CommandError(`${deviceLabel(context)}the configuration to load is empty.`, context);
  }
  for (const line of lines) {
    const reason = dialect.checkLine?.(line);
    if (reason !== undefined) {
      throw new CommandError(`${deviceLabel(context)}"${line.trim()}" ${reason}; nothing was staged.`, {
        ...context,
        command: line.trim(),
      });
    }
  }
  return { mode: options.mode, lines };
}

/** The lines a configuration visit sends for the staged change, given the running configuration. */
export function visitLines(dialect: ConfigDialect, staged: StagedConfig, running: string): string[] {
  const replace = dialect.replace;
  if (staged.mode !== "replace" || replace === undefined) return staged.lines;
  if (replace.how === "prelude") return [...(replace.prelude ?? []), ...staged.lines];
  if (replace.how === "diff") return replaceLines(running, staged.lines, replace);
  return staged.lines;
}

/** The confirm timeout to arm, checked against the dialect before anything is sent. */
export function checkConfirm(
  dialect: ConfigDialect,
  staged: StagedConfig | undefined,
  seconds: number | undefined,
  context: ErrorContext,
): number | undefined {
  if (seconds === undefined) return undefined;
  const confirm = dialect.confirm;
  if (confirm === undefined) {
    throw new UnsupportedOperationError(
      `${deviceLabel(context)}the platform has no confirmed commit over the CLI; nothing was changed.`,
      context,
    );
  }
  const unit = confirm.unitSeconds ?? 1;
  const min = confirm.minSeconds ?? unit;
  if (!Number.isInteger(seconds) || seconds < min || seconds > confirm.maxSeconds || seconds % unit !== 0) {
    throw new UnsupportedOperationError(
      `${deviceLabel(context)}the confirm timeout must be a whole number of ${unit === 1 ? "seconds" : `${unit}-second units`} from ${min} to ${confirm.maxSeconds}, not ${seconds}; nothing was changed.`,
      context,
    );
  }
  if (staged?.mode === "replace" && confirm.withReplace === false) {
    throw new UnsupportedOperationError(
      `${deviceLabel(context)}the platform cannot confirm a replace over the CLI; commit it without a timeout, or merge. Nothing was changed.`,
      context,
    );
  }
  return seconds;
}

/** The non-empty lines of a configuration, without `end` (which would leave configuration mode half way). */
export function splitLines(config: string): string[] {
  return config
    .replace(/\r\n?/g, "\n")
    .split("\n")
    .filter((l) => l.trim() !== "" && l.trim() !== "end");
}

let sessions = 0;

/** A configuration session name no other run of this process uses at the same time. */
export function uniqueSessionName(prefix = "patchbay"): string {
  sessions = (sessions + 1) % 1_000_000;
  return `${prefix}-${process.pid.toString(36)}-${sessions.toString(36)}${Math.floor(Math.random() * 36 ** 3).toString(36)}`;
}
