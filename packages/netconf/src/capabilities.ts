/** NETCONF base capability URNs. */
export const NETCONF_BASE_1_0 = "urn:ietf:params:netconf:base:1.0";
export const NETCONF_BASE_1_1 = "urn:ietf:params:netconf:base:1.1";

const CAPABILITY_PREFIX = "urn:ietf:params:netconf:capability:";

/** The with-defaults modes of RFC 6243. */
export type WithDefaultsMode = "report-all" | "report-all-tagged" | "trim" | "explicit";

/** What the server's `:with-defaults` capability says (RFC 6243 section 4). */
export interface WithDefaultsSupport {
  basicMode: WithDefaultsMode;
  alsoSupported: readonly WithDefaultsMode[];
}

/**
 * The capabilities a NETCONF server advertised in its hello. Short names such as `:candidate` or
 * `:confirmed-commit` match any version of `urn:ietf:params:netconf:capability:<name>:<version>`,
 * `:confirmed-commit:1.1` only that version; anything else is compared as a full URI (without its
 * `?query`).
 */
export class Capabilities implements Iterable<string> {
  /** Every capability URI as advertised. */
  readonly uris: readonly string[];

  constructor(uris: readonly string[]) {
    this.uris = Object.freeze([...uris]);
  }

  /** Whether the server advertised the capability (`:xpath`, a base URN, a module namespace). */
  has(capability: string): boolean {
    return this.find(capability) !== undefined;
  }

  /** The advertised URI matching `capability` (see `has`), with its query. */
  find(capability: string): string | undefined {
    if (capability.startsWith(":")) {
      // `:name` matches any version, `:name:1.1` only that one.
      const [name, version] = capability.slice(1).split(":");
      const prefix = `${CAPABILITY_PREFIX}${name}:`;
      return this.uris.find(
        (u) =>
          u.startsWith(prefix) && (version === undefined || u.slice(prefix.length).split("?")[0] === version),
      );
    }
    return this.uris.find((u) => u === capability || u.split("?")[0] === capability);
  }

  /** The version of a short-named capability (`:confirmed-commit` -> `1.1`), the highest if several. */
  version(capability: string): string | undefined {
    const prefix = `${CAPABILITY_PREFIX}${capability.replace(/^:/, "")}:`;
    const versions = this.uris
      .filter((u) => u.startsWith(prefix))
      .map((u) => (u.slice(prefix.length).split("?")[0] ?? "").trim())
      .sort();
    return versions.at(-1);
  }

  /** The with-defaults support, or undefined when `:with-defaults` is not advertised. */
  get withDefaults(): WithDefaultsSupport | undefined {
    const uri = this.find(":with-defaults");
    if (uri === undefined) return undefined;
    const query = new URLSearchParams(uri.split("?")[1] ?? "");
    const basicMode = (query.get("basic-mode") ?? "explicit") as WithDefaultsMode;
    const alsoSupported = (query.get("also-supported") ?? "")
      .split(",")
      .map((m) => m.trim())
      .filter((m) => m !== "") as WithDefaultsMode[];
    return { basicMode, alsoSupported };
  }

  /** YANG modules announced as capabilities (`...?module=name&revision=...`), by module name. */
  get modules(): ReadonlyMap<string, { namespace: string; revision: string | undefined }> {
    const out = new Map<string, { namespace: string; revision: string | undefined }>();
    for (const uri of this.uris) {
      const [namespace, query] = uri.split("?");
      if (query === undefined || namespace === undefined) continue;
      const params = new URLSearchParams(query);
      const module = params.get("module");
      if (module) out.set(module, { namespace, revision: params.get("revision") ?? undefined });
    }
    return out;
  }

  [Symbol.iterator](): Iterator<string> {
    return this.uris[Symbol.iterator]();
  }
}
