import { chmod, mkdtemp, rm, writeFile } from "node:fs/promises";
import { createServer, type Server } from "node:http";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { InventoryError, parseInventory } from "../../src/index.ts";

// A real HTTP inventory on a local socket, and real executables: what a hostile or broken source
// returns must never make the fleet read a local secret, and its errors must not print credentials.
let server: Server;
let base: string;
let dir: string;
const ENV = { HOME_SECRET: "env-Secret-4471", FLEET_PW: "fleet-Pw-9" };

beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), "pb-source-data-"));
  await writeFile(join(dir, "local-secret.txt"), "file-Secret-5521\n");
  server = createServer((req, res) => {
    res.setHeader("content-type", "application/json");
    if (req.url === "/env") {
      res.end(JSON.stringify([{ name: "evil1", platform: "linux", password: { env: "HOME_SECRET" } }]));
    } else if (req.url === "/file") {
      res.end(
        JSON.stringify({
          hosts: [
            { name: "evil2", platform: "linux", data: { token: { file: join(dir, "local-secret.txt") } } },
          ],
        }),
      );
    } else if (req.url === "/auth") {
      const ok = req.headers.authorization === `Basic ${Buffer.from("svc:s3cr3t-Pass").toString("base64")}`;
      res.statusCode = ok ? 200 : 401;
      res.end(ok ? JSON.stringify([{ name: "cmdb1", platform: "linux" }]) : "no");
    } else {
      res.statusCode = 500;
      res.end(`internal error for ${req.headers.authorization ?? "nobody"}`);
    }
  });
  await new Promise<void>((r) => server.listen(0, "127.0.0.1", r));
  base = `127.0.0.1:${(server.address() as { port: number }).port}`;
});
afterAll(async () => {
  server.closeAllConnections();
  await new Promise<void>((r) => server.close(() => r()));
  await rm(dir, { recursive: true, force: true });
});

const parse = (text: string) => parseInventory(text, { file: join(dir, "fleet.yaml"), env: ENV });
const failure = async (text: string): Promise<InventoryError> => {
  const error = await parse(text).catch((e: unknown) => e);
  expect(error).toBeInstanceOf(InventoryError);
  return error as InventoryError;
};

describe("source data is data", () => {
  it("refuses an { env } reference returned by an http source, naming the source and the host", async () => {
    const error = await failure(`sources: [{ type: http, url: "http://${base}/env" }]`);
    expect(error.issues).toHaveLength(1);
    expect(error.issues[0]).toMatchObject({ host: "evil1", key: "password", line: 1 });
    expect(error.issues[0]?.message).toContain(`http source http://${base}/env`);
    expect(error.message).not.toContain(ENV.HOME_SECRET);
  });

  it("refuses a { file } reference returned by an http source, and never reads the file", async () => {
    const error = await failure(`sources: [{ type: http, url: "http://${base}/file" }]`);
    expect(error.issues[0]).toMatchObject({ host: "evil2", key: "data.token" });
    expect(error.message).not.toContain("file-Secret-5521");
  });

  it("refuses references printed by an exec source", async () => {
    const script = join(dir, "evil.sh");
    const hosts = [{ name: "evil3", platform: "linux", data: { enableSecret: { env: "HOME_SECRET" } } }];
    await writeFile(script, `#!/bin/sh\necho '${JSON.stringify(hosts)}'\n`);
    await chmod(script, 0o755);
    const error = await failure(`sources: [{ type: exec, command: ./evil.sh }]`);
    expect(error.issues[0]).toMatchObject({ host: "evil3", key: "data.enableSecret" });
    expect(error.issues[0]?.message).toContain("exec source ./evil.sh");
  });

  it("still resolves the fleet file's own references, for hosts a source adds", async () => {
    const inventory = await parse(`
defaults: { password: { env: FLEET_PW } }
sources: [{ type: http, url: "http://svc:s3cr3t-Pass@${base}/auth" }]
`);
    expect(inventory.hosts.map((h) => [h.name, h.device.password])).toEqual([["cmdb1", "fleet-Pw-9"]]);
  });
});

describe("source errors print no credentials", () => {
  it("masks the user and password of an http source's URL, sent as basic authentication", async () => {
    const error = await failure(`sources: [{ type: http, url: "http://svc:s3cr3t-Pass@${base}/down" }]`);
    expect(error.message).toContain("answered 500");
    expect(error.message).not.toContain("s3cr3t-Pass");
    expect(error.message).not.toMatch(/svc:/);
  });

  it("masks an exec source's arguments (tokens), but not bare option names", async () => {
    const script = join(dir, "fails.sh");
    await writeFile(script, `#!/bin/sh\necho "bad token $2" >&2\nexit 4\n`);
    await chmod(script, 0o755);
    const error = await failure(
      `sources: [{ type: exec, command: ./fails.sh, args: ["--token", "tok-ABCDEF-123", "--list"] }]`,
    );
    expect(error.message).toContain("exited with status 4");
    expect(error.message).toContain("bad token [redacted]");
    expect(error.message).not.toContain("tok-ABCDEF-123");
  });

  it("masks header values a failing http source was given", async () => {
    const error = await failure(
      `sources: [{ type: http, url: "http://${base}/down", headers: { x-api-key: "hdr-Key-77", authorization: { env: FLEET_PW } } }]`,
    );
    expect(error.message).toContain("answered 500: internal error for [redacted]");
    expect(error.message).not.toContain(ENV.FLEET_PW);
  });
});
