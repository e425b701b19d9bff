import { juniperJunosData } from "../data/juniper-junos.ts";
import { generatedOutput } from "../generated.ts";
import type { CommandResult, Engine, EngineContext } from "../internal/engine.ts";
import { CommandTable, type MatchResult } from "../internal/matcher.ts";
import { fill } from "../internal/text.ts";
import type { ConfigNode } from "../state.ts";
import { caretLine } from "./cisco-iosxe.ts";

/** Keywords whose next word names the container (`unit 0 {`, `family inet {`). */
const NAMED = new Set([
  "unit",
  "family",
  "group",
  "neighbor",
  "term",
  "policy-statement",
  "route",
  "user",
  "filter",
  "area",
  "interface",
  "file",
  "instance",
  "prefix-list",
]);

/** Leaves that hold one value: setting them again replaces the old value. */
const SINGLE = new Set([
  "host-name",
  "description",
  "domain-name",
  "mtu",
  "autonomous-system",
  "router-id",
  "peer-as",
  "type",
  "time-zone",
  "vlan-id",
  "local-as",
  "encrypted-password",
  "class",
  "uid",
  "location",
  "contact",
  "speed",
  "version",
]);

/** Splits a `set` path into words, keeping quoted strings together. */
export function junosWords(text: string): string[] {
  const words: string[] = [];
  const re = /"([^"]*)"|(\S+)/g;
  for (let m = re.exec(text); m !== null; m = re.exec(text))
    words.push(m[1] !== undefined ? `"${m[1]}"` : m[2]!);
  return words;
}

interface TrieNode {
  label: string;
  children: TrieNode[];
}

function labels(words: readonly string[]): string[] {
  const out: string[] = [];
  for (let i = 0; i < words.length; i++) {
    const w = words[i]!;
    if (NAMED.has(w) && i + 1 < words.length - 1) {
      out.push(`${w} ${words[i + 1]}`);
      i++;
    } else out.push(w);
  }
  return out;
}

/** Renders `set`-path lines as the curly-brace hierarchy `show configuration` prints. */
export function renderJunosConfig(lines: readonly string[]): string {
  const root: TrieNode = { label: "", children: [] };
  for (const line of lines) {
    let node = root;
    for (const label of labels(junosWords(line))) {
      let child = node.children.find((c) => c.label === label);
      if (child === undefined) {
        child = { label, children: [] };
        node.children.push(child);
      }
      node = child;
    }
  }
  const out: string[] = [];
  const walk = (node: TrieNode, depth: number): void => {
    const pad = "    ".repeat(depth);
    const only = node.children[0];
    const grand = only?.children[0];
    if (node.children.length === 0) out.push(`${pad}${node.label};`);
    else if (node.children.length === 1 && only !== undefined && only.children.length === 0) {
      out.push(`${pad}${node.label} ${only.label};`);
    } else if (
      // A static route with one setting prints inline: `route 0.0.0.0/0 next-hop 10.0.0.1;`.
      node.label.startsWith("route ") &&
      node.children.length === 1 &&
      only !== undefined &&
      only.children.length === 1 &&
      grand !== undefined &&
      grand.children.length === 0
    ) {
      out.push(`${pad}${node.label} ${only.label} ${grand.label};`);
    } else {
      out.push(`${pad}${node.label} {`);
      for (const c of node.children) walk(c, depth + 1);
      out.push(`${pad}}`);
    }
  };
  for (const c of root.children) walk(c, 0);
  return `${out.join("\n")}\n`;
}

/** Adds one `set` path to a list of paths, replacing the old value of single-valued leaves. */
export function junosSet(list: ConfigNode[], path: string): void {
  const words = junosWords(path);
  const text = words.join(" ");
  if (list.some((n) => n.line === text)) return;
  const key = words[words.length - 2];
  if (key !== undefined && SINGLE.has(key)) {
    const prefix = words.slice(0, -1).join(" ");
    const i = list.findIndex(
      (n) => junosWords(n.line).length === words.length && n.line.startsWith(`${prefix} `),
    );
    if (i >= 0) {
      list[i] = { line: text, children: [] };
      return;
    }
  }
  if (key === "description") {
    // Junos prints a description before the other statements of its container.
    const parent = words.slice(0, -2).join(" ");
    const i = list.findIndex((n) => n.line.startsWith(`${parent} `));
    if (i >= 0) {
      list.splice(i, 0, { line: text, children: [] });
      return;
    }
  }
  list.push({ line: text, children: [] });
}

/** Removes every path at or below `path`. Returns whether anything was removed. */
export function junosDelete(list: ConfigNode[], path: string): boolean {
  const text = junosWords(path).join(" ");
  const before = list.length;
  for (let i = list.length - 1; i >= 0; i--) {
    const line = list[i]!.line;
    if (line === text || line.startsWith(`${text} `)) list.splice(i, 1);
  }
  return list.length !== before;
}

type Handler = (args: string[], line: string) => CommandResult;

/** Junos CLI: operational mode, configuration mode with a candidate and commit. */
export class JunosEngine implements Engine {
  readonly ctx: EngineContext;
  paging: boolean;
  pagingLines: number | undefined;
  readonly pager: { text: string; erase: string } = { text: "---(more)---", erase: `\r${" ".repeat(12)}\r` };
  candidate: ConfigNode[] | undefined;
  edit: string[] = [];
  #operational: CommandTable<Handler>;

  constructor(ctx: EngineContext) {
    this.ctx = ctx;
    this.paging = ctx.interactive;
    this.#operational = new CommandTable(this.#specs());
  }

  prompt(): string {
    const base = `${this.ctx.credentials.username}@${this.ctx.state.hostname}`;
    if (this.candidate === undefined) return `${base}> `;
    const where = this.edit.length === 0 ? "[edit]" : `[edit ${this.edit.join(" ")}]`;
    return `\n${where}\n${base}# `;
  }

  control(): string {
    return "\n";
  }

  execute(raw: string): CommandResult {
    const line = raw.trim();
    if (line === "") return {};
    const [command, ...pipes] = line.split("|").map((s) => s.trim());
    const noMore = pipes.some((p) => /^no-more$/.test(p));
    const display = pipes.some((p) => /^display set$/.test(p));
    const match = pipes.map((p) => /^match\s+(.+)$/.exec(p)?.[1]).find((x) => x !== undefined);
    const result =
      this.candidate === undefined
        ? this.#runOperational(command!, display)
        : this.#runConfig(command!, display);
    let output = result.output;
    if (typeof output === "string" && match !== undefined) {
      const re = new RegExp(match.replace(/^"|"$/g, ""));
      output = output
        .split("\n")
        .filter((l) => re.test(l))
        .map((l) => `${l}\n`)
        .join("");
    }
    return { ...result, ...(output === undefined ? {} : { output }), ...(noMore ? { noPaging: true } : {}) };
  }

  #error(match: MatchResult<unknown>, line: string): CommandResult {
    const column = match.kind === "invalid" ? match.column : line.length;
    const caret = caretLine(this.prompt().split("\n").at(-1)!.length + column);
    const position = match.kind === "invalid" ? match.position : 1;
    const text =
      match.kind === "incomplete"
        ? "syntax error, expecting <command>.\n"
        : position === 0
          ? "unknown command.\n"
          : "syntax error, expecting <command>.\n";
    return { output: `${caret}${text}`, exitCode: 1 };
  }

  #specs(): { pattern: string; value: Handler }[] {
    const specs: { pattern: string; value: Handler }[] = [];
    const add = (pattern: string, value: Handler): void => {
      specs.push({ pattern, value });
    };
    add("configure", () => this.#enterConfig());
    add("configure private", () => this.#enterConfig());
    add("configure exclusive", () => this.#enterConfig());
    add("edit", () => this.#enterConfig());
    add("exit", () => ({ endSession: true }));
    add("quit", () => ({ endSession: true }));
    add("set cli screen-length <n>", (a) => {
      this.paging = this.ctx.interactive && Number(a[0]) !== 0;
      if (this.paging) this.pagingLines = Number(a[0]);
      return { output: `Screen length set to ${a[0]}\n` };
    });
    add("set cli screen-width <n>", (a) => ({ output: `Screen width set to ${a[0]}\n` }));
    add("set cli complete-on-space off", () => ({ output: "Disabling complete-on-space\n" }));
    add("show configuration", () => ({ output: this.#renderRunning(this.ctx.state.root, false) }));
    add("show generated <n>", (a) => {
      const bytes = Number(a[0]);
      return { output: (crlf: boolean) => generatedOutput(bytes, crlf) };
    });
    for (const [cmd, text] of Object.entries(juniperJunosData.commands)) {
      add(cmd, () => ({ output: fill(text, { hostname: this.ctx.state.hostname }) }));
    }
    return specs;
  }

  #runOperational(line: string, displaySet: boolean): CommandResult {
    if (displaySet && /^show configuration\b/.test(line)) {
      return { output: this.ctx.state.root.map((n) => `set ${n.line}\n`).join("") };
    }
    const match = this.#operational.match(line);
    if (match.kind !== "match") return this.#error(match, line);
    return match.value(match.args, line);
  }

  #renderRunning(lines: readonly ConfigNode[], candidate: boolean): string {
    const header = candidate
      ? ""
      : `## Last commit: ${this.ctx.state.lastChange.toISOString().replace("T", " ").slice(0, 19)} UTC by ${this.ctx.credentials.username}\n`;
    return header + renderJunosConfig(lines.map((n) => n.line));
  }

  #enterConfig(): CommandResult {
    this.candidate = this.ctx.state.snapshot();
    this.edit = [];
    return { output: "Entering configuration mode\n" };
  }

  #changed(): boolean {
    return JSON.stringify(this.candidate) !== JSON.stringify(this.ctx.state.root);
  }

  #leave(): CommandResult {
    this.candidate = undefined;
    this.edit = [];
    return { output: "Exiting configuration mode\n" };
  }

  /** `commit`, `commit check`, `commit and-quit`, `commit confirmed N` (minutes), `comment "..."`. */
  #commit(words: string[]): CommandResult {
    const candidate = this.candidate!;
    if (words[0] === "check") return { output: "configuration check succeeds\n" };
    const leave = words.includes("and-quit");
    const at = words.indexOf("confirmed");
    let minutes: number | undefined;
    if (at !== -1) {
      const given = words[at + 1];
      minutes = given !== undefined && /^\d+$/.test(given) ? Number(given) : 10;
      if (minutes < 1 || minutes > 65535)
        return { output: "error: confirmed timeout must be 1..65535 minutes\n" };
    }
    let output = "";
    if (minutes === undefined && this.ctx.state.pendingConfirmation && !this.#changed()) {
      // A plain commit confirms a pending `commit confirmed`.
      this.ctx.state.confirm();
    } else {
      this.ctx.state.commit(candidate, minutes === undefined ? {} : { confirmSeconds: minutes * 60 });
      if (minutes !== undefined)
        output = `commit confirmed will be automatically rolled back in ${minutes} minutes unless confirmed\n`;
    }
    this.candidate = this.ctx.state.snapshot();
    output += "commit complete\n";
    if (leave) return { output: `${output}${this.#leave().output as string}` };
    return { output };
  }

  #runConfig(line: string, displaySet: boolean): CommandResult {
    const candidate = this.candidate!;
    const words = junosWords(line);
    const verb = words[0]!;
    const rest = words.slice(1);
    const here = (w: string[]): string => [...this.edit, ...w].join(" ");
    switch (verb) {
      case "set":
        if (rest.length === 0) return this.#error({ kind: "incomplete" }, line);
        junosSet(candidate, here(rest));
        return {};
      case "delete":
        if (!junosDelete(candidate, here(rest))) return { output: "warning: statement not found\n" };
        return {};
      case "edit":
        this.edit.push(...rest);
        return {};
      case "up":
        this.edit.pop();
        return {};
      case "top":
        this.edit = [];
        return {};
      case "show": {
        const prefix = here(rest);
        const selected = candidate
          .filter((n) => prefix === "" || n.line === prefix || n.line.startsWith(`${prefix} `))
          .map((n) => ({
            line: n.line.slice(this.edit.length === 0 ? 0 : this.edit.join(" ").length + 1),
            children: [],
          }));
        if (displaySet)
          return { output: selected.map((n) => `set ${[...this.edit, n.line].join(" ")}\n`).join("") };
        return { output: this.#renderRunning(selected, true) };
      }
      case "commit":
        return this.#commit(rest);
      case "rollback": {
        // `rollback N` loads the configuration N commits ago into the candidate; 0 is the running one.
        const n = rest[0] === undefined ? 0 : Number(rest[0]);
        if (!Number.isInteger(n) || n < 0 || n > 49)
          return this.#error({ kind: "invalid", position: 1, column: 9 }, line);
        const tree = n === 0 ? this.ctx.state.snapshot() : this.ctx.state.previous(n);
        if (tree === undefined)
          return {
            output: `error: Cannot find rollback ${n}
`,
            exitCode: 1,
          };
        this.candidate = tree;
        return { output: "load complete\n" };
      }
      case "run":
        return this.#runOperational(rest.join(" "), displaySet);
      case "exit":
      case "quit": {
        if (rest[0] !== "configuration-mode" && this.edit.length > 0) {
          this.edit = [];
          return {};
        }
        if (!this.#changed()) return this.#leave();
        return {
          output: "The configuration has been changed but not committed\n",
          input: {
            prompt: "Exit with uncommitted changes? [yes,no] (yes) ",
            echo: true,
            handle: (answer) => (/^no?$/i.test(answer.trim()) && answer.trim() !== "" ? {} : this.#leave()),
          },
        };
      }
      default:
        return {
          output: `${caretLine(this.prompt().split("\n").at(-1)!.length)}unknown command.\n`,
          exitCode: 1,
        };
    }
  }
}
