// Configuration templates and the rollback/confirm tasks of `patchbay config`.
import { ConfigWrite } from "@patchbay/capabilities";
import type { InventoryHost } from "@patchbay/inventory";
import nunjucks from "nunjucks";
import type { HostOp } from "./runner.ts";
import { withDevice } from "./tasks.ts";

/** A template that does not compile or render, located as `file:line`. */
export class TemplateError extends Error {
  override readonly name = "TemplateError";
  readonly code = "TEMPLATE_ERROR";
}

/** Where nunjucks says an error is: `(file) [Line N, Column M]` then the message. */
function located(file: string, host: string | undefined, error: unknown): TemplateError {
  const text = error instanceof Error ? error.message : String(error);
  const at = /\[Line (\d+)(?:, Column (\d+))?\]/.exec(text);
  const message = text
    .replace(/^\(.*?\)\s*/, "")
    .replace(/\[Line \d+(?:, Column \d+)?\]\s*/, "")
    .replace(/^Error: /, "")
    .trim();
  // nunjucks counts lines and columns from 1 in its messages.
  const where = at === null ? file : `${file}:${at[1]}${at[2] !== undefined ? `:${at[2]}` : ""}`;
  return new TemplateError(
    `${where}: ${message}${host !== undefined ? ` (rendering for host ${host})` : ""}`,
  );
}

/** The variables a host's template sees: its fields, its data and its groups. */
export function templateVariables(host: InventoryHost): Record<string, unknown> {
  const { password: _password, ...device } = host.device as unknown as Record<string, unknown>;
  return { ...device, name: host.name, groups: host.groups, data: host.device.data };
}

/**
 * Renders `source` (a Jinja2-compatible nunjucks template) once per host, as Nornir's
 * `template_file` does. Compiles first, so a syntax error names `file:line` before any host; an
 * undefined variable is an error too (never an empty string in a configuration).
 */
export function renderPerHost(
  file: string,
  source: string,
  hosts: readonly InventoryHost[],
): Record<string, string> {
  // Templates come from the user's file, never from device or inventory data; no file system loader.
  const env = new nunjucks.Environment(null, { autoescape: false, throwOnUndefined: true, trimBlocks: true });
  let template: nunjucks.Template;
  try {
    template = new nunjucks.Template(source, env, file, true);
  } catch (error) {
    throw located(file, undefined, error);
  }
  const out: Record<string, string> = {};
  for (const host of hosts) {
    try {
      out[host.name] = template.render(templateVariables(host));
    } catch (error) {
      throw located(file, host.name, error);
    }
  }
  return out;
}

/** Returns `steps` commits back. */
export function rollbackConfig(host: InventoryHost, steps: number, op: HostOp): Promise<{ steps: number }> {
  return withDevice(host, [ConfigWrite], op, async (device) => {
    op.step(`rollback ${steps}`);
    await device.rollback({ steps, timeoutMs: op.timeoutMs, signal: op.signal });
    return { steps };
  });
}

/** Confirms a pending confirmed commit. */
export function confirmConfig(host: InventoryHost, op: HostOp): Promise<{ confirmed: true }> {
  return withDevice(host, [ConfigWrite], op, async (device) => {
    op.step("confirm commit");
    await device.confirmCommit({ timeoutMs: op.timeoutMs, signal: op.signal });
    return { confirmed: true };
  });
}
