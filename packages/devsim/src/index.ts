// The public API of @patchbay/devsim. Every export is listed by name.
export { defaultHostname, type SimDevice, startDevice } from "./device.ts";
export {
  type SimFleet,
  type SimFleetOptions,
  type SimInventory,
  type SimInventoryEntry,
  startFleet,
} from "./fleet.ts";
export { generatedOutput } from "./generated.ts";
export { generateEd25519HostKey } from "./host-key.ts";
export { createSelfSignedCertificate, defaultCertificate, type SimCertificate } from "./http/certificate.ts";
export type { SimHttpEndpoint } from "./http/server.ts";
export { MAX_ROUTES as NETCONF_MAX_ROUTES, ROUTE_BYTES as NETCONF_ROUTE_BYTES } from "./netconf/routes.ts";
export {
  type ConfigNode,
  DeviceState,
  type InterfaceView,
  parseConfig,
  renderConfig,
  type StateChange,
} from "./state.ts";
export {
  type GarbageKind,
  SIM_PLATFORMS,
  type SimDeviceOptions,
  type SimFaults,
  type SimHttpOptions,
  type SimKnobs,
  type SimNetconf,
  type SimNetconfOptions,
  type SimPlatform,
} from "./types.ts";
