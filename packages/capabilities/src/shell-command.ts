import { randomBytes } from "node:crypto";
import type { ErrorContext } from "@patchbay/core";
import { InvalidShellOptionError } from "./errors.ts";
import type { ShellCommandOptions } from "./shell.ts";

/** A command line ready for a remote `sh`, and what the runner must watch for. */
export interface BuiltShellCommand {
  /** The full command line: wrapping, quoting and all. */
  command: string;
  /** The command as the caller gave it (argv commands quoted), for results and logs. */
  display: string;
  /**
   * Set when sudo will read a password from stdin: the prompt sudo prints on stderr when it wants the
   * password, and the marker line the command prints on stderr once sudo let it start.
   */
  sudo?: { prompt: string; marker: string };
}

const SAFE = /^[A-Za-z0-9_@%+=:,./-]+$/;
const IDENTIFIER = /^[A-Za-z_][A-Za-z0-9_]*$/;
const USER = /^[A-Za-z0-9_][A-Za-z0-9_.-]*\$?$/;

/**
 * Quotes one word for a POSIX shell. Words made only of safe characters stay as they are; anything
 * else goes into single quotes, where nothing is special but the quote itself (`'` becomes `'\''`).
 * Newlines, `$()`, backticks and globs are therefore literal.
 */
export function quoteShellArg(word: string): string {
  if (word.includes("\0")) throw new TypeError("A shell argument cannot contain a NUL byte.");
  if (word !== "" && SAFE.test(word)) return word;
  return `'${word.replaceAll("'", `'\\''`)}'`;
}

/** Quotes each word and joins them with spaces. */
export function quoteShellCommand(argv: readonly string[]): string {
  return argv.map(quoteShellArg).join(" ");
}

/**
 * Builds the command line for `command` with pyinfra-style control options, in this order (inner to
 * outer): `export` of `env`, `cd chdir`, the shell (`sh -c`), `su`, then `sudo` or `doas`.
 *
 * With `sudo` and a password, sudo runs with `-S` (password from stdin) and a random prompt, and the
 * command first prints a random marker line to stderr, so the runner knows exactly when to send the
 * password and when the command's own stdin starts; without a password sudo runs with `-n` and fails
 * at once instead of waiting for a password nobody will type.
 */
export function buildShellCommand(
  command: string | readonly string[],
  options: ShellCommandOptions & { hasSudoPassword?: boolean } = {},
  context: ErrorContext = {},
): BuiltShellCommand {
  const fail = (option: string, reason: string): never => {
    throw new InvalidShellOptionError({ ...context, option, reason });
  };
  const display = typeof command === "string" ? command : quoteArgv(command, fail);
  if (display.trim() === "") fail("command", "is empty");
  if (display.includes("\0")) fail("command", "contains a NUL byte");

  let inner = display;
  const env = Object.entries(options.env ?? {});
  if (env.length > 0) {
    for (const [name, value] of env) {
      if (!IDENTIFIER.test(name))
        fail("env", `has the name ${JSON.stringify(name)}, which is not a shell identifier`);
      if (value.includes("\0")) fail("env", `value of ${name} contains a NUL byte`);
    }
    inner = `export ${env.map(([n, v]) => `${n}=${quoteShellArg(v)}`).join(" ")} && ${inner}`;
  }
  if (options.chdir !== undefined) {
    if (options.chdir === "" || options.chdir.includes("\0"))
      fail("chdir", "must be a non-empty path without NUL bytes");
    inner = `cd ${quoteShellArg(options.chdir)} && ${inner}`;
  }

  const shell = options.shellExecutable ?? "sh";
  if (shell !== false && (shell === "" || !SAFE.test(shell))) {
    fail("shellExecutable", "must be a program name or path (letters, digits, / . _ -)");
  }
  if (shell === false && (env.length > 0 || options.chdir !== undefined)) {
    fail("shellExecutable", "is false, so env and chdir cannot be applied (they need a shell)");
  }
  if (shell === false && typeof command === "string") {
    fail("shellExecutable", "is false, which needs the command as an argv array (a string is shell code)");
  }

  let line: string;
  if (options.suUser !== undefined) {
    checkUser(options.suUser, "suUser", fail);
    line = `su ${quoteShellArg(options.suUser)} -s ${quoteShellArg(shell === false ? "sh" : shell)} -c ${quoteShellArg(inner)}`;
  } else {
    line = shell === false ? inner : `${shell} -c ${quoteShellArg(inner)}`;
  }

  if (options.sudo && options.doas) fail("doas", "cannot be combined with sudo");
  if (options.sudo) {
    const flags = ["-H"];
    if (options.preserveSudoEnv) flags.push("-E");
    if (options.sudoUser !== undefined) {
      checkUser(options.sudoUser, "sudoUser", fail);
      flags.push("-u", quoteShellArg(options.sudoUser));
    }
    if (!options.hasSudoPassword) {
      return { command: `sudo -n ${flags.join(" ")} ${line}`, display };
    }
    const token = randomBytes(9).toString("base64url");
    const prompt = `[patchbay-sudo-password:${token}]`;
    const marker = `[patchbay-sudo-started:${token}]`;
    // -k: ignore cached credentials, so sudo asks every time and the password is never left in the
    // command's stdin. The marker says when sudo is done with stdin.
    const started = `printf '%s\\n' ${quoteShellArg(marker)} >&2 && exec ${line}`;
    return {
      command: `sudo -k -S -p ${quoteShellArg(prompt)} ${flags.join(" ")} sh -c ${quoteShellArg(started)}`,
      display,
      sudo: { prompt, marker },
    };
  }
  if (options.doas) {
    const user =
      options.doasUser !== undefined
        ? ` -u ${quoteShellArg(checkUser(options.doasUser, "doasUser", fail))}`
        : "";
    return { command: `doas -n${user} ${line}`, display };
  }
  return { command: line, display };
}

function quoteArgv(argv: readonly string[], fail: (option: string, reason: string) => never): string {
  if (argv.length === 0) fail("command", "is an empty argv array");
  for (const word of argv)
    if (typeof word !== "string") fail("command", "has an argument that is not a string");
  if (argv.some((w) => w.includes("\0"))) fail("command", "has an argument with a NUL byte");
  return quoteShellCommand(argv);
}

function checkUser(user: string, option: string, fail: (option: string, reason: string) => never): string {
  if (!USER.test(user)) fail(option, `is ${JSON.stringify(user)}, which is not a valid user name`);
  return user;
}
