import type { SimPlatform } from "./types.ts";

/** One line of configuration and the lines nested under it (an `interface` and its settings). */
export interface ConfigNode {
  line: string;
  children: ConfigNode[];
}

/** A structured view of one interface, derived from the configuration lines. */
export interface InterfaceView {
  name: string;
  description?: string;
  ipv4?: string;
  shutdown: boolean;
}

/** What changed, passed to {@link DeviceState.subscribe} listeners. */
export interface StateChange {
  kind: "hostname" | "config";
  source: string;
}

/**
 * The mutable state of one simulated device, shared by every interface of the device (each SSH
 * session, and later NETCONF and HTTP): a change made through one shows in all the others.
 *
 * The configuration is a generic line tree: top-level lines with nested children, as Cisco-style
 * running configurations are printed. Lines the simulator does not understand are kept as they are.
 * Junos keeps its configuration as `set` paths (without the `set` word), one per top-level line.
 */
export class DeviceState {
  readonly platform: SimPlatform;
  #hostname: string;
  #root: ConfigNode[];
  #listeners = new Set<(change: StateChange) => void>();
  #history: ConfigNode[][] = [];
  #pending: ReturnType<typeof setTimeout> | undefined;
  /** Incremented on every change; cheap staleness check for other interfaces. */
  revision = 0;
  /** When the configuration last changed. */
  lastChange: Date = new Date();

  constructor(platform: SimPlatform, hostname: string, initialConfig: string) {
    this.platform = platform;
    this.#hostname = hostname;
    this.#root = parseConfig(initialConfig);
  }

  get hostname(): string {
    return this.#hostname;
  }

  /** Sets the hostname and keeps the configuration's hostname line in step. */
  setHostname(name: string, source = "cli"): void {
    this.#hostname = name;
    for (const node of this.#root) {
      if (/^hostname\s/.test(node.line)) node.line = `hostname ${name}`;
      if (/^system host-name\s/.test(node.line)) node.line = `system host-name ${name}`;
      if (/^system name host-name\s/.test(node.line)) node.line = `system name host-name ${name}`;
    }
    if (findHostname(this.#root) === undefined && this.platform !== "linux") {
      const line =
        this.platform === "juniper_junos"
          ? `system host-name ${name}`
          : this.platform === "nokia_srlinux"
            ? `system name host-name ${name}`
            : `hostname ${name}`;
      this.#root.unshift({ line, children: [] });
    }
    this.#changed("hostname", source);
  }

  /** A deep copy of the configuration tree (a candidate to edit and later commit). */
  snapshot(): ConfigNode[] {
    return cloneNodes(this.#root);
  }

  /** Replaces the whole configuration (a commit). The hostname follows the configuration's hostname line. */
  replace(nodes: ConfigNode[], source = "cli"): void {
    this.#root = cloneNodes(nodes);
    const name = findHostname(this.#root);
    if (name !== undefined) this.#hostname = name;
    this.#changed("config", source);
  }

  /**
   * Commits a candidate: the configuration it replaces goes to the history (rollback numbers shift by
   * one). With `confirmSeconds` the commit rolls back by itself unless {@link confirm} comes in time.
   */
  commit(
    nodes: ConfigNode[],
    options: { source?: string; confirmSeconds?: number; label?: string } = {},
  ): void {
    const previous = this.snapshot();
    this.#history.unshift(previous);
    this.#history.length = Math.min(this.#history.length, MAX_HISTORY);
    this.#clearPending();
    this.replace(nodes, options.source);
    if (options.confirmSeconds !== undefined) {
      const timer = setTimeout(
        () => {
          this.#pending = undefined;
          this.pendingLabel = undefined;
          this.commit(previous, { source: "confirm-timeout" });
        },
        options.confirmSeconds * 1000 * this.timerScale,
      );
      timer.unref();
      this.#pending = timer;
      this.pendingLabel = options.label;
    }
  }

  /**
   * Multiplies the device's timers (a confirmed commit's timeout), so that a test can let a Junos
   * `commit confirmed 1` (a minute) expire in a fraction of a second. @default 1
   */
  timerScale = 1;

  /** The name of the session whose confirmed commit is pending (EOS), if any. */
  pendingLabel: string | undefined;

  /** Confirms a pending confirmed commit; false when none is pending. */
  confirm(): boolean {
    if (this.#pending === undefined) return false;
    this.#clearPending();
    return true;
  }

  /** Whether a confirmed commit waits for its confirmation. */
  get pendingConfirmation(): boolean {
    return this.#pending !== undefined;
  }

  /** The configuration `steps` commits ago (1: before the last commit); undefined past the history. */
  previous(steps: number): ConfigNode[] | undefined {
    const tree = this.#history[steps - 1];
    return tree === undefined ? undefined : cloneNodes(tree);
  }

  /** Saved named configurations (EOS checkpoints, NX-OS checkpoints), oldest first. */
  readonly checkpoints: Map<string, { tree: ConfigNode[]; created: Date }> = new Map();

  /** Stops a pending confirmed commit's timer (the simulator is closing). */
  dispose(): void {
    this.#clearPending();
  }

  #clearPending(): void {
    if (this.#pending !== undefined) clearTimeout(this.#pending);
    this.#pending = undefined;
    this.pendingLabel = undefined;
  }

  /** The live configuration tree. Mutate it only through the methods below. */
  get root(): readonly ConfigNode[] {
    return this.#root;
  }

  /** Adds `line` under `path` (a list of section lines, [] for top level), creating sections as needed. */
  set(path: readonly string[], line: string, source = "cli"): void {
    applySet(this.#root, path, line);
    this.#changed("config", source);
  }

  /** Removes `line` (or the setting `no <line>` negates) under `path`. Returns whether something changed. */
  unset(path: readonly string[], line: string, source = "cli"): boolean {
    const removed = applyUnset(this.#root, path, line);
    if (removed) this.#changed("config", source);
    return removed;
  }

  /** Structured interfaces derived from `interface <name>` sections. */
  interfaces(): InterfaceView[] {
    return this.#root
      .filter((n) => /^interface\s/.test(n.line))
      .map((n) => {
        const view: InterfaceView = { name: n.line.slice("interface ".length).trim(), shutdown: false };
        for (const c of n.children) {
          const line = c.line.trim();
          if (line.startsWith("description ")) view.description = line.slice("description ".length);
          else if (/^ip(v4)? address /.test(line)) view.ipv4 = line.replace(/^ip(v4)? address /, "");
          else if (line === "shutdown") view.shutdown = true;
        }
        return view;
      });
  }

  /** Static routes (`ip route ...` lines, `route ...` under `router static`). */
  staticRoutes(): string[] {
    return this.#root.filter((n) => /^ip route /.test(n.line)).map((n) => n.line.slice("ip route ".length));
  }

  /** Listens for changes; returns the function that stops listening. */
  subscribe(listener: (change: StateChange) => void): () => void {
    this.#listeners.add(listener);
    return () => this.#listeners.delete(listener);
  }

  #changed(kind: StateChange["kind"], source: string): void {
    this.revision++;
    this.lastChange = new Date();
    for (const listener of this.#listeners) listener({ kind, source });
  }
}

/** How many earlier configurations a device keeps (Junos keeps 50, rollback 0 to 49). */
const MAX_HISTORY = 49;

/** Parses indented configuration text into a tree. `!` separators and blank lines are dropped. */
export function parseConfig(text: string): ConfigNode[] {
  const root: ConfigNode[] = [];
  const stack: { indent: number; children: ConfigNode[] }[] = [{ indent: -1, children: root }];
  for (const raw of text.split(/\r?\n/)) {
    if (raw.trim() === "" || raw.trim() === "!") continue;
    const indent = raw.length - raw.trimStart().length;
    while (stack.length > 1 && stack[stack.length - 1]!.indent >= indent) stack.pop();
    const node: ConfigNode = { line: raw.trim(), children: [] };
    stack[stack.length - 1]!.children.push(node);
    stack.push({ indent, children: node.children });
  }
  return root;
}

/** Renders a tree as indented lines (one space per level, as IOS does), with `!` between top-level sections. */
export function renderConfig(
  nodes: readonly ConfigNode[],
  options: {
    indent?: string;
    separator?: string;
    /** Lines that open a section: followed by the separator even when empty (`interface Gi2` then `!`). */
    section?: (line: string) => boolean;
  } = {},
): string {
  const indent = options.indent ?? " ";
  const separator = options.separator ?? "!";
  const out: string[] = [];
  const walk = (list: readonly ConfigNode[], depth: number): void => {
    for (const n of list) {
      out.push(indent.repeat(depth) + n.line);
      walk(n.children, depth + 1);
      const section = n.children.length > 0 || (options.section?.(n.line) ?? false);
      if (depth === 0 && section && separator !== "") out.push(separator);
    }
  };
  walk(nodes, 0);
  return `${out.join("\n")}\n`;
}

export function cloneNodes(nodes: readonly ConfigNode[]): ConfigNode[] {
  return nodes.map((n) => ({ line: n.line, children: cloneNodes(n.children) }));
}

/** Finds the children list at `path`, creating missing sections when `create` is set. */
export function sectionAt(
  root: ConfigNode[],
  path: readonly string[],
  create: boolean,
): ConfigNode[] | undefined {
  let list = root;
  for (const segment of path) {
    let node = list.find((n) => n.line === segment);
    if (node === undefined) {
      if (!create) return undefined;
      node = { line: segment, children: [] };
      list.push(node);
    }
    list = node.children;
  }
  return list;
}

/**
 * The part of a line that identifies the setting it changes, so `description b` replaces
 * `description a` but `ip route 1.0.0.0 ...` adds to the other routes.
 */
export function settingKey(line: string): string {
  const words = line.trim().split(/\s+/);
  const singleValued = new Set([
    "hostname",
    "description",
    "mtu",
    "speed",
    "duplex",
    "bandwidth",
    "encapsulation",
    "host-name",
    "domain-name",
    "router-id",
    "vrf",
  ]);
  if (words[0] === "ip" && words[1] === "address" && words[words.length - 1] !== "secondary")
    return "ip address";
  if (words[0] === "ipv4" && words[1] === "address") return "ipv4 address";
  if (words[0] === "ip" && words[1] === "domain" && words[2] === "name") return "ip domain name";
  if (words[0] === "switchport" && words[1] === "mode") return "switchport mode";
  if (words[0] === "switchport" && words[1] === "access" && words[2] === "vlan")
    return "switchport access vlan";
  if (words[0] === "username" && words[1] !== undefined) return `username ${words[1]}`;
  if (words[0] === "banner" && words[1] !== undefined) return `banner ${words[1]}`;
  if (words[0] !== undefined && singleValued.has(words[0])) return words[0];
  return line.trim();
}

export function applySet(root: ConfigNode[], path: readonly string[], line: string): void {
  const list = sectionAt(root, path, true)!;
  const trimmed = line.trim();
  if (trimmed === "no shutdown") {
    removeWhere(list, (n) => n.line === "shutdown");
    return;
  }
  if (list.some((n) => n.line === trimmed)) return;
  const key = settingKey(trimmed);
  const existing = list.find((n) => settingKey(n.line) === key);
  if (existing !== undefined && key !== trimmed) {
    existing.line = trimmed;
    return;
  }
  // IOS prints an interface description first, whatever order it was typed in.
  if (key === "description") list.unshift({ line: trimmed, children: [] });
  else list.push({ line: trimmed, children: [] });
}

export function applyUnset(root: ConfigNode[], path: readonly string[], line: string): boolean {
  const list = sectionAt(root, path, false);
  if (list === undefined) return false;
  const trimmed = line.trim();
  if (trimmed === "shutdown") {
    // `no shutdown` is the default state; nothing stored means up.
    return removeWhere(list, (n) => n.line === "shutdown");
  }
  if (removeWhere(list, (n) => n.line === trimmed)) return true;
  const key = settingKey(trimmed);
  if (removeWhere(list, (n) => settingKey(n.line) === key && key !== n.line)) return true;
  // `no ip address` style: remove every line starting with the given words.
  return removeWhere(list, (n) => n.line === trimmed || n.line.startsWith(`${trimmed} `));
}

function removeWhere(list: ConfigNode[], predicate: (n: ConfigNode) => boolean): boolean {
  let removed = false;
  for (let i = list.length - 1; i >= 0; i--) {
    if (predicate(list[i]!)) {
      list.splice(i, 1);
      removed = true;
    }
  }
  return removed;
}

function findHostname(nodes: readonly ConfigNode[]): string | undefined {
  for (const n of nodes) {
    const m = /^(?:hostname|system host-name|system name host-name)\s+(\S+)/.exec(n.line);
    if (m) return m[1];
  }
  return undefined;
}
