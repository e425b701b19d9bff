// Loaded with `node --import` into a measured child: prints its peak RSS on exit, on stderr, as
// `PATCHBAY_MAX_RSS_KB=<n>` (process.resourceUsage().maxRSS is in kilobytes).
import { writeSync } from "node:fs";

process.on("exit", () => {
  writeSync(2, `\nPATCHBAY_MAX_RSS_KB=${process.resourceUsage().maxRSS}\n`);
});
