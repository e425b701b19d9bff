/**
 * What a running configuration would look like after merging `lines` into it, for Cisco-style
 * configurations (a top-level line, then its settings indented under it). Used to show a diff before
 * a CLI merge on platforms without a candidate datastore.
 *
 * New settings go at the end of their parent's block; new top-level blocks at the end of the
 * configuration (before a final `end`). Lines already present are not repeated. `no ...` lines remove
 * the line they negate when it is present. It is a preview: the device has the last word, and the
 * commit returns the real before/after diff.
 */
export function previewMerge(running: string, lines: readonly string[]): string {
  const blocks = parseBlocks(running.replace(/\r\n?/g, "\n"));
  let parent: Block | undefined;
  for (const raw of lines) {
    const line = raw.replace(/\s+$/, "");
    if (line.trim() === "" || line.trim() === "!" || line.trim() === "end" || line.trim() === "exit")
      continue;
    const indented = /^\s/.test(line);
    if (!indented) {
      const negated = /^no\s+(.*)$/.exec(line)?.[1];
      if (negated !== undefined) {
        const at = blocks.findIndex((b) => b.line === negated || b.line.startsWith(`${negated} `));
        if (at !== -1) blocks.splice(at, 1);
        parent = undefined;
        continue;
      }
      parent = blocks.find((b) => b.line === line);
      if (parent === undefined) {
        parent = { line, children: [] };
        const end = blocks.findIndex((b) => b.line === "end");
        if (end === -1) blocks.push(parent);
        else blocks.splice(end, 0, parent);
      }
      continue;
    }
    if (parent === undefined) continue;
    const setting = line.trim();
    const negated = /^no\s+(.*)$/.exec(setting)?.[1];
    if (negated !== undefined) {
      const at = parent.children.findIndex((c) => c.trim() === negated || c.trim().startsWith(`${negated} `));
      if (at !== -1) {
        parent.children.splice(at, 1);
        continue;
      }
    }
    if (!parent.children.some((c) => c.trim() === setting)) parent.children.push(` ${setting}`);
  }
  return `${blocks.flatMap((b) => [b.line, ...b.children]).join("\n")}\n`;
}

interface Block {
  line: string;
  children: string[];
}

function parseBlocks(text: string): Block[] {
  const blocks: Block[] = [];
  for (const line of text.split("\n")) {
    if (line === "") continue;
    const last = blocks[blocks.length - 1];
    if (/^\s/.test(line) && last !== undefined) last.children.push(line);
    else blocks.push({ line, children: [] });
  }
  return blocks;
}
