import { readFile } from "node:fs/promises";
import { isAbsolute, resolve } from "node:path";
import { parse as parseCsvText } from "csv-parse/sync";
import { isPlainObject } from "./internal/merge.ts";
import { runCommand } from "./internal/run-command.ts";

/** One host a source adds: its name, groups, and host fields (platform, port, data...). */
export interface SourceHost {
  name: string;
  groups?: string[];
  fields: Record<string, unknown>;
}

/** What a source gets besides its own settings. */
export interface SourceContext {
  /** The fleet file's folder: relative paths start there. */
  baseDir: string;
  timeoutMs: number;
  signal?: AbortSignal | undefined;
}

/**
 * A dynamic inventory source (a "boat"): adds hosts at load time. Selected in the fleet file by
 * `type`; its other keys are its settings.
 */
export interface InventorySource {
  readonly type: string;
  /** Problems with the settings, each a sentence; empty when they are fine. Runs before `hosts`. */
  check(settings: Record<string, unknown>): string[];
  hosts(settings: Record<string, unknown>, context: SourceContext): Promise<SourceHost[]>;
}

const HOST_FIELDS = new Set(["host", "port", "username", "password", "platform", "connector", "data"]);

function requireString(settings: Record<string, unknown>, key: string): string[] {
  return typeof settings[key] === "string" && settings[key] !== ""
    ? []
    : [`"${key}" must be a non-empty string`];
}

function pathOf(settings: Record<string, unknown>, context: SourceContext): string {
  const p = settings.path as string;
  return isAbsolute(p) ? p : resolve(context.baseDir, p);
}

const ANSIBLE_OS: Record<string, string> = {
  ios: "cisco_ios",
  iosxr: "cisco_iosxr",
  nxos: "cisco_nxos",
  eos: "arista_eos",
  junos: "juniper_junos",
  frr: "frr",
};

/**
 * Reads host lists in the shapes tools print: an array of `{ name, ...fields }`, `{ hosts: [...] }`,
 * an object of `name: fields`, or Ansible's dynamic-inventory JSON (`_meta.hostvars` and groups).
 */
export function hostsFromJson(value: unknown, origin: string): SourceHost[] {
  if (Array.isArray(value)) return value.map((item, i) => hostFromObject(item, `${origin}[${i}]`));
  if (!isPlainObject(value)) throw new Error(`${origin}: expected a JSON array or object of hosts`);
  if (Array.isArray(value.hosts)) return hostsFromJson(value.hosts, `${origin}.hosts`);
  if (
    isPlainObject(value._meta) ||
    Object.values(value).some((g) => isPlainObject(g) && Array.isArray(g.hosts))
  ) {
    return hostsFromAnsible(value);
  }
  return Object.entries(value).map(([name, fields]) =>
    hostFromObject({ name, ...(isPlainObject(fields) ? fields : {}) }, `${origin}.${name}`),
  );
}

function hostFromObject(item: unknown, origin: string): SourceHost {
  if (!isPlainObject(item) || typeof item.name !== "string" || item.name === "") {
    throw new Error(`${origin}: each host needs a "name"`);
  }
  const { name, groups, ...rest } = item;
  const fields: Record<string, unknown> = {};
  const data: Record<string, unknown> = isPlainObject(rest.data) ? { ...rest.data } : {};
  for (const [key, v] of Object.entries(rest)) {
    if (key === "data") continue;
    if (HOST_FIELDS.has(key)) fields[key] = v;
    else data[key] = v;
  }
  if (Object.keys(data).length > 0) fields.data = data;
  const groupList = Array.isArray(groups)
    ? groups.filter((g): g is string => typeof g === "string")
    : typeof groups === "string"
      ? groups
          .split(/[;,]/)
          .map((g) => g.trim())
          .filter(Boolean)
      : undefined;
  return { name, fields, ...(groupList !== undefined ? { groups: groupList } : {}) };
}

function hostsFromAnsible(value: Record<string, unknown>): SourceHost[] {
  const hostvars =
    isPlainObject(value._meta) && isPlainObject(value._meta.hostvars) ? value._meta.hostvars : {};
  const hosts = new Map<string, SourceHost>();
  const get = (name: string): SourceHost => {
    let host = hosts.get(name);
    if (host === undefined) {
      const vars = isPlainObject(hostvars[name]) ? hostvars[name] : {};
      const { ansible_host, ansible_port, ansible_user, ansible_network_os, ...rest } = vars;
      const os = typeof ansible_network_os === "string" ? (ansible_network_os.split(".").pop() ?? "") : "";
      const fields: Record<string, unknown> = {};
      if (typeof ansible_host === "string") fields.host = ansible_host;
      if (typeof ansible_port === "number") fields.port = ansible_port;
      if (typeof ansible_user === "string") fields.username = ansible_user;
      if (typeof rest.platform === "string") fields.platform = rest.platform;
      else if (ANSIBLE_OS[os] !== undefined) fields.platform = ANSIBLE_OS[os];
      const data = Object.fromEntries(Object.entries(rest).filter(([k]) => k !== "platform"));
      if (Object.keys(data).length > 0) fields.data = data;
      host = { name, fields, groups: [] };
      hosts.set(name, host);
    }
    return host;
  };
  for (const [group, entry] of Object.entries(value)) {
    if (group === "_meta") continue;
    const members = Array.isArray(entry)
      ? entry
      : isPlainObject(entry) && Array.isArray(entry.hosts)
        ? entry.hosts
        : [];
    for (const name of members) {
      if (typeof name !== "string") continue;
      const host = get(name);
      if (group !== "all" && group !== "ungrouped") host.groups?.push(group);
    }
  }
  for (const name of Object.keys(hostvars)) get(name);
  return [...hosts.values()];
}

/** A JSON file of hosts (`type: json`, `path`). */
export const jsonSource: InventorySource = {
  type: "json",
  check: (settings) => requireString(settings, "path"),
  async hosts(settings, context) {
    const file = pathOf(settings, context);
    return hostsFromJson(JSON.parse(await readFile(file, "utf8")), file);
  },
};

/**
 * A CSV file of hosts (`type: csv`, `path`, optional `delimiter`): a header row, a `name` column, host
 * fields by column name, `groups` separated by `;`, every other column into the host's data.
 */
export const csvSource: InventorySource = {
  type: "csv",
  check: (settings) => [
    ...requireString(settings, "path"),
    ...(settings.delimiter === undefined ||
    (typeof settings.delimiter === "string" && settings.delimiter.length === 1)
      ? []
      : ['"delimiter" must be one character']),
  ],
  async hosts(settings, context) {
    const file = pathOf(settings, context);
    const rows = parseCsv(await readFile(file, "utf8"), (settings.delimiter as string | undefined) ?? ",");
    const [header, ...body] = rows;
    if (header === undefined || !header.includes("name"))
      throw new Error(`${file}: the first row must name the columns, with a "name" column`);
    return body
      .filter((row) => row.some((cell) => cell !== ""))
      .map((row, i) => {
        const item: Record<string, unknown> = {};
        header.forEach((column, c) => {
          const cell = row[c] ?? "";
          if (cell === "") return;
          item[column] = column === "port" && /^\d+$/.test(cell) ? Number(cell) : cell;
        });
        return hostFromObject(item, `${file}:${i + 2}`);
      });
  },
};

/**
 * RFC 4180 CSV (quoted fields with doubled quotes, delimiters and newlines inside quotes, a BOM),
 * read by csv-parse; rows may have fewer cells than the header. Blank lines are kept out.
 */
export function parseCsv(text: string, delimiter = ","): string[][] {
  return parseCsvText(text, {
    delimiter,
    bom: true,
    relax_column_count: true,
    skip_empty_lines: true,
  }) as string[][];
}

/** Hosts from an HTTP endpoint that answers JSON (`type: http`, `url`, optional `headers`). */
export const httpSource: InventorySource = {
  type: "http",
  check: (settings) => {
    const problems = requireString(settings, "url");
    if (typeof settings.url === "string" && !/^https?:\/\//.test(settings.url))
      problems.push('"url" must start with http:// or https://');
    if (settings.headers !== undefined && !isPlainObject(settings.headers))
      problems.push('"headers" must be an object');
    return problems;
  },
  async hosts(settings, context) {
    const { request } = await import("undici");
    const signal = AbortSignal.any([
      AbortSignal.timeout(context.timeoutMs),
      ...(context.signal ? [context.signal] : []),
    ]);
    // `user:pass@` in the URL becomes basic authentication; the URL sent carries no credentials.
    const url = new URL(settings.url as string);
    const basic =
      url.username !== "" || url.password !== ""
        ? `Basic ${Buffer.from(`${decodeURIComponent(url.username)}:${decodeURIComponent(url.password)}`).toString("base64")}`
        : undefined;
    url.username = "";
    url.password = "";
    const response = await request(url, {
      method: "GET",
      headers: {
        accept: "application/json",
        ...(basic !== undefined ? { authorization: basic } : {}),
        ...((settings.headers as Record<string, string> | undefined) ?? {}),
      },
      signal,
    });
    const body = await response.body.text();
    if (response.statusCode >= 400) throw new Error(`answered ${response.statusCode}: ${body.slice(0, 200)}`);
    return hostsFromJson(JSON.parse(body), "the response");
  },
};

/**
 * An executable that prints JSON hosts (`type: exec`, `command`, optional `args`), as Ansible's
 * dynamic inventories do (it is run with `--list` unless `args` are given). Never through a shell;
 * in its own process group, killed whole on timeout, abort, or once the command exits.
 */
export const execSource: InventorySource = {
  type: "exec",
  check: (settings) => [
    ...requireString(settings, "command"),
    ...(settings.args === undefined ||
    (Array.isArray(settings.args) && settings.args.every((a) => typeof a === "string"))
      ? []
      : ['"args" must be a list of strings']),
  ],
  async hosts(settings, context) {
    const command = settings.command as string;
    const file = command.includes("/") && !isAbsolute(command) ? resolve(context.baseDir, command) : command;
    const args = (settings.args as string[] | undefined) ?? ["--list"];
    const stdout = await runCommand(file, args, {
      cwd: context.baseDir,
      timeoutMs: context.timeoutMs,
      signal: context.signal,
      maxBytes: 256 << 20,
    });
    return hostsFromJson(JSON.parse(stdout), command);
  },
};

/** The sources every inventory knows. */
export const BUILTIN_SOURCES: readonly InventorySource[] = [jsonSource, csvSource, httpSource, execSource];
