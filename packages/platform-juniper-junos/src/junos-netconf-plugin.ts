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
import { factsFromJunosRpcs } from "./junos-facts.ts";
import { junosSettings } from "./settings.ts";

/** The capability real Junos devices announce for their XML RPCs. */
export const JUNOS_NETCONF_CAPABILITY = "http://xml.juniper.net/netconf/junos/1.0";

/**
 * Junos over NETCONF: configuration on the candidate with RFC 6241 operations only (lock,
 * edit-config, commit, confirmed commit, cancel-commit, discard-changes), so it also works with any
 * standard server. Facts come from Junos RPCs when the server announces them, else from ietf-system.
 */
export class JunosNetconfPlugin extends NetconfConfigPlugin implements DeviceInfo {
  readonly #settings: ReturnType<typeof junosSettings.parse>;

  constructor(device: Device, context: PluginContext) {
    super(device, context);
    this.#settings = junosSettings.parse(device.data.junos ?? {}, this.context);
  }

  protected override lockCandidate(): boolean {
    return this.#settings.lockCandidate;
  }

  async getFacts(options: OperationOptions = {}): Promise<Facts> {
    const op = rpcOptions(options);
    const facts = this.netconf.capabilities.has(JUNOS_NETCONF_CAPABILITY)
      ? await this.#junosFacts(op)
      : await this.netconf
          .get({ filter: IETF_SYSTEM_FACTS_FILTER, ...op })
          .then((reply) => factsFromIetfSystem(reply.elements, "Juniper", reply.xml));
    if (facts.hostname === "") {
      throw new UnsupportedOperationError(
        `${deviceLabel(this.context)}the server reports no hostname (neither Junos RPCs nor ietf-system's system/hostname).`,
        this.context,
      );
    }
    return facts;
  }

  async #junosFacts(op: OperationOptions): Promise<Facts> {
    const software = await this.netconf.rpc("<get-software-information/>", op);
    const chassis = await this.netconf.rpc("<get-chassis-inventory/>", op).catch(() => undefined);
    const uptime = await this.netconf.rpc("<get-system-uptime-information/>", op).catch(() => undefined);
    const raw: Record<string, string> = { "get-software-information": software.xml };
    if (chassis) raw["get-chassis-inventory"] = chassis.xml;
    if (uptime) raw["get-system-uptime-information"] = uptime.xml;
    return factsFromJunosRpcs({
      software: software.elements,
      chassis: chassis?.elements,
      uptime: uptime?.elements,
      raw,
    });
  }
}
