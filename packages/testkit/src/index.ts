// The public API of @patchbay/testkit. Every export is listed by name.
export {
  type ConformanceOptions,
  type ConformanceTarget,
  describeConformance,
  type InvalidDeviceCase,
} from "./conformance.ts";
export { describeFaultMatrix, FAULTS, type FaultMatrixOptions, type FaultName } from "./fault-matrix.ts";
export type { SimEndpoint } from "./internal/sim-host.ts";
export {
  type ChangeSource,
  changedLines,
  countChanges,
  describeConfigTransaction,
  nextChange,
  type PreviewAndCommit,
  previewThenCommit,
  type TransactionTarget,
} from "./platform-helpers.ts";
