// The public API of @patchbay/inventory. Every export is listed by name.
export { formatIssue, InventoryError, type InventoryErrorOptions, type InventoryIssue } from "./errors.ts";
export { MAX_NESTING } from "./internal/document.ts";
export { MAX_SECRET_FILE_BYTES } from "./internal/secrets.ts";
export {
  type ConnectorSchema,
  type Inventory,
  type InventoryHost,
  type InventoryOptions,
  loadInventory,
  parseInventory,
} from "./inventory.ts";
export {
  type ExpandedHost,
  groupNameProblem,
  hostNameProblem,
  MAX_HOST_NAME_LENGTH,
  type NameExpander,
  type ParsedHostName,
  parseHostName,
} from "./names.ts";
export { suggestPlatform, unknownPlatformMessage } from "./platforms.ts";
export {
  BUILTIN_SOURCES,
  csvSource,
  execSource,
  hostsFromJson,
  httpSource,
  type InventorySource,
  jsonSource,
  parseCsv,
  type SourceContext,
  type SourceHost,
} from "./sources.ts";
