import { isPatchbayError } from "@patchbay/core";
import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { BASE, FakeServer } from "../test/fake-server.ts";
import { params } from "../test/property.ts";
import { NETCONF_BASE_1_0, NETCONF_BASE_1_1 } from "./capabilities.ts";
import { RpcReply } from "./reply.ts";
import { NetconfSession } from "./session.ts";

const reply = (id: string, body: string) =>
  `<rpc-reply xmlns="${BASE}" message-id="${id}">${body}</rpc-reply>`;
const bodies = fc.constantFrom(
  "<ok/>",
  "<data><a>1</a><b x='&lt;'>t &amp; u</b></data>",
  "<data><a><![CDATA[</data>]]></a><!-- </data> --></data>",
  `<data><a/></data><rpc-error><error-type>rpc</error-type><error-tag>t</error-tag><error-severity>error</error-severity></rpc-error><data/>`,
);

describe("session properties", () => {
  it("mutated replies, in any reads, settle every RPC with a result or a typed Patchbay error", async () => {
    await fc.assert(
      fc.asyncProperty(
        bodies,
        fc.boolean(),
        fc.array(
          fc.record({
            at: fc.nat(),
            kind: fc.constantFrom("drop", "insert"),
            what: fc.constantFrom("<", ">", "/", '"', "]]>]]>", "\n#", "\n##\n", "&", "x", "<rpc-error>"),
          }),
          { maxLength: 3 },
        ),
        fc.array(fc.nat(), { maxLength: 5 }),
        async (body, chunked, mutations, cutSeeds) => {
          const server = new FakeServer(chunked ? [NETCONF_BASE_1_0, NETCONF_BASE_1_1] : [NETCONF_BASE_1_0]);
          const session = await NetconfSession.open({ transport: server, helloGapMs: 0, rpcTimeoutMs: 200 });
          server.onRequest = (r) => {
            let framed = Buffer.concat(
              chunked
                ? [
                    Buffer.from(
                      `\n#${Buffer.byteLength(reply(r.id ?? "", body))}\n${reply(r.id ?? "", body)}\n##\n`,
                    ),
                  ]
                : [Buffer.from(`${reply(r.id ?? "", body)}]]>]]>`)],
            ).toString("latin1");
            for (const m of mutations) {
              const at = m.at % (framed.length + 1);
              framed =
                m.kind === "drop"
                  ? framed.slice(0, at) + framed.slice(at + 1)
                  : framed.slice(0, at) + m.what + framed.slice(at);
            }
            const bytes = Buffer.from(framed, "latin1");
            const cuts = [...new Set(cutSeeds.map((c) => c % (bytes.length + 1)))].sort((a, b) => a - b);
            let from = 0;
            for (const c of [...cuts, bytes.length]) {
              server.sendRaw(bytes.subarray(from, c));
              from = c;
            }
          };
          const outcome: RpcReply | unknown = await session.get().then(
            (r) => r,
            (e: unknown) => e,
          );
          if (!(outcome instanceof RpcReply)) {
            expect(isPatchbayError(outcome), String(outcome)).toBe(true);
          } else {
            try {
              void outcome.data;
              void outcome.raw;
            } catch (err) {
              expect(isPatchbayError(err, "NETCONF_PROTOCOL"), String(err)).toBe(true);
            }
          }
          await session.close({ timeoutMs: 50 }).catch(() => {});
        },
      ),
      params(60),
    );
  }, 60_000);
});
