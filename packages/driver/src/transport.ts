// The transport interface lives in core, shared with the connection bases that implement it.
export type { Transport } from "@patchbay/core";
