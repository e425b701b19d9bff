// The public API of @patchbay/ssh. Every export is listed by name; this is the reviewed surface.
export { SshConnection, type SshConnectionInit } from "./connection.ts";
export type { ExecOptions, ExecResult } from "./exec.ts";
export {
  appendKnownHost,
  checkHostKey,
  entryMatchesHost,
  fingerprint,
  formatKnownHostLine,
  type KnownHostEntry,
  type KnownHostStatus,
  keyTypeOf,
  knownHostName,
  parseKnownHosts,
  readKnownHosts,
} from "./known-hosts.ts";
export type {
  AlgorithmOverride,
  DataSource,
  HostKeyPolicy,
  ResolvedSshOptions,
  SshAlgorithms,
  SshAuthMethod,
  SshJumpHost,
  SshOptions,
} from "./options.ts";
export { checkSshDevice, SshPlugin, validateSshDevice } from "./plugin.ts";
export { resolveSshOptions, sshConnectorSettings } from "./settings.ts";
export type {
  GetFileOptions,
  ProgressListener,
  PutFileOptions,
  TransferResult,
  UploadSource,
} from "./sftp.ts";
export { type OpenShellOptions, SshShell } from "./shell.ts";
export { type OpenSubsystemOptions, SshSubsystem } from "./subsystem.ts";
