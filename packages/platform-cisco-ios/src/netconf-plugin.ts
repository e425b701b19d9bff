import type { DeviceInfo, Facts } from "@patchbay/capabilities";
import type { Device, OperationOptions, PluginContext } from "@patchbay/core";
import { NetconfConfigPlugin, type RpcOptions, rpcOptions, type XmlContent } from "@patchbay/netconf";
import { xmlLines } from "./internal/xml-lines.ts";
import { factsFromNetconf, IETF_SYSTEM, IOSXE_HARDWARE, IOSXE_NATIVE } from "./netconf-facts.ts";
import { ciscoIosSettings } from "./settings.ts";

/**
 * IOS-XE over NETCONF: configurations as XML, and changes on the candidate datastore through
 * `NetconfConfigPlugin` (lock, edit, preview, commit, confirmed commit, cancel-commit).
 *
 * IOS-XE's dialect on top of it: the first load of a change starts the locked candidate from
 * running, previews and commit diffs show the XML one element per line as the device wrote it
 * (prefixes and namespace declarations kept), and with `ios.saveOnCommit` a final commit (one
 * without confirmation, or a confirmed one once confirmed) copies running to startup.
 */
export class CiscoIosxeNetconfPlugin extends NetconfConfigPlugin implements DeviceInfo {
  readonly #settings: ReturnType<typeof ciscoIosSettings.parse>;

  constructor(device: Device, context: PluginContext) {
    super(device, context);
    this.#settings = ciscoIosSettings.parse(device.data.ios ?? {}, {
      deviceId: device.id,
      host: device.host,
      platform: device.platform,
    });
  }

  protected override startCandidateFromRunning(): boolean {
    return true;
  }

  protected override renderConfig(config: XmlContent): string {
    return xmlLines(config.xml);
  }

  protected override async saveCommitted(options: RpcOptions): Promise<void> {
    if (!this.#settings.saveOnCommit) return;
    await this.netconf.copyConfig({ ...options, source: "running", target: "startup" });
  }

  async getFacts(options: OperationOptions = {}): Promise<Facts> {
    const op = rpcOptions(options);
    const config = await this.netconf.getConfig({
      ...op,
      filter: `<system xmlns="${IETF_SYSTEM}"><hostname/></system><native xmlns="${IOSXE_NATIVE}"><hostname/></native>`,
    });
    const state = await this.netconf.get({
      ...op,
      filter: `<device-hardware-data xmlns="${IOSXE_HARDWARE}"/><system-state xmlns="${IETF_SYSTEM}"/>`,
    });
    return factsFromNetconf(config.elements, state.elements, {
      "get-config system hostname": config.xml,
      "get device-hardware-data system-state": state.xml,
    });
  }
}
