// @patchbay/core/tooling: what documentation tooling needs (support matrices and the `patchbay.plugins`
// manifest written into package.json), kept out of the runtime API.
export {
  pluginManifest,
  readPluginManifest,
  renderSupportMatrix,
  replaceSupportMatrix,
  supportsMethod,
} from "./support-matrix.ts";
