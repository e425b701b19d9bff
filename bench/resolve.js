// Resolution with 10,000 registered plugins: median and p99 per resolution.
// Two layouts: spread (1,000 platforms x 10 plugins, the realistic case) and one platform holding all
// 10,000 (the worst case for the filters). The floor is a Map lookup of the platform's list, measured
// in the same run, so the table shows what the resolution steps cost above bare indexing.
import {
  BaseConnection,
  ConnectionPlugin,
  defineCapability,
  definePlugin,
  pluginsForPlatform,
  registerConnectionPlugin,
  resolvePlugin,
} from "@patchbay/core";
import { clearRegistry } from "@patchbay/core/testing";
import { isMain, printTable, sample, summarise } from "./lib/stats.js";

const Info = defineCapability()("bench.Info", ["getFacts"]);
const Cmds = defineCapability()("bench.Commands", ["runCommands"]);

class NullConnection extends BaseConnection {
  async loadLibrary() {
    return {};
  }
  async open() {
    return {};
  }
  async close() {}
}
class NullPlugin extends ConnectionPlugin {
  createConnection() {
    return new NullConnection({ device: this.device, library: "none" });
  }
}

function register(platforms, perPlatform) {
  clearRegistry();
  for (let p = 0; p < platforms; p++) {
    for (let i = 0; i < perPlatform; i++) {
      const plugin = definePlugin({
        platform: `plat_${p}`,
        connectionType: i % 2 === 0 ? "ssh" : "api",
        connectionLibrary: `lib_${i}`,
        capabilities: i === perPlatform - 1 ? [Info, Cmds] : [Info],
        create: (device, ctx) => new NullPlugin(device, ctx),
      });
      registerConnectionPlugin(plugin, { defaultForPlatform: i === 0 });
    }
  }
}

export async function run() {
  const rows = [];
  for (const [label, platforms, per] of [
    ["spread 1000x10", 1000, 10],
    ["one platform x10000", 1, 10000],
  ]) {
    register(platforms, per);
    const runs = per > 1000 ? 300 : 20000;
    const platformOf = (i) => `plat_${(i * 7919) % platforms}`;
    const floor = summarise(await sample((i) => pluginsForPlatform(platformOf(i)).length, { runs }));
    const cases = {
      "platform + default": (i) => resolvePlugin({ platform: platformOf(i), fallbackToDefault: true }),
      "type + library": (i) =>
        resolvePlugin({ platform: platformOf(i), connectionType: "ssh", connectionLibrary: "lib_2" }),
      capabilities: (i) => resolvePlugin({ platform: platformOf(i), capabilities: [Info, Cmds] }),
    };
    for (const [name, fn] of Object.entries(cases)) {
      const s = summarise(await sample(fn, { runs }));
      rows.push({
        layout: label,
        case: name,
        "median us": s.median,
        "p99 us": s.p99,
        "floor median us": floor.median,
        runs,
      });
    }
  }
  clearRegistry();
  return rows;
}

if (isMain(import.meta.url)) printTable("Resolution with 10,000 registered plugins", await run());
