import { describe, expect, it } from "vitest";
import { generatedOutput } from "./generated.ts";

const collect = (bytes: number, crlf: boolean): Buffer => Buffer.concat([...generatedOutput(bytes, crlf)]);

describe("generatedOutput", () => {
  it.each([1, 2, 47, 65_536, 65_537, 1_000_000])("yields exactly %i bytes ending in a newline", (n) => {
    for (const crlf of [false, true]) {
      const out = collect(n, crlf);
      expect(out.length).toBe(n);
      expect(out.at(-1)).toBe(0x0a);
    }
  });

  it("prints route-table lines and uses CRLF on terminals", () => {
    const out = collect(2000, true).toString();
    expect(out.split("\r\n")[0]).toMatch(
      /^[OSB]\s+\d+\.\d+\.\d+\.0\/24 \[\d+\/\d+\] via 192\.168\.\d+\.\d+, \w+, GigabitEthernet\d$/,
    );
    expect(out.replace(/\r\n/g, "")).not.toMatch(/[\r\n]/);
  });

  it("yields nothing for zero bytes", () => {
    expect(collect(0, false).length).toBe(0);
  });
});
