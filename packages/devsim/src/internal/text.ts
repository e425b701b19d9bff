/** Applies Cisco-style output filters: `| include`, `| exclude`, `| begin`, `| section`, `| count`. */
export function applyPipe(text: string, pipe: string | undefined): string | undefined {
  if (pipe === undefined) return text;
  const m = /^\s*(\S+)\s*(.*)$/.exec(pipe);
  if (!m) return undefined;
  const verb = m[1]!.toLowerCase();
  const pattern = m[2]!.trim();
  let re: RegExp;
  try {
    re = new RegExp(pattern);
  } catch {
    re = new RegExp(pattern.replace(/[.*+?^${}()|[\]\\]/g, "\\$&"));
  }
  const lines = text.replace(/\n$/, "").split("\n");
  const keep = (list: string[]): string => (list.length === 0 ? "" : `${list.join("\n")}\n`);
  if ("include".startsWith(verb) && verb.length >= 1) return keep(lines.filter((l) => re.test(l)));
  if ("exclude".startsWith(verb) && verb.length >= 1) return keep(lines.filter((l) => !re.test(l)));
  if ("begin".startsWith(verb) && verb.length >= 1) {
    const i = lines.findIndex((l) => re.test(l));
    return keep(i < 0 ? [] : lines.slice(i));
  }
  if ("section".startsWith(verb) && verb.length >= 1) {
    const out: string[] = [];
    let inSection = false;
    for (const l of lines) {
      const top = !/^\s/.test(l);
      if (top) inSection = re.test(l);
      if (inSection || (!top && re.test(l))) out.push(l);
    }
    return keep(out);
  }
  if ("count".startsWith(verb) && verb.length >= 2) {
    return `Number of lines which match regexp = ${lines.filter((l) => re.test(l)).length}\n`;
  }
  return undefined;
}

/** Splits `cmd | filter` at the first pipe. */
export function splitPipe(line: string): { command: string; pipe: string | undefined } {
  const i = line.indexOf("|");
  if (i < 0) return { command: line, pipe: undefined };
  return { command: line.slice(0, i).trimEnd(), pipe: line.slice(i + 1) };
}

/** Replaces `{hostname}`-style placeholders in data outputs. */
export function fill(template: string, values: Record<string, string>): string {
  return template.replace(/\{(\w+)\}/g, (whole, key: string) => values[key] ?? whole);
}

/** `Mon Nov 23 10:12:33 2025` as IOS prints dates. */
export function ciscoDate(date: Date): string {
  const days = ["Sun", "Mon", "Tue", "Wed", "Thu", "Fri", "Sat"];
  const months = ["Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec"];
  const pad = (n: number): string => String(n).padStart(2, "0");
  return `${days[date.getUTCDay()]} ${months[date.getUTCMonth()]} ${date.getUTCDate()} ${pad(date.getUTCHours())}:${pad(
    date.getUTCMinutes(),
  )}:${pad(date.getUTCSeconds())} ${date.getUTCFullYear()}`;
}
