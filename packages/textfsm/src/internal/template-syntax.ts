// Reads a TextFSM template the way Python TextFSM 1.1 does (textfsm/parser.py: _ParseFSMVariables,
// _ParseFSMState, TextFSMValue.Parse, TextFSMRule, _ValidateFSM) and refuses exactly what it refuses.
import { TemplateSyntaxError } from "../errors.ts";
import { PyRegexError, type TranslatedRegex, translatePyRegex } from "./py-regex.ts";
import { fileLines, isPySpace, pyRstrip, pyStrip, pyTemplateSubstitute } from "./py-text.ts";

export const OPTION_NAMES = ["Filldown", "Fillup", "Key", "List", "Required"] as const;
export type OptionName = (typeof OPTION_NAMES)[number];

export interface ValueDef {
  name: string;
  /** The regex as written after the name. */
  regex: string;
  /** Options in declared order (their hooks run in this order, as in Python). */
  options: OptionName[];
  /** For List values whose regex has more than one group: the regex for the nested match. */
  nested: TranslatedRegex | null;
}

export type LineOp = "" | "Next" | "Continue" | "Error";
export type RecordOp = "" | "NoRecord" | "Record" | "Clear" | "Clearall";

export interface RuleDef {
  /** 1-based template line. */
  line: number;
  /** The rule as written (stripped). */
  text: string;
  /** `.ascii` for pure-ASCII lines, `.regex` (built on first use) for the others. */
  regex: TranslatedRegex;
  /** [value index, JavaScript capture index] for each named group naming a Value, in group order. */
  assigns: Array<[number, number]>;
  lineOp: LineOp;
  recordOp: RecordOp;
  /** Target state, or the Error message (quotes kept, as Python keeps them). */
  newState: string;
}

export interface TemplateDef {
  values: ValueDef[];
  /** State name -> rules, End removed (as Python removes it). */
  states: Map<string, RuleDef[]>;
}

const MAX_NAME_LEN = 48;
const LINE_OPS = ["Continue", "Next", "Error"];
const RECORD_OPS = ["Clear", "Clearall", "Record", "NoRecord"];
// Python TextFSM's own rule-action grammar, compiled by our translator so \s and \w mean what they
// mean in Python.
const OPERATOR = `((?P<ln_op>${LINE_OPS.join("|")})(\\.(?P<rec_op>${RECORD_OPS.join("|")}))?)`;
const NEWSTATE = `(?P<new_state>\\w+|\\".*\\")`;
const ACTION_RES = [
  translatePyRegex(`\\s+${OPERATOR}(\\s+${NEWSTATE})?$`),
  translatePyRegex(`\\s+(?P<rec_op>${RECORD_OPS.join("|")})(\\s+${NEWSTATE})?$`),
  translatePyRegex(`(\\s+${NEWSTATE})?$`),
];
const WORD_START = translatePyRegex("\\w+");
const STATE_NAME = translatePyRegex("^(\\w+)$");
const COMMENT = translatePyRegex("^\\s*#");

function pyMatch(tr: RegExp | TranslatedRegex, s: string): RegExpExecArray | null {
  const re = tr instanceof RegExp ? tr : ASCII_ONLY.test(s) ? tr.ascii : tr.regex;
  re.lastIndex = 0;
  return re.exec(s);
}

/** True for strings without non-ASCII characters. */
// biome-ignore lint/suspicious/noControlCharactersInRegex: the whole ASCII range is the point
export const ASCII_ONLY: RegExp = /^[\x00-\x7f]*$/;

export function parseTemplate(text: string, name: string): TemplateDef {
  const lines = fileLines(text);
  let lineNum = 0;
  let at = 0;
  const fail = (reason: string, line = lineNum, unsupported = false): never => {
    throw new TemplateSyntaxError(name, line, reason, { unsupported });
  };
  const values: ValueDef[] = [];
  const varMap = new Map<string, string>();

  // Values: a contiguous block at the head, ended by a blank line.
  while (at < lines.length) {
    lineNum++;
    const line = pyRstrip(lines[at++] as string);
    if (!line) break;
    if (pyMatch(COMMENT, line)) continue;
    if (line.startsWith("Value ")) {
      const value = parseValue(line, fail);
      if (values.some((v) => v.name === value.def.name))
        fail(`Duplicate declarations for Value '${value.def.name}'.`);
      values.push(value.def);
      varMap.set(value.def.name, value.template);
    } else if (values.length === 0)
      fail("No Value definitions found (a template starts with 'Value' lines).");
    else fail("Expected blank line after last Value entry.");
  }

  const states = new Map<string, RuleDef[]>();
  for (;;) {
    let stateName = "";
    while (at < lines.length) {
      lineNum++;
      const line = pyRstrip(lines[at++] as string);
      if (line && !pyMatch(COMMENT, line)) {
        if (
          !pyMatch(STATE_NAME, line) ||
          line.length > MAX_NAME_LEN ||
          LINE_OPS.includes(line) ||
          RECORD_OPS.includes(line)
        )
          fail(`Invalid state name: '${line}'.`);
        if (states.has(line)) fail(`Duplicate state name: '${line}'.`);
        stateName = line;
        states.set(line, []);
        break;
      }
    }
    if (!stateName) break;
    const rules = states.get(stateName) as RuleDef[];
    while (at < lines.length) {
      lineNum++;
      const line = pyRstrip(lines[at++] as string);
      if (!line) break;
      if (pyMatch(COMMENT, line)) continue;
      if (!(line.startsWith(" ^") || line.startsWith("  ^") || line.startsWith("\t^")))
        fail(
          "Missing white space or carat ('^') before rule (a rule starts with 1 or 2 spaces or a tab, then '^').",
        );
      rules.push(parseRule(line, lineNum, varMap, values, fail));
    }
  }

  if (!states.has("Start")) fail("Missing state 'Start'.", 0);
  if ((states.get("End")?.length ?? 0) > 0) fail("Non-Empty 'End' state.", 0);
  if ((states.get("EOF")?.length ?? 0) > 0) fail("Non-Empty 'EOF' state.", 0);
  states.delete("End");
  for (const [state, rules] of states) {
    for (const rule of rules) {
      if (rule.lineOp === "Error") continue;
      if (!rule.newState || rule.newState === "End" || rule.newState === "EOF") continue;
      if (!states.has(rule.newState))
        fail(`State '${rule.newState}' not found, referenced in state '${state}'.`, rule.line);
    }
  }
  return { values, states };
}

function parseValue(
  line: string,
  fail: (reason: string, line?: number, unsupported?: boolean) => never,
): { def: ValueDef; template: string } {
  const parts = line.split(" ");
  if (parts.length < 3) fail("Expect at least 3 tokens on line.");
  const options: OptionName[] = [];
  let name: string;
  let regex: string;
  if (!(parts[2] as string).startsWith("(")) {
    const seen: string[] = [];
    for (const option of (parts[1] as string).split(",")) {
      if (seen.includes(option)) fail(`Duplicate option "${option}".`);
      seen.push(option);
      // Python looks options up as attributes of its options class, so its base class name
      // "OptionBase" is accepted as an option that does nothing.
      if (option === "OptionBase") continue;
      if (!(OPTION_NAMES as readonly string[]).includes(option)) fail(`Unknown option "${option}".`);
      options.push(option as OptionName);
    }
    name = parts[2] as string;
    regex = parts.slice(3).join(" ");
  } else {
    name = parts[1] as string;
    regex = parts.slice(2).join(" ");
  }
  if (name.length > MAX_NAME_LEN) fail(`Invalid Value name '${name}' or name too long.`);
  if (name.includes("\\")) fail(`Invalid Value name '${name}': a backslash in a name is not supported.`);
  if (
    !(regex.startsWith("(") && regex.endsWith(")") && regex.length >= 2) ||
    count(regex, "(") !== count(regex, ")")
  )
    fail(`Value '${regex}' must be contained within a '()' pair.`);
  let nested: TranslatedRegex | null = null;
  if (options.includes("List")) {
    let compiled: TranslatedRegex;
    try {
      compiled = translatePyRegex(regex);
    } catch (error) {
      const unsupported = error instanceof PyRegexError && error.unsupported;
      return fail(
        `Invalid regular expression in Value '${name}': ${(error as Error).message}.`,
        undefined,
        unsupported,
      );
    }
    if (compiled.groups > 1) nested = compiled;
  }
  return { def: { name, regex, options, nested }, template: `(?P<${name}>${regex.slice(1)}` };
}

function count(s: string, ch: string): number {
  let n = 0;
  for (let i = s.indexOf(ch); i >= 0; i = s.indexOf(ch, i + 1)) n++;
  return n;
}

function parseRule(
  raw: string,
  lineNum: number,
  varMap: ReadonlyMap<string, string>,
  values: readonly ValueDef[],
  fail: (reason: string, line?: number, unsupported?: boolean) => never,
): RuleDef {
  const line = pyStrip(raw);
  // Python: (?P<match>.*)(\s->(?P<action>.*)), greedy, so the last whitespace-then-"->" splits.
  let split = -1;
  for (let i = line.lastIndexOf("->"); i > 0; i = line.lastIndexOf("->", i - 1)) {
    if (isPySpace(line.charCodeAt(i - 1))) {
      split = i - 1;
      break;
    }
  }
  const match = split >= 0 ? line.slice(0, split) : line;
  let source = match;
  if (varMap.size > 0) {
    const substituted = pyTemplateSubstitute(match, varMap);
    if (substituted === null)
      fail(
        `Duplicate or invalid variable substitution: '${match}' (write $$ for a literal $, \${Name} for a Value).`,
        lineNum,
      );
    source = substituted as string;
  }
  let compiled: TranslatedRegex;
  try {
    compiled = translatePyRegex(source);
  } catch (error) {
    if (!(error instanceof PyRegexError)) throw error;
    return fail(
      `${error.unsupported ? "Unsupported" : "Invalid"} regular expression: '${source}': ${error.message}.`,
      lineNum,
      error.unsupported,
    );
  }
  const rule: RuleDef = {
    line: lineNum,
    text: line,
    regex: compiled,
    assigns: [],
    lineOp: "",
    recordOp: "",
    newState: "",
  };
  for (const [group, jsIndex] of compiled.names) {
    const idx = values.findIndex((v) => v.name === group);
    if (idx >= 0) rule.assigns.push([idx, jsIndex]);
  }
  if (split < 0) return rule;
  const action = line.slice(split + 3);
  let found: RegExpExecArray | null = null;
  let names: Array<[string, number]> = [];
  for (const re of ACTION_RES) {
    found = pyMatch(re, action);
    if (found) {
      names = re.names;
      break;
    }
  }
  if (!found) return fail(`Badly formatted rule '${line}'.`, lineNum);
  const group = (n: string): string => {
    const entry = names.find(([name]) => name === n);
    return entry ? ((found as RegExpExecArray)[entry[1]] ?? "") : "";
  };
  rule.lineOp = group("ln_op") as LineOp;
  rule.recordOp = group("rec_op") as RecordOp;
  rule.newState = group("new_state");
  if (rule.lineOp === "Continue" && rule.newState)
    fail(`Action '${rule.lineOp}' with new state ${rule.newState} specified.`, lineNum);
  if (rule.lineOp !== "Error" && rule.newState && !pyMatch(WORD_START, rule.newState))
    fail("Alphanumeric characters only in state names.", lineNum);
  return rule;
}
