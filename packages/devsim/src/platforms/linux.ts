import { linuxData } from "../data/linux.ts";
import { generatedOutput } from "../generated.ts";
import type { CommandResult, Engine, EngineContext } from "../internal/engine.ts";
import { eraseWithBackspaces } from "../internal/engine.ts";
import { fill } from "../internal/text.ts";

/** A small bash look-alike: enough for drivers (prompts, echo, exit codes, sudo). */
export class LinuxEngine implements Engine {
  readonly ctx: EngineContext;
  paging = false;
  readonly pager: { text: string; erase: string } = {
    text: "--More--",
    erase: eraseWithBackspaces("--More--"),
  };
  root = false;
  cwd: string;
  lastStatus = 0;
  /** Shells entered with `sudo -s` / `bash`: `exit` leaves one level before ending the session. */
  depth = 0;

  constructor(ctx: EngineContext) {
    this.ctx = ctx;
    this.cwd = `/home/${ctx.credentials.username}`;
  }

  get user(): string {
    return this.root ? "root" : this.ctx.credentials.username;
  }

  get home(): string {
    return this.root ? "/root" : `/home/${this.ctx.credentials.username}`;
  }

  prompt(): string {
    const dir = this.cwd === this.home ? "~" : this.cwd;
    return `${this.user}@${this.ctx.state.hostname}:${dir}${this.root ? "#" : "$"} `;
  }

  control(): string {
    this.lastStatus = 130;
    return "^C\n";
  }

  execute(line: string): CommandResult {
    // What SSH exec clients send (pyinfra, Patchbay's Shell): `sh -c '<script>'`, the script
    // single-quoted with ' written as '\''. Unwrapped before the && / ; split, which knows no quotes.
    const wrapped = /^\s*(?:\/bin\/)?(?:ba)?sh\s+-c\s+'((?:[^']|'\\'')*)'\s*$/s.exec(line)?.[1];
    if (wrapped !== undefined) return this.execute(wrapped.replaceAll("'\\''", "'"));
    const parts = splitList(line);
    if (parts.length <= 1) return this.#record(this.#run(line.trim()));
    let output = "";
    let result: CommandResult = {};
    for (const part of parts) {
      result = this.#record(this.#run(part));
      if (typeof result.output === "string") output += result.output;
      if (result.endSession || result.input) return { ...result, output };
    }
    return { ...result, output };
  }

  #record(result: CommandResult): CommandResult {
    if (result.input === undefined) this.lastStatus = result.exitCode ?? 0;
    return result;
  }

  #run(line: string): CommandResult {
    if (line === "") return { exitCode: this.lastStatus };
    const words = line.split(/\s+/);
    const cmd = words[0]!;
    const rest = line.slice(cmd.length).trim();
    const vars = { hostname: this.ctx.state.hostname, username: this.user };
    switch (cmd) {
      case "echo":
        return { output: `${this.#expand(rest.replace(/^(['"])(.*)\1$/, "$2"))}\n` };
      case "pwd":
        return { output: `${this.cwd}\n` };
      case "whoami":
        return { output: `${this.user}\n` };
      case "hostname":
        if (rest !== "") {
          if (!this.root)
            return { output: "hostname: you must be root to change the host name\n", exitCode: 1 };
          this.ctx.state.setHostname(rest);
          return {};
        }
        return { output: `${this.ctx.state.hostname}\n` };
      case "true":
        return {};
      case "false":
        return { exitCode: 1 };
      case "cd": {
        const target =
          rest === "" || rest === "~" ? this.home : rest.startsWith("/") ? rest : `${this.cwd}/${rest}`;
        const known = ["/", "/tmp", "/etc", "/var", "/root", "/home", this.home];
        const normalized = target.replace(/\/+$/, "") || "/";
        if (!known.includes(normalized))
          return { output: `bash: cd: ${rest}: No such file or directory\n`, exitCode: 1 };
        if (normalized === "/root" && !this.root)
          return { output: `bash: cd: ${rest}: Permission denied\n`, exitCode: 1 };
        this.cwd = normalized;
        return {};
      }
      case "exit":
      case "logout":
        if (this.depth > 0) {
          this.depth--;
          this.root = false;
          this.cwd = this.home;
          return { output: cmd === "logout" ? "" : "exit\n" };
        }
        return { endSession: true, exitCode: Number(words[1] ?? 0) || 0 };
      case "sudo":
        return this.#sudo(words.slice(1));
      case "show":
        if (words[1] === "generated" && /^\d+$/.test(words[2] ?? "")) {
          const bytes = Number(words[2]);
          return { output: (crlf: boolean) => generatedOutput(bytes, crlf) };
        }
        break;
      case "cat": {
        const text = linuxData.commands[`cat ${rest}`];
        if (text !== undefined) return { output: fill(text, vars) };
        if (rest === "") return {};
        return { output: `cat: ${rest}: No such file or directory\n`, exitCode: 1 };
      }
    }
    const canned = linuxData.commands[line.replace(/\s+/g, " ")];
    if (canned !== undefined) return { output: fill(canned, vars) };
    if (["uname", "ls", "ip", "df", "free", "date", "uptime", "id"].includes(cmd)) {
      return {
        output: `${cmd}: invalid option -- '${rest.replace(/^-+/, "").slice(0, 1)}'\nTry '${cmd} --help' for more information.\n`,
        exitCode: 2,
      };
    }
    return { output: `bash: ${cmd}: command not found\n`, exitCode: 127 };
  }

  #expand(text: string): string {
    return text
      .replace(/\$\?/g, String(this.lastStatus))
      .replace(/\$(HOSTNAME|\{HOSTNAME\})/g, this.ctx.state.hostname)
      .replace(/\$(USER|\{USER\})/g, this.user)
      .replace(/\$(HOME|\{HOME\})/g, this.home)
      .replace(/\$(PWD|\{PWD\})/g, this.cwd);
  }

  #sudo(args: string[]): CommandResult {
    if (this.root) return this.#sudoRun(args);
    if (!this.ctx.interactive) {
      return { output: "sudo: a terminal is required to read the password\n", exitCode: 1 };
    }
    let tries = 0;
    const ask = (): CommandResult => ({
      input: {
        prompt: `[sudo] password for ${this.ctx.credentials.username}: `,
        echo: false,
        handle: (pw) => {
          if (pw === this.ctx.credentials.password) return this.#record(this.#sudoRun(args));
          tries++;
          if (tries >= 3)
            return this.#record({
              output: "Sorry, try again.\nsudo: 3 incorrect password attempts\n",
              exitCode: 1,
            });
          const again = ask();
          return { output: "Sorry, try again.\n", input: again.input! };
        },
      },
    });
    return ask();
  }

  #sudoRun(args: string[]): CommandResult {
    if (args[0] === "-s" || args[0] === "-i" || args[0] === "su" || args.length === 0) {
      if (args.length === 0) return { output: "usage: sudo -h | -K | -k | -V\n", exitCode: 1 };
      this.root = true;
      this.depth++;
      if (args[0] === "-i") this.cwd = "/root";
      return {};
    }
    const wasRoot = this.root;
    this.root = true;
    const result = this.#run(args.join(" "));
    this.root = wasRoot;
    return result;
  }
}

/** Splits `a; b && c` into commands (`&&`/`||` run unconditionally; good enough for drivers). */
function splitList(line: string): string[] {
  return line
    .split(/;|&&|\|\|/)
    .map((s) => s.trim())
    .filter((s) => s !== "");
}
