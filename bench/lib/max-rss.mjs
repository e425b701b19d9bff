// Loaded with `node --import` into a measured child: prints its peak RSS and CPU time on exit, on stderr,
// as `PATCHBAY_MAX_RSS_KB=<n>` (process.resourceUsage().maxRSS is in kilobytes) and
// `PATCHBAY_CPU_MS=<n>` (user + system).
import { writeSync } from "node:fs";

process.on("exit", () => {
  const u = process.resourceUsage();
  const cpuMs = Math.round((u.userCPUTime + u.systemCPUTime) / 1000);
  writeSync(2, `\nPATCHBAY_MAX_RSS_KB=${u.maxRSS}\nPATCHBAY_CPU_MS=${cpuMs}\n`);
});
