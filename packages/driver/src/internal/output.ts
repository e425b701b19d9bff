import type { ChannelOutput, EchoMode } from "../channel-options.ts";

// The raw bytes are joined only when someone reads them (a 100 MB copy is not free).
export function channelOutput(text: string, chunks: Buffer[] | undefined, prompt: string): ChannelOutput {
  let raw: Buffer | undefined;
  return {
    text,
    prompt,
    get raw(): Buffer | undefined {
      if (chunks === undefined) return undefined;
      raw ??= chunks.length === 1 ? (chunks[0] as Buffer) : Buffer.concat(chunks);
      return raw;
    },
  };
}

// Removes the echoed input (eager mode), the newline after it and blank lines before the prompt.
export function tidy(text: string, mode: EchoMode, input: string): string {
  let out = text;
  if (mode === "eager" && input !== "") {
    // Looked for near the start only: a scan of a large output for an echo it lacks costs its length.
    const idx = out.slice(0, 256 + input.length).indexOf(input);
    if (idx !== -1 && idx <= 256) out = out.slice(idx + input.length);
  }
  if (out.startsWith("\n")) out = out.slice(1);
  let end = out.length;
  while (end > 0 && out.charCodeAt(end - 1) === 10) end--;
  return end === out.length ? out : out.slice(0, end);
}
