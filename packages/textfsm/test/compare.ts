// Compares @patchbay/textfsm with Python TextFSM on one case; shrinks a differing case to a small
// reproduction by deleting template and input lines while the difference stays.
import { isDeepStrictEqual } from "node:util";
import { compileTemplate, TemplateParseError, TemplateSyntaxError } from "../src/index.ts";
import { type OracleParseResult, oracleParse } from "./oracle.ts";

export type Outcome =
  | { kind: "same" }
  | { kind: "refused"; reason: string }
  | { kind: "python-crash"; python: string; ours: string }
  | { kind: "diff"; detail: string };

type Ours =
  | { ok: true; header: string[]; rows: unknown[] }
  | { ok: false; error: "template"; unsupported: boolean; message: string }
  | { ok: false; error: "parse"; message: string }
  | { ok: false; error: "other"; message: string };

export function runOurs(template: string, text: string): Ours {
  let t: ReturnType<typeof compileTemplate>;
  try {
    t = compileTemplate(template);
  } catch (error) {
    if (error instanceof TemplateSyntaxError)
      return { ok: false, error: "template", unsupported: error.unsupported, message: error.message };
    return { ok: false, error: "other", message: String(error) };
  }
  try {
    return { ok: true, header: t.header, rows: t.parse(text) };
  } catch (error) {
    if (error instanceof TemplateParseError) return { ok: false, error: "parse", message: error.message };
    return { ok: false, error: "other", message: String(error) };
  }
}

export function compare(template: string, text: string, py: OracleParseResult): Outcome {
  const ours = runOurs(template, text);
  if (!ours.ok && ours.error === "other") return { kind: "diff", detail: `ours threw ${ours.message}` };
  if (!py.ok && py.error === "crash")
    return { kind: "python-crash", python: py.message, ours: ours.ok ? "rows" : ours.message };
  if (!ours.ok && ours.error === "template" && ours.unsupported) {
    if (py.ok || py.error !== "template") return { kind: "refused", reason: ours.message };
    return { kind: "same" };
  }
  if (py.ok && ours.ok) {
    if (isDeepStrictEqual(py.header, ours.header) && isDeepStrictEqual(py.rows, ours.rows))
      return { kind: "same" };
    return {
      kind: "diff",
      detail: `rows differ\npython: ${JSON.stringify(py.rows)}\nours:   ${JSON.stringify(ours.rows)}`,
    };
  }
  if (!py.ok && !ours.ok && py.error === ours.error) return { kind: "same" };
  return {
    kind: "diff",
    detail: `python: ${py.ok ? "rows" : `${py.error}: ${py.message}`}\nours:   ${ours.ok ? JSON.stringify(ours.rows) : `${ours.error}: ${ours.message}`}`,
  };
}

/** Deletes lines of the template and of the text while the case still differs. */
export function shrink(template: string, text: string): { template: string; text: string; detail: string } {
  let cur = { template, text };
  let detail = "";
  for (let round = 0; round < 20; round++) {
    const cands: Array<{ template: string; text: string }> = [];
    const tl = cur.template.split("\n");
    for (let i = 0; i < tl.length; i++)
      cands.push({ template: [...tl.slice(0, i), ...tl.slice(i + 1)].join("\n"), text: cur.text });
    const xl = cur.text.split("\n");
    for (let i = 0; i < xl.length; i++)
      cands.push({ template: cur.template, text: [...xl.slice(0, i), ...xl.slice(i + 1)].join("\n") });
    const results = oracleParse(cands);
    const idx = cands.findIndex(
      (c, i) => compare(c.template, c.text, results[i] as OracleParseResult).kind === "diff",
    );
    if (idx < 0) break;
    cur = cands[idx] as { template: string; text: string };
  }
  const [py] = oracleParse([cur]);
  const out = compare(cur.template, cur.text, py as OracleParseResult);
  detail = out.kind === "diff" ? out.detail : out.kind;
  return { ...cur, detail };
}
