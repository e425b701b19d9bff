// `runCommands(commands, { parse })`: structured rows from TextFSM templates (ntc-templates
// directories work as they are). @patchbay/textfsm is an optional peer loaded on first use, so
// users who never parse do not install it.
import type { CommandResult, RunCommandsOptions } from "./commands.ts";

/**
 * Patchbay platform id -> the platform name of ntc-templates' index (what Netmiko calls the
 * device_type). Ids not listed are looked up as they are.
 */
export const TEXTFSM_PLATFORMS: Readonly<Record<string, string>> = Object.freeze({
  cisco_ios: "cisco_ios",
  cisco_iosxe: "cisco_ios",
  cisco_iosxr: "cisco_xr",
  cisco_nxos: "cisco_nxos",
  arista_eos: "arista_eos",
  juniper_junos: "juniper_junos",
  frr: "frr",
  linux: "linux",
});

/** Where a parse looks for templates, first match wins. */
export function templateDirs(
  options: { templatesDir?: string | undefined },
  shipped: readonly string[] = [],
): string[] {
  const dirs = [
    options.templatesDir,
    process.env.PATCHBAY_TEMPLATES,
    // Netmiko's variable, so an existing ntc-templates set-up works unchanged.
    process.env.NET_TEXTFSM,
    ...shipped,
  ].filter((d): d is string => typeof d === "string" && d !== "");
  return [...new Set(dirs)];
}

interface TextFsmModule {
  TemplateIndex: {
    load(dir: string): Promise<{
      find(q: { platform: string; command: string }): { templates: string[] } | null;
      parse(q: {
        platform: string;
        command: string;
        output: string;
      }): Promise<Record<string, string | string[]>[]>;
    }>;
  };
  TemplateNotFoundError: new (
    platform: string | undefined,
    command: string,
    searched: string[],
    detail?: string,
  ) => Error;
}

let textfsm: Promise<TextFsmModule> | undefined;
const indexes = new Map<string, ReturnType<TextFsmModule["TemplateIndex"]["load"]>>();

async function loadTextFsm(): Promise<TextFsmModule> {
  // A variable specifier keeps bundlers and type checkers from making the optional peer required.
  const specifier = "@patchbay/textfsm";
  textfsm ??= (import(specifier) as Promise<TextFsmModule>).catch((cause: unknown) => {
    textfsm = undefined;
    throw new Error(
      "runCommands({ parse }) needs the optional package @patchbay/textfsm: install it next to @patchbay/capabilities.",
      { cause },
    );
  });
  return textfsm;
}

function loadIndex(mod: TextFsmModule, dir: string): ReturnType<TextFsmModule["TemplateIndex"]["load"]> {
  let index = indexes.get(dir);
  if (!index) {
    index = mod.TemplateIndex.load(dir);
    index.catch(() => indexes.delete(dir));
    indexes.set(dir, index);
  }
  return index;
}

export interface ParseCommandContext {
  /** The device's Patchbay platform id. */
  platform: string;
  /** Template directories the platform package ships, searched last. */
  shippedTemplates?: readonly string[];
}

/**
 * Fills `parsed` of each successful result when `options.parse` is set; plugins pass their
 * `runCommands` results through it. Without a matching template the result keeps its raw output and
 * gets `parseError` (a TemplateNotFoundError naming platform, command and the directories
 * searched), unless `parse: "required"`, which throws it.
 */
export async function parseCommandResults(
  results: CommandResult[],
  options: RunCommandsOptions,
  context: ParseCommandContext,
): Promise<CommandResult[]> {
  if (!options.parse) return results;
  const mod = await loadTextFsm();
  const platform = TEXTFSM_PLATFORMS[context.platform] ?? context.platform;
  const dirs = templateDirs(options, context.shippedTemplates);
  for (const result of results) {
    if (result.failed) continue;
    try {
      result.parsed = await parseOne(mod, dirs, platform, result);
    } catch (error) {
      if (options.parse === "required") throw error;
      result.parseError = error as Error;
    }
  }
  return results;
}

async function parseOne(
  mod: TextFsmModule,
  dirs: string[],
  platform: string,
  result: CommandResult,
): Promise<Record<string, string | string[]>[]> {
  const unreadable: string[] = [];
  for (const dir of dirs) {
    let index: Awaited<ReturnType<TextFsmModule["TemplateIndex"]["load"]>>;
    try {
      index = await loadIndex(mod, dir);
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code === "ENOENT") {
        unreadable.push(dir);
        continue;
      }
      throw error;
    }
    if (index.find({ platform, command: result.command }))
      return index.parse({ platform, command: result.command, output: result.output });
  }
  throw new mod.TemplateNotFoundError(
    platform,
    result.command,
    dirs,
    unreadable.length > 0 ? `no index file in ${unreadable.join(", ")}` : undefined,
  );
}
