import type { SimCertificate } from "./http/certificate.ts";

/** The platforms the simulator can impersonate. */
export type SimPlatform =
  | "cisco_iosxe"
  | "cisco_nxos"
  | "cisco_iosxr"
  | "arista_eos"
  | "juniper_junos"
  | "linux"
  | "frr"
  | "nokia_srlinux";

/**
 * The platforms a fleet cycles through by default, in a stable order (every platform but
 * `nokia_srlinux`, which a fleet gets when asked for it in `platforms`).
 */
export const SIM_PLATFORMS: readonly SimPlatform[] = [
  "cisco_iosxe",
  "cisco_nxos",
  "cisco_iosxr",
  "arista_eos",
  "juniper_junos",
  "linux",
  "frr",
];

/**
 * Misbehaviour to inject, for testing how clients cope with broken devices.
 * Byte counts refer to the output of a single command (echo and prompts are not counted).
 */
export interface SimFaults {
  /** Reject every authentication attempt, even with correct credentials. */
  refuseAuth?: boolean;
  /** Close the whole SSH connection after this many bytes of a command's output. */
  dropMidOutput?: { afterBytes: number };
  /** Stop writing after `afterBytes` of a command's output for `ms` milliseconds (omit `ms` to stall forever). */
  stall?: { afterBytes: number; ms?: number };
  /** Print command output but never the prompt afterwards. */
  neverReturnPrompt?: boolean;
  /**
   * Inject junk into command output: after every `everyBytes` bytes, one deterministic sequence
   * chosen from `kinds` (ANSI escape sequences, NUL bytes, random bytes), seeded by `seed`.
   */
  garbage?: { everyBytes?: number; kinds?: readonly GarbageKind[]; seed?: number };
  /** Delay every authentication answer by this many milliseconds. */
  slowLogin?: { ms: number };
  /**
   * Fail the next `count` HTTP requests: answer `status` (503, 429...; with `retryAfter` seconds),
   * or reset the connection when `status` is 0 or omitted. `setFaults` starts a new count.
   */
  httpFailures?: { count: number; status?: number; retryAfter?: number };
}

/** The kinds of junk the `garbage` fault injects. */
export type GarbageKind = "ansi" | "nul" | "random";

/** Knobs shared by a single device and a fleet. */
export interface SimKnobs {
  /** Login user. @default "admin" */
  username?: string;
  /** Login password. @default "admin" */
  password?: string;
  /** Enable secret for platforms with an enable level (cisco, arista). @default the password */
  enableSecret?: string;
  /** OpenSSH public keys (`ssh-ed25519 AAAA...`) accepted for publickey authentication. */
  authorizedKeys?: readonly string[];
  /** Host private key (PEM/OpenSSH). @default an ed25519 key generated once per process */
  hostKey?: string | Buffer;
  /** Login banner sent before authentication. */
  banner?: string;
  /** Message of the day printed after login, before the first prompt. */
  motd?: string;
  /** Also accept the password through keyboard-interactive authentication. @default false */
  keyboardInteractive?: boolean;
  /** Delay in milliseconds before each output write. @default 0 */
  latencyMs?: number;
  /** Split output into writes of at most this many bytes (1 = one byte per write). @default unlimited */
  chunkSize?: number;
  /** Lines per page when paging is on. @default 24 */
  pagingLines?: number;
  /** Faults to inject from the start; change later with `setFaults`. */
  faults?: SimFaults;
  /**
   * Serve NETCONF (RFC 6241) as the `netconf` subsystem of the SSH server: `false` turns it off,
   * an object sets its options. @default true
   */
  netconf?: boolean | SimNetconfOptions;
}

/** Options of the simulator's NETCONF server. */
export interface SimNetconfOptions {
  /**
   * Generated static routes in the running configuration (`<routes xmlns="urn:patchbay:devsim:routes">`),
   * streamed when read: each entry is exactly `NETCONF_ROUTE_BYTES` bytes, so a get-config of
   * about N MB needs N * 1e6 / NETCONF_ROUTE_BYTES routes. @default 0
   */
  routes?: number;
  /**
   * Announce base:1.1. `false` makes a NETCONF 1.0-only server that keeps end-of-message framing
   * for the whole session, for testing clients against older devices. @default true
   */
  base11?: boolean;
}

/** The NETCONF server of a running device. */
export interface SimNetconf {
  /** Number of open NETCONF sessions. */
  readonly sessions: number;
  /** Changes the number of generated routes (in running, candidate and startup). */
  setRoutes(count: number): void;
}

/** Options of {@link startDevice}. */
export interface SimDeviceOptions extends SimKnobs {
  /** The platform to impersonate. */
  platform: SimPlatform;
  /** Device hostname shown in prompts. @default per platform ("R1", "host" for linux) */
  hostname?: string;
  /** Address to listen on. @default "127.0.0.1" */
  host?: string;
  /** Port to listen on; 0 picks a free one. @default 0 */
  port?: number;
  /** Also serve HTTPS (login, eAPI-style JSON-RPC, RESTCONF) on a port of its own. @default false */
  http?: boolean | SimHttpOptions;
}

/** Options of the simulator's HTTPS server (`startDevice({ http: ... })`). */
export interface SimHttpOptions {
  /** Port to listen on; 0 picks a free one. @default 0 */
  port?: number;
  /** Certificate and key to serve. @default a self-signed certificate made once per process */
  certificate?: SimCertificate;
  /**
   * Require mutual TLS: clients must present a certificate signed by (or equal to) this PEM. A
   * client without one fails the TLS handshake.
   */
  clientCa?: string;
}
