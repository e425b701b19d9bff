import { timingSafeEqual } from "node:crypto";
import { setMaxListeners } from "node:events";
import { createServer, type Server as NetServer, type Socket } from "node:net";
import type { AuthContext, Connection, ParsedKey, ServerChannel } from "ssh2";
import ssh2 from "ssh2";
import { defaultHostKey, fingerprint, parseSshKey } from "./host-key.ts";
import { type SimHttpEndpoint, startHttpServer } from "./http/server.ts";
import { ChannelWriter } from "./internal/channel-writer.ts";
import type { Engine, EngineContext } from "./internal/engine.ts";
import { OutputPump, type SessionHost, ShellSession } from "./internal/session.ts";
import { fill } from "./internal/text.ts";
import { createNetconfServer, netconfHandle, openNetconfSession } from "./netconf/subsystem.ts";
import { PLATFORMS, type PlatformDefinition } from "./platforms/index.ts";
import { DeviceState } from "./state.ts";
import type { SimDeviceOptions, SimFaults, SimNetconf, SimPlatform } from "./types.ts";

/** A running simulated device. */
export interface SimDevice extends AsyncDisposable {
  readonly host: string;
  readonly port: number;
  readonly platform: SimPlatform;
  /** The current hostname (follows configuration changes). */
  readonly hostname: string;
  readonly username: string;
  readonly password: string;
  /** The host key fingerprint as OpenSSH prints it (`SHA256:...`). */
  readonly hostKeyFingerprint: string;
  /** The device's mutable state, shared by every session. */
  readonly state: DeviceState;
  /** Number of open SSH connections. */
  readonly connections: number;
  /** The HTTPS server (login, eAPI-style JSON-RPC, RESTCONF) when started with `http`. */
  readonly http: SimHttpEndpoint | undefined;
  /** The NETCONF server (the `netconf` subsystem on the SSH port); undefined when turned off. */
  readonly netconf: SimNetconf | undefined;
  /** Replaces the active faults; applies to commands started afterwards. */
  setFaults(faults: SimFaults): void;
  /** Stops listening and closes every session. Idempotent. */
  close(): Promise<void>;
}

function platformDefinition(platform: SimPlatform): PlatformDefinition {
  const def = PLATFORMS[platform];
  if (def === undefined) throw new TypeError(`devsim: unknown platform "${platform}"`);
  return def;
}

function safeEqual(a: string, b: string): boolean {
  const x = Buffer.from(a);
  const y = Buffer.from(b);
  return x.length === y.length && timingSafeEqual(x, y);
}

/** The hostname a platform uses when none is given. */
export function defaultHostname(platform: SimPlatform): string {
  return platformDefinition(platform).defaultHostname;
}

/** Starts one simulated device listening for SSH on `host:port`. */
export async function startDevice(options: SimDeviceOptions): Promise<SimDevice> {
  const def = platformDefinition(options.platform);
  const username = options.username ?? "admin";
  const password = options.password ?? "admin";
  const hostname = options.hostname ?? def.defaultHostname;
  const listenHost = options.host ?? "127.0.0.1";
  const hostKey = options.hostKey ?? defaultHostKey();
  const parsedHostKey = parseSshKey(hostKey, "hostKey");
  const authorized: ParsedKey[] = (options.authorizedKeys ?? []).map((k, i) =>
    parseSshKey(k, `authorizedKeys[${i}]`),
  );
  const state = new DeviceState(options.platform, hostname, fill(def.data.initialConfig, { hostname }));
  let faults: SimFaults = { ...(options.faults ?? {}) };
  const netconf = createNetconfServer(state, options.netconf);
  const credentials = { username, password, enableSecret: options.enableSecret ?? password };
  const sockets = new Set<Socket>();
  const clients = new Set<Connection>();
  const lifetime = new AbortController();
  // Every open session listens on it; a busy device legitimately has more than Node's default 10.
  setMaxListeners(0, lifetime.signal);

  const ssh = new ssh2.Server({
    hostKeys: [hostKey],
    ...(options.banner ? { banner: toBanner(options.banner) } : {}),
  });

  const authenticate = (ctx: AuthContext): void => {
    const decide = (ok: boolean): void => {
      const methods: ("password" | "publickey" | "keyboard-interactive")[] = ["password", "publickey"];
      if (options.keyboardInteractive) methods.push("keyboard-interactive");
      if (ok && !faults.refuseAuth) ctx.accept();
      else ctx.reject(methods);
    };
    const delayed = (ok: boolean): void => {
      const ms = faults.slowLogin?.ms ?? 0;
      if (ms <= 0) {
        decide(ok);
        return;
      }
      const timer = setTimeout(() => decide(ok), ms);
      lifetime.signal.addEventListener("abort", () => clearTimeout(timer), { once: true });
    };
    const userOk = ctx.username === username;
    if (ctx.method === "password") {
      delayed(userOk && safeEqual(ctx.password, password));
    } else if (ctx.method === "publickey") {
      const key = authorized.find((k) => k.type === ctx.key.algo && k.getPublicSSH().equals(ctx.key.data));
      if (!userOk || key === undefined) delayed(false);
      else if (ctx.signature === undefined || ctx.blob === undefined) ctx.accept();
      else delayed(key.verify(ctx.blob, ctx.signature, ctx.hashAlgo) === true);
    } else if (ctx.method === "keyboard-interactive" && options.keyboardInteractive) {
      ctx.prompt([{ prompt: "Password: ", echo: false }], "", "", (answers) =>
        delayed(userOk && safeEqual(answers[0] ?? "", password)),
      );
    } else {
      decide(false);
    }
  };

  const knobs = (): { latencyMs: number; chunkSize: number } => ({
    latencyMs: options.latencyMs ?? 0,
    chunkSize: options.chunkSize ?? 0,
  });

  const onClient = (client: Connection, socket: Socket): void => {
    clients.add(client);
    client.on("error", () => {
      // Client resets are normal for a simulator; the close handler cleans up.
    });
    client.on("close", () => clients.delete(client));
    client.on("authentication", authenticate);
    client.on("ready", () => {
      client.on("session", (acceptSession) => {
        const session = acceptSession();
        const sessionAbort = new AbortController();
        const onLifetimeAbort = (): void => sessionAbort.abort();
        lifetime.signal.addEventListener("abort", onLifetimeAbort, { once: true });
        const host: SessionHost = {
          faults: () => faults,
          pagingLines: () => options.pagingLines ?? 24,
          dropConnection: () => {
            socket.destroy();
          },
        };
        const context = (interactive: boolean): EngineContext => ({ state, credentials, interactive });
        const attach = (channel: ServerChannel): ChannelWriter => {
          channel.on("error", () => {});
          channel.on("close", () => {
            sessionAbort.abort();
            lifetime.signal.removeEventListener("abort", onLifetimeAbort);
          });
          return new ChannelWriter(channel, knobs, sessionAbort.signal);
        };
        session.on("pty", (accept) => accept?.());
        session.on("window-change", (accept) => accept?.());
        session.on("env", (accept) => accept?.());
        session.on("shell", (accept) => {
          const channel = accept();
          const writer = attach(channel);
          const engine: Engine = def.createEngine(context(true));
          const shell = new ShellSession(engine, writer, host);
          channel.on("data", (d: Buffer) => shell.feed(d));
          channel.on("end", () => shell.end());
          channel.on("close", () => shell.end());
          void shell.run(options.motd).then((code) => finish(channel, code));
        });
        session.on("subsystem", (accept, reject, info) => {
          if (info.name !== "netconf" || netconf === undefined) {
            reject?.();
            return;
          }
          const channel = accept();
          openNetconfSession(
            netconf,
            channel,
            attach(channel),
            { username, sourceHost: socket.remoteAddress ?? "127.0.0.1" },
            host,
          );
        });
        session.on("exec", (accept, _reject, info) => {
          const channel = accept();
          const writer = attach(channel);
          const engine: Engine = def.createEngine(context(false));
          void runExec(engine, info.command, new OutputPump(writer, host)).then((code) => {
            if (code === undefined) return;
            if (faults.neverReturnPrompt) return;
            finish(channel, code);
          });
        });
      });
    });
  };

  const net: NetServer = createServer((socket) => {
    // Without it Nagle's algorithm and delayed ACKs add ~40 ms to every short command's round trip.
    socket.setNoDelay(true);
    sockets.add(socket);
    socket.on("close", () => sockets.delete(socket));
    socket.on("error", () => {});
    ssh.injectSocket(socket);
  });
  ssh.on("connection", (client: Connection) => {
    // ssh2 keeps the transport socket on a private field; the drop fault needs it to cut the TCP stream.
    const socket = (client as unknown as { _sock?: Socket })._sock;
    if (socket) onClient(client, socket);
    else client.end();
  });

  await new Promise<void>((resolve, reject) => {
    net.once("error", reject);
    net.listen(options.port ?? 0, listenHost, () => {
      net.off("error", reject);
      resolve();
    });
  });
  const address = net.address();
  const port = typeof address === "object" && address !== null ? address.port : (options.port ?? 0);
  const http = options.http
    ? await startHttpServer(
        {
          host: listenHost,
          state,
          credentials,
          createEngine: () => def.createEngine({ state, credentials, interactive: false }),
          faults: () => faults,
          latencyMs: () => options.latencyMs ?? 0,
          lifetime: lifetime.signal,
        },
        options.http === true ? {} : options.http,
      ).catch(async (err: unknown) => {
        await new Promise<void>((resolve) => net.close(() => resolve()));
        throw err;
      })
    : undefined;

  let closing: Promise<void> | undefined;
  const close = (): Promise<void> => {
    closing ??= (async () => {
      lifetime.abort();
      state.dispose();
      netconf?.close();
      const closed = new Promise<void>((resolve) => net.close(() => resolve()));
      for (const client of clients) client.end();
      for (const socket of sockets) socket.destroy();
      await closed;
      await http?.close();
      // libuv releases closed handles in the loop's close phase, after the current check phase:
      // two turns make sure callers see no lingering server or socket handles.
      await new Promise((resolve) => setImmediate(resolve));
      await new Promise((resolve) => setImmediate(resolve));
    })();
    return closing;
  };

  return {
    host: listenHost,
    port,
    platform: options.platform,
    get hostname() {
      return state.hostname;
    },
    username,
    password,
    hostKeyFingerprint: fingerprint(parsedHostKey),
    state,
    get connections() {
      return clients.size;
    },
    http,
    netconf: netconf ? netconfHandle(netconf) : undefined,
    setFaults(next: SimFaults) {
      faults = { ...next };
    },
    close,
    [Symbol.asyncDispose]: close,
  };
}

function toBanner(text: string): string {
  return text.endsWith("\n") ? text : `${text}\n`;
}

function finish(channel: ServerChannel, code: number): void {
  if (channel.destroyed || channel.writableEnded) return;
  try {
    channel.exit(code);
  } catch {
    // The client may already be gone.
  }
  channel.end();
}

/** Runs an exec request line by line at the privileged level; undefined when the session died. */
async function runExec(engine: Engine, command: string, pump: OutputPump): Promise<number | undefined> {
  let code = 0;
  for (const line of command.split(/\r?\n/)) {
    if (line.trim() === "" && command.trim() !== "") continue;
    const result = engine.execute(line);
    if (!(await pump.emit(result.output, { crlf: false }))) return undefined;
    code = result.input ? 1 : (result.exitCode ?? 0);
    if (result.endSession) break;
  }
  return code;
}
