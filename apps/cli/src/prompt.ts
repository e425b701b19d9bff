// Secret prompts (`--ask-pass`, `--ask-become-pass`): nothing typed is echoed.

/**
 * Asks for a secret on stderr and reads it without echo: raw mode on a terminal (backspace works,
 * Ctrl-C aborts with exit 130), else one line from stdin (for scripts: `echo "$PW" | patchbay ...`).
 */
export async function askSecret(
  prompt: string,
  input: NodeJS.ReadStream = process.stdin,
  output: NodeJS.WriteStream = process.stderr,
): Promise<string> {
  output.write(prompt);
  if (!input.isTTY) return readLine(input);
  return new Promise((resolve) => {
    let value = "";
    input.setRawMode(true);
    input.resume();
    const onData = (chunk: Buffer): void => {
      for (const ch of chunk.toString("utf8")) {
        if (ch === "\r" || ch === "\n") {
          input.off("data", onData);
          input.setRawMode(false);
          input.pause();
          output.write("\n");
          resolve(value);
          return;
        }
        if (ch === "\u0003") {
          input.setRawMode(false);
          output.write("\n");
          process.exit(130);
        }
        if (ch === "\u007f" || ch === "\b") value = value.slice(0, -1);
        else if (ch >= " ") value += ch;
      }
    };
    input.on("data", onData);
  });
}

/** Lines read from a non-terminal stdin but not used yet (`printf 'pw\nsudo\n' | patchbay -k -K`). */
let pending = "";
let ended = false;

/** One line from a stream that is not a terminal (later lines are kept for the next prompt). */
function readLine(input: NodeJS.ReadStream): Promise<string> {
  return new Promise((resolve) => {
    const take = (): boolean => {
      const at = pending.indexOf("\n");
      if (at === -1 && !ended) return false;
      const line = at === -1 ? pending : pending.slice(0, at);
      pending = at === -1 ? "" : pending.slice(at + 1);
      resolve(line.replace(/\r$/, ""));
      return true;
    };
    if (take()) return;
    const onData = (chunk: Buffer): void => {
      pending += chunk.toString("utf8");
      if (take()) stop();
    };
    const onEnd = (): void => {
      ended = true;
      take();
      stop();
    };
    const stop = (): void => {
      input.off("data", onData);
      input.off("end", onEnd);
      input.pause();
    };
    input.on("data", onData);
    input.on("end", onEnd);
    input.resume();
  });
}
