// @patchbay/cli is a command (`patchbay`); these are its building blocks, for embedding and tests.
export { EXIT } from "./commands/common.ts";
export { CLI_ROOT, connectHost, ensurePlatform, loadFleet, parseFleet } from "./fleet.ts";
export { createOutput, describeError, type Output, type OutputOptions } from "./output.ts";
export { forEachHost, type HostOp, type HostResult, type HostStatus, type RunOptions, SkipHost } from "./runner.ts";
export { fleetYaml, SIM_PASSWORD, SIM_USER, startSimFleet } from "./sim-fleet.ts";
