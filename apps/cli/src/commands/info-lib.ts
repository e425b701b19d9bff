// The runtime of the info commands, loaded when one runs (not to register them for --help).
export { explain, formatExplanation, listInstalledPlugins } from "@patchbay/core";
export { CLI_ROOT, ensurePlatform } from "../fleet.ts";
export { errorLines, renderTable } from "../output.ts";
export { selectHosts } from "./common.ts";
