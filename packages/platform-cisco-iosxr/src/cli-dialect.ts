import type { ConfigDialect } from "@patchbay/driver/ssh";

/** Lines that would end, commit or abort the configuration session if they were staged. */
const SESSION_WORDS = /^\s*(commit|abort|end|exit|rollback|do|clear|load|replace)\b/i;

/**
 * IOS-XR edits a target configuration that only `commit` applies, all or nothing: the change and
 * its commit go in one configuration-mode visit, `show configuration merge` previews it, `abort`
 * drops it. A replace removes what the new text lacks in the same target (computed against the
 * running configuration, so the commit stays one step and needs no `commit replace` prompt).
 * `commit confirmed N` arms a rollback that a later `commit` confirms; `rollback configuration last
 * N` undoes commits.
 */
export const iosxrDialect: ConfigDialect = {
  entry: "candidate",
  split: (config) =>
    config
      .replace(/\r\n?/g, "\n")
      .split("\n")
      .filter((l) => l.trim() !== "" && l.trim() !== "!" && l.trim() !== "end"),
  checkLine: (line) =>
    SESSION_WORDS.test(line)
      ? "is not a configuration line (it would end, commit or abort the session)"
      : undefined,
  showCandidate: "show configuration merge",
  abort: ["abort"],
  commit: (spec) => [
    [
      "commit",
      ...(spec.confirmSeconds !== undefined ? [`confirmed ${spec.confirmSeconds}`] : []),
      ...(spec.message !== undefined ? [`comment ${spec.message}`] : []),
    ].join(" "),
  ],
  replace: { how: "diff", keep: /^(end|!.*)$/ },
  confirm: {
    minSeconds: 30,
    maxSeconds: 65_535,
    async confirm(cli) {
      await cli.config(["commit"]);
    },
  },
  rollback: {
    maxSteps: 100,
    async rollback(steps, cli) {
      await cli.exec([`rollback configuration last ${steps}`]);
    },
  },
};
