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

const NAME_PART = /^[A-Za-z0-9_:[][A-Za-z0-9_.:%[\]-]*$/;
const GROUP_NAME = /^[A-Za-z0-9_][A-Za-z0-9_.-]*$/;
/** Longest host name (a DNS name's limit). */
export const MAX_HOST_NAME_LENGTH = 253;

/**
 * Why `name` is not a host name, or undefined when it is one. The rule holds wherever a name comes
 * from (the fleet file, a source, an expander), because names become file names (`backup`, `get`):
 * letters, digits and `_ . : % [ ] -`, not starting with `.` or `-` (so never `.` or `..`), no `/`,
 * spaces or control characters; `@connector/<name>` and `@local` are accepted around such a name.
 */
export function hostNameProblem(name: string): string | undefined {
  if (name.length === 0) return "is empty";
  if (name.length > MAX_HOST_NAME_LENGTH) return `is longer than ${MAX_HOST_NAME_LENGTH} characters`;
  const parsed = parseHostName(name);
  if (parsed === undefined) return "is not a host name (use name, @connector/name or @local)";
  if (name === "@local") return undefined;
  if (!NAME_PART.test(parsed.address))
    return "is not a valid host name (letters, digits and _ . : % [ ] -, not starting with . or -)";
  return undefined;
}

/** Why `name` is not a group name (letters, digits, `_ . -`, not starting with `.` or `-`), or undefined. */
export function groupNameProblem(name: string): string | undefined {
  return GROUP_NAME.test(name) && name.length <= MAX_HOST_NAME_LENGTH
    ? undefined
    : "is not a valid group name (letters, digits and _ . -, not starting with . or -)";
}
