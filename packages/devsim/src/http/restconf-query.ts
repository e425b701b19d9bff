import { isObject, type Json, type JsonObject, RestconfFailure } from "./restconf-errors.ts";

/** Members that are state, not configuration (`content=config` drops them). */
const NONCONFIG = new Set(["oper-status"]);

/** The query parameters of a read (RFC 8040 section 4.8) the server knows. */
export interface ReadParams {
  depth?: string | null;
  fields?: string | null;
  content?: string | null;
}

/** Applies `content`, `fields` and `depth` to a read. */
export function shape(value: Json, params: ReadParams): Json {
  let out = value;
  const content = params.content ?? "all";
  if (content !== "all" && content !== "config" && content !== "nonconfig") {
    throw new RestconfFailure(
      400,
      "protocol",
      "invalid-value",
      `content must be config, nonconfig or all, not ${content}`,
    );
  }
  if (content !== "all") out = filterContent(out, content === "config") ?? {};
  if (params.fields) out = selectFields(out, parseFields(params.fields));
  if (params.depth && params.depth !== "unbounded") {
    const depth = Number(params.depth);
    if (!Number.isInteger(depth) || depth < 1 || depth > 65535) {
      throw new RestconfFailure(
        400,
        "protocol",
        "invalid-value",
        `depth must be 1..65535 or unbounded, not ${params.depth}`,
      );
    }
    out = trimDepth(out, depth);
  }
  return out;
}

function filterContent(value: Json, config: boolean): Json | undefined {
  if (Array.isArray(value)) {
    const items = value.map((v) => filterContent(v, config)).filter((v) => v !== undefined);
    return config || items.length > 0 ? items : undefined;
  }
  if (!isObject(value)) return config ? value : undefined;
  const out: JsonObject = {};
  const keys: JsonObject = {};
  for (const [k, v] of Object.entries(value)) {
    if (NONCONFIG.has(k)) {
      if (!config) out[k] = v;
      continue;
    }
    // State reads keep an entry's list key so it stays identifiable, but only next to state.
    if (!config && (k === "name" || k === "ip") && !isObject(v)) {
      keys[k] = v;
      continue;
    }
    const kept = filterContent(v, config);
    if (kept !== undefined) out[k] = kept;
  }
  if (!config && Object.keys(out).length === 0) return undefined;
  return { ...keys, ...out };
}

/** The node is level 1; deeper members beyond `depth` are dropped. List entries share their list's level. */
function trimDepth(value: Json, depth: number): Json {
  if (Array.isArray(value)) return value.map((v) => trimDepth(v, depth));
  if (!isObject(value)) return value;
  const out: JsonObject = {};
  if (depth <= 1) return out;
  for (const [k, v] of Object.entries(value)) {
    if (!isObject(v) && !Array.isArray(v)) out[k] = v;
    else out[k] = trimDepth(v, depth - 1);
  }
  return out;
}

/** A `fields` selection: member name → nested selection (empty for the whole member). */
type Fields = Map<string, Fields>;

/** Parses RFC 8040 `fields`: `a;b/c;d(e;f)`. */
export function parseFields(text: string): Fields {
  let pos = 0;
  const list = (): Fields => {
    const out: Fields = new Map();
    for (;;) {
      const start = pos;
      while (pos < text.length && !";/()".includes(text[pos]!)) pos++;
      const name = text.slice(start, pos).trim();
      if (name === "")
        throw new RestconfFailure(400, "protocol", "invalid-value", `bad fields expression "${text}"`);
      const bare = name.includes(":") ? name.slice(name.indexOf(":") + 1) : name;
      let sub: Fields = new Map();
      if (text[pos] === "/") {
        pos++;
        sub = list1();
      } else if (text[pos] === "(") {
        pos++;
        sub = list();
        if (text[pos] !== ")")
          throw new RestconfFailure(400, "protocol", "invalid-value", `unclosed ( in fields "${text}"`);
        pos++;
      }
      const prev = out.get(bare);
      out.set(bare, prev ? new Map([...prev, ...sub]) : sub);
      if (text[pos] !== ";") return out;
      pos++;
    }
  };
  // After `/`: one path step (possibly with its own nesting).
  const list1 = (): Fields => {
    const start = pos;
    while (pos < text.length && !";/()".includes(text[pos]!)) pos++;
    const name = text.slice(start, pos).trim();
    const bare = name.includes(":") ? name.slice(name.indexOf(":") + 1) : name;
    let sub: Fields = new Map();
    if (text[pos] === "/") {
      pos++;
      sub = list1();
    } else if (text[pos] === "(") {
      pos++;
      sub = list();
      pos++;
    }
    return new Map([[bare, sub]]);
  };
  const out = list();
  if (pos !== text.length)
    throw new RestconfFailure(400, "protocol", "invalid-value", `bad fields expression "${text}"`);
  return out;
}

function selectFields(value: Json, fields: Fields): Json {
  if (fields.size === 0) return value;
  if (Array.isArray(value)) return value.map((v) => selectFields(v, fields));
  if (!isObject(value)) return value;
  const out: JsonObject = {};
  for (const [k, v] of Object.entries(value)) {
    const bare = k.includes(":") ? k.slice(k.indexOf(":") + 1) : k;
    const sub = fields.get(bare);
    if (sub !== undefined) out[k] = selectFields(v, sub);
  }
  return out;
}
