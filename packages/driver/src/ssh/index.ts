// The public API of @patchbay/driver/ssh: the driver over SSH shells, as a plugin base class.
export { previewMerge } from "./merge-preview.ts";
export { type ConfigCommands, SshCliPlugin } from "./ssh-cli-plugin.ts";
