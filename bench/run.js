// Runs every benchmark and prints one table each. `pnpm bench` builds the packages first.
// Select some with: node run.js resolve list-installed
import { printTable } from "./lib/stats.js";

const all = {
  resolve: ["./resolve.js", "Resolution with 10,000 registered plugins"],
  "list-installed": [
    "./list-installed.js",
    "listInstalledPlugins() over a project with 500 installed packages",
  ],
};
const wanted = process.argv.slice(2);
for (const [name, [file, title]] of Object.entries(all)) {
  if (wanted.length > 0 && !wanted.includes(name)) continue;
  const mod = await import(file);
  printTable(title, await mod.run());
}
