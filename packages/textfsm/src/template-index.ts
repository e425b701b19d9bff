// The clitable `index` file of a template directory (the format ntc-templates uses), with
// clitable's rules: a comma-separated header, regex columns matched with Python's re.match,
// [[...]] completions in Command, first matching row wins, rows of the wrong width dropped,
// several templates on a row merged by Key.
import { readFile } from "node:fs/promises";
import { join } from "node:path";
import { TemplateNotFoundError, TemplateSyntaxError } from "./errors.ts";
import { PyRegexError, translatePyRegex } from "./internal/py-regex.ts";
import { fileLines, pyStr, pyStrip } from "./internal/py-text.ts";
import { type Cell, compileTemplate, type Template } from "./template.ts";

export interface FindQuery {
  platform: string;
  command: string;
  hostname?: string;
}

export interface IndexParseQuery extends FindQuery {
  output: string;
  /** Passed to each template's parse. */
  timeLimitMs?: number;
}

/** A row of structured output: lower-case keys, values as Python's str() of each value. */
export type IndexRecord = Record<string, string | string[]>;

interface IndexRow {
  /** 1-based line of the index file. */
  line: number;
  templates: string;
  columns: Map<string, RegExp | null>;
}

export interface LoadIndexOptions {
  /** Index file name inside the directory. @default "index" */
  indexFile?: string;
}

/** A template directory with its index. */
export class TemplateIndex {
  readonly dir: string;
  readonly indexPath: string;
  readonly #rows: IndexRow[];
  readonly #cache = new Map<string, Promise<Template>>();

  private constructor(dir: string, indexPath: string, rows: IndexRow[]) {
    this.dir = dir;
    this.indexPath = indexPath;
    this.#rows = rows;
  }

  /** Reads `dir/index`. Throws TemplateSyntaxError for an index clitable would refuse. */
  static async load(dir: string, options: LoadIndexOptions = {}): Promise<TemplateIndex> {
    const indexPath = join(dir, options.indexFile ?? "index");
    const text = await readFile(indexPath, "utf8");
    return new TemplateIndex(dir, indexPath, parseIndex(text, indexPath));
  }

  /** The first row (in file order) whose columns all match; null when none does. */
  find(query: FindQuery): { templates: string[] } | null {
    const attributes: Array<[string, string]> = [
      ["Platform", query.platform],
      ["Command", query.command],
    ];
    if (query.hostname !== undefined) attributes.push(["Hostname", query.hostname]);
    for (const row of this.#rows) {
      let ok = true;
      for (const [key, value] of attributes) {
        const re = row.columns.get(key);
        if (!re) continue;
        re.lastIndex = 0;
        if (!re.test(value)) {
          ok = false;
          break;
        }
      }
      if (ok) return { templates: row.templates.split(":") };
    }
    return null;
  }

  /** The compiled template of a file of this directory (cached). */
  template(file: string): Promise<Template> {
    let t = this.#cache.get(file);
    if (!t) {
      t = readFile(join(this.dir, file), "utf8").then((text) => compileTemplate(text, { name: file }));
      t.catch(() => this.#cache.delete(file));
      this.#cache.set(file, t);
    }
    return t;
  }

  /**
   * Parses command output with the templates of the first matching row, merged as clitable merges
   * them. Keys are lower-case; values are strings (lists of strings for List values).
   */
  async parse(query: IndexParseQuery): Promise<IndexRecord[]> {
    const found = this.find(query);
    if (!found)
      throw new TemplateNotFoundError(query.platform, query.command, [this.dir], "no index row matches");
    const templates = await Promise.all(found.templates.map((f) => this.template(f)));
    return mergeParsed(templates, query.output, query.timeLimitMs);
  }
}

function toStr(cell: Cell): string | string[] {
  return typeof cell === "string" ? cell : cell.map((item) => pyStr(item));
}

function sameCell(a: string | string[] | undefined, b: string | string[] | undefined): boolean {
  if (Array.isArray(a) && Array.isArray(b)) return a.length === b.length && a.every((x, i) => x === b[i]);
  return a === b;
}

/** clitable's ParseCmd: the first template's table, extended by each further template's columns. */
export function mergeParsed(
  templates: readonly Template[],
  output: string,
  timeLimitMs?: number,
): IndexRecord[] {
  const first = templates[0] as Template;
  const header = [...first.header];
  const table = first.parse(output, { timeLimitMs }).map((row) => row.map(toStr));
  // clitable keeps the Keys of the first template that declares any.
  let keys = first.keys;
  for (const t of templates.slice(1)) {
    const rows = t.parse(output, { timeLimitMs }).map((row) => row.map(toStr));
    if (keys.length === 0) keys = t.keys;
    for (const k of keys)
      if (!header.includes(k))
        throw new TemplateSyntaxError(t.name, 0, `Unknown key '${k}': the merged table has no such column`);
    const added = t.header.filter((h) => !header.includes(h));
    if (added.length === 0) continue;
    const from = added.map((h) => t.header.indexOf(h));
    const keyAt = keys.map((k) => [header.indexOf(k), t.header.indexOf(k)] as const);
    header.push(...added);
    for (const row of table) row.push(...added.map(() => ""));
    if (keys.length === 0) {
      const n = Math.min(table.length, rows.length);
      for (let r = 0; r < n; r++) {
        const row1 = table[r] as (string | string[])[];
        const row2 = rows[r] as (string | string[])[];
        from.forEach((c, j) => {
          row1[header.length - added.length + j] = row2[c] as string | string[];
        });
      }
      continue;
    }
    for (const row1 of table) {
      const row2 = rows.find((row) => keyAt.every(([a, b]) => sameCell(row1[a], row[b])));
      if (!row2) continue;
      from.forEach((c, j) => {
        row1[header.length - added.length + j] = row2[c] as string | string[];
      });
    }
  }
  const lower = header.map((h) => h.toLowerCase());
  return table.map((row) => {
    const obj: IndexRecord = {};
    lower.forEach((k, i) => {
      obj[k] = row[i] as string | string[];
    });
    return obj;
  });
}

/** clitable's Command preprocessing: [[abc]] -> (a(b(c)?)?)? */
export function expandCompletions(command: string): string {
  return command.replace(/\[\[([\s\S]+?)\]\]/gu, (_m, word: string) => {
    const chars = Array.from(word);
    return `(${chars.join("(")}${")?".repeat(chars.length)}`;
  });
}

function parseIndex(text: string, path: string): IndexRow[] {
  const lines = fileLines(text);
  let at = 0;
  let headerStr = "";
  while (!headerStr) {
    if (at >= lines.length) throw new TemplateSyntaxError(path, 0, "Index file has no header line.");
    headerStr = pyStrip((lines[at++] as string).split("#")[0] as string);
  }
  const header = headerStr.split(",").map((h) => pyStrip(h));
  const dup = header.find((h, i) => header.indexOf(h) !== i);
  if (dup !== undefined) throw new TemplateSyntaxError(path, at, `Duplicate header entry '${dup}'.`);
  if (!header.includes("Template"))
    throw new TemplateSyntaxError(path, at, "Index file does not have 'Template' column.");
  const rows: IndexRow[] = [];
  for (; at < lines.length; at++) {
    const line = lines[at] as string;
    if (line.startsWith("#")) continue;
    const fields = line.split(",").map((f) => pyStrip(f));
    // clitable silently drops rows whose field count differs from the header's (blank lines too).
    if (fields.length !== header.length) continue;
    const columns = new Map<string, RegExp | null>();
    let templates = "";
    header.forEach((col, i) => {
      let value = fields[i] as string;
      if (col === "Template") {
        templates = value;
        columns.set(col, null);
        return;
      }
      if (col === "Command") value = expandCompletions(value);
      if (!value) {
        columns.set(col, null);
        return;
      }
      try {
        // Index columns are few and short: the Unicode-exact regex is built here.
        columns.set(col, translatePyRegex(value).regex);
      } catch (error) {
        if (!(error instanceof PyRegexError)) throw error;
        throw new TemplateSyntaxError(
          path,
          at + 1,
          `Invalid regular expression in column ${col}: '${value}': ${error.message}.`,
        );
      }
    });
    rows.push({ line: at + 1, templates, columns });
  }
  return rows;
}
