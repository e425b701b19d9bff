import { join } from "node:path";
import { DisconnectedError } from "@patchbay/core";
import { afterAll, describe, expect, it } from "vitest";
import type { SshShell } from "../../src/index.ts";
import { loadPeers, opensshConnection, tempDir } from "./peers.ts";

const peers = loadPeers();
const dir = tempDir();
afterAll(() => dir.remove());

/** Resolves with everything received once `pattern` shows up in the shell's output. */
function readUntil(shell: SshShell, pattern: RegExp | string): Promise<string> {
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    const timer = setTimeout(() => {
      stop();
      reject(
        new Error(
          `never saw ${pattern}; got ${JSON.stringify(Buffer.concat(chunks).toString().slice(-500))}`,
        ),
      );
    }, 15_000);
    const stop = shell.onData((chunk) => {
      expect(Buffer.isBuffer(chunk)).toBe(true);
      chunks.push(chunk);
      const text = Buffer.concat(chunks).toString();
      if (typeof pattern === "string" ? text.includes(pattern) : pattern.test(text)) {
        clearTimeout(timer);
        stop();
        resolve(text);
      }
    });
  });
}

describe("pty shell on OpenSSH", () => {
  it("runs commands on a wide vt100 terminal and reports the close once", async () => {
    const conn = opensshConnection(peers.openssh, join(dir.path, "kh"));
    await conn.connect();
    const shell = await conn.openShell({ env: { PB_SHELL: "yes" } });
    shell.write("echo term=$TERM cols=$(tput cols) lines=$(tput lines) env=$PB_SHELL\n");
    expect(await readUntil(shell, /term=vt100 cols=511 lines=1000 env=yes/)).toBeTruthy();
    const closes: (Error | undefined)[] = [];
    shell.onClose((e) => closes.push(e));
    shell.write(new TextEncoder().encode("exit\n"));
    await new Promise<void>((r) => shell.onClose(() => r()));
    expect(closes).toEqual([undefined]);
    expect(shell.closed).toBe(true);
    expect(() => shell.write("more")).toThrow(DisconnectedError);
    await shell.close();
    await conn.disconnect();
  });
});

describe("FRRouting vtysh over SSH", () => {
  const frr = peers.frr;

  it("lands a pty login in vtysh after the MOTD, with large outputs and config prompts", async () => {
    const conn = opensshConnection(
      { ...peers.openssh, username: frr.username, password: frr.password },
      join(dir.path, "kh"),
      {},
      { username: frr.username, password: frr.password },
    );
    await conn.connect();
    const shell = await conn.openShell();
    const banner = await readUntil(shell, frr.privilegedPrompt);
    expect(banner).toMatch(/FRRouting/);
    shell.write("terminal length 0\n");
    await readUntil(shell, `terminal length 0\r\n${frr.privilegedPrompt}`);
    shell.write("terminal width 511\n");
    expect(await readUntil(shell, /Unknown command[\s\S]*# $/)).toMatch(/Unknown command/);
    shell.write("show running-config\n");
    const config = await readUntil(shell, /\nend\r?\n[\s\S]*# $/);
    expect(config).toContain("ip route 10.107.249.0/24 Null0");
    expect(config.length).toBeGreaterThan(frr.staticRoutes * 30);
    shell.write("configure terminal\n");
    await readUntil(shell, `${frr.hostname}(config)# `);
    shell.write("router bgp 65001\n");
    await readUntil(shell, `${frr.hostname}(config-router)# `);
    shell.write("end\nwrite memory\n");
    expect(await readUntil(shell, /\[OK\][\s\S]*# $/)).toContain("[OK]");
    await shell.close();
    // Non-interactive: the login shell passes -c to vtysh.
    const r = await conn.exec("show ip route summary");
    expect(r.stdout).toMatch(/static\s+2000/);
    await conn.disconnect();
  });
});
