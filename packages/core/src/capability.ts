/**
 * Capabilities are runtime tokens for TypeScript interfaces: a stable id, the method names, and the
 * interface type carried as a phantom. Tokens are interned by id under `Symbol.for`, so two copies of
 * core (or two calls with the same id and methods) agree on identity.
 */

declare const CAPABILITY_TYPE: unique symbol;

/** A capability token for interface `I`. */
export interface Capability<I extends object = object> {
  /** Stable id, for example `patchbay.DeviceInfo`. */
  readonly id: string;
  /** The interface's method names. (Typed as plain strings so every token is a `Capability<object>`.) */
  readonly methods: readonly string[];
  /** `Symbol.for("@patchbay/capability:" + id)`: equal across copies of core. */
  readonly key: symbol;
  /** Phantom: carries `I` for the compiler; never set at run time. */
  readonly [CAPABILITY_TYPE]?: I;
}

/** The interface a capability token stands for. */
export type CapabilityInterface<C> = C extends Capability<infer I> ? I : never;

type UnionToIntersection<U> = (U extends unknown ? (x: U) => void : never) extends (x: infer I) => void
  ? I
  : never;

/** The intersection of the interfaces of a list of capabilities. */
export type Implements<Caps extends readonly Capability<object>[]> = [Caps[number]] extends [never]
  ? unknown
  : UnionToIntersection<CapabilityInterface<Caps[number]>>;

type MethodKeys<I> = { [K in keyof I]: I[K] extends (...args: never[]) => unknown ? K : never }[keyof I] &
  string;

/** Fails to compile unless `M` names every method of `I`. */
type AllMethods<I, M extends readonly string[]> =
  Exclude<MethodKeys<I>, M[number]> extends never
    ? M
    : { error: "missing method names"; missing: Exclude<MethodKeys<I>, M[number]> };

const INTERN: unique symbol = Symbol.for("@patchbay/core/capabilities") as never;
const ID = /^[A-Za-z][\w.-]*$/;

function internTable(): Map<string, Capability<object>> {
  const g = globalThis as { [INTERN]?: Map<string, Capability<object>> };
  g[INTERN] ??= new Map();
  return g[INTERN];
}

/**
 * Defines a capability token. Curried so the interface is given and the method list inferred:
 *
 * ```ts
 * interface DeviceInfo { getFacts(): Promise<Facts> }
 * export const DeviceInfo = defineCapability<DeviceInfo>()("patchbay.DeviceInfo", ["getFacts"]);
 * ```
 * The compiler rejects a method list that misses one of the interface's methods.
 */
export function defineCapability<I extends object>(): <const M extends readonly (keyof I & string)[]>(
  id: string,
  methods: M & AllMethods<I, M>,
) => Capability<I> {
  return (id, methods) => {
    if (typeof id !== "string" || !ID.test(id)) {
      throw new TypeError(
        `Capability id must be a non-empty identifier (letters, digits, ".", "-", "_"); got ${JSON.stringify(id)}.`,
      );
    }
    const list = [...(methods as readonly string[])];
    if (list.length === 0 || list.some((m) => typeof m !== "string" || m === "")) {
      throw new TypeError(`Capability "${id}" needs at least one method name, all non-empty strings.`);
    }
    const table = internTable();
    const existing = table.get(id);
    if (existing) {
      if (existing.methods.length !== list.length || existing.methods.some((m, i) => m !== list[i])) {
        throw new TypeError(
          `Capability "${id}" is already defined with methods [${existing.methods.join(", ")}], not [${list.join(", ")}].`,
        );
      }
      return existing as unknown as Capability<I>;
    }
    const token = Object.freeze({
      id,
      methods: Object.freeze(list),
      key: Symbol.for(`@patchbay/capability:${id}`),
    }) as Capability<I>;
    table.set(id, token as unknown as Capability<object>);
    return token;
  };
}

/** True when `value` has every method of `capability` as a function. */
export function implementsCapability(value: object, capability: Capability<object>): boolean {
  return capability.methods.every((m) => typeof (value as Record<string, unknown>)[m] === "function");
}

/** Looks a capability up by id among the tokens defined in this process. */
export function getCapability(id: string): Capability<object> | undefined {
  return internTable().get(id);
}
