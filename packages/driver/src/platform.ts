import type { EchoMode } from "./channel.ts";
import { PlatformDefinitionError } from "./errors.ts";

/** One privilege level as written in a platform definition. */
export interface PrivilegeLevelInput {
  /** Unique within the platform: `exec`, `privilege_exec`, `configuration`... */
  name: string;
  /** Matches the whole prompt of this level. May hold a `(?<hostname>...)` group for hostname anchoring. */
  pattern: RegExp | string;
  /** The level this one is entered from. */
  previousPriv?: string;
  /** Command that goes back to `previousPriv`. */
  deescalate?: string;
  /** Command that enters this level from `previousPriv`. */
  escalate?: string;
  /** Entering this level may ask for the enable secret. @default false */
  escalateAuth?: boolean;
  /** The password prompt shown while escalating. */
  escalatePrompt?: RegExp | string;
  /** A prompt containing one of these is not this level (disambiguates overlapping patterns). */
  notContains?: readonly string[];
}

/** A validated privilege level. */
export interface PrivilegeLevel {
  readonly name: string;
  readonly pattern: RegExp;
  readonly previousPriv: string | undefined;
  readonly deescalate: string | undefined;
  readonly escalate: string | undefined;
  readonly escalateAuth: boolean;
  readonly escalatePrompt: RegExp | undefined;
  readonly notContains: readonly string[];
}

/** Configuration sessions (EOS, NX-OS `configure session NAME`). */
export interface ConfigSessionInput {
  /** Command that opens the session; `{name}` is replaced by the session name. */
  escalate: string;
  /** The session's prompts (any session name). */
  pattern: RegExp | string;
  /** Commands that apply the session. */
  commit: readonly string[];
  /** Commands that discard the session. */
  abort: readonly string[];
  /** The level a session is opened from. */
  previousPriv: string;
  /** Leaves the session without committing (keeps it pending). @default "end" */
  deescalate?: string;
  /** Session prompts containing these are not sessions. */
  notContains?: readonly string[];
}

export interface ConfigSession {
  readonly escalate: string;
  readonly pattern: RegExp;
  readonly commit: readonly string[];
  readonly abort: readonly string[];
  readonly previousPriv: string;
  readonly deescalate: string;
  readonly notContains: readonly string[];
}

/** A platform as data: how its prompts look, how to move between levels, what errors look like. */
export interface PlatformDefinitionInput {
  id: string;
  privilegeLevels: readonly PrivilegeLevelInput[];
  /** The level commands run at. */
  defaultDesiredPrivilegeLevel: string;
  /** The level `sendConfigs` enters; without it the platform has no configuration mode. */
  configPrivilegeLevel?: string;
  /** Output containing one of these means the command failed. */
  failedWhenContains: readonly string[];
  /** Commands run after open (paging off, terminal width). */
  onOpen: readonly string[];
  /** Commands sent before close (not awaited). */
  onClose: readonly string[];
  /** Pager prompts; the channel's defaults when absent. */
  pagerPatterns?: readonly (RegExp | string)[];
  /** Commands that discard a failed configuration and leave config mode. */
  configAbort: readonly string[];
  /** Commands that apply configuration before leaving config mode (IOS-XR, Junos). */
  configCommit?: readonly string[];
  configSession?: ConfigSessionInput;
  /** A config line that renames the device; group 1 is the new hostname. */
  hostnameChange?: RegExp | string;
  /**
   * A line printed right before the prompt that belongs to it rather than to the output (Junos'
   * `[edit interfaces]`, `{master:0}`): removed from the end of results.
   */
  promptPreamble?: RegExp | string;
  /** @default "exact" */
  echo?: EchoMode;
  /**
   * The CLI redraws its prompt right after Enter and withdraws it when the reply comes (readline
   * clients such as birdc): a prompt with no output before it does not end a command. @default false
   */
  promptRedraw?: boolean;
}

/** A validated platform definition with compiled patterns. */
export interface PlatformDefinition {
  readonly id: string;
  readonly privilegeLevels: readonly PrivilegeLevel[];
  readonly defaultDesiredPrivilegeLevel: string;
  readonly configPrivilegeLevel: string | undefined;
  readonly failedWhenContains: readonly string[];
  readonly onOpen: readonly string[];
  readonly onClose: readonly string[];
  readonly pagerPatterns: readonly RegExp[] | undefined;
  readonly configAbort: readonly string[];
  readonly configCommit: readonly string[];
  readonly configSession: ConfigSession | undefined;
  readonly hostnameChange: RegExp | undefined;
  readonly promptPreamble: RegExp | undefined;
  readonly echo: EchoMode | undefined;
  readonly promptRedraw: boolean;
}

const ID = /^[a-z0-9][a-z0-9_]*$/;

/** Validates a platform definition and compiles its patterns; throws `PlatformDefinitionError`. */
export function definePlatform(input: PlatformDefinitionInput): PlatformDefinition {
  const platform = typeof input?.id === "string" ? input.id : "(unnamed)";
  const fail = (field: string, reason: string): never => {
    throw new PlatformDefinitionError({ platform, field, reason });
  };
  if (typeof input !== "object" || input === null) fail("definition", "must be an object");
  if (typeof input.id !== "string" || !ID.test(input.id))
    fail("id", "must be a platform id (lower-case letters, digits and _)");
  const strings = (field: string, value: unknown, required = true): readonly string[] => {
    if (value === undefined && !required) return [];
    if (!Array.isArray(value) || value.some((v) => typeof v !== "string"))
      fail(field, "must be an array of strings");
    return Object.freeze([...(value as string[])]);
  };
  const text = (field: string, value: unknown): string | undefined => {
    if (value === undefined) return undefined;
    if (typeof value !== "string" || value === "") fail(field, "must be a non-empty string");
    return value as string;
  };
  if (!Array.isArray(input.privilegeLevels) || input.privilegeLevels.length === 0) {
    fail("privilegeLevels", "must be a non-empty array");
  }
  const names = new Set<string>();
  const levels = input.privilegeLevels.map((level, i): PrivilegeLevel => {
    const at = `privilegeLevels[${i}]`;
    if (typeof level !== "object" || level === null) fail(at, "must be an object");
    if (typeof level.name !== "string" || level.name === "") fail(`${at}.name`, "must be a non-empty string");
    if (names.has(level.name)) fail(`${at}.name`, `"${level.name}" is defined twice`);
    names.add(level.name);
    const where = `privilegeLevels.${level.name}`;
    if (level.escalateAuth !== undefined && typeof level.escalateAuth !== "boolean") {
      fail(`${where}.escalateAuth`, "must be a boolean");
    }
    return Object.freeze({
      name: level.name,
      pattern: promptPattern(platform, `${where}.pattern`, level.pattern),
      previousPriv: text(`${where}.previousPriv`, level.previousPriv),
      deescalate: text(`${where}.deescalate`, level.deescalate),
      escalate: text(`${where}.escalate`, level.escalate),
      escalateAuth: level.escalateAuth ?? false,
      escalatePrompt:
        level.escalatePrompt === undefined
          ? undefined
          : compilePattern(platform, `${where}.escalatePrompt`, level.escalatePrompt),
      notContains: strings(`${where}.notContains`, level.notContains, false),
    });
  });
  for (const level of levels) {
    if (level.previousPriv === undefined) continue;
    const where = `privilegeLevels.${level.name}`;
    if (!names.has(level.previousPriv)) {
      fail(
        `${where}.previousPriv`,
        `names "${level.previousPriv}", which is not a privilege level of this platform`,
      );
    }
    if (level.escalate === undefined) fail(`${where}.escalate`, "is required when previousPriv is set");
    if (level.deescalate === undefined) fail(`${where}.deescalate`, "is required when previousPriv is set");
  }
  if (!names.has(input.defaultDesiredPrivilegeLevel)) {
    fail(
      "defaultDesiredPrivilegeLevel",
      `names "${String(input.defaultDesiredPrivilegeLevel)}", which is not a privilege level`,
    );
  }
  if (input.configPrivilegeLevel !== undefined && !names.has(input.configPrivilegeLevel)) {
    fail(
      "configPrivilegeLevel",
      `names "${String(input.configPrivilegeLevel)}", which is not a privilege level`,
    );
  }
  if (input.echo !== undefined && !["exact", "fuzzy", "eager"].includes(input.echo)) {
    fail("echo", 'must be "exact", "fuzzy" or "eager"');
  }
  if (input.promptRedraw !== undefined && typeof input.promptRedraw !== "boolean") {
    fail("promptRedraw", "must be a boolean");
  }
  let session: ConfigSession | undefined;
  if (input.configSession !== undefined) {
    const s = input.configSession;
    if (typeof s.escalate !== "string" || !s.escalate.includes("{name}")) {
      fail("configSession.escalate", 'must be a string containing "{name}"');
    }
    if (!names.has(s.previousPriv))
      fail("configSession.previousPriv", `names "${String(s.previousPriv)}", which is not a privilege level`);
    session = Object.freeze({
      escalate: s.escalate,
      pattern: promptPattern(platform, "configSession.pattern", s.pattern),
      commit: strings("configSession.commit", s.commit),
      abort: strings("configSession.abort", s.abort),
      previousPriv: s.previousPriv,
      deescalate: text("configSession.deescalate", s.deescalate) ?? "end",
      notContains: strings("configSession.notContains", s.notContains, false),
    });
  }
  return Object.freeze({
    id: input.id,
    privilegeLevels: Object.freeze(levels),
    defaultDesiredPrivilegeLevel: input.defaultDesiredPrivilegeLevel,
    configPrivilegeLevel: input.configPrivilegeLevel,
    failedWhenContains: strings("failedWhenContains", input.failedWhenContains),
    onOpen: strings("onOpen", input.onOpen),
    onClose: strings("onClose", input.onClose),
    pagerPatterns:
      input.pagerPatterns === undefined
        ? undefined
        : Object.freeze(
            input.pagerPatterns.map((p, i) => compilePattern(platform, `pagerPatterns[${i}]`, p)),
          ),
    configAbort: strings("configAbort", input.configAbort),
    configCommit: strings("configCommit", input.configCommit, false),
    configSession: session,
    hostnameChange:
      input.hostnameChange === undefined
        ? undefined
        : compilePattern(platform, "hostnameChange", input.hostnameChange),
    promptPreamble:
      input.promptPreamble === undefined
        ? undefined
        : compilePattern(platform, "promptPreamble", input.promptPreamble),
    echo: input.echo,
    promptRedraw: input.promptRedraw ?? false,
  });
}

/**
 * A prompt pattern, matched on the cleaned text at the end of the output (one line, or as many as it
 * has `\n`). Rejects what can never match there: carriage returns and other control characters (the
 * terminal cleaner removes them), `$` followed by something other than a newline, and patterns that
 * match empty text (they would end every read at once).
 */
function promptPattern(platform: string, field: string, pattern: unknown): RegExp {
  const re = compilePattern(platform, field, pattern);
  const problem = unmatchablePromptSyntax(re.source);
  const reason =
    problem ??
    (re.test("") || re.test("\n") ? "matches empty text, so it would end every read at once" : undefined);
  if (reason !== undefined) throw new PlatformDefinitionError({ platform, field, reason });
  return re;
}

// What may follow `$` in a prompt pattern (with the m flag, `$` matches only before a newline or at
// the end): the end, a group's end, an alternative, a newline, trailing blanks, a lookahead.
const AFTER_DOLLAR = /^(?:$|\)|\||\\n|\\s[*+?]?|\(\?[=!])/;
const CONTROL_ESCAPE =
  /^(?:x(?:0[0-8bcef]|1[0-9a-fA-F]|7[fF])|u00(?:0[0-8bcef]|1[0-9a-fA-F]|7[fF])|c[A-Za-z]|e|r)/;

function unmatchablePromptSyntax(source: string): string | undefined {
  let inClass = false;
  for (let i = 0; i < source.length; i++) {
    const c = source[i] as string;
    const code = c.charCodeAt(0);
    if (code < 32 && c !== "\n" && c !== "\t") {
      return "contains a control character, which the terminal cleaner removes before matching";
    }
    if (c === "\\") {
      const esc = CONTROL_ESCAPE.exec(source.slice(i + 1));
      if (esc !== null && !inClass) {
        return `contains \\${esc[0]}, a control character the terminal cleaner removes before matching (a line ends with \\n)`;
      }
      i++;
      continue;
    }
    if (inClass) {
      if (c === "]") inClass = false;
      continue;
    }
    if (c === "[") inClass = true;
    else if (c === "$" && !AFTER_DOLLAR.test(source.slice(i + 1))) {
      return `has "$" followed by "${source.slice(i + 1, i + 11)}", which can never match ($ is the end of a line)`;
    }
  }
  return undefined;
}

/**
 * Compiles a pattern with the `m` flag. Rejects syntax that JavaScript would silently read differently
 * from PCRE/Python (`\Z`, `\A`, possessive quantifiers, atomic groups, `(?P<`, inline flags).
 */
function compilePattern(platform: string, field: string, pattern: unknown): RegExp {
  let source: string;
  let flags = "m";
  if (pattern instanceof RegExp) {
    source = pattern.source;
    flags = pattern.flags.replace(/[gy]/g, "");
    if (!flags.includes("m")) flags += "m";
  } else if (typeof pattern === "string" && pattern !== "") source = pattern;
  else
    throw new PlatformDefinitionError({ platform, field, reason: "must be a RegExp or a non-empty string" });
  const problem = pcreOnlySyntax(source);
  if (problem !== undefined) {
    throw new PlatformDefinitionError({
      platform,
      field,
      reason: `uses ${problem}, which JavaScript does not support`,
    });
  }
  try {
    return new RegExp(source, flags);
  } catch (error) {
    throw new PlatformDefinitionError({
      platform,
      field,
      reason: `does not compile: ${(error as Error).message}`,
      cause: error,
    });
  }
}

function pcreOnlySyntax(source: string): string | undefined {
  let inClass = false;
  for (let i = 0; i < source.length; i++) {
    const c = source[i];
    if (c === "\\") {
      const n = source[i + 1];
      if (!inClass && (n === "A" || n === "Z" || n === "z")) return `\\${n} (use ^/$ with the m flag)`;
      i++;
      continue;
    }
    if (inClass) {
      if (c === "]") inClass = false;
      continue;
    }
    if (c === "[") inClass = true;
    else if (c === "(" && source[i + 1] === "?") {
      const n = source[i + 2];
      if (n === ">") return "an atomic group (?>...)";
      if (n === "P") return "a Python named group (?P<...>)";
      if (n !== undefined && /[imsx-]/.test(n)) return "inline flags (?i)";
      i++;
    } else if ((c === "*" || c === "+" || c === "?" || c === "}") && source[i + 1] === "+") {
      return "a possessive quantifier";
    }
  }
  return undefined;
}
