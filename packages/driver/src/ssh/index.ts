// The public API of @patchbay/driver/ssh: the driver over SSH shells, as a plugin base class.
export type {
  CliSteps,
  CommitSpec,
  ConfigDialect,
  ConfirmDialect,
  ReplaceDialect,
  RollbackDialect,
} from "./config-dialect.ts";
export { previewMerge } from "./merge-preview.ts";
export { negateLine, replaceLines } from "./replace-lines.ts";
export { type ConfigCommands, SshCliPlugin } from "./ssh-cli-plugin.ts";
export { splitLines, uniqueSessionName } from "./staging.ts";
