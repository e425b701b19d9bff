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
import { iosxrSettings } from "./settings.ts";

/**
 * IOS-XR over NETCONF: configuration on the candidate with RFC 6241 operations (lock, edit-config,
 * commit, confirmed commit, cancel-commit, discard-changes); facts from ietf-system.
 */
export class IosxrNetconfPlugin extends NetconfConfigPlugin implements DeviceInfo {
  readonly #settings: ReturnType<typeof iosxrSettings.parse>;

  constructor(device: Device, context: PluginContext) {
    super(device, context);
    this.#settings = iosxrSettings.parse(device.data.iosxr ?? {}, this.context);
  }

  protected override lockCandidate(): boolean {
    return this.#settings.lockCandidate;
  }

  async getFacts(options: OperationOptions = {}): Promise<Facts> {
    const reply = await this.netconf.get({ filter: IETF_SYSTEM_FACTS_FILTER, ...rpcOptions(options) });
    const facts = factsFromIetfSystem(reply.elements, "Cisco", reply.xml);
    if (facts.hostname === "") {
      throw new UnsupportedOperationError(
        `${deviceLabel(this.context)}the server reports no hostname in ietf-system; use the SSH CLI plugin for facts.`,
        this.context,
      );
    }
    return facts;
  }
}
