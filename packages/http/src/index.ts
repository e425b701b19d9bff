// The public API of @patchbay/http. Every export is listed by name; this is the reviewed surface.
export {
  HttpConnection,
  type HttpConnectionInit,
  type HttpMethod,
  type HttpRequestOptions,
} from "./connection.ts";
export {
  HttpStatusError,
  type HttpStatusErrorOptions,
  InvalidResponseError,
  isRetryableRequestError,
  JsonRpcError,
  type JsonRpcErrorOptions,
  type MapRequestErrorContext,
  mapRequestError,
  ResponseTooLargeError,
  RestconfError,
  type RestconfErrorEntry,
  type RestconfErrorOptions,
  TlsError,
} from "./errors.ts";
export type { QueryValue } from "./internal/query.ts";
export {
  type JsonRpcCallOptions,
  JsonRpcClient,
  type JsonRpcClientOptions,
  type JsonRpcOutcome,
  type JsonRpcRequest,
} from "./json-rpc.ts";
export { HttpPlugin, RestconfPlugin, validateHttpDevice } from "./plugin.ts";
export type { HttpHeaders, HttpResponse, HttpStreamResponse } from "./response.ts";
export {
  parseRestconfErrors,
  RestconfClient,
  type RestconfClientOptions,
  type RestconfReadOptions,
  type RestconfWriteOptions,
  restconfKey,
  YANG_DATA_JSON,
} from "./restconf.ts";
export {
  type AuthHeaders,
  type HttpAuth,
  type HttpLoginAuth,
  type HttpOptions,
  type HttpScheme,
  type HttpTlsOptions,
  httpSettings,
  type LoginContext,
  type ResolvedHttpOptions,
  resolveHttpOptions,
} from "./settings.ts";
