import type { ConfigDialect } from "@patchbay/driver/ssh";

/** Configuration statements `loadConfig` accepts; anything else (commit, run, exit...) is refused. */
const STATEMENT = /^\s*(set|delete|activate|deactivate|insert|rename|annotate|protect|unprotect)\s+\S/;

/**
 * Junos has a candidate: the `set`/`delete` lines and their commit go in one configuration-mode
 * visit (`rollback 0` drops them after a preview read with `show`), so the session never sits in
 * configuration mode between calls. A replace deletes the running statements the new lines lack.
 * `commit confirmed N` counts minutes; a plain `commit` confirms it. `rollback N` then `commit`
 * returns N commits back.
 */
export const junosDialect: ConfigDialect = {
  entry: "candidate",
  format: "set",
  split: (config) =>
    config
      .replace(/\r\n?/g, "\n")
      .split("\n")
      .map((l) => l.trim())
      .filter((l) => l !== "" && !l.startsWith("#")),
  checkLine: (line) =>
    STATEMENT.test(line) ? undefined : "is not a configuration statement (set, delete, activate...)",
  showCandidate: "show",
  abort: ["rollback 0"],
  commit: (spec) => [
    [
      "commit",
      ...(spec.confirmSeconds !== undefined ? [`confirmed ${spec.confirmSeconds / 60}`] : []),
      ...(spec.message !== undefined ? [`comment "${spec.message}"`] : []),
    ].join(" "),
  ],
  committed: /commit complete/,
  replace: {
    how: "diff",
    flat: true,
    runningFormat: "set",
    negate: (line) => line.trim().replace(/^set\s+/, "delete "),
    keep: /^(#|version\b|set version\b)/,
  },
  confirm: {
    unitSeconds: 60,
    maxSeconds: 65_535 * 60,
    async confirm(cli) {
      const [done = ""] = await cli.config(["commit"]);
      if (!/commit complete/.test(done))
        cli.fail(`"commit" did not report "commit complete": ${done.trim().slice(0, 200)}`, "commit");
    },
  },
  rollback: {
    maxSteps: 49,
    async rollback(steps, cli) {
      const outputs = await cli.config([`rollback ${steps}`, "commit"]);
      if (!/commit complete/.test(outputs[1] ?? "")) {
        cli.fail(
          `"rollback ${steps}" was not committed: ${(outputs[1] ?? "").trim().slice(0, 200)}`,
          "commit",
        );
      }
    },
  },
};
