// The public API of @patchbay/netconf. Every export is listed by name; this is the reviewed surface.
export {
  Capabilities,
  NETCONF_BASE_1_0,
  NETCONF_BASE_1_1,
  type WithDefaultsMode,
  type WithDefaultsSupport,
} from "./capabilities.ts";
export { type ConfigDatastore, formatXml, NetconfConfigPlugin, rpcOptions } from "./config-plugin.ts";
export { NetconfConnection, type NetconfConnectionInit } from "./connection.ts";
export {
  NetconfCapabilityError,
  type NetconfCapabilityErrorOptions,
  NetconfFramingError,
  NetconfProtocolError,
  NetconfRequestError,
  RpcError,
  type RpcErrorInfo,
  type RpcErrorOptions,
} from "./errors.ts";
export { factsFromIetfSystem, IETF_SYSTEM_FACTS_FILTER, IETF_SYSTEM_NS } from "./ietf-facts.ts";
export type { Framing } from "./internal/framing.ts";
export type {
  CancelCommitOptions,
  CommitOptions,
  CopyConfigOptions,
  Datastore,
  DatastoreOrUrl,
  EditConfigOptions,
  Filter,
  GetConfigOptions,
  GetOptions,
  GetSchemaOptions,
  RpcOptions,
  SubscribeOptions,
  ValidateOptions,
} from "./operations.ts";
export { NetconfPlugin } from "./plugin.ts";
export { type ContentSource, NetconfNotification, RpcReply, XmlContent } from "./reply.ts";
export { NetconfSession, type NetconfSessionOptions, type NetconfTransport } from "./session.ts";
export {
  type NetconfOptions,
  type NetconfSettingKeys,
  netconfSettings,
  type ResolvedNetconfOptions,
  resolveNetconfOptions,
} from "./settings.ts";
export { NotificationSubscription } from "./subscription.ts";
export {
  buildXml,
  escapeXmlAttribute,
  escapeXmlText,
  type ParseXmlOptions,
  parseXmlFragment,
  type ToObjectOptions,
  toObject,
  type XmlElement,
  type XmlInput,
  type XmlInputValue,
  type XmlObject,
  type XmlValue,
} from "./xml.ts";
