import { createDevice, type Device, type Logger } from "@patchbay/core";
import { type SimDevice, type SimDeviceOptions, startDevice } from "@patchbay/devsim";
import { HttpConnection, type HttpOptions } from "../../src/index.ts";

/** Starts a simulated device with its HTTPS server. */
export function startHttpDevice(options: Partial<SimDeviceOptions> = {}): Promise<SimDevice> {
  return startDevice({ platform: "arista_eos", password: "sim-secret-pw", http: true, ...options });
}

/** The Patchbay device for a simulated one: its HTTPS port, credentials and certificate as the CA. */
export function deviceFor(
  sim: SimDevice,
  http: Record<string, unknown> = {},
  extra: Partial<Device> = {},
): Device {
  const endpoint = sim.http;
  if (endpoint === undefined) throw new Error("the simulated device has no HTTP server");
  return createDevice({
    id: "sim1",
    host: endpoint.host,
    port: endpoint.port,
    platform: sim.platform,
    username: sim.username,
    password: sim.password,
    data: { http: { tls: { ca: endpoint.certificatePem }, ...http } },
    ...extra,
  });
}

/** A connected HttpConnection to the simulated device. */
export async function openConnection(
  sim: SimDevice,
  options: HttpOptions = {},
  logger?: Logger,
  http: Record<string, unknown> = {},
): Promise<HttpConnection> {
  const connection = new HttpConnection({
    device: deviceFor(sim, http),
    options,
    ...(logger ? { logger } : {}),
  });
  await connection.connect({ timeoutMs: 10_000 });
  return connection;
}
