import { deviceSecrets, isSecretKey } from "@patchbay/core";
import type { Inventory, InventoryHost } from "@patchbay/inventory";

/**
 * Every secret value a host carries, by schema: the password, and any string under a secret-named
 * key at any depth of its connector data (`sudoPassword`, `ssh.passphrase`, an inline
 * `ssh.privateKey`, tokens), besides those the fleet resolved from `{ env }` and `{ file }`.
 */
export function hostSecrets(host: InventoryHost): string[] {
  const out = new Set<string>(deviceSecrets(host.device));
  const walk = (value: unknown, secret: boolean, depth: number): void => {
    if (depth > 8) return;
    if (typeof value === "string") {
      if (secret && value !== "") out.add(value);
    } else if (Array.isArray(value)) {
      for (const v of value) walk(v, secret, depth + 1);
    } else if (typeof value === "object" && value !== null) {
      for (const [k, v] of Object.entries(value)) walk(v, secret || isSecretKey(k), depth + 1);
    }
  };
  walk(host.device.data, false, 0);
  return [...out];
}

/** The fleet's resolved secrets and every selected host's secret values. */
export function fleetSecrets(fleet: Inventory, hosts: readonly InventoryHost[]): string[] {
  return [...fleet.secrets, ...hosts.flatMap(hostSecrets)];
}
