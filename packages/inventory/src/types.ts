import type { ConnectorDataResult, Device } from "@patchbay/core";
import type { NameExpander } from "./names.ts";
import type { InventorySource } from "./sources.ts";

/** Connector settings to check a host's `data[name]` against (core's `ConnectorSettings` fits). */
export interface ConnectorSchema {
  readonly name: string;
  safeParse(data: unknown): ConnectorDataResult<unknown>;
}

/** Options of {@link loadInventory} and {@link parseInventory}. */
export interface InventoryOptions {
  /** Where `{ env: NAME }` values come from. @default process.env */
  env?: NodeJS.ProcessEnv;
  /**
   * Connector settings that validate `data.<name>` of every host that sets it; or a function given
   * the fleet's platforms that returns them (a caller that finds plugins per platform), called once
   * every host is built, so the file and its sources are read only once.
   */
  connectors?:
    | readonly ConnectorSchema[]
    | ((platforms: readonly string[]) => Promise<readonly ConnectorSchema[]>);
  /**
   * The platforms plugins serve (or a function given the fleet's platforms that returns them, called
   * after `connectors`). A host's platform not among them is a problem with "did you mean" and the
   * package to install. Not checked when not given.
   */
  knownPlatforms?: readonly string[] | ((platforms: readonly string[]) => Promise<readonly string[]>);
  /**
   * Only these hosts (the `--limit` syntax of {@link Inventory.select}): secrets are read for them
   * alone, and `hosts` and `groups` hold only them. Every host is still checked.
   */
  limit?: string | readonly string[];
  /** Source types besides json, csv, http and exec. */
  sources?: readonly InventorySource[];
  /** Connectors that expand one name into several hosts, by connector name. */
  expanders?: Readonly<Record<string, NameExpander>>;
  /** Platform of hosts that set none, by connector. @default { local: "linux" } */
  defaultPlatforms?: Readonly<Record<string, string>>;
  /**
   * Connectors that do not use the host's `port`, with the key that sets theirs: a host of such a
   * connector that has a `port` is a problem naming that key. Every built-in connector honours
   * `port` (NETCONF uses it when `data.netconf.port` is not set), so none is listed by default.
   * @default {}
   */
  portKeys?: Readonly<Record<string, string>>;
  /** Time limit of each dynamic source. @default 30000 */
  sourceTimeoutMs?: number;
  /** Stops the dynamic sources (an exec source's whole process group is killed). */
  signal?: AbortSignal;
}

/** One host of the fleet, ready to connect. */
export interface InventoryHost {
  /** The name as written (`@ssh/r1.lab`, `@local`, `r1.lab`). */
  name: string;
  /** How to reach it: `ssh`, `local`, `netconf`, `api`... (the plugin connection type). */
  connector: string;
  groups: string[];
  /** The device: id is the name; defaults, groups and host data merged in that order. */
  device: Device;
  /** Where it was defined: the fleet file or a source. */
  origin: string;
}

/** A loaded fleet. */
export interface Inventory {
  file: string;
  /** How many hosts to work on at once. */
  parallelism: number;
  hosts: InventoryHost[];
  /** Group name -> host names, in file order. */
  groups: Record<string, string[]>;
  /**
   * The hosts matching `limit`: group names, host names, or globs (`*` any characters, `?` one),
   * comma-separated or as a list. Every host when empty. An entry that matches nothing is an
   * `InventoryError`.
   */
  select(limit?: string | readonly string[]): InventoryHost[];
  /** Every secret the fleet holds (passwords, values read from the environment or files). */
  readonly secrets: readonly string[];
  /** `text` with every secret of the fleet replaced by `[redacted]`. */
  redact(text: string): string;
}
