import type { CommandResult, Engine } from "../internal/engine.ts";
import { srlCheckPath, srlValidate } from "../platforms/nokia-srlinux.ts";
import {
  srlBelow,
  srlDelete,
  srlJson,
  srlPathsFromJson,
  srlPathWords,
  srlSet,
  srlWords,
} from "../platforms/srl-config.ts";
import type { ConfigNode, DeviceState } from "../state.ts";
import type { JsonRpcAnswer } from "./eapi.ts";

const PARSE_ERROR = -32700;
const INVALID_REQUEST = -32600;
const METHOD_NOT_FOUND = -32601;
const INVALID_PARAMS = -32602;
/** SR Linux reports a failed get, set, validate or cli command with code -1 and the reason. */
const FAILED = -1;

class RpcFailure extends Error {
  readonly code: number;
  constructor(code: number, message: string) {
    super(message);
    this.code = code;
  }
}

/**
 * SR Linux's JSON-RPC API (`POST /jsonrpc`) over the device's shared state: `get` reads paths
 * (`/interface[name=ethernet-1/1]`) from the running or candidate datastore (or `state`, the running
 * configuration plus `/system/information`), `set` applies `update`/`replace`/`delete` commands in one
 * transaction (validated, then committed; nothing applied when one fails), `validate` checks them
 * without committing, and `cli` runs CLI lines in order on a fresh session (`text` or `json` output).
 */
export function handleSrlJsonRpc(
  body: string,
  state: DeviceState,
  createEngine: () => Engine,
): JsonRpcAnswer {
  let request: unknown;
  try {
    request = JSON.parse(body);
  } catch {
    return fail(null, PARSE_ERROR, "Parse error: the body is not JSON");
  }
  if (typeof request !== "object" || request === null || Array.isArray(request)) {
    return fail(null, INVALID_REQUEST, "Invalid request: expected one JSON-RPC request object");
  }
  const { jsonrpc, method, params, id } = request as Record<string, unknown>;
  if (jsonrpc !== "2.0" || typeof method !== "string")
    return fail(id, INVALID_REQUEST, 'Invalid request: jsonrpc must be "2.0" and method a string');
  const p = (params ?? {}) as Record<string, unknown>;
  const commands = p.commands;
  if (!Array.isArray(commands) || commands.length === 0)
    return fail(id, INVALID_PARAMS, "Invalid params: params.commands must be a non-empty list");
  try {
    switch (method) {
      case "get":
        return ok(id, get(commands, state));
      case "set":
      case "validate": {
        const candidate = change(commands, state.snapshot());
        const error = srlValidate(candidate.map((n) => n.line));
        if (error !== undefined) throw new RpcFailure(FAILED, error.trim());
        if (method === "set") state.commit(candidate, { source: "jsonrpc" });
        return ok(
          id,
          commands.map(() => ({})),
        );
      }
      case "cli":
        return ok(id, cli(commands, p["output-format"] ?? "json", state, createEngine));
      default:
        return fail(id, METHOD_NOT_FOUND, `Method not found: ${method} (get, set, validate, cli)`);
    }
  } catch (error) {
    if (error instanceof RpcFailure) return fail(id, error.code, error.message);
    throw error;
  }
}

function ok(id: unknown, result: unknown): JsonRpcAnswer {
  return { jsonrpc: "2.0", id: id ?? null, result };
}

function fail(id: unknown, code: number, message: string): JsonRpcAnswer {
  return { jsonrpc: "2.0", id: id ?? null, error: { code, message } };
}

function pathOf(command: unknown, i: number): { words: string[]; record: Record<string, unknown> } {
  const record = (typeof command === "object" && command !== null ? command : {}) as Record<string, unknown>;
  const path = record.path;
  const words = typeof path === "string" ? srlPathWords(path) : undefined;
  if (words === undefined) {
    throw new RpcFailure(
      INVALID_PARAMS,
      `Invalid params: commands[${i}].path must be a path such as /interface[name=ethernet-1/1], not ${JSON.stringify(path)}`,
    );
  }
  if (words.length > 0) {
    const error = srlCheckPath(words);
    if (error !== undefined) throw new RpcFailure(FAILED, `${path}: ${error.trim()}`);
  }
  return { words, record };
}

function get(commands: readonly unknown[], state: DeviceState): unknown[] {
  return commands.map((command, i) => {
    const { words, record } = pathOf(command, i);
    const datastore = record.datastore ?? "running";
    if (datastore !== "running" && datastore !== "state" && datastore !== "candidate")
      throw new RpcFailure(
        INVALID_PARAMS,
        `Invalid params: datastore ${JSON.stringify(datastore)} is not supported`,
      );
    if (datastore === "candidate")
      throw new RpcFailure(
        FAILED,
        "the candidate datastore is read with a set inside a transaction; read running",
      );
    const lines = state.root.map((n) => n.line);
    if (datastore === "state" && words.join(" ") === "system information") {
      return {
        version: "v24.10.1-492-gf8858c5836",
        "current-datetime": new Date().toISOString(),
        description: "SRLinux-v24.10.1-492-gf8858c5836 7220 IXR-D2L",
      };
    }
    return valueAt(lines, words, record.path as string);
  });
}

/** The JSON at a path: a container's object, a list entry's object, or a leaf's value. */
function valueAt(lines: readonly string[], words: readonly string[], path: string): unknown {
  if (words.length === 0) return srlJson(lines);
  // A leaf: the parent's JSON holds its value.
  const parent = srlJson(srlBelow(lines, words.slice(0, -1)));
  const leaf = parent[words[words.length - 1]!];
  if (leaf !== undefined && (typeof leaf !== "object" || leaf === null)) return leaf;
  const below = srlBelow(lines, words);
  if (below.length > 0) return srlJson(below);
  if (lines.includes(words.join(" "))) return {};
  throw new RpcFailure(FAILED, `Path not found: ${path}`);
}

function change(commands: readonly unknown[], candidate: ConfigNode[]): ConfigNode[] {
  for (const [i, command] of commands.entries()) {
    const { words, record } = pathOf(command, i);
    const action = record.action;
    if (action === "delete") {
      if (!srlDelete(candidate, words.join(" ")))
        throw new RpcFailure(FAILED, `commands[${i}]: nothing to delete at ${record.path as string}`);
      continue;
    }
    if (action !== "update" && action !== "replace") {
      throw new RpcFailure(
        INVALID_PARAMS,
        `Invalid params: commands[${i}].action must be update, replace or delete, not ${JSON.stringify(action)}`,
      );
    }
    if (!("value" in record))
      throw new RpcFailure(INVALID_PARAMS, `Invalid params: commands[${i}] (${action}) needs a value`);
    if (words.length === 0 && action === "replace") candidate.length = 0;
    else if (action === "replace") srlDelete(candidate, words.join(" "));
    const paths = srlPathsFromJson(words, record.value);
    for (const line of paths.length === 0 ? [words.join(" ")] : paths) {
      const error = srlCheckPath(srlWords(line));
      if (error !== undefined) throw new RpcFailure(FAILED, `commands[${i}]: ${error.trim()}`);
      srlSet(candidate, line);
    }
  }
  return candidate;
}

function outputText(result: CommandResult): string {
  const out = result.output;
  if (out === undefined) return "";
  if (typeof out === "string") return out;
  return Buffer.concat([...out(false)]).toString("utf8");
}

function cli(
  commands: readonly unknown[],
  format: unknown,
  state: DeviceState,
  createEngine: () => Engine,
): unknown[] {
  if (format !== "json" && format !== "text")
    throw new RpcFailure(INVALID_PARAMS, 'Invalid params: output-format must be "json" or "text"');
  const engine = createEngine();
  return commands.map((command, i) => {
    if (typeof command !== "string" || command.trim() === "")
      throw new RpcFailure(INVALID_PARAMS, `Invalid params: commands[${i}] must be a CLI command`);
    const result = engine.execute(command);
    const text = outputText(result);
    if ((result.exitCode ?? 0) !== 0) throw new RpcFailure(FAILED, `${command}: ${text.trim()}`);
    if (format === "text") return { text };
    return cliJson(command, text, state);
  });
}

function cliJson(command: string, text: string, state: DeviceState): unknown {
  const words = srlWords(command.trim());
  if (words[0] === "show" && words[1] === "version") {
    const info: Record<string, string> = {};
    for (const line of text.split("\n")) {
      const m = /^([^:]+?)\s*:\s(.*)$/.exec(line);
      if (m) info[m[1]!] = m[2]!.trim();
    }
    return { "basic system info": info };
  }
  if (words[0] === "info" && words.includes("running") && !words.includes("flat")) {
    const path = words.slice(words.indexOf("running") + 1).filter((w) => w !== "/");
    const prefix = path.join(" ");
    const lines = state.root.map((n) => n.line);
    return srlJson(
      path.length === 0 ? lines : lines.filter((l) => l === prefix || l.startsWith(`${prefix} `)),
    );
  }
  if (text.trim() === "") return {};
  throw new RpcFailure(FAILED, `${command}: no JSON output for this command; use output-format text`);
}
