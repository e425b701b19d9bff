import type { ReplaceDialect } from "./config-dialect.ts";

/**
 * The lines that turn `running` into `target` when sent as a merge, as `frr-reload` computes them:
 * a removal for every block and setting `target` lacks (inside their block for settings), then what
 * the target adds (new blocks, new settings under their block); lines present in both are not sent,
 * so replacing a large configuration costs what changes. Lines matching `keep` are never removed.
 * For flat `set` configurations (Junos), each running line the target lacks is negated. Blocks are
 * two levels deep (a section and its settings); deeper settings travel with their parent setting.
 */
export function replaceLines(
  running: string,
  target: readonly string[],
  dialect: Pick<ReplaceDialect, "negate" | "keep" | "flat">,
): string[] {
  const negate = dialect.negate ?? negateLine;
  const keep = (line: string): boolean => dialect.keep?.test(line.trim()) ?? false;
  const now = blocks(running.replace(/\r\n?/g, "\n").split("\n"));
  const wanted = blocks(target);
  const out: string[] = [];
  if (dialect.flat) {
    const lines = new Set(wanted.map((b) => b.line));
    const present = new Set(now.map((b) => b.line));
    for (const b of now) if (!lines.has(b.line) && !keep(b.line)) out.push(negate(b.line));
    return [...out, ...wanted.filter((b) => !present.has(b.line)).map((b) => b.line)];
  }
  const byLine = new Map(wanted.map((b) => [b.line, b] as const));
  for (const block of now) {
    if (keep(block.line)) continue;
    const next = byLine.get(block.line);
    if (next === undefined) {
      out.push(negate(block.line));
      continue;
    }
    const settings = new Set(next.children.map((c) => c.trim()));
    const gone = block.children.filter((c) => !settings.has(c.trim()) && !keep(c));
    if (gone.length > 0) out.push(block.line, ...gone.map((c) => ` ${negate(c.trim())}`), "exit");
  }
  // Then what the target adds: new blocks whole, new settings under their block; present lines are not sent.
  const current = new Map(now.map((b) => [b.line, b] as const));
  for (const block of wanted) {
    const old = current.get(block.line);
    if (old === undefined) {
      out.push(block.line, ...block.children);
      if (block.children.length > 0) out.push("exit");
      continue;
    }
    const settings = new Set(old.children.map((c) => c.trim()));
    const added = block.children.filter((c) => !settings.has(c.trim()));
    if (added.length > 0) out.push(block.line, ...added, "exit");
  }
  return out;
}

/** The Cisco-style removal of a line: `no X` for `X`, and `X` for `no X`. */
export function negateLine(line: string): string {
  const trimmed = line.trim();
  return trimmed.startsWith("no ") ? trimmed.slice(3).trim() : `no ${trimmed}`;
}

interface Block {
  line: string;
  children: string[];
}

function blocks(lines: readonly string[]): Block[] {
  const out: Block[] = [];
  for (const raw of lines) {
    const line = raw.replace(/\s+$/, "");
    const trimmed = line.trim();
    if (trimmed === "" || trimmed === "!") continue;
    const last = out[out.length - 1];
    if (/^\s/.test(line) && last !== undefined) last.children.push(line);
    else out.push({ line: trimmed, children: [] });
  }
  return out;
}
