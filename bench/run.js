// Runs every benchmark and prints one table each. `pnpm bench` builds the packages first.
// Select some with: node run.js resolve list-installed cli-large cli-rtt cli-frr
import { printTable } from "./lib/stats.js";

const all = {
  resolve: ["./resolve.js", "run", "Resolution with 10,000 registered plugins"],
  "list-installed": [
    "./list-installed.js",
    "run",
    "listInstalledPlugins() over a project with 500 installed packages",
  ],
  "cli-large": ["./cli.js", "runLarge", "Large output: one sendCommand vs raw ssh2 exec (same bytes)"],
  "cli-rtt": ["./cli.js", "runRoundTrips", "Round trips: 1,000 short commands on one session"],
  "cli-frr": ["./cli.js", "runFrr", "FRR: connect + show running-config + close, 20 runs"],
  "netconf-large": ["./netconf.js", "runLarge", "NETCONF get-config of 1, 10, 100 MB vs raw subsystem read"],
  fleet: [
    "./fleet.js",
    "run",
    "Fleet: patchbay run of one command on 1,000 simulated devices, --parallel 200",
  ],
  textfsm: [
    "./textfsm.js",
    "run",
    "TextFSM: @patchbay/textfsm vs Python TextFSM rows/s (4,000-line route table, 10,000 interfaces)",
  ],
  startup: [
    "./startup.js",
    "run",
    "Start-up: patchbay --version/--help vs node -e 0; library and patchbay run of one command vs bare ssh2 exec",
  ],
  queue: [
    "./queue.js",
    "run",
    "Queue: patchbay run on 2,000 simulated devices, local vs --queue with 1 and 2 workers",
  ],
  inventory: [
    "./inventory.js",
    "run",
    "Inventory: 100,000 hosts loaded and checked vs yaml reading the same file",
  ],
  "inventory-limit": [
    "./inventory.js",
    "runLimit",
    "Inventory: --limit '*a*a*a*a*a*a*a*a*a*a*c', name length doubling",
  ],
  getters: [
    "./getters.js",
    "run",
    "Getters on FRR: getter vs runCommands of the same commands (parse overhead)",
  ],
  http: [
    "./http.js",
    "run",
    "HTTP: eAPI runCmds show version, @patchbay/http vs bare undici (same concurrency)",
  ],
};
const wanted = process.argv.slice(2);
for (const [name, [file, fn, title]] of Object.entries(all)) {
  if (wanted.length > 0 && !wanted.includes(name)) continue;
  const mod = await import(file);
  printTable(title, await mod[fn]());
}
