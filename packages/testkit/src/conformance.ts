import { Commands, ConfigRead, DeviceInfo, FileTransfer, Shell } from "@patchbay/capabilities";
import {
  type ConnectionPlugin,
  createDevice,
  type Device,
  type DeviceInput,
  implementsCapability,
  isPatchbayError,
  type PluginDefinition,
  type PluginRegistration,
  pluginDefinitionProblems,
  silentLogger,
} from "@patchbay/core";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { trackResources } from "./internal/resources.ts";

/** A device the plugin under test can reach, and how to release it afterwards. */
export interface ConformanceTarget {
  device: DeviceInput;
  /** Stops what `target()` started (a simulator). */
  close?: () => Promise<void>;
}

/** A device the plugin must refuse, and the error code it must refuse it with. */
export interface InvalidDeviceCase {
  name: string;
  device: DeviceInput;
  /** A core error code, for example `CONNECTION_VALIDATION` or `CONNECTOR_DATA`. */
  code: string;
  /** Texts the message must contain (the device id, the field at fault). */
  messageContains?: readonly string[];
}

/** Options of {@link describeConformance}. */
export interface ConformanceOptions {
  /** The registrations the package exports (its `plugins`). */
  plugins: readonly PluginRegistration[];
  /** Which plugin to run the live checks on (its name). Omit to run them on every plugin with a target. */
  targets: Readonly<Record<string, () => Promise<ConformanceTarget>>>;
  /** Devices each plugin must refuse at creation, before any network traffic. */
  invalidDevices?: Readonly<Record<string, readonly InvalidDeviceCase[]>>;
  /**
   * For each plugin, a device that points at a closed port: connecting must fail with a typed
   * connection error (UNREACHABLE or TIMEOUT), quickly, and leak nothing.
   */
  unreachable?: Readonly<Record<string, () => DeviceInput>>;
  /** For each plugin, a device with a wrong password: connecting must fail with AUTHENTICATION_FAILED. */
  wrongPassword?: Readonly<Record<string, () => Promise<ConformanceTarget>>>;
  /** Time limit of each connect in the checks. @default 15000 */
  connectTimeoutMs?: number;
}

const STANDARD = [DeviceInfo, Commands, ConfigRead, Shell, FileTransfer];

function instantiate(definition: PluginDefinition, device: DeviceInput): ConnectionPlugin {
  return definition.create(createDevice(device) as Device, {
    logger: silentLogger,
    definition,
  }) as ConnectionPlugin;
}

/**
 * The conformance suite for a plugin package, as vitest `describe` blocks. Call it once from a test
 * file of the package:
 *
 * ```ts
 * describeConformance({ plugins, targets: { "linux/ssh": async () => ({ device }) } });
 * ```
 *
 * It checks, per plugin: the definition is valid; an instance has every method of every declared
 * capability; bad devices are refused with typed errors naming the device; creating an instance
 * opens nothing; connect, isAlive, teardown (twice, and before connect) behave as core's lifecycle
 * says and never throw; unreachable hosts and wrong passwords give typed errors; the standard
 * capabilities it declares answer with results of the right shape; and no socket or timer is left
 * behind after teardown.
 */
export function describeConformance(options: ConformanceOptions): void {
  const timeout = options.connectTimeoutMs ?? 15_000;
  for (const registration of options.plugins) {
    const definition = registration.plugin;
    describe(`conformance: ${definition.name}`, () => {
      it("has a valid definition with capability tokens", () => {
        expect(pluginDefinitionProblems(definition)).toEqual([]);
        for (const capability of definition.capabilities) {
          expect(capability.methods.length).toBeGreaterThan(0);
        }
      });

      for (const bad of options.invalidDevices?.[definition.name] ?? []) {
        it(`refuses an invalid device at creation: ${bad.name}`, () => {
          let caught: unknown;
          try {
            instantiate(definition, bad.device);
          } catch (error) {
            caught = error;
          }
          expect(
            isPatchbayError(caught, bad.code),
            `expected a ${bad.code} error, got ${String(caught)}`,
          ).toBe(true);
          for (const text of bad.messageContains ?? []) expect((caught as Error).message).toContain(text);
        });
      }

      const makeTarget = options.targets[definition.name];
      if (makeTarget !== undefined) {
        describeLive(definition, makeTarget, timeout);
      }

      const unreachable = options.unreachable?.[definition.name];
      if (unreachable !== undefined) {
        it("fails fast with a typed error when the host is unreachable, and leaks nothing", async () => {
          const tracker = trackResources();
          const plugin = instantiate(definition, unreachable());
          const error = await plugin.initializeConnection({ timeoutMs: timeout }).catch((e: unknown) => e);
          expect(
            isPatchbayError(error, "UNREACHABLE") || isPatchbayError(error, "TIMEOUT"),
            `expected UNREACHABLE or TIMEOUT, got ${String(error)}`,
          ).toBe(true);
          expect((error as Error).message).toContain(createDevice(unreachable()).id);
          await plugin.teardownConnection();
          const leaks = await tracker.leaks();
          tracker.stop();
          expect(leaks).toEqual({});
        });
      }

      const wrongPassword = options.wrongPassword?.[definition.name];
      if (wrongPassword !== undefined) {
        it("gives AUTHENTICATION_FAILED for a wrong password, without the password in the message", async () => {
          const target = await wrongPassword();
          try {
            const plugin = instantiate(definition, target.device);
            const error = await plugin.initializeConnection({ timeoutMs: timeout }).catch((e: unknown) => e);
            expect(isPatchbayError(error, "AUTHENTICATION_FAILED"), `got ${String(error)}`).toBe(true);
            const password = target.device.password;
            if (password) expect((error as Error).message).not.toContain(password);
            await plugin.teardownConnection();
          } finally {
            await target.close?.();
          }
        });
      }
    });
  }
}

function describeLive(
  definition: PluginDefinition,
  makeTarget: () => Promise<ConformanceTarget>,
  timeout: number,
): void {
  describe("against a live target", () => {
    let target: ConformanceTarget;
    beforeAll(async () => {
      target = await makeTarget();
    });
    afterAll(async () => {
      await target?.close?.();
    });

    it("implements every method of every declared capability, and creating it opens nothing", async () => {
      const tracker = trackResources();
      const plugin = instantiate(definition, target.device);
      for (const capability of definition.capabilities) {
        expect(
          implementsCapability(plugin, capability),
          `${definition.name} lacks methods of ${capability.id}`,
        ).toBe(true);
      }
      expect(plugin.connection?.connected ?? false).toBe(false);
      const leaks = await tracker.leaks(200);
      tracker.stop();
      expect(leaks).toEqual({});
      await plugin.teardownConnection();
    });

    it("follows the lifecycle: connect, alive, teardown twice, never throwing, nothing leaked", async () => {
      const tracker = trackResources();
      const plugin = instantiate(definition, target.device);
      await plugin.teardownConnection();
      expect(await plugin.isConnectionAlive()).toBe(false);
      await plugin.initializeConnection({ timeoutMs: timeout });
      expect(await plugin.isConnectionAlive()).toBe(true);
      expect(plugin.getRawConnection()).toBeDefined();
      await plugin.teardownConnection();
      await plugin.teardownConnection();
      expect(await plugin.isConnectionAlive()).toBe(false);
      const leaks = await tracker.leaks();
      tracker.stop();
      expect(leaks, "handles left open after teardown").toEqual({});
    });

    it("answers the standard capabilities it declares with results of the right shape", async () => {
      const plugin = instantiate(definition, target.device) as ConnectionPlugin & Record<string, unknown>;
      await plugin.initializeConnection({ timeoutMs: timeout });
      try {
        const ids = new Set(definition.capabilities.map((c) => c.id));
        const declared = STANDARD.filter((c) => ids.has(c.id));
        for (const capability of declared) {
          await checkCapability(capability.id, plugin, timeout);
        }
      } finally {
        await plugin.teardownConnection();
      }
    });

    it("rejects an operation after teardown with a typed error", async () => {
      const plugin = instantiate(definition, target.device);
      await plugin.initializeConnection({ timeoutMs: timeout });
      await plugin.teardownConnection();
      let caught: unknown;
      try {
        plugin.getRawConnection();
      } catch (error) {
        caught = error;
      }
      expect(isPatchbayError(caught, "CONNECTION_ERROR"), `got ${String(caught)}`).toBe(true);
    });
  });
}

type Callable = (...args: unknown[]) => Promise<unknown>;

async function checkCapability(
  id: string,
  plugin: Record<string, unknown>,
  timeoutMs: number,
): Promise<void> {
  const call = (method: string, ...args: unknown[]): Promise<unknown> =>
    (plugin[method] as Callable).call(plugin, ...args);
  switch (id) {
    case DeviceInfo.id: {
      const facts = (await call("getFacts", { timeoutMs })) as Record<string, unknown>;
      for (const key of ["hostname", "vendor", "model", "serial", "osVersion"])
        expect(typeof facts[key], `facts.${key}`).toBe("string");
      expect(facts.hostname, "facts.hostname").not.toBe("");
      expect(facts.uptimeSeconds === null || typeof facts.uptimeSeconds === "number").toBe(true);
      expect(typeof facts.raw).toBe("object");
      break;
    }
    case Commands.id: {
      const results = (await call("runCommands", ["show version"], { timeoutMs })) as Record<
        string,
        unknown
      >[];
      expect(results).toHaveLength(1);
      expect(results[0]?.command).toBe("show version");
      expect(typeof results[0]?.output).toBe("string");
      expect(typeof results[0]?.failed).toBe("boolean");
      break;
    }
    case ConfigRead.id: {
      const snapshot = (await call("getConfig", { source: "running", timeoutMs })) as Record<string, unknown>;
      expect(snapshot.source).toBe("running");
      expect(typeof snapshot.config).toBe("string");
      expect((snapshot.config as string).length).toBeGreaterThan(0);
      break;
    }
    case Shell.id: {
      const result = (await call("runShellCommand", ["printf", "%s", "it's $(x)"], { timeoutMs })) as Record<
        string,
        unknown
      >;
      expect(result.success).toBe(true);
      expect(result.stdout).toBe("it's $(x)");
      const failed = (await call("runShellCommand", "exit 3", { timeoutMs })) as Record<string, unknown>;
      expect(failed.success).toBe(false);
      expect(failed.exitCode).toBe(3);
      break;
    }
    case FileTransfer.id:
      // Moving files needs a writable place the suite cannot guess; the package's own tests cover it.
      break;
  }
}
