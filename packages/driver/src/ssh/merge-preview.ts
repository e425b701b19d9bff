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
  const terminator = blockTerminator(blocks);
  // Settings are indented as the device indents them (one space on IOS, two on NX-OS).
  const indent = /^\s+/.exec(blocks.find((b) => b.children.length > 0)?.children[0] ?? "")?.[0] ?? " ";
  const created = new Set<Block>();
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
        if (at !== -1) {
          // The block goes with the lines that end it (`exit`, `!`).
          let end = at + 1;
          if ((blocks[at]?.children.length ?? 0) > 0) {
            while (end < blocks.length && /^(!|exit)$/.test(blocks[end]?.line ?? "")) end++;
          }
          blocks.splice(at, end - at);
        }
        parent = undefined;
        continue;
      }
      parent = blocks.find((b) => b.line === line);
      if (parent === undefined) {
        parent = { line, children: [] };
        created.add(parent);
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
    if (parent.children.some((c) => c.trim() === setting)) continue;
    // A setting that holds one value (a description, an MTU) replaces the one there, as the device does.
    const key = singleValuedKey(setting);
    const same = key === undefined ? -1 : parent.children.findIndex((c) => singleValuedKey(c.trim()) === key);
    if (same !== -1) parent.children[same] = `${indent}${setting}`;
    else parent.children.push(`${indent}${setting}`);
  }
  // A new block with settings ends the way the device ends its blocks (`!`, or `exit` then `!` on FRR).
  const text = blocks.flatMap((b) => [
    b.line,
    ...b.children,
    ...(created.has(b) && b.children.length > 0 ? terminator : []),
  ]);
  return `${text.join("\n")}\n`;
}

/** The top-level lines (`exit`, `!`) that follow the first block with settings in the running text. */
function blockTerminator(blocks: readonly Block[]): string[] {
  const at = blocks.findIndex((b) => b.children.length > 0);
  if (at === -1) return [];
  const out: string[] = [];
  for (const b of blocks.slice(at + 1)) {
    if (!/^(!|exit)$/.test(b.line) || b.children.length > 0) break;
    out.push(b.line);
  }
  return out;
}

const SINGLE_VALUED =
  /^(description|mtu|speed|duplex|bandwidth|encapsulation|vrf forwarding|ip address(?!.*\bsecondary\b)|ipv4 address|ipv6 address|switchport mode|switchport access vlan)\b/;

/** The part of a setting that identifies it when it holds one value; undefined for list settings. */
function singleValuedKey(setting: string): string | undefined {
  return SINGLE_VALUED.exec(setting)?.[1];
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
