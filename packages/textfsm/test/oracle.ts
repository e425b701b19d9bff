// Runs test/oracle.py (Python TextFSM) on a batch of cases in one python3 process.
import { spawnSync } from "node:child_process";
import { existsSync } from "node:fs";
import { fileURLToPath } from "node:url";

const script = fileURLToPath(new URL("./oracle.py", import.meta.url));
// Debian's interpreter, where python3-textfsm is installed (a pyenv python3 may come first on PATH).
export const PYTHON: string = existsSync("/usr/bin/python3") ? "/usr/bin/python3" : "python3";

export type OracleParseResult =
  | { ok: true; header: string[]; rows: unknown[][] }
  | { ok: false; error: "template" | "parse" | "crash"; message: string };

export type OracleIndexResult =
  | { ok: true; rows?: Record<string, unknown>[]; templates?: string[] | null }
  | { ok: false; error: "notfound" | "crash"; message: string };

export type OracleCase =
  | { kind: "parse"; template: string; text: string }
  | { kind: "regex"; pattern: string; subject: string }
  | { kind: "index"; dir: string; attributes: Record<string, string>; output?: string; find?: boolean };

export function runOracle(cases: OracleCase[]): unknown[] {
  const res = spawnSync(PYTHON, [script], {
    input: JSON.stringify(cases),
    encoding: "utf8",
    maxBuffer: 512 * 1024 * 1024,
    timeout: 120_000,
  });
  if (res.status !== 0) throw new Error(`python3 oracle failed (${res.status}): ${res.stderr || res.error}`);
  return JSON.parse(res.stdout) as unknown[];
}

export function oracleParse(cases: Array<{ template: string; text: string }>): OracleParseResult[] {
  return runOracle(cases.map((c) => ({ kind: "parse" as const, ...c }))) as OracleParseResult[];
}

/** True when python3 can import textfsm (test/peers/setup.sh installs python3-textfsm). */
export function oracleAvailable(): boolean {
  const res = spawnSync(PYTHON, ["-c", "import textfsm"], { encoding: "utf8" });
  return res.status === 0;
}
