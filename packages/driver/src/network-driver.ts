import { readFile } from "node:fs/promises";
import {
  AuthenticationError,
  deviceLabel,
  type OperationOptions,
  UnsupportedOperationError,
} from "@patchbay/core";
import { ConfigExitError, PrivilegeLevelError, withEarlierOutput } from "./errors.ts";
import { GenericDriver, type GenericDriverOptions, type SendCommandOptions } from "./generic-driver.ts";
import type { PlatformDefinition, PrivilegeLevel } from "./platform.ts";
import {
  anchorHostname,
  findPrivilegePath,
  hostnameFromPrompt,
  privilegeLevelOf,
  unionPattern,
} from "./privilege.ts";
import { getPlatformDefinition } from "./registry.ts";
import { MultiResponse, Response } from "./response.ts";

export interface NetworkDriverOptions extends GenericDriverOptions {
  /** Platform id or definition. @default device.platform */
  platform?: string | PlatformDefinition;
  /** The enable secret. @default device.data.enableSecret */
  authSecret?: string;
  /** The level commands run at. @default the platform's */
  defaultDesiredPrivilegeLevel?: string;
  /** Commands run after open instead of the platform's `onOpen`. */
  onOpenCommands?: readonly string[];
}

export interface SendConfigsOptions extends SendCommandOptions {
  /** Stop at the first failed line, then run the platform's abort commands. @default false */
  stopOnFailed?: boolean;
  /** The level to send configuration at. @default the platform's configuration level */
  privilegeLevel?: string;
  /** Use a configuration session of this name (EOS, NX-OS); it is committed or aborted. */
  session?: string;
  /**
   * Run the platform's (or the session's) commit commands after a successful configuration. With
   * `false` the caller sends its own commit line (a `commit timer`, a checked commit) or abort.
   * @default true
   */
  commit?: boolean;
  /**
   * Stay in configuration mode after the lines (and the commit): the next `sendConfigs` goes on in
   * the same mode. `sendCommand` still returns to the default level first. @default false
   */
  stayInConfigMode?: boolean;
}

const MAX_PRIVILEGE_STEPS = 12;

/**
 * A driver for network operating systems described by a platform definition: privilege levels,
 * hostname-anchored prompts, paging off on open, configuration with abort, commit and sessions.
 */
export class NetworkDriver extends GenericDriver {
  readonly definition: PlatformDefinition;
  readonly defaultDesiredPrivilegeLevel: string;
  #levels: PrivilegeLevel[];
  #anchored: PrivilegeLevel[];
  #hostnames: string[] = [];
  #current: PrivilegeLevel | undefined;
  readonly #secret: string | undefined;

  constructor(options: NetworkDriverOptions) {
    const platform = options.platform ?? options.device?.platform;
    if (platform === undefined) {
      throw new TypeError(
        "NetworkDriver needs a platform: pass options.platform or a device with a platform.",
      );
    }
    const definition = typeof platform === "string" ? getPlatformDefinition(platform) : platform;
    const levels = [...definition.privilegeLevels];
    super({
      echo: definition.echo,
      promptRedraw: definition.promptRedraw,
      pagerPatterns: definition.pagerPatterns,
      failedWhenContains: definition.failedWhenContains,
      ...options,
      promptPattern: options.promptPattern ?? unionPattern(levels),
    });
    this.definition = definition;
    this.defaultDesiredPrivilegeLevel =
      options.defaultDesiredPrivilegeLevel ?? definition.defaultDesiredPrivilegeLevel;
    this.#levels = levels;
    this.#anchored = levels;
    const fromDevice = options.device?.data.enableSecret ?? options.device?.data.secret;
    this.#secret = options.authSecret ?? (typeof fromDevice === "string" ? fromDevice : undefined);
  }

  override get platform(): string {
    return this.definition.id;
  }

  /** The hostname learned from the prompt at open (and followed through hostname changes). */
  get hostname(): string | undefined {
    return this.#hostnames[0];
  }

  /** The privilege level of the last prompt seen. */
  get currentPrivilegeLevel(): string | undefined {
    return this.#current?.name;
  }

  /** The privilege levels, configuration sessions included. */
  get privilegeLevels(): readonly PrivilegeLevel[] {
    return this.#anchored;
  }

  /**
   * Forgets the learned hostname, reads the prompt with the platform's loose patterns and anchors on
   * the hostname found. For renames the driver could not see (made by another session or a script).
   */
  relearnHostname(options: OperationOptions = {}): Promise<string | undefined> {
    return this.exclusive(async () => {
      this.#setHostnames([]);
      const prompt = await this.channel.getPrompt(options);
      const hostname = hostnameFromPrompt(this.#levels, prompt);
      if (hostname !== undefined) this.#setHostnames([hostname]);
      this.notePrompt(prompt);
      return hostname;
    });
  }

  /** Moves to privilege level `name` along the shortest escalate/deescalate path. */
  acquirePriv(name: string, options: OperationOptions = {}): Promise<void> {
    return this.exclusive(() => this.#acquire(name, options));
  }

  /** Sends one configuration line (or several, split on newlines). */
  async sendConfig(config: string, options: SendConfigsOptions = {}): Promise<Response> {
    const responses = await this.sendConfigs(config.split(/\r?\n/), options);
    const first = responses[0];
    const last = responses[responses.length - 1];
    if (first === undefined || last === undefined)
      throw new TypeError("sendConfig needs at least one non-empty line.");
    return new Response({
      host: this.host,
      deviceId: this.device?.id,
      platform: this.platform,
      input: config,
      result: responses.map((r) => r.result).join("\n"),
      rawResult: responses.every((r) => r.rawResult !== undefined)
        ? Buffer.concat(responses.map((r) => r.rawResult as Uint8Array))
        : undefined,
      start: first.start,
      end: last.end,
      failedWhenContains: first.failedWhenContains,
      parser: this.options.parsers,
    });
  }

  /**
   * Enters configuration mode (or a session), sends each line, and leaves. When `stopOnFailed` and a
   * line fails, the platform's abort commands run (`end`, `abort`, `rollback 0`...).
   */
  sendConfigs(configs: readonly string[], options: SendConfigsOptions = {}): Promise<MultiResponse> {
    return this.exclusive(async () => {
      const lines = configs.filter((c) => c.trim() !== "");
      const session = options.session;
      let target = options.privilegeLevel ?? this.definition.configPrivilegeLevel;
      if (session !== undefined) target = this.#registerSession(session);
      if (target === undefined) {
        throw new UnsupportedOperationError(
          `${deviceLabel({ deviceId: this.device?.id, host: this.host })}platform "${this.platform}" has no configuration mode.`,
          { deviceId: this.device?.id, host: this.host, platform: this.platform },
        );
      }
      await this.#acquire(target, options);
      const out = new MultiResponse();
      let failed = false;
      for (const line of lines) {
        // A timeout or abort on a line keeps the output of the lines before it.
        const response = await this.runCommand(line, options).catch((error: unknown) => {
          throw withEarlierOutput(error, out.map((r) => `${r.result}\n`).join(""));
        });
        out.push(response);
        if (response.failed && options.stopOnFailed) {
          failed = true;
          break;
        }
      }
      const sessionDef = this.definition.configSession;
      const finish =
        session !== undefined && sessionDef !== undefined
          ? failed
            ? sessionDef.abort
            : options.commit === false
              ? []
              : sessionDef.commit
          : failed
            ? this.definition.configAbort
            : options.commit === false
              ? []
              : this.definition.configCommit;
      let step = "";
      try {
        for (const command of finish) {
          step = `"${command}"`;
          await this.runCommand(command, { ...options, failedWhenContains: [] });
        }
        if (!options.stayInConfigMode || failed) {
          step = `the return to "${this.defaultDesiredPrivilegeLevel}"`;
          await this.#acquire(this.defaultDesiredPrivilegeLevel, options);
        }
      } catch (error) {
        const partial = (error as { partialOutput?: unknown }).partialOutput;
        throw new ConfigExitError(
          `${this.#label()}${out.length} configuration line(s) were sent, then ${step} failed: ${(error as Error).message} The lines may be applied: see error.responses and compare the running configuration.`,
          {
            ...this.#ctx(),
            command: step,
            responses: out,
            partialOutput: typeof partial === "string" ? partial : undefined,
            cause: error,
          },
        );
      }
      return out;
    });
  }

  /** Sends the non-empty lines of a file as configuration. */
  async sendConfigsFromFile(path: string, options: SendConfigsOptions = {}): Promise<MultiResponse> {
    const text = await readFile(path, "utf8");
    return this.sendConfigs(text.split(/\r?\n/), options);
  }

  // ------------------------------------------------------------------ hooks

  protected override async afterOpen(prompt: string, options: OperationOptions): Promise<void> {
    const hostname = hostnameFromPrompt(this.#levels, prompt);
    if (hostname !== undefined) this.#setHostnames([hostname]);
    this.notePrompt(prompt);
    await this.#acquire(this.defaultDesiredPrivilegeLevel, options);
    const commands = (this.options as NetworkDriverOptions).onOpenCommands ?? this.definition.onOpen;
    for (const command of commands) await this.runCommand(command, options);
  }

  protected override async beforeClose(): Promise<void> {
    for (const command of this.definition.onClose) this.channel.write(command + this.channel.returnChar);
  }

  protected override async beforeCommand(options: OperationOptions): Promise<void> {
    await this.#acquire(this.defaultDesiredPrivilegeLevel, options);
  }

  // Junos prints `[edit]` above each configuration prompt: it belongs to the prompt, not the output.
  protected override tidyResult(text: string): string {
    const preamble = this.definition.promptPreamble;
    if (preamble === undefined) return text;
    const nl = text.lastIndexOf("\n");
    if (!preamble.test(text.slice(nl + 1))) return text;
    let end = Math.max(0, nl);
    while (end > 0 && text.charCodeAt(end - 1) === 10) end--;
    return text.slice(0, end);
  }

  // A `hostname X` sent any way (a command, an interactive event) changes the prompt that ends it.
  protected override beforeInput(input: string): void {
    this.#noteHostnameChange(input);
  }

  protected override notePrompt(prompt: string): void {
    if (this.#hostnames.length > 1) {
      const seen = hostnameFromPrompt(this.#anchored, prompt);
      if (seen !== undefined && seen !== this.#hostnames[0]) this.#setHostnames([seen]);
    }
    this.#current = privilegeLevelOf(this.#anchored, prompt);
  }

  // ------------------------------------------------------------------ privilege levels

  async #acquire(name: string, options: OperationOptions): Promise<void> {
    if (!this.#anchored.some((l) => l.name === name)) {
      throw new PrivilegeLevelError(
        `${this.#label()}unknown privilege level "${name}"; platform "${this.platform}" has ${this.#anchored.map((l) => l.name).join(", ")}.`,
        this.#ctx(),
      );
    }
    for (let step = 0; step < MAX_PRIVILEGE_STEPS; step++) {
      if (this.#current === undefined) {
        const prompt = await this.channel.getPrompt(options);
        this.notePrompt(prompt);
        if (this.#current === undefined) {
          throw new PrivilegeLevelError(
            `${this.#label()}prompt "${prompt}" matches no privilege level of platform "${this.platform}".`,
            this.#ctx(),
          );
        }
      }
      const current: PrivilegeLevel = this.#current;
      if (current.name === name) return;
      const path = findPrivilegePath(this.#anchored, current.name, name);
      const next = path?.[1] === undefined ? undefined : this.#anchored.find((l) => l.name === path[1]);
      if (next === undefined) {
        throw new PrivilegeLevelError(
          `${this.#label()}no way from privilege level "${current.name}" to "${name}".`,
          this.#ctx(),
        );
      }
      if (next.previousPriv === current.name && next.escalate !== undefined) {
        await this.#escalate(next, options);
      } else {
        const out = await this.channel.sendInput(current.deescalate as string, options);
        this.notePrompt(out.prompt);
      }
    }
    throw new PrivilegeLevelError(
      `${this.#label()}could not reach privilege level "${name}" in ${MAX_PRIVILEGE_STEPS} steps (now "${this.#current?.name}").`,
      this.#ctx(),
    );
  }

  async #escalate(level: PrivilegeLevel, options: OperationOptions): Promise<void> {
    const from = this.#current;
    if (!level.escalateAuth || level.escalatePrompt === undefined) {
      const out = await this.channel.sendInput(level.escalate as string, options);
      this.notePrompt(out.prompt);
      return;
    }
    // Either the password prompt or a prompt of some level (no password configured) may follow.
    const expect = new RegExp(
      `(?:${level.escalatePrompt.source})|(?:${this.channel.promptPattern.source})`,
      "m",
    );
    const first = await this.channel.sendInteractive([{ input: level.escalate as string, expect }], options);
    if (!level.escalatePrompt.test(first.prompt)) {
      this.notePrompt(first.prompt);
      return;
    }
    if (this.#secret === undefined) {
      await this.#leavePasswordPrompt(expect, level.escalatePrompt, options);
      throw new AuthenticationError(
        `${this.#label()}"${level.escalate}" asks for a password but no enable secret was given; set device.data.enableSecret or the authSecret option.`,
        this.#ctx(),
      );
    }
    const second = await this.channel.sendInteractive(
      [{ input: this.#secret, hidden: true, expect }],
      options,
    );
    if (level.escalatePrompt.test(second.prompt)) {
      await this.#leavePasswordPrompt(expect, level.escalatePrompt, options);
    } else this.notePrompt(second.prompt);
    if (this.#current?.name !== level.name) {
      throw new AuthenticationError(
        `${this.#label()}the enable secret was rejected while entering "${level.name}" (now at "${this.#current?.name ?? from?.name}").`,
        this.#ctx(),
      );
    }
  }

  // Devices ask for the password again after a wrong one; empty answers use up the attempts.
  async #leavePasswordPrompt(
    expect: RegExp,
    passwordPrompt: RegExp,
    options: OperationOptions,
  ): Promise<void> {
    for (let attempt = 0; attempt < 5; attempt++) {
      const out = await this.channel.sendInteractive([{ input: "", hidden: true, expect }], options);
      if (!passwordPrompt.test(out.prompt)) {
        this.notePrompt(out.prompt);
        return;
      }
    }
    this.#current = undefined;
  }

  #registerSession(name: string): string {
    const session = this.definition.configSession;
    if (session === undefined) {
      throw new UnsupportedOperationError(
        `${this.#label()}platform "${this.platform}" has no configuration sessions.`,
        this.#ctx(),
      );
    }
    const levelName = `session:${name}`;
    if (!this.#levels.some((l) => l.name === levelName)) {
      const level: PrivilegeLevel = Object.freeze({
        name: levelName,
        pattern: session.pattern,
        previousPriv: session.previousPriv,
        escalate: session.escalate.replaceAll("{name}", name),
        deescalate: session.deescalate,
        escalateAuth: false,
        escalatePrompt: undefined,
        notContains: session.notContains,
      });
      // Only one session at a time: a new name replaces the previous session level.
      this.#levels = [level, ...this.#levels.filter((l) => !l.name.startsWith("session:"))];
      this.#setHostnames(this.#hostnames);
    }
    return levelName;
  }

  #noteHostnameChange(line: string): void {
    const m = this.definition.hostnameChange?.exec(line.trim());
    const next = m?.[1];
    if (next !== undefined && !this.#hostnames.includes(next)) this.#setHostnames([...this.#hostnames, next]);
  }

  #setHostnames(hostnames: string[]): void {
    this.#hostnames = hostnames;
    this.#anchored = this.#levels.map((l) =>
      hostnames.length === 0 ? l : Object.freeze({ ...l, pattern: anchorHostname(l.pattern, hostnames) }),
    );
    if (this.isAlive) this.channel.promptPattern = unionPattern(this.#anchored);
  }

  #ctx(): { deviceId?: string; host: string; platform: string } {
    return { deviceId: this.device?.id, host: this.host, platform: this.platform };
  }

  #label(): string {
    return deviceLabel(this.#ctx());
  }
}
