/// <reference types="node" preserve="true" />
// Node types are part of the public API (Buffer, streams, AbortSignal, NodeJS.ProcessEnv): the
// emitted index.d.ts references them, so a strict NodeNext project needs no `"types": ["node"]`.
// The public API of @patchbay/capabilities. Every export is listed by name.

export {
  type ParseCommandContext,
  parseCommandResults,
  TEXTFSM_PLATFORMS,
  templateDirs,
} from "./command-parse.ts";
export { type CommandOutcome, commandResult, firstLines } from "./command-result.ts";
export { type CommandResult, Commands, type RunCommandsOptions } from "./commands.ts";
export {
  type CommitConfigOptions,
  type CommitResult,
  type ConfigFormat,
  ConfigRead,
  type ConfigSnapshot,
  type ConfigSource,
  ConfigWrite,
  type GetConfigOptions,
  type LoadConfigOptions,
  type RollbackOptions,
} from "./config.ts";
export { DeviceInfo, type Facts } from "./device-info.ts";
export { unifiedDiff } from "./diff.ts";
export {
  type GetterErrorOptions,
  GetterOutputError,
  InvalidGetterArgumentError,
  InvalidShellOptionError,
  type InvalidShellOptionErrorOptions,
} from "./errors.ts";
export {
  FileTransfer,
  type PutFileOptions,
  type RsyncOptions,
  type TransferOptions,
  type TransferProgress,
  type TransferResult,
} from "./file-transfer.ts";
export { Arp, type ArpEntry, arpTableSchema } from "./getters/arp.ts";
export {
  Bgp,
  type BgpPeer,
  type BgpPrefixCounts,
  type BgpState,
  type BgpVrf,
  bgpNeighborsSchema,
  normalizeBgpState,
} from "./getters/bgp.ts";
export { findGetter, GETTERS, type GetterDescriptor } from "./getters/catalog.ts";
export { countOrNull, type GetterOptions, macAddressSchema, normalizeMac } from "./getters/common.ts";
export {
  type InterfaceAddress,
  type InterfaceIp,
  type InterfaceState,
  Interfaces,
  interfacesIpSchema,
  interfacesSchema,
} from "./getters/interfaces.ts";
export { type MacEntry, MacTable, macTableSchema } from "./getters/mac-table.ts";
export { type LldpNeighbor, lldpNeighborsSchema, Neighbors } from "./getters/neighbors.ts";
export {
  type GetRouteToOptions,
  type NextHop,
  type ParsedPrefix,
  parsePrefix,
  type Route,
  Routes,
  routesSchema,
} from "./getters/routes.ts";
export { type Vlan, Vlans, vlansSchema } from "./getters/vlans.ts";
export { createLocalRunner, type LocalRunnerOptions } from "./local-runner.ts";
export {
  type ProcessExit,
  type ProcessIo,
  type ProcessRunner,
  type RunShellContext,
  runShellCommand,
  toLines,
} from "./run-shell.ts";
export { Shell, type ShellCommandOptions, type ShellCommandResult } from "./shell.ts";
export {
  type BuiltShellCommand,
  buildShellCommand,
  quoteShellArg,
  quoteShellCommand,
} from "./shell-command.ts";
export { parseUptime } from "./uptime.ts";
