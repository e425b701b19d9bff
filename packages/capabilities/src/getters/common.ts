import type { OperationOptions } from "@patchbay/core";
import { z } from "zod";

/** Options every getter takes: a time limit and cancellation, nothing else. */
export type GetterOptions = OperationOptions;

const MAC = /^[0-9a-f]{2}(:[0-9a-f]{2}){5}$/;

/** A MAC address in lower-case colon form (`aa:bb:cc:00:11:22`), as every getter reports it. */
export const macAddressSchema: z.ZodType<string> = z
  .string()
  .regex(MAC, "a MAC address as aa:bb:cc:dd:ee:ff");

/** Non-negative integer, or null when the device does not say. */
export const countOrNull: z.ZodType<number | null> = z.number().int().nonnegative().nullable();

/**
 * Normalises a MAC address written by any vendor (`AA-BB-CC-DD-EE-FF`, `aabb.ccdd.eeff`,
 * `aa:bb:cc:dd:ee:ff`) to lower-case colon form. Returns null for anything else (an incomplete ARP
 * entry's `<incomplete>`, the empty string).
 */
export function normalizeMac(value: string | null | undefined): string | null {
  if (typeof value !== "string") return null;
  const hex = value.trim().toLowerCase().replace(/[.:-]/g, "");
  if (!/^[0-9a-f]{12}$/.test(hex)) return null;
  return hex.match(/../g)?.join(":") ?? null;
}
