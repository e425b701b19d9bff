import type { CommandResult, Engine } from "../internal/engine.ts";
import { readModel } from "../model.ts";
import type { ConfigNode, DeviceState } from "../state.ts";

/** A JSON-RPC 2.0 answer body. */
export type JsonRpcAnswer = Record<string, unknown>;

const PARSE_ERROR = -32700;
const INVALID_REQUEST = -32600;
const METHOD_NOT_FOUND = -32601;
const INVALID_PARAMS = -32602;
/** EOS: a command failed (invalid input, incomplete, refused). */
const COMMAND_FAILED = 1002;
/** EOS: the command has no JSON model. */
const NOT_CONVERTIBLE = 1003;

function rpcError(id: unknown, code: number, message: string, data?: unknown): JsonRpcAnswer {
  return {
    jsonrpc: "2.0",
    id: id ?? null,
    error: { code, message, ...(data === undefined ? {} : { data }) },
  };
}

/**
 * Answers an eAPI-style JSON-RPC request body (`runCmds` with `version`, `cmds`, `format`; a batch
 * array gets an array of answers) by
 * running the commands, in order, on a fresh privileged CLI engine over the device's shared
 * state: a `hostname X` under `configure` changes the same running configuration SSH sessions see.
 */
export function handleEapi(
  body: string,
  state: DeviceState,
  createEngine: () => Engine,
): JsonRpcAnswer | JsonRpcAnswer[] {
  let request: unknown;
  try {
    request = JSON.parse(body);
  } catch {
    return rpcError(null, PARSE_ERROR, "Parse error: the body is not JSON");
  }
  if (Array.isArray(request)) {
    // A JSON-RPC 2.0 batch (NX-API style): one answer per request, in order.
    if (request.length === 0) return rpcError(null, INVALID_REQUEST, "Invalid request: empty batch");
    return request.map((r) => answer(r, state, createEngine));
  }
  return answer(request, state, createEngine);
}

function answer(request: unknown, state: DeviceState, createEngine: () => Engine): JsonRpcAnswer {
  if (typeof request !== "object" || request === null) {
    return rpcError(null, INVALID_REQUEST, "Invalid request: expected a JSON-RPC request object");
  }
  const { jsonrpc, method, params, id } = request as Record<string, unknown>;
  if (jsonrpc !== "2.0" || typeof method !== "string") {
    return rpcError(id, INVALID_REQUEST, 'Invalid request: jsonrpc must be "2.0" and method a string');
  }
  if (method === "cli" || method === "cli_ascii") return nxapi(id, method, params, state, createEngine);
  if (method !== "runCmds") return rpcError(id, METHOD_NOT_FOUND, `Method not found: ${method}`);
  const p = (params ?? {}) as { version?: unknown; cmds?: unknown; format?: unknown };
  const format = p.format ?? "json";
  if (format !== "json" && format !== "text") {
    return rpcError(id, INVALID_PARAMS, 'Invalid params: format must be "json" or "text"');
  }
  if (p.version !== undefined && p.version !== 1 && p.version !== "latest") {
    return rpcError(id, INVALID_PARAMS, 'Invalid params: version must be 1 or "latest"');
  }
  const cmds = p.cmds;
  const valid =
    Array.isArray(cmds) &&
    cmds.length > 0 &&
    cmds.every(
      (c) =>
        typeof c === "string" ||
        (typeof c === "object" && c !== null && typeof (c as { cmd?: unknown }).cmd === "string"),
    );
  if (!valid)
    return rpcError(id, INVALID_PARAMS, "Invalid params: cmds must be a non-empty list of commands");
  const engine = createEngine();
  const results: unknown[] = [];
  const list = cmds as (string | { cmd: string; input?: string })[];
  for (const [i, c] of list.entries()) {
    const line = typeof c === "string" ? c : c.cmd;
    const input = typeof c === "string" ? undefined : c.input;
    const direct = interfacesModel(line, state);
    if (direct !== undefined) {
      // The CLI data has no `show interfaces`; eAPI answers it from the shared model.
      results.push(format === "json" ? direct : { output: interfacesText(direct) });
      continue;
    }
    let result: CommandResult = engine.execute(line);
    if (result.input !== undefined)
      result =
        input === undefined ? { output: "% Command needs input\n", exitCode: 1 } : result.input.handle(input);
    const text = outputText(result);
    const failed = (result.exitCode ?? 0) !== 0 || /^% /m.test(text);
    const where = `CLI command ${i + 1} of ${list.length} '${line}' failed`;
    if (failed) {
      const errors = text
        .split("\n")
        .map((l) => l.trim())
        .filter((l) => l.startsWith("%"))
        .map((l) => l.replace(/^%\s*/, ""));
      return rpcError(id, COMMAND_FAILED, `${where}: invalid command`, [
        ...results,
        { errors: errors.length > 0 ? errors : [text.trim() || "Invalid input"] },
      ]);
    }
    if (format === "text") {
      results.push({ output: text });
      continue;
    }
    const json = jsonModel(line, text, state);
    if (json === undefined) {
      return rpcError(id, NOT_CONVERTIBLE, `${where}: could not run command`, [
        ...results,
        { errors: [`Command '${line}' has no JSON model; use format text`] },
      ]);
    }
    results.push(json);
  }
  return { jsonrpc: "2.0", id: id ?? null, result: results };
}

/**
 * NX-API's JSON-RPC methods: `cli` answers `{ body }` with the JSON model, `cli_ascii` answers
 * `{ msg }` with the text; a failing command is error -32602 with `data.msg`, as NX-OS does.
 */
function nxapi(
  id: unknown,
  method: string,
  params: unknown,
  state: DeviceState,
  createEngine: () => Engine,
): JsonRpcAnswer {
  const cmd = (params as { cmd?: unknown } | undefined)?.cmd;
  if (typeof cmd !== "string" || cmd.trim() === "") {
    return rpcError(id, INVALID_PARAMS, "Invalid params", { msg: "params.cmd must be a command\n" });
  }
  const engine = createEngine();
  const results: unknown[] = [];
  // NX-API runs `a ; b` as two commands; the answer is the last one's.
  for (const line of cmd.split(" ; ")) {
    const direct = interfacesModel(line, state);
    if (direct !== undefined) {
      results.push(method === "cli" ? { body: direct } : { msg: interfacesText(direct) });
      continue;
    }
    const result = engine.execute(line);
    const text = outputText(result);
    if ((result.exitCode ?? 0) !== 0 || result.input !== undefined || /^% /m.test(text)) {
      return rpcError(id, INVALID_PARAMS, "Invalid params", {
        msg: "Input CLI command error\n",
        clierror: text,
      });
    }
    if (method === "cli_ascii") {
      results.push({ msg: text });
      continue;
    }
    const json = jsonModel(line, text, state);
    if (json === undefined) {
      return rpcError(id, INVALID_PARAMS, "Invalid params", { msg: "Structured output unsupported\n" });
    }
    results.push({ body: json });
  }
  return { jsonrpc: "2.0", id: id ?? null, result: results.at(-1) ?? null };
}

function outputText(result: CommandResult): string {
  const out = result.output;
  if (out === undefined) return "";
  if (typeof out === "string") return out;
  return Buffer.concat([...out(false)]).toString("utf8");
}

/** `Software image version` → `softwareImageVersion`. */
function camel(key: string): string {
  const words = key
    .trim()
    .toLowerCase()
    .split(/[^a-z0-9]+/)
    .filter(Boolean);
  return words.map((w, i) => (i === 0 ? w : w[0]!.toUpperCase() + w.slice(1))).join("");
}

/** The JSON model of a command's output; `{}` for commands without output; undefined when none exists. */
function jsonModel(line: string, text: string, state: DeviceState): unknown {
  const words = line.trim().toLowerCase().split(/\s+/);
  const is = (...prefixes: string[]): boolean =>
    prefixes.length <= words.length &&
    prefixes.every((p, i) => (words[i] ?? "").length > 0 && p.startsWith(words[i]!));
  if (is("show", "version")) {
    const fields: Record<string, unknown> = {};
    for (const l of text.split("\n")) {
      const m = /^([^:]+):\s*(.*)$/.exec(l);
      if (m && m[2] !== "") fields[camel(m[1]!)] = m[2];
    }
    const firstLine = text.split("\n").find((l) => l.trim() !== "") ?? "";
    const number = (v: unknown): number | undefined =>
      typeof v === "string" ? Number.parseInt(v, 10) : undefined;
    return {
      modelName: firstLine.replace(/^Arista\s+/, "").trim(),
      version: fields.softwareImageVersion ?? fields.version,
      serialNumber: fields.serialNumber,
      systemMacAddress: fields.systemMacAddress,
      architecture: fields.architecture,
      memTotal: number(fields.totalMemory),
      memFree: number(fields.freeMemory),
      hostname: state.hostname,
      ...fields,
    };
  }
  if (is("show", "hostname"))
    return { hostname: state.hostname, fqdn: /FQDN:\s*(\S+)/.exec(text)?.[1] ?? state.hostname };
  if (is("show", "running-config") && words.length === 2)
    return { cmds: runningTree(state.root), header: [] };
  if (text.trim() === "") return {};
  return undefined;
}

interface InterfacesModel {
  interfaces: Record<
    string,
    { name: string; description: string; interfaceStatus: string; lineProtocolStatus: string }
  >;
}

/** `show interfaces` and `show interfaces description` from the shared model; undefined for other commands. */
function interfacesModel(line: string, state: DeviceState): InterfacesModel | undefined {
  const words = line.trim().toLowerCase().split(/\s+/);
  const prefix = (w: string | undefined, full: string): boolean =>
    w !== undefined && w.length > 0 && full.startsWith(w);
  const match =
    prefix(words[0], "show") &&
    prefix(words[1], "interfaces") &&
    words[1]!.length >= 3 &&
    (words.length === 2 || (words.length === 3 && prefix(words[2], "description")));
  if (!match) return undefined;
  const interfaces: InterfacesModel["interfaces"] = {};
  for (const i of readModel(state).interfaces ?? []) {
    interfaces[i.name] = {
      name: i.name,
      description: i.description ?? "",
      interfaceStatus: i.enabled ? "connected" : "disabled",
      lineProtocolStatus: i.enabled ? "up" : "down",
    };
  }
  return { interfaces };
}

function interfacesText(model: InterfacesModel): string {
  const rows = Object.values(model.interfaces).map(
    (i) =>
      `${i.name.padEnd(16)}${(i.interfaceStatus === "connected" ? "up" : "admin down").padEnd(15)}${i.lineProtocolStatus.padEnd(9)}${i.description}`,
  );
  return `${"Interface".padEnd(16)}${"Status".padEnd(15)}${"Protocol".padEnd(9)}Description\n${rows.join("\n")}\n`;
}

/** EOS's JSON shape of a running configuration: each line a key, sections with nested `cmds`. */
function runningTree(nodes: readonly ConfigNode[]): Record<string, unknown> {
  const out: Record<string, unknown> = {};
  for (const n of nodes)
    out[n.line] = n.children.length === 0 ? null : { cmds: runningTree(n.children), comments: [] };
  return out;
}
