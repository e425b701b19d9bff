// The public API of @patchbay/driver. Every export is listed by name; this is the reviewed surface.
export {
  Channel,
  type ChannelOptions,
  type ChannelOutput,
  DEFAULT_PAGER_PATTERNS,
  DEFAULT_PROMPT_PATTERN,
  type EchoMode,
  type InteractiveEvent,
  type ReadOptions,
  type SendInputOptions,
} from "./channel.ts";
export {
  ChannelAbortedError,
  ConfigExitError,
  type ConfigExitErrorOptions,
  PlatformDefinitionError,
  type PlatformDefinitionErrorOptions,
  PrivilegeLevelError,
} from "./errors.ts";
export {
  GenericDriver,
  type GenericDriverOptions,
  type ReadCallback,
  type SendCommandOptions,
  type SendCommandsOptions,
  type TransportFactory,
} from "./generic-driver.ts";
export { stripTerminalNoise } from "./internal/terminal.ts";
export { NetworkDriver, type NetworkDriverOptions, type SendConfigsOptions } from "./network-driver.ts";
export {
  type ConfigSession,
  type ConfigSessionInput,
  definePlatform,
  type PlatformDefinition,
  type PlatformDefinitionInput,
  type PrivilegeLevel,
  type PrivilegeLevelInput,
} from "./platform.ts";
export { anchorHostname, findPrivilegePath, hostnameFromPrompt, privilegeLevelOf } from "./privilege.ts";
export {
  getPlatformDefinition,
  listPlatformDefinitions,
  registerPlatformDefinition,
  unregisterPlatformDefinition,
} from "./registry.ts";
export { MultiResponse, type OutputParser, Response, type ResponseInit } from "./response.ts";
export type { Transport } from "./transport.ts";
