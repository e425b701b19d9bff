import {
  type DeviceModel,
  type InterfaceModel,
  interfaceType,
  isIpv4,
  isValidHostname,
  readModel,
  writeModel,
} from "../model.ts";
import type { DeviceState } from "../state.ts";
import { isObject, type Json, type JsonObject, RestconfFailure } from "./restconf-errors.ts";
import { type ReadParams, shape } from "./restconf-query.ts";

/** An HTTP answer of the RESTCONF server. */
export interface RestconfAnswer {
  status: number;
  body?: unknown;
  headers?: Record<string, string>;
}

/** List keys of the lists the server knows. */
const LIST_KEYS: Record<string, string> = { interface: "name", address: "ip" };

/** The device state as a yang-data+json tree: ietf-system and ietf-interfaces (with ietf-ip). */
export function dataTree(state: DeviceState): JsonObject {
  const model = readModel(state);
  const tree: JsonObject = { "ietf-system:system": { hostname: model.hostname } };
  if (model.interfaces !== undefined) {
    tree["ietf-interfaces:interfaces"] = {
      interface: model.interfaces.map((i) => {
        const entry: JsonObject = { name: i.name };
        if (i.description !== undefined) entry.description = i.description;
        entry.type = `iana-if-type:${interfaceType(i.name).slice("ianaift:".length)}`;
        entry.enabled = i.enabled;
        if (i.ipv4.length > 0) {
          entry["ietf-ip:ipv4"] = {
            address: i.ipv4.map((a) => ({ ip: a.ip, "prefix-length": a.prefixLength })),
          };
        }
        entry["oper-status"] = i.enabled ? "up" : "down";
        return entry;
      }),
    };
  }
  return tree;
}

/** The tree converted back to the shared model; throws `RestconfFailure` for values it cannot hold. */
function toModel(tree: JsonObject, platform: string): DeviceModel {
  const system = tree["ietf-system:system"] as JsonObject | undefined;
  const hostname = system?.hostname;
  if (typeof hostname !== "string" || !isValidHostname(hostname)) {
    throw new RestconfFailure(
      400,
      "application",
      "invalid-value",
      hostname === undefined
        ? "the hostname cannot be removed"
        : `invalid hostname ${JSON.stringify(hostname)}`,
      "/ietf-system:system/hostname",
    );
  }
  const container = tree["ietf-interfaces:interfaces"] as JsonObject | undefined;
  if (container === undefined) return { hostname, interfaces: platform === "linux" ? undefined : [] };
  const list = (container.interface ?? []) as Json[];
  const interfaces: InterfaceModel[] = list.map((raw) => {
    const e = raw as JsonObject;
    const path = `/ietf-interfaces:interfaces/interface=${String(e.name)}`;
    const fail = (what: string, leaf = ""): never => {
      throw new RestconfFailure(400, "application", "invalid-value", what, `${path}${leaf}`);
    };
    if (typeof e.name !== "string" || !/^\S+$/.test(e.name)) fail("interface name must be one word");
    for (const key of Object.keys(e)) {
      if (!["name", "description", "type", "enabled", "ietf-ip:ipv4", "oper-status"].includes(key)) {
        throw new RestconfFailure(
          400,
          "application",
          "unknown-element",
          `unknown element "${key}"`,
          `${path}/${key}`,
        );
      }
    }
    if (e.description !== undefined && typeof e.description !== "string")
      fail("description must be a string", "/description");
    if (e.enabled !== undefined && typeof e.enabled !== "boolean")
      fail("enabled must be a boolean", "/enabled");
    const addresses = ((e["ietf-ip:ipv4"] as JsonObject | undefined)?.address ?? []) as JsonObject[];
    const ipv4 = addresses.map((a) => {
      const len = a["prefix-length"];
      if (typeof a.ip !== "string" || !isIpv4(a.ip) || typeof len !== "number" || len < 0 || len > 32) {
        fail(`invalid IPv4 address ${JSON.stringify(a)}`, "/ietf-ip:ipv4");
      }
      return { ip: a.ip as string, prefixLength: len as number };
    });
    return {
      name: e.name as string,
      description: e.description as string | undefined,
      enabled: e.enabled !== false,
      ipv4,
    };
  });
  return { hostname, interfaces };
}

/** One step of a data path: `interface=Ethernet1` is name `interface` with key `Ethernet1`. */
interface Step {
  /** As written, with its module prefix if any. */
  qualified: string;
  name: string;
  key: string | undefined;
}

function parsePath(path: string): Step[] {
  if (path === "") return [];
  return path.split("/").map((segment) => {
    const eq = segment.indexOf("=");
    const qualified = decodeURIComponent(eq < 0 ? segment : segment.slice(0, eq));
    const key = eq < 0 ? undefined : decodeURIComponent(segment.slice(eq + 1));
    return {
      qualified,
      name: qualified.includes(":") ? qualified.slice(qualified.indexOf(":") + 1) : qualified,
      key,
    };
  });
}

/** Where a path points: the parent holding it and how to read or replace it. */
interface Target {
  /** The member name in the parent object (qualified at the top level and for augmentations). */
  member: string;
  /** The module of the node, for the response's member name. */
  module: string;
  parent: JsonObject;
  /** For a list entry: the list and the entry's index (-1 when absent). */
  list?: { items: Json[]; index: number; keyName: string; key: string };
}

function resolve(tree: JsonObject, steps: readonly Step[], errorPath: string): Target {
  let parent: JsonObject = tree;
  let module = "";
  let target: Target | undefined;
  for (const [i, step] of steps.entries()) {
    if (target !== undefined) {
      const value = readTarget(target);
      if (value === undefined || typeof value !== "object" || value === null || Array.isArray(value)) {
        throw new RestconfFailure(404, "protocol", "invalid-value", "no such resource", errorPath);
      }
      parent = value;
    }
    if (i === 0 && !step.qualified.includes(":")) {
      throw new RestconfFailure(
        400,
        "protocol",
        "invalid-value",
        "the first path segment needs its module name",
        errorPath,
      );
    }
    if (step.qualified.includes(":")) module = step.qualified.slice(0, step.qualified.indexOf(":"));
    const member = i === 0 || step.qualified.includes(":") ? step.qualified : step.name;
    if (i === 0 && !(member in KNOWN_TOP)) {
      throw new RestconfFailure(
        400,
        "application",
        "unknown-element",
        `unknown resource ${member}`,
        errorPath,
      );
    }
    if (step.key !== undefined) {
      const keyName = LIST_KEYS[step.name];
      if (keyName === undefined)
        throw new RestconfFailure(400, "protocol", "invalid-value", `${step.name} is not a list`, errorPath);
      const items = (parent[member] ?? []) as Json[];
      if (parent[member] === undefined) parent[member] = items;
      const index = items.findIndex((e) => (e as JsonObject)[keyName] === step.key);
      target = { member, module, parent, list: { items, index, keyName, key: step.key } };
    } else {
      target = { member, module, parent };
    }
  }
  if (target === undefined) throw new Error("resolve needs a path");
  return target;
}

const KNOWN_TOP: Record<string, true> = { "ietf-system:system": true, "ietf-interfaces:interfaces": true };

function readTarget(t: Target): Json | undefined {
  if (t.list) return t.list.index < 0 ? undefined : t.list.items[t.list.index];
  return t.parent[t.member];
}

function responseName(t: Target): string {
  const bare = t.member.includes(":") ? t.member.slice(t.member.indexOf(":") + 1) : t.member;
  return `${t.module}:${bare}`;
}

/** The single member of a request body, checked against the target's name. */
function bodyValue(
  body: unknown,
  expected: string | undefined,
  errorPath: string,
): { name: string; value: Json } {
  if (typeof body !== "object" || body === null || Array.isArray(body) || Object.keys(body).length !== 1) {
    throw new RestconfFailure(
      400,
      "protocol",
      "malformed-message",
      "the body must be one JSON object with one member",
      errorPath,
    );
  }
  const [name, value] = Object.entries(body)[0] as [string, Json];
  if (!name.includes(":")) {
    throw new RestconfFailure(
      400,
      "protocol",
      "malformed-message",
      `the top-level member "${name}" needs its module name`,
      errorPath,
    );
  }
  if (expected !== undefined && name !== expected) {
    throw new RestconfFailure(
      400,
      "protocol",
      "invalid-value",
      `the body's member ${name} does not match the target ${expected}`,
      errorPath,
    );
  }
  return { name, value };
}

function merge(into: Json, patch: Json): Json {
  if (Array.isArray(into) && Array.isArray(patch)) {
    const out = [...into];
    for (const item of patch) {
      const keyName = ["name", "ip"].find((k) => typeof (item as JsonObject)?.[k] === "string");
      const at =
        keyName === undefined
          ? -1
          : out.findIndex((e) => (e as JsonObject)[keyName] === (item as JsonObject)[keyName]);
      if (at >= 0) out[at] = merge(out[at] as Json, item);
      else out.push(item);
    }
    return out;
  }
  if (isObject(into) && isObject(patch)) {
    const out: JsonObject = { ...into };
    for (const [k, v] of Object.entries(patch)) out[k] = k in out ? merge(out[k] as Json, v) : v;
    return out;
  }
  return patch;
}

/**
 * Handles one request under `{root}/data`: `path` is what follows `data/` ("" for the datastore).
 * Writes go through the shared model into the device state (source "restconf").
 */
export function handleData(
  state: DeviceState,
  method: string,
  path: string,
  body: unknown,
  params: ReadParams,
  dataUrl: string,
): RestconfAnswer {
  const steps = parsePath(path);
  const errorPath = steps.length === 0 ? "/" : `/${path}`;
  const tree = dataTree(state);
  if (method === "GET" || method === "HEAD") {
    let name: string | undefined;
    let value: Json | undefined;
    if (steps.length === 0) value = tree;
    else {
      const t = resolve(tree, steps, errorPath);
      value = readTarget(t);
      name = responseName(t);
      if (t.list && value !== undefined) value = [value];
    }
    if (value === undefined)
      throw new RestconfFailure(404, "protocol", "invalid-value", "no such resource", errorPath);
    value = shape(value, params);
    return { status: 200, body: name === undefined ? value : { [name]: value } };
  }
  if (method === "DELETE") {
    if (steps.length === 0)
      throw new RestconfFailure(
        405,
        "protocol",
        "operation-not-supported",
        "the datastore cannot be deleted",
      );
    const t = resolve(tree, steps, errorPath);
    if (readTarget(t) === undefined)
      throw new RestconfFailure(409, "protocol", "data-missing", "no such resource", errorPath);
    if (t.list) t.list.items.splice(t.list.index, 1);
    else delete t.parent[t.member];
    commit(state, tree);
    return { status: 204 };
  }
  if (method === "PUT" || method === "PATCH") {
    if (steps.length === 0) {
      if (!isObject(body))
        throw new RestconfFailure(400, "protocol", "malformed-message", "the body must be a JSON object");
      const next = method === "PUT" ? (body as JsonObject) : (merge(tree, body as JsonObject) as JsonObject);
      commit(state, next);
      return { status: 204 };
    }
    const t = resolve(tree, steps, errorPath);
    const { value } = bodyValue(body, responseName(t), errorPath);
    const current = readTarget(t);
    let next: Json = value;
    if (t.list) {
      if (
        !Array.isArray(value) ||
        value.length !== 1 ||
        (value[0] as JsonObject)?.[t.list.keyName] !== t.list.key
      ) {
        throw new RestconfFailure(
          400,
          "protocol",
          "invalid-value",
          `the body must hold the one entry ${t.list.keyName}=${t.list.key}`,
          errorPath,
        );
      }
      next = value[0] as Json;
    }
    if (method === "PATCH") {
      if (current === undefined)
        throw new RestconfFailure(404, "protocol", "invalid-value", "no such resource", errorPath);
      next = merge(current, next);
    }
    if (t.list) {
      if (t.list.index < 0) t.list.items.push(next);
      else t.list.items[t.list.index] = next;
    } else t.parent[t.member] = next;
    commit(state, tree);
    return { status: method === "PUT" && current === undefined ? 201 : 204 };
  }
  if (method === "POST") {
    const { name, value } = bodyValue(body, undefined, errorPath);
    const childName = name.slice(name.indexOf(":") + 1);
    let container: JsonObject;
    let member: string;
    if (steps.length === 0) {
      if (!(name in KNOWN_TOP))
        throw new RestconfFailure(
          400,
          "application",
          "unknown-element",
          `unknown resource ${name}`,
          errorPath,
        );
      container = tree;
      member = name;
    } else {
      const t = resolve(tree, steps, errorPath);
      const parent = readTarget(t);
      if (!isObject(parent))
        throw new RestconfFailure(404, "protocol", "invalid-value", "no such resource", errorPath);
      container = parent;
      member = childName;
    }
    let location = `${dataUrl}${path === "" ? "" : `/${path}`}/${steps.length === 0 ? name : childName}`;
    const keyName = LIST_KEYS[childName];
    if (keyName !== undefined) {
      const entry = (Array.isArray(value) ? value[0] : value) as JsonObject | undefined;
      const key = entry?.[keyName];
      if (typeof key !== "string" || (Array.isArray(value) && value.length !== 1)) {
        throw new RestconfFailure(
          400,
          "protocol",
          "invalid-value",
          `POST needs one ${childName} entry with its ${keyName}`,
          errorPath,
        );
      }
      const items = (container[member] ?? []) as Json[];
      if (items.some((e) => (e as JsonObject)[keyName] === key)) {
        throw new RestconfFailure(
          409,
          "application",
          "data-exists",
          `${childName} ${key} already exists`,
          `${errorPath === "/" ? "" : errorPath}/${childName}=${key}`,
        );
      }
      container[member] = [...items, entry as JsonObject];
      location += `=${encodeURIComponent(key)}`;
    } else {
      if (container[member] !== undefined) {
        throw new RestconfFailure(
          409,
          "application",
          "data-exists",
          `${childName} already exists`,
          `${errorPath === "/" ? "" : errorPath}/${childName}`,
        );
      }
      container[member] = value;
    }
    commit(state, tree);
    return { status: 201, headers: { location } };
  }
  throw new RestconfFailure(
    405,
    "protocol",
    "operation-not-supported",
    `${method} is not supported here`,
    errorPath,
  );
}

function commit(state: DeviceState, tree: JsonObject): void {
  for (const key of Object.keys(tree)) {
    if (!(key in KNOWN_TOP))
      throw new RestconfFailure(400, "application", "unknown-element", `unknown resource ${key}`, `/${key}`);
  }
  writeModel(state, toModel(tree, state.platform), "restconf");
}
