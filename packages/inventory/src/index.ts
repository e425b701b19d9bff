// The public API of @patchbay/inventory. Every export is listed by name.
export { formatIssue, InventoryError, type InventoryErrorOptions, type InventoryIssue } from "./errors.ts";
export {
  type ConnectorSchema,
  type Inventory,
  type InventoryHost,
  type InventoryOptions,
  loadInventory,
  parseInventory,
} from "./inventory.ts";
export { type ExpandedHost, type NameExpander, type ParsedHostName, parseHostName } from "./names.ts";
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
