import { it } from "vitest";
import { closeSession, openDriver, startSim } from "./helpers.ts";

it("perf", async () => {
  const sim = await startSim({ platform: "linux" });
  const s = await openDriver(sim, "linux");
  const bytes = 100 * 1024 * 1024;
  for (let i = 0; i < 0; i++) {
    let t = performance.now();
    const raw = await s.connection.exec(`show generated ${bytes}`);
    const rawMs = performance.now() - t;
    t = performance.now();
    const r = await s.driver.sendCommand(`show generated ${bytes}`, { timeoutMs: 120_000 });
    const drvMs = performance.now() - t;
    console.log(`raw ${rawMs.toFixed(0)} ms (${(raw.stdout.length / 1e6).toFixed(0)} MB), driver ${drvMs.toFixed(0)} ms (${(r.result.length / 1e6).toFixed(0)} MB) ratio ${(rawMs / drvMs).toFixed(2)}`);
  }
  let t = performance.now();
  for (let i = 0; i < 200; i++) await s.driver.sendCommand("whoami");
  console.log(`per command ${((performance.now() - t) / 200).toFixed(3)} ms`);
  t = performance.now();
  for (let i = 0; i < 200; i++) await s.driver.sendCommand("whoami", { echo: "eager" });
  console.log(`per eager command ${((performance.now() - t) / 200).toFixed(3)} ms`);
  t = performance.now();
  for (let i = 0; i < 200; i++) await s.connection.exec("whoami");
  console.log(`per exec ${((performance.now() - t) / 200).toFixed(3)} ms`);
  await closeSession(s);
  await sim.close();
}, 300_000);
