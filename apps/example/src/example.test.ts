import { clearRegistry } from "@patchbay/core/testing";
import { afterEach, describe, expect, it } from "vitest";
import { runExample } from "./example.ts";

describe("the example", () => {
  afterEach(() => clearRegistry());

  it("chooses the plugin with both capabilities, then the default, then reports ambiguity", async () => {
    const text = await runExample();
    expect(text).toContain('-> example-cli: {"hostname":"edge-1","osVersion":"17.9.4","via":"cli-over-ssh"}');
    expect(text).toContain('-> example-api: {"hostname":"edge-1","osVersion":"17.9.4","via":"rest-api"}');
    expect(text).toContain(
      'AmbiguousPluginError: device "edge-1" (192.0.2.10): 2 plugins fit platform "example_os"',
    );
    expect(text).toContain("dropped example-api: lacks example.Commands");
  });
});
