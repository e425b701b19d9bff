import { nokiaSrlinuxData } from "../data/nokia-srlinux.ts";
import { generatedOutput } from "../generated.ts";
import type { CommandResult, Engine, EngineContext } from "../internal/engine.ts";
import { fill } from "../internal/text.ts";
import type { ConfigNode, DeviceState } from "../state.ts";
import { renderSrlConfig, srlBelow, srlDelete, srlLabels, srlSet, srlWords } from "./srl-config.ts";

/** The top-level containers a path may start with; anything else is a parsing error. */
const ROOTS = new Set([
  "acl",
  "bfd",
  "interface",
  "network-instance",
  "platform",
  "qos",
  "routing-policy",
  "system",
  "tunnel-interface",
]);

/** What each device booted with and when (the `+` flag compares the running configuration with it). */
const STARTUP = new WeakMap<DeviceState, { lines: string[]; booted: Date }>();

function startup(state: DeviceState): { lines: string[]; booted: Date } {
  let found = STARTUP.get(state);
  if (found === undefined) {
    found = { lines: state.root.map((n) => n.line), booted: new Date() };
    STARTUP.set(state, found);
  }
  return found;
}

/** Why a candidate cannot be committed (a network-instance naming a subinterface that does not exist). */
export function srlValidate(lines: readonly string[]): string | undefined {
  for (const line of lines) {
    const m = /^network-instance (\S+) interface (\S+?)\.(\d+)$/.exec(line);
    if (m === null) continue;
    const sub = `interface ${m[2]} subinterface ${m[3]}`;
    if (!lines.some((l) => l === sub || l.startsWith(`${sub} `))) {
      return `Error: /network-instance[name=${m[1]}]/interface[name=${m[2]}.${m[3]}]: subinterface ${m[2]}.${m[3]} does not exist\n`;
    }
  }
  return undefined;
}

/** Checks a path's first word; returns a parsing error, or undefined when the path may be set. */
export function srlCheckPath(words: readonly string[]): string | undefined {
  const first = words[0];
  if (first === undefined) return "Parsing error: Incomplete command\n";
  if (!ROOTS.has(first)) {
    return `Parsing error: Unknown token '${first}'. Options are [${[...ROOTS].map((r) => `'${r}'`).join(", ")}]\n`;
  }
  return undefined;
}

/**
 * SR Linux's CLI: a context line above each prompt (`--{ running }--[  ]--`, `--{ * candidate
 * shared default }--[ interface ethernet-1/1 ]--`), `info` in the brace format or flat, a candidate
 * entered with `enter candidate` and left with `commit now` or `discard now`. The candidate belongs
 * to the session (a real device shares the default one).
 */
export class SrlinuxEngine implements Engine {
  readonly ctx: EngineContext;
  paging = false;
  pagingLines: number | undefined;
  readonly pager: { text: string; erase: string } = { text: "", erase: "" };
  candidate: ConfigNode[] | undefined;
  context: string[] = [];

  constructor(ctx: EngineContext) {
    this.ctx = ctx;
    startup(ctx.state);
  }

  prompt(): string {
    const state = this.ctx.state;
    const running = state.root.map((n) => n.line);
    const flags: string[] = [];
    if (this.candidate !== undefined && JSON.stringify(this.candidate) !== JSON.stringify(state.root))
      flags.push("*");
    if (running.join("\n") !== startup(state).lines.join("\n")) flags.push("+");
    const mode = this.candidate === undefined ? "running" : "candidate shared default";
    const where = this.context.join(" ");
    return `\n--{ ${[...flags, mode].join(" ")} }--[ ${where} ]--\nA:${state.hostname}# `;
  }

  control(): string {
    return "\n";
  }

  execute(raw: string): CommandResult {
    const line = raw.trim();
    if (line === "") return {};
    const words = srlWords(line);
    const verb = words[0]!;
    const rest = words.slice(1);
    switch (verb) {
      case "quit":
        return { endSession: true };
      case "environment":
        // `environment cli-engine type basic`, `environment complete-on-space false`: session settings.
        return rest.length >= 2 ? {} : this.#unknown(rest[0] ?? "environment");
      case "exit":
        return this.#exit(rest);
      case "enter":
        return this.#enter(rest);
      case "info":
        return this.#info(rest);
      case "show":
        return this.#show(rest, line);
      case "save":
        if (rest[0] !== "startup") return this.#unknown(rest[0] ?? "save");
        startup(this.ctx.state).lines = this.ctx.state.root.map((n) => n.line);
        return {
          output:
            "/system:\n    Saved current running configuration as initial (startup) configuration '/etc/opt/srlinux/config.json'\n",
        };
      case "set":
      case "delete":
      case "commit":
      case "discard":
      case "diff":
        if (this.candidate === undefined) {
          return {
            output: `Error: '${verb}' is only available in candidate mode; use 'enter candidate' first\n`,
            exitCode: 1,
          };
        }
        return this.#candidateCommand(verb, rest);
      default:
        return this.#navigate(words);
    }
  }

  #unknown(token: string): CommandResult {
    return { output: `Parsing error: Unknown token '${token}'. Use '?' for the options\n`, exitCode: 1 };
  }

  #exit(rest: string[]): CommandResult {
    if (this.context.length === 0) return { endSession: true };
    if (rest[0] === "all") this.context = [];
    else {
      const labels = srlLabels(this.context);
      labels.pop();
      this.context = labels.flatMap((l) => srlWords(l.text));
    }
    return {};
  }

  #enter(rest: string[]): CommandResult {
    const mode = rest[0];
    if (mode === "candidate" && (rest[1] === undefined || rest[1] === "shared" || rest[1] === "private")) {
      this.candidate ??= this.ctx.state.snapshot();
      return {};
    }
    if (mode === "running") {
      this.candidate = undefined;
      this.context = [];
      return {};
    }
    return this.#unknown(mode ?? "enter");
  }

  /** `info [flat] [from running|candidate] [path...]`; the path is relative to the context unless it starts with `/`. */
  #info(rest: string[]): CommandResult {
    let flat = false;
    let source: "running" | "candidate" = this.candidate === undefined ? "running" : "candidate";
    const path: string[] = [];
    for (let i = 0; i < rest.length; i++) {
      const w = rest[i]!;
      if (w === "flat") flat = true;
      else if (w === "from") {
        const s = rest[++i];
        if (s !== "running" && s !== "candidate") return this.#unknown(s ?? "from");
        if (s === "candidate" && this.candidate === undefined)
          return { output: "Error: there is no candidate; use 'enter candidate' first\n", exitCode: 1 };
        source = s;
      } else path.push(w);
    }
    const absolute = path[0] === "/";
    const prefix = [...(absolute ? [] : this.context), ...(absolute ? path.slice(1) : path)];
    const tree = source === "running" ? this.ctx.state.root : this.candidate!;
    const lines = srlBelow(
      tree.map((n) => n.line),
      prefix,
    );
    if (flat) {
      const head = prefix.length === 0 ? "" : `${prefix.join(" ")} `;
      return { output: lines.map((l) => `set / ${head}${l}\n`).join("") };
    }
    return { output: renderSrlConfig(lines) };
  }

  #show(rest: string[], line: string): CommandResult {
    if (rest[0] === "generated" && rest[1] !== undefined && /^\d+$/.test(rest[1])) {
      const bytes = Number(rest[1]);
      return { output: (crlf: boolean) => generatedOutput(bytes, crlf) };
    }
    if (rest[0] === "interface" && rest[1] === "brief") return { output: this.#interfaces() };
    const text = nokiaSrlinuxData.commands[line.replace(/\s+/g, " ")];
    if (text === undefined) return this.#unknown(rest[0] ?? "show");
    return {
      output: fill(text, {
        hostname: this.ctx.state.hostname,
        booted: startup(this.ctx.state).booted.toISOString(),
      }),
    };
  }

  #interfaces(): string {
    const names = new Map<string, string>();
    for (const n of this.ctx.state.root) {
      const m = /^interface (\S+)(?: admin-state (\S+))?/.exec(n.line);
      if (m === null) continue;
      if (!names.has(m[1]!) || m[2] !== undefined) names.set(m[1]!, m[2] ?? "enable");
    }
    const rows = [...names].map(
      ([name, admin]) =>
        `| ${name.padEnd(20)}| ${admin.padEnd(12)}| ${(admin === "enable" ? "up" : "down").padEnd(10)}|`,
    );
    const rule = `+${"-".repeat(21)}+${"-".repeat(13)}+${"-".repeat(11)}+`;
    return `${rule}\n| ${"Port".padEnd(20)}| ${"Admin State".padEnd(12)}| ${"Oper State".padEnd(10)}|\n${rule}\n${rows.join("\n")}\n${rule}\n`;
  }

  #candidateCommand(verb: string, rest: string[]): CommandResult {
    const candidate = this.candidate!;
    const absolute = rest[0] === "/";
    const words = [...(absolute ? [] : this.context), ...(absolute ? rest.slice(1) : rest)];
    switch (verb) {
      case "set": {
        const error = srlCheckPath(words);
        if (error !== undefined) return { output: error, exitCode: 1 };
        srlSet(candidate, words.join(" "));
        return {};
      }
      case "delete":
        if (words.length > 0 && srlCheckPath(words) !== undefined)
          return { output: srlCheckPath(words)!, exitCode: 1 };
        srlDelete(candidate, words.join(" "));
        return {};
      case "diff":
        return { output: this.#diff(candidate) };
      case "discard":
        if (rest[0] === "now") {
          this.candidate = undefined;
          this.context = [];
          return { output: "All changes have been discarded. Leaving candidate mode.\n" };
        }
        if (rest[0] === "stay") {
          this.candidate = this.ctx.state.snapshot();
          return { output: "All changes have been discarded. Starting new transaction.\n" };
        }
        return this.#unknown(rest[0] ?? "discard");
      default:
        return this.#commit(rest[0]);
    }
  }

  #commit(how: string | undefined): CommandResult {
    if (how !== "now" && how !== "stay" && how !== "validate") return this.#unknown(how ?? "commit");
    const candidate = this.candidate!;
    const error = srlValidate(candidate.map((n) => n.line));
    if (error !== undefined) return { output: error, exitCode: 1 };
    if (how === "validate") return { output: "Validation successful; the candidate can be committed.\n" };
    this.ctx.state.commit(candidate);
    if (how === "stay") {
      this.candidate = this.ctx.state.snapshot();
      return { output: "All changes have been committed. Starting new transaction.\n" };
    }
    this.candidate = undefined;
    this.context = [];
    return { output: "All changes have been committed. Leaving candidate mode.\n" };
  }

  #diff(candidate: readonly ConfigNode[]): string {
    const running = new Set(this.ctx.state.root.map((n) => n.line));
    const mine = new Set(candidate.map((n) => n.line));
    const removed = [...running].filter((l) => !mine.has(l)).map((l) => `-   set / ${l}\n`);
    const added = [...mine].filter((l) => !running.has(l)).map((l) => `+   set / ${l}\n`);
    return [...removed, ...added].join("");
  }

  /** A path without a verb moves the context (`interface ethernet-1/1`, `/` for the root). */
  #navigate(words: string[]): CommandResult {
    const absolute = words[0] === "/";
    const path = absolute ? words.slice(1) : words;
    const target = [...(absolute ? [] : this.context), ...path];
    if (target.length > 0) {
      const error = srlCheckPath(target);
      if (error !== undefined) return { output: error, exitCode: 1 };
    }
    this.context = target;
    return {};
  }
}
