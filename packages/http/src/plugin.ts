import {
  ConnectionPlugin,
  ConnectionValidationError,
  createDevice,
  type Device,
  type PluginContext,
} from "@patchbay/core";
import type { Pool } from "undici";
import { HttpConnection, type HttpRequestOptions } from "./connection.ts";
import { JsonRpcClient, type JsonRpcClientOptions } from "./json-rpc.ts";
import type { HttpResponse } from "./response.ts";
import { RestconfClient, type RestconfClientOptions } from "./restconf.ts";
import { type HttpOptions, resolveHttpOptions } from "./settings.ts";

/**
 * Validates a device for HTTP: `host` and `platform` present, `device.data.http` well formed, and
 * credentials for the chosen auth (basic and login need a username and password). Every problem
 * is reported at once.
 */
export function validateHttpDevice(device: Device, options: HttpOptions = {}): Device {
  const validated = createDevice(device);
  const resolved = resolveHttpOptions(validated, options);
  const missing: string[] = [];
  const auth = resolved.auth;
  if (auth.type === "basic" || (auth.type === "login" && auth.perform === undefined)) {
    if (!resolved.username) missing.push("username");
    if (!resolved.password) missing.push("password");
  }
  if (missing.length > 0) {
    throw new ConnectionValidationError({
      missingFields: missing,
      deviceId: validated.id,
      host: validated.host,
      platform: validated.platform,
    });
  }
  return validated;
}

/**
 * Base class of HTTP API platform plugins (`connectionType: "api"`): builds an `HttpConnection`
 * from the device (options from `httpOptions()` and `device.data.http`) and offers `request` and a
 * JSON-RPC client. Subclasses add the capability methods of their platform.
 */
export abstract class HttpPlugin extends ConnectionPlugin<Pool> {
  static readonly connectionType: string = "api";
  static readonly connectionLibrary: "undici" = "undici";

  constructor(device: Device, context: PluginContext) {
    super(device, context);
    validateHttpDevice(device, this.httpOptions());
  }

  /** Options given to the connection; override to set platform defaults (port, basePath, auth). */
  protected httpOptions(): HttpOptions {
    return {};
  }

  protected createConnection(): HttpConnection {
    return new HttpConnection({ device: this.device, options: this.httpOptions(), logger: this.logger });
  }

  /** The HTTP connection; throws when `initializeConnection` has not run. */
  get http(): HttpConnection {
    const connection = this.connection;
    if (!(connection instanceof HttpConnection)) this.getRawConnection();
    return connection as HttpConnection;
  }

  async request(options: HttpRequestOptions): Promise<HttpResponse> {
    return this.http.request(options);
  }

  /** A JSON-RPC client on this connection (eAPI by default). */
  jsonRpc(options?: JsonRpcClientOptions): JsonRpcClient {
    return new JsonRpcClient(this.http, options);
  }
}

/** Base class of RESTCONF plugins (`connectionType: "restconf"`), with a `restconf` client. */
export abstract class RestconfPlugin extends HttpPlugin {
  static override readonly connectionType: string = "restconf";
  #restconf: RestconfClient | undefined;

  /** Options of the RESTCONF client; override to skip discovery with a known root. */
  protected restconfOptions(): RestconfClientOptions {
    return {};
  }

  /** The RESTCONF client (root discovered on first use unless `restconfOptions()` gives it). */
  get restconf(): RestconfClient {
    const http = this.http;
    if (this.#restconf?.connection !== http)
      this.#restconf = new RestconfClient(http, this.restconfOptions());
    return this.#restconf;
  }
}
