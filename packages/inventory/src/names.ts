/** A host name split into its connector and argument: `@ssh/r1.lab` is ssh + `r1.lab`. */
export interface ParsedHostName {
  connector: string;
  /** The address (or whatever the connector takes); `localhost` for `@local`. */
  address: string;
}

const CONNECTOR_NAME = /^@([a-z][a-z0-9_-]*)(?:\/(.+))?$/;

/**
 * Reads pyinfra-style host names: `@<connector>/<arg>` (`@ssh/router1.lab`, `@netconf/10.0.0.1`),
 * `@local`, and a plain name, which means ssh. Returns undefined for a malformed `@` name.
 */
export function parseHostName(name: string): ParsedHostName | undefined {
  if (!name.startsWith("@")) return { connector: "ssh", address: name };
  const match = CONNECTOR_NAME.exec(name);
  if (!match?.[1]) return undefined;
  if (match[1] === "local")
    return match[2] === undefined ? { connector: "local", address: "localhost" } : undefined;
  if (match[2] === undefined) return undefined;
  return { connector: match[1], address: match[2] };
}

/**
 * A connector that turns one name into several hosts (pyinfra's `make_names_data`): for example
 * `@sim/20` becoming twenty simulated devices. Each result carries its own name and fields.
 */
export type NameExpander = (argument: string) => readonly ExpandedHost[];

/** One host produced by a {@link NameExpander}. */
export interface ExpandedHost {
  name: string;
  fields: Record<string, unknown>;
}
