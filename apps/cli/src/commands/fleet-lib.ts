// The runtime of the fleet commands, loaded when one runs (not to register them for --help).
export { FileTransfer } from "@patchbay/capabilities";
export { colorDiff, diffStats, oneLine, withDevice } from "../tasks.ts";
export { failureDetails, runAcrossFleet } from "./common.ts";
export { hostTask } from "./host-tasks.ts";
