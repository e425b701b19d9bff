// The public API of @patchbay/testkit. Every export is listed by name.
export {
  type ConformanceOptions,
  type ConformanceTarget,
  describeConformance,
  type InvalidDeviceCase,
} from "./conformance.ts";
