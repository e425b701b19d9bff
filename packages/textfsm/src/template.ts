// A compiled TextFSM template and its state machine. The machine follows Python TextFSM 1.1's
// ParseText step by step (option hooks in declared order, records, Fillup, EOF), with every parse
// starting from a clean state.
import { TemplateParseError } from "./errors.ts";
import type { TranslatedRegex } from "./internal/py-regex.ts";
import { pyLines } from "./internal/py-text.ts";
import {
  ASCII_ONLY,
  type OptionName,
  parseTemplate,
  type RuleDef,
  type TemplateDef,
} from "./internal/template-syntax.ts";

/** One element of a List value: the matched text, `null` where Python holds None, or the named groups. */
export type ListItem = string | null | { [group: string]: string | null };
/** One cell: a string, or an array for List values. */
export type Cell = string | ListItem[];
/** One record, in header order. */
export type Row = Cell[];

export interface CompileOptions {
  /** Name used in error messages (e.g. the file name). @default "template" */
  name?: string;
}

export interface ParseOptions {
  /**
   * Stop with a `TemplateParseError` (reason "time-limit", naming the rule) once the parse has run
   * this long. Checked after every rule match attempt. @default no limit
   */
  timeLimitMs?: number;
}

export interface ParseObjectsOptions extends ParseOptions {
  /** Lower-case the keys (the convention of Netmiko and ntc-templates). @default false */
  lowercaseKeys?: boolean;
}

/** Option hook codes, so the hot path switches on small integers. */
const OPT: Record<OptionName, number> = { Required: 0, Filldown: 1, Fillup: 2, Key: 3, List: 4 };

interface ValueState {
  value: string | null | ListItem[];
  filldown: string | null;
  list: ListItem[];
}

class SkipRecord {}
const SKIP = new SkipRecord();

function truthy(v: string | null | ListItem[]): boolean {
  return v !== null && v.length > 0;
}

/** A compiled template: reusable, and each parse is independent. */
export class Template {
  /** The Value names in declaration order. */
  readonly header: string[];
  /** Names of the Values with the Key option, in header order. */
  readonly keys: string[];
  readonly name: string;
  readonly #def: TemplateDef;
  readonly #opts: number[][];
  readonly #hasFilldown: boolean[];

  /** Use `compileTemplate`. */
  constructor(def: TemplateDef, name: string) {
    this.#def = def;
    this.name = name;
    this.header = def.values.map((v) => v.name);
    this.keys = def.values.filter((v) => v.options.includes("Key")).map((v) => v.name);
    this.#opts = def.values.map((v) => v.options.map((o) => OPT[o]));
    this.#hasFilldown = def.values.map((v) => v.options.includes("Filldown"));
  }

  /** The rows Python TextFSM's ParseText returns for this text. */
  parse(text: string, options: ParseOptions = {}): Row[] {
    const def = this.#def;
    const opts = this.#opts;
    const hasFilldown = this.#hasFilldown;
    const nvalues = def.values.length;
    const vals: ValueState[] = def.values.map(() => ({ value: null, filldown: null, list: [] }));
    const result: Row[] = [];

    const assign = (i: number, x: string | null): void => {
      const v = vals[i] as ValueState;
      v.value = x;
      for (const o of opts[i] as number[]) {
        if (o === 1) v.filldown = x;
        else if (o === 2) {
          if (x) {
            for (let r = result.length - 1; r >= 0; r--) {
              const row = result[r] as Row;
              if ((row[i] as Cell).length > 0) break;
              row[i] = x;
            }
          }
        } else if (o === 4) {
          const nested = (def.values[i] as { nested: TranslatedRegex | null }).nested;
          let item: ListItem = x;
          // Python matches the List regex again to collect named groups (a None value makes Python
          // raise TypeError; here it stays null).
          if (nested && x !== null && nested.names.length > 0) {
            const re = ASCII_ONLY.test(x) ? nested.ascii : nested.regex;
            re.lastIndex = 0;
            const m = re.exec(x);
            if (m) {
              const dict: { [group: string]: string | null } = {};
              for (const [name, idx] of nested.names) dict[name] = m[idx] ?? null;
              item = dict;
            }
          }
          v.list.push(item);
        }
      }
    };
    const clear = (): void => {
      for (let i = 0; i < nvalues; i++) {
        const v = vals[i] as ValueState;
        v.value = null;
        for (const o of opts[i] as number[]) {
          if (o === 1) v.value = v.filldown;
          else if (o === 4 && !hasFilldown[i]) v.list = [];
        }
      }
    };
    const clearAll = (): void => {
      for (let i = 0; i < nvalues; i++) {
        const v = vals[i] as ValueState;
        v.value = null;
        for (const o of opts[i] as number[]) {
          if (o === 1) v.filldown = null;
          else if (o === 4) v.list = [];
        }
      }
    };
    const appendRecord = (): void => {
      if (nvalues === 0) return;
      const record: Row = [];
      let empty = 0;
      try {
        for (let i = 0; i < nvalues; i++) {
          const v = vals[i] as ValueState;
          for (const o of opts[i] as number[]) {
            if (o === 0) {
              if (!truthy(v.value)) throw SKIP;
            } else if (o === 4) v.value = v.list.slice();
          }
          const value = v.value;
          if (value === null || (Array.isArray(value) && value.length === 0)) empty++;
          record.push(value === null ? "" : value);
        }
      } catch (error) {
        if (error !== SKIP) throw error;
        clear();
        return;
      }
      if (empty === nvalues) return;
      result.push(record);
      clear();
    };

    clearAll();
    const limit = options.timeLimitMs;
    const deadline = limit === undefined ? Number.POSITIVE_INFINITY : performance.now() + limit;
    let stateName = "Start";
    let rules = def.states.get("Start") as RuleDef[];
    let n = -1;
    for (const line of pyLines(text)) {
      n++;
      const ascii = ASCII_ONLY.test(line);
      for (let r = 0; r < rules.length; r++) {
        const rule = rules[r] as RuleDef;
        const re = ascii ? rule.regex.ascii : rule.regex.regex;
        re.lastIndex = 0;
        const m = re.exec(line);
        if (limit !== undefined && performance.now() > deadline)
          throw new TemplateParseError(
            this.name,
            "time-limit",
            { state: stateName, ruleLine: rule.line, rule: rule.text, inputLine: n + 1, line },
            `Parse stopped after its time limit of ${limit} ms`,
          );
        if (m === null) continue;
        for (const [idx, js] of rule.assigns) assign(idx, m[js] ?? null);
        const rec = rule.recordOp;
        if (rec === "Record") appendRecord();
        else if (rec === "Clear") clear();
        else if (rec === "Clearall") clearAll();
        if (rule.lineOp === "Error") {
          const message = rule.newState || undefined;
          throw new TemplateParseError(
            this.name,
            "error-action",
            { state: stateName, ruleLine: rule.line, rule: rule.text, inputLine: n + 1, line },
            message ? `Error: ${message}` : "State Error raised",
            message,
          );
        }
        if (rule.lineOp === "Continue") continue;
        const next = rule.newState;
        if (next) {
          if (next !== "End" && next !== "EOF") rules = def.states.get(next) as RuleDef[];
          stateName = next;
        }
        break;
      }
      if (stateName === "End" || stateName === "EOF") break;
    }
    // The implicit record at end of input, unless End was reached or an (empty) EOF state exists.
    if (stateName !== "End" && !def.states.has("EOF")) appendRecord();
    return result;
  }

  /** Rows as objects keyed by the header (lower-cased with `lowercaseKeys`). */
  parseObjects(text: string, options: ParseObjectsOptions = {}): Record<string, Cell>[] {
    const keys = options.lowercaseKeys ? this.header.map((h) => h.toLowerCase()) : this.header;
    return this.parse(text, options).map((row) => {
      const obj: Record<string, Cell> = {};
      keys.forEach((k, i) => {
        obj[k] = row[i] as Cell;
      });
      return obj;
    });
  }
}

/**
 * Compiles a TextFSM template. Throws `TemplateSyntaxError` (template name, line, reason) wherever
 * Python TextFSM refuses the template, and where a Python regex construct has no faithful
 * JavaScript translation.
 */
export function compileTemplate(text: string, options: CompileOptions = {}): Template {
  const name = options.name ?? "template";
  return new Template(parseTemplate(text, name), name);
}
