// @patchbay/core/testing: hooks for tests, not runtime API. They reset or swap process-wide state
// (the plugin registry, the discovery cache and root) that applications must never touch.
export { resetDiscovery, setDiscoveryRoot } from "./discovery.ts";
export { clearRegistry, type RegistrySnapshot, restoreRegistry, snapshotRegistry } from "./registry.ts";
