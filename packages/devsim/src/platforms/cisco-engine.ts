import { generatedOutput } from "../generated.ts";
import type { CommandResult, Engine, EngineContext, InputRequest } from "../internal/engine.ts";
import { eraseWithBackspaces } from "../internal/engine.ts";
import { CommandTable, type MatchResult } from "../internal/matcher.ts";
import type { PlatformData } from "../internal/platform-data.ts";
import { applyPipe, fill, splitPipe } from "../internal/text.ts";
import { applySet, applyUnset, type ConfigNode } from "../state.ts";
import type { SimPlatform } from "../types.ts";

type Level = "user" | "privileged" | "config";

/** How one Cisco-like platform differs from the others. */
export interface CiscoFlavor {
  platform: SimPlatform;
  /** Interactive sessions start here; exec channels always start privileged. */
  startLevel: "user" | "privileged";
  promptPrefix: string;
  /** Text after `#`/`>` (NX-OS and FRR print a space). */
  promptSuffix: string;
  pagingDefault: boolean;
  pagerText: string;
  /** What erases the pager prompt after a key. @default backspaces, spaces, backspaces over `pagerText` */
  pagerErase?: string;
  /** Error text for an unknown command; `caretColumn` counts from the start of the prompt line. */
  invalid(line: string, caretColumn: number, token: string): string;
  incomplete(line: string): string;
  ambiguous(line: string): string;
  /** Config changes go to a candidate and need `commit` (IOS-XR). */
  candidateConfig: boolean;
  /** `configure session NAME` support and its mode name. */
  sessionMode?: (name: string) => string;
  /** The mode name a configuration line opens, given its depth, or undefined for a plain setting. */
  subMode(line: string, depth: number): string | undefined;
  renderRunning(hostname: string, tree: readonly ConfigNode[], lastChange: Date): string;
  /** Printed on entering configuration mode. */
  configBanner?: string;
  /** Printed on entering a configure session. */
  sessionBanner?: string;
  /** Printed after a successful commit. */
  commitOutput?: string;
  /** Whether `terminal width N` is accepted. */
  terminalWidth: boolean;
  writeMemoryOutput: string;
  data: PlatformData;
  /** Extra exec commands of this platform. */
  extraExec?: (engine: CiscoEngine) => Record<string, (args: string[]) => CommandResult>;
}

type Handler = (args: string[], line: string) => CommandResult;

/** The interpreter for Cisco-like CLIs: IOS-XE, NX-OS, IOS-XR, EOS and FRR's vtysh. */
export class CiscoEngine implements Engine {
  readonly flavor: CiscoFlavor;
  readonly ctx: EngineContext;
  level: Level;
  /** Section lines from the top of the configuration to the current sub-mode. */
  path: string[] = [];
  /** Mode names matching `path` (`config-if`, ...). */
  modes: string[] = [];
  /** A configure session or IOS-XR's candidate: edits land here until `commit`. */
  candidate: ConfigNode[] | undefined;
  sessionName: string | undefined;
  paging: boolean;
  readonly pager: { text: string; erase: string };
  #exec: CommandTable<Handler>;

  constructor(flavor: CiscoFlavor, ctx: EngineContext) {
    this.flavor = flavor;
    this.ctx = ctx;
    this.level = ctx.interactive ? flavor.startLevel : "privileged";
    this.paging = ctx.interactive && flavor.pagingDefault;
    this.pager = {
      text: flavor.pagerText,
      erase: flavor.pagerErase ?? eraseWithBackspaces(flavor.pagerText),
    };
    this.#exec = new CommandTable(this.#execSpecs());
  }

  prompt(): string {
    const f = this.flavor;
    const base = `${f.promptPrefix}${this.ctx.state.hostname}`;
    if (this.level === "user") return `${base}>${f.promptSuffix}`;
    if (this.level === "privileged") return `${base}#${f.promptSuffix}`;
    const sub = this.modes[this.modes.length - 1];
    const session = this.#configModeName();
    // Inside a configure session, sub-modes carry the session prefix (`config-s-NAME-if-Et1`).
    const mode =
      sub === undefined ? session : session === "config" ? sub : `${session}${sub.slice("config".length)}`;
    return `${base}(${mode})#${f.promptSuffix}`;
  }

  #configModeName(): string {
    if (this.sessionName !== undefined && this.flavor.sessionMode)
      return this.flavor.sessionMode(this.sessionName);
    return "config";
  }

  control(key: "c" | "z"): string {
    if (key === "z" && this.level === "config") {
      this.#leaveConfig();
      return "^Z\n";
    }
    return "^C\n";
  }

  execute(rawLine: string): CommandResult {
    const line = rawLine.trim();
    if (line === "" || line.startsWith("!")) return {};
    if (this.level === "config") return this.#config(line);
    return this.#execLine(line);
  }

  // ---- exec (user and privileged) ----

  #execLine(line: string): CommandResult {
    const { command, pipe } = splitPipe(line);
    const match = this.#exec.match(command);
    if (match.kind !== "match") return this.error(match, command);
    const result = match.value(match.args, command);
    if (pipe !== undefined && typeof result.output === "string") {
      const filtered = applyPipe(result.output, pipe);
      if (filtered === undefined)
        return this.error({ kind: "invalid", position: 0, column: line.indexOf("|") + 2 }, line);
      return { ...result, output: filtered };
    }
    return result;
  }

  error(match: MatchResult<unknown>, line: string): CommandResult {
    const f = this.flavor;
    if (match.kind === "ambiguous") return { output: f.ambiguous(line), exitCode: 1 };
    if (match.kind === "incomplete") return { output: f.incomplete(line), exitCode: 1 };
    const column = match.kind === "invalid" ? match.column : 0;
    const token = line.slice(column).split(/\s+/)[0] ?? "";
    return { output: f.invalid(line, this.prompt().length + column, token), exitCode: 1 };
  }

  #execSpecs(): { pattern: string; value: Handler }[] {
    const specs: { pattern: string; value: Handler }[] = [];
    const add = (pattern: string, value: Handler, privileged = false): void => {
      specs.push({ pattern, value: privileged ? this.#privileged(value) : value });
    };
    const f = this.flavor;
    add("enable", () => this.#enable());
    add("enable <n>", () => this.#enable());
    add("disable", () => {
      if (f.startLevel === "user") this.level = "user";
      return {};
    });
    add("exit", () => ({ endSession: true }));
    add("logout", () => ({ endSession: true }));
    add("quit", () => ({ endSession: true }));
    add("configure terminal", () => this.#enterConfig(undefined), true);
    add("configure", () => this.#enterConfig(undefined), true);
    if (f.sessionMode) add("configure session <word>", (a) => this.#enterConfig(a[0]), true);
    add("terminal length <n>", (a) => {
      this.paging = this.ctx.interactive && Number(a[0]) !== 0;
      if (this.paging) this.pagingLines = Number(a[0]);
      return {};
    });
    add("terminal no length", () => {
      this.paging = false;
      return {};
    });
    if (f.terminalWidth) add("terminal width <n>", () => ({}));
    add("show running-config", () => ({ output: this.renderRunning(this.ctx.state.root) }), true);
    add("show running-config <rest>", (a) => ({ output: this.#runningSection(a.join(" ")) }), true);
    add("show generated <n>", (a) => {
      const bytes = Number(a[0]);
      return { output: (crlf: boolean) => generatedOutput(bytes, crlf) };
    });
    add("write memory", () => ({ output: f.writeMemoryOutput }), true);
    add("write", () => ({ output: f.writeMemoryOutput }), true);
    add(
      "copy running-config startup-config",
      () => ({
        input: {
          prompt: "Destination filename [startup-config]? ",
          echo: true,
          handle: () => ({ output: f.writeMemoryOutput }),
        },
      }),
      true,
    );
    for (const [cmd, text] of Object.entries(f.data.commands)) {
      if (specs.some((s) => s.pattern === cmd)) continue;
      add(cmd, () => ({ output: fill(text, this.#vars()) }));
    }
    for (const [pattern, handler] of Object.entries(f.extraExec?.(this) ?? {})) add(pattern, handler);
    return specs;
  }

  pagingLines: number | undefined;

  #vars(): Record<string, string> {
    return { hostname: this.ctx.state.hostname, username: this.ctx.credentials.username };
  }

  #privileged(handler: Handler): Handler {
    return (args, line) => {
      if (this.level === "user") {
        // User EXEC does not know privileged commands: report them as invalid at the first word.
        return this.error({ kind: "invalid", position: 0, column: 0 }, line);
      }
      return handler(args, line);
    };
  }

  #enable(): CommandResult {
    if (this.level !== "user") return {};
    let attempts = 0;
    const ask = (): InputRequest => ({
      prompt: "Password: ",
      echo: false,
      handle: (secret) => {
        if (secret === this.ctx.credentials.enableSecret) {
          this.level = "privileged";
          return {};
        }
        attempts++;
        if (attempts >= 3) return { output: "% Bad secrets\n\n", exitCode: 1 };
        return { input: ask() };
      },
    });
    return { input: ask() };
  }

  renderRunning(tree: readonly ConfigNode[]): string {
    return this.flavor.renderRunning(this.ctx.state.hostname, tree, this.ctx.state.lastChange);
  }

  #runningSection(filter: string): string {
    const words = filter.split(/\s+/);
    if (words[0] !== undefined && "interface".startsWith(words[0].toLowerCase()) && words[1] !== undefined) {
      const name = words.slice(1).join(" ").toLowerCase();
      const node = this.ctx.state.root.find((n) => n.line.toLowerCase() === `interface ${name}`);
      if (node === undefined) return "% Invalid input detected at '^' marker.\n";
      const body = [node.line, ...node.children.map((c) => ` ${c.line}`)].join("\n");
      return `Building configuration...\n\nCurrent configuration : ${body.length + 1} bytes\n!\n${body}\nend\n\n`;
    }
    return this.renderRunning(this.ctx.state.root);
  }

  // ---- configuration ----

  #enterConfig(session: string | undefined): CommandResult {
    this.level = "config";
    this.path = [];
    this.modes = [];
    this.sessionName = session;
    if (session !== undefined || this.flavor.candidateConfig) this.candidate = this.ctx.state.snapshot();
    const banner = session !== undefined ? this.flavor.sessionBanner : this.flavor.configBanner;
    return banner === undefined ? {} : { output: banner };
  }

  #leaveConfig(): void {
    this.level = "privileged";
    this.path = [];
    this.modes = [];
    if (!this.flavor.candidateConfig) {
      // Leaving a configure session without commit keeps it pending on real devices; we discard it.
      this.candidate = undefined;
      this.sessionName = undefined;
    }
  }

  #config(line: string): CommandResult {
    const words = line.split(/\s+/);
    const first = words[0]!.toLowerCase();
    if (first === "do" && words.length > 1) return this.#execLine(line.slice(line.indexOf(" ") + 1).trim());
    if (this.flavor.platform === "cisco_iosxr" && /^show configuration merge$/i.test(line))
      return { output: this.renderRunning(this.candidate ?? this.ctx.state.root) };
    if (this.flavor.platform === "cisco_iosxr" && first === "show") return this.#execLine(line);
    if (first === "end") return this.#end();
    if (first.startsWith("exit-") && this.path.length > 0) {
      this.path.pop();
      this.modes.pop();
      return {};
    }
    if (first === "exit" || first === "quit") {
      if (this.path.length > 0) {
        this.path.pop();
        this.modes.pop();
        return {};
      }
      return this.#exitConfig();
    }
    if (first === "commit" && this.candidate !== undefined) return this.#commit(words.slice(1));
    if (first === "rollback" && words[1] === "clean-config" && this.sessionName !== undefined) {
      // EOS: the session starts again from an empty configuration (a replace follows).
      this.candidate = [];
      return {};
    }
    if (first === "abort" && this.candidate !== undefined) {
      this.candidate = undefined;
      this.sessionName = undefined;
      this.#leaveConfig();
      return {};
    }
    if (first === "show" && this.flavor.platform === "arista_eos") {
      if (words[1] === "session-config" && this.candidate)
        return { output: this.renderRunning(this.candidate) };
      return this.#execLine(line);
    }
    const { command } = splitPipe(line);
    if (/^show\b/.test(command)) return this.error({ kind: "invalid", position: 0, column: 0 }, line);
    return this.#configLine(line);
  }

  #configLine(line: string): CommandResult {
    const negate = /^no\s+/i.test(line);
    const body = negate ? line.replace(/^no\s+/i, "") : line;
    // A top-level section command typed inside a sub-mode switches sections, as IOS does.
    const depth = this.path.length;
    let mode = this.flavor.subMode(body, depth);
    // So does a global-only command: the CLI finds it in the parent mode (IOS and vtysh both do).
    if (mode === undefined && depth > 0 && GLOBAL_ONLY.test(body)) {
      this.path = [];
      this.modes = [];
    }
    if (mode === undefined && depth > 0 && this.flavor.subMode(body, 0) !== undefined) {
      this.path = [];
      this.modes = [];
      mode = this.flavor.subMode(body, 0);
    }
    const host = /^hostname\s+(\S+)$/i.exec(body);
    if (host && this.path.length === 0 && !negate) {
      if (this.candidate !== undefined) applySet(this.candidate, [], `hostname ${host[1]}`);
      else this.ctx.state.setHostname(host[1]!);
      return {};
    }
    if (negate) {
      if (mode !== undefined) {
        this.#removeSection(body);
        return {};
      }
      if (this.candidate !== undefined) applyUnset(this.candidate, this.path, body);
      else this.ctx.state.unset(this.path, body);
      return {};
    }
    if (mode !== undefined) {
      const section = this.#canonicalSection(body);
      if (this.candidate !== undefined) applySet(this.candidate, this.path, section);
      else this.ctx.state.set(this.path, section);
      this.path.push(section);
      this.modes.push(mode);
      return {};
    }
    if (this.candidate !== undefined) applySet(this.candidate, this.path, body);
    else this.ctx.state.set(this.path, body);
    return {};
  }

  #canonicalSection(line: string): string {
    const m = /^(int|inte|inter|interf|interfa|interfac|interface)\s+(.+)$/i.exec(line);
    if (m) return `interface ${expandInterface(m[2]!, this.flavor.platform)}`;
    return line.replace(/\s+/g, " ");
  }

  #removeSection(line: string): void {
    const section = this.#canonicalSection(line);
    const list = this.candidate ?? undefined;
    if (list !== undefined) {
      applyUnset(list, this.path, section);
      return;
    }
    this.ctx.state.unset(this.path, section);
  }

  #end(): CommandResult {
    if (this.flavor.candidateConfig && this.candidate !== undefined && this.#uncommitted()) {
      return {
        input: {
          prompt: "Uncommitted changes found, commit them before exiting(yes/no/cancel)? [cancel]:",
          echo: true,
          handle: (answer) => {
            const a = answer.trim().toLowerCase();
            if (a.startsWith("y")) {
              this.#commit();
              this.#leaveConfigFully();
            } else if (a.startsWith("n")) {
              this.#leaveConfigFully();
            }
            return {};
          },
        },
      };
    }
    this.#leaveConfigFully();
    return {};
  }

  #exitConfig(): CommandResult {
    return this.#end();
  }

  #leaveConfigFully(): void {
    this.candidate = undefined;
    this.sessionName = undefined;
    this.level = "privileged";
    this.path = [];
    this.modes = [];
  }

  #uncommitted(): boolean {
    return JSON.stringify(this.candidate) !== JSON.stringify(this.ctx.state.root);
  }

  /**
   * `commit`, EOS `commit timer HH:MM:SS`, IOS-XR `commit confirmed [N]` (seconds) and
   * `commit comment TEXT`. A plain commit with nothing new confirms a pending confirmed commit.
   */
  #commit(words: string[] = []): CommandResult {
    if (this.candidate === undefined) return {};
    const confirmSeconds = confirmTimeout(words);
    if (confirmSeconds === null)
      return this.error({ kind: "invalid", position: 1, column: 7 }, `commit ${words.join(" ")}`);
    const state = this.ctx.state;
    if (confirmSeconds === undefined && state.pendingConfirmation && !this.#uncommitted()) state.confirm();
    else {
      state.commit(this.candidate, {
        ...(confirmSeconds !== undefined ? { confirmSeconds } : {}),
        ...(this.sessionName !== undefined ? { label: this.sessionName } : {}),
      });
    }
    const output = this.flavor.commitOutput ?? "";
    if (this.sessionName !== undefined) {
      // EOS and NX-OS leave the session after commit.
      this.#leaveConfigFully();
      return { output };
    }
    this.candidate = this.ctx.state.snapshot();
    return { output };
  }
}

/** Seconds of a confirmed commit in `words` after `commit`; undefined without one, null when malformed. */
function confirmTimeout(words: readonly string[]): number | undefined | null {
  const timer = words.indexOf("timer");
  if (timer !== -1) {
    const m = /^(\d{1,2}):(\d{2}):(\d{2})$/.exec(words[timer + 1] ?? "");
    if (!m) return null;
    return Number(m[1]) * 3600 + Number(m[2]) * 60 + Number(m[3]);
  }
  const confirmed = words.indexOf("confirmed");
  if (confirmed === -1) return undefined;
  const given = words[confirmed + 1];
  if (given === undefined || !/^\d+$/.test(given)) return 600;
  const seconds = Number(given);
  return seconds >= 30 && seconds <= 65535 ? seconds : null;
}

/** Commands that exist only in global configuration mode. */
const GLOBAL_ONLY = /^(hostname|ip(v6)? route|ntp|logging|snmp-server|username|banner|service|log)\s/i;

const INTERFACE_NAMES: Record<string, string> = {
  gi: "GigabitEthernet",
  te: "TenGigabitEthernet",
  fa: "FastEthernet",
  lo: "Loopback",
  vl: "Vlan",
  po: "Port-channel",
  tu: "Tunnel",
  et: "Ethernet",
  ma: "Management",
};

/** Expands `gi1` / `Gi 0/1` / `lo0` to the full interface name. */
export function expandInterface(name: string, platform: SimPlatform): string {
  const m = /^([a-zA-Z-]+)\s*([\d/.:]+)$/.exec(name.trim());
  if (!m) return name.trim();
  const prefix = m[1]!.toLowerCase();
  if (platform === "frr" || platform === "linux") return name.trim();
  const candidates =
    platform === "arista_eos" || platform === "cisco_nxos"
      ? {
          ...INTERFACE_NAMES,
          et: "Ethernet",
          ma: platform === "cisco_nxos" ? "mgmt" : "Management",
          po: platform === "arista_eos" ? "Port-Channel" : "port-channel",
          lo: platform === "cisco_nxos" ? "loopback" : "Loopback",
        }
      : INTERFACE_NAMES;
  for (const [abbr, full] of Object.entries(candidates)) {
    if (full.toLowerCase().startsWith(prefix) && prefix.startsWith(abbr)) return `${full}${m[2]}`;
  }
  return `${m[1]}${m[2]}`;
}
