import type { DeviceInfo, Facts } from "@patchbay/capabilities";
import {
  type Device,
  deviceLabel,
  type OperationOptions,
  type PluginContext,
  UnsupportedOperationError,
} from "@patchbay/core";
import {
  factsFromIetfSystem,
  IETF_SYSTEM_FACTS_FILTER,
  NetconfConfigPlugin,
  rpcOptions,
} from "@patchbay/netconf";
import { netconfPlatformSettings } from "./settings.ts";

/**
 * Any RFC 6241 server: facts from ietf-system (RFC 7317), configuration as XML through the
 * candidate datastore, or through running on servers without one (see `NetconfConfigPlugin`). Only
 * standard operations are sent, so a standard server need not pretend to be a vendor's device.
 */
export class NetconfPlatformPlugin extends NetconfConfigPlugin implements DeviceInfo {
  readonly #settings: ReturnType<typeof netconfPlatformSettings.parse>;

  constructor(device: Device, context: PluginContext) {
    super(device, context);
    this.#settings = netconfPlatformSettings.parse(device.data.netconfPlatform ?? {}, this.context);
  }

  protected override lockCandidate(): boolean {
    return this.#settings.lockDatastore;
  }

  protected override configDatastore(): "auto" | "candidate" | "running" {
    return this.#settings.datastore;
  }

  async getFacts(options: OperationOptions = {}): Promise<Facts> {
    const reply = await this.netconf.get({ filter: IETF_SYSTEM_FACTS_FILTER, ...rpcOptions(options) });
    const facts = factsFromIetfSystem(reply.elements, this.#settings.vendor, reply.xml);
    if (facts.hostname === "") {
      throw new UnsupportedOperationError(
        `${deviceLabel(this.context)}the server reports no ietf-system system/hostname, so there are no facts to give; it answered: ${reply.xml.trim().slice(0, 200) || "(nothing)"}.`,
        this.context,
      );
    }
    return facts;
  }
}
