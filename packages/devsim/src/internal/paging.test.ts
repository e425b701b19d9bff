import { describe, expect, it } from "vitest";
import { GarbageInjector } from "./garbage.ts";
import { afterNthNewline, countNewlines, pagerAction } from "./paging.ts";

describe("paging helpers", () => {
  it("finds the end of the n-th line", () => {
    const b = Buffer.from("a\nbb\nccc\n");
    expect(afterNthNewline(b, 1)).toBe(2);
    expect(afterNthNewline(b, 3)).toBe(9);
    expect(afterNthNewline(b, 4)).toBe(-1);
    expect(countNewlines(b)).toBe(3);
  });

  it("maps pager keys: space pages, return advances a line, anything else quits", () => {
    expect(pagerAction(" ")).toBe("page");
    expect(pagerAction("\r")).toBe("line");
    expect(pagerAction("q")).toBe("quit");
  });
});

describe("GarbageInjector", () => {
  it("inserts junk after every N bytes, the same junk for the same seed", () => {
    const data = Buffer.alloc(300, "x");
    const a = new GarbageInjector({ everyBytes: 100, kinds: ["nul"], seed: 3 }).inject(data);
    const b = new GarbageInjector({ everyBytes: 100, kinds: ["nul"], seed: 3 }).inject(data);
    expect(a).toEqual(b);
    expect(a.filter((x) => x !== 0).length).toBe(300);
    expect(a.indexOf(0)).toBe(100);
  });
});
