import { isPatchbayError } from "@patchbay/core";

/** The simulator faults the matrix injects, one column each. */
export type FaultName = "drop" | "stall" | "noPrompt" | "garbage" | "authRefused" | "hostKeyChanged";

/** How one cell ended. */
export interface Outcome {
  operation: string;
  settled: boolean;
  error: unknown;
  /** Where it stopped: while connecting, in the operation, in teardown, or nowhere (it succeeded). */
  stage: "connect" | "operation" | "teardown" | "none";
}

const EXPECTED: Partial<Record<FaultName, readonly string[]>> = {
  authRefused: ["AUTHENTICATION_FAILED"],
  // Over TLS a certificate the client does not trust is a connection failure of its own kind.
  hostKeyChanged: ["HOST_KEY_MISMATCH", "CONNECTION_ERROR"],
};

/**
 * What is wrong with a (plugin, fault) column: a cell that did not settle, an untyped error, the
 * wrong code for a connect-time fault, a timeout or disconnect without the partial output. Empty
 * when every cell behaved.
 */
export function problems(outcomes: readonly Outcome[], fault: FaultName, connectionType: string): string[] {
  const out: string[] = [];
  for (const o of outcomes) {
    if (!o.settled) {
      out.push(`${o.operation}: did not settle (hang) in the ${o.stage} stage`);
      continue;
    }
    const expected = EXPECTED[fault];
    if (o.error === undefined) {
      if (expected) out.push(`${o.operation}: succeeded although ${fault} should have failed it`);
      continue;
    }
    if (!isPatchbayError(o.error)) {
      out.push(`${o.operation}: untyped error in the ${o.stage} stage: ${String(o.error)}`);
      continue;
    }
    const code = o.error.code;
    if (expected && !expected.some((c) => isPatchbayError(o.error, c))) {
      out.push(`${o.operation}: ${code} instead of ${expected.join(" or ")}: ${o.error.message}`);
    }
    if (expected && fault === "hostKeyChanged" && connectionType !== "api" && code !== "HOST_KEY_MISMATCH") {
      out.push(`${o.operation}: ${code} instead of HOST_KEY_MISMATCH over SSH`);
    }
    if (
      o.stage === "operation" &&
      (isPatchbayError(o.error, "TIMEOUT") || isPatchbayError(o.error, "DISCONNECTED")) &&
      typeof (o.error as { partialOutput?: unknown }).partialOutput !== "string"
    ) {
      out.push(`${o.operation}: ${code} without the partial output received`);
    }
  }
  return out;
}
