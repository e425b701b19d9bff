/// <reference types="node" preserve="true" />
// Node types are part of the public API (Buffer, streams, AbortSignal, NodeJS.ProcessEnv): the
// emitted index.d.ts references them, so a strict NodeNext project needs no `"types": ["node"]`.
// The public API of @patchbay/core. Every export is listed by name; this is the reviewed surface.
export {
  type Capability,
  type CapabilityInterface,
  defineCapability,
  getCapability,
  type Implements,
  implementsCapability,
} from "./capability.ts";
export {
  type ConnectOptions,
  connect,
  type DeviceProxy,
  explain,
  type ProxyLifecycle,
  type ProxyOverrides,
  withConnection,
} from "./connect.ts";
export { BaseConnection, type BaseConnectionOptions } from "./connection.ts";
export {
  type ConnectorDataResult,
  type ConnectorDataValue,
  type ConnectorSettings,
  defineConnectorSettings,
  mergeConnectorData,
  type SettingDescription,
  type SettingSpec,
  suggestKey,
} from "./connector-data.ts";
export { createDeadline, type Deadline, type DeadlineOptions, type OperationOptions } from "./deadline.ts";
export {
  createDevice,
  type Device,
  type DeviceInput,
  deviceSecrets,
  normalizePlatform,
  type PlatformRef,
} from "./device.ts";
export {
  type DiscoveryOptions,
  type DiscoveryResult,
  discoverPlatform,
  type InstalledPlugin,
  listInstalledPlugins,
  type PatchbayPackageField,
  PLUGIN_API_VERSION,
  platformPackageNames,
} from "./discovery.ts";
export {
  AmbiguousPluginError,
  type AmbiguousPluginErrorOptions,
  AuthenticationError,
  CommandError,
  ConnectionCreationError,
  ConnectionError,
  ConnectionValidationError,
  type ConnectionValidationErrorOptions,
  ConnectorDataError,
  type ConnectorDataErrorOptions,
  type ConnectorDataIssue,
  DisconnectedError,
  deviceLabel,
  type ErrorContext,
  HostKeyMismatchError,
  type HostKeyMismatchErrorOptions,
  type InvalidField,
  isPatchbayError,
  type NotImplementedContext,
  NotImplementedForThisPlatform,
  OperationAbortedError,
  PatchbayError,
  type PatchbayErrorOptions,
  type PluginCandidate,
  PluginLoadError,
  type PluginLoadErrorOptions,
  PluginNotFoundError,
  type PluginNotFoundErrorOptions,
  PluginRegistrationError,
  TimeoutError,
  type TimeoutErrorOptions,
  UnreachableError,
  UnsupportedOperationError,
} from "./errors.ts";
export {
  createMemoryLogger,
  createStreamLogger,
  isSecretKey,
  LOG_LEVELS,
  type LogEntry,
  type LogFn,
  type Logger,
  type LogLevel,
  type MemoryLogger,
  maskSecrets,
  REDACTED,
  redact,
  redactingLogger,
  type StreamLoggerOptions,
  silentLogger,
} from "./logger.ts";
export {
  ConnectionPlugin,
  definePlugin,
  type InitializeOptions,
  type PluginContext,
  type PluginDefinition,
  type PluginDefinitionInput,
  pluginDefinitionProblems,
} from "./plugin.ts";
export { createSecretSet, type SecretSet, secretForms } from "./redact.ts";
export {
  getDefaultPlugin,
  hasPlatform,
  listRegisteredPlugins,
  originOf,
  type PluginOrigin,
  type PluginRegistration,
  pluginsForPlatform,
  type RegisteredPlugin,
  type RegisterOptions,
  registerConnectionPlugin,
} from "./registry.ts";
export {
  type Explanation,
  explainResolution,
  formatExplanation,
  type ResolutionStep,
  type ResolveOptions,
  resolvePlugin,
} from "./resolver.ts";
export type { PluginManifestEntry } from "./support-matrix.ts";
export type { Transport } from "./transport.ts";
