// @patchbay/cli is a command (`patchbay`); these are its building blocks, for embedding and tests.
export { EXIT } from "./commands/common.ts";
export { CLI_ROOT, connectHost, ensurePlatform, loadFleet, parseFleet } from "./fleet.ts";
export { createOutput, describeError, type Output, type OutputOptions } from "./output.ts";
export {
  forEachHost,
  type HostOp,
  type HostResult,
  type HostStatus,
  type RunOptions,
  SkipHost,
} from "./runner.ts";
export {
  fleetYaml,
  publicKeyOf,
  SIM_PASSWORD,
  SIM_USER,
  simHostKey,
  simKnownHosts,
  startSimFleet,
  writeSimKnownHosts,
} from "./sim-fleet.ts";
