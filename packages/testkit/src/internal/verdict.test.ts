import { AuthenticationError, DisconnectedError, HostKeyMismatchError, TimeoutError } from "@patchbay/core";
import { describe, expect, it } from "vitest";
import { type Outcome, problems } from "./verdict.ts";

const cell = (error: unknown, stage: Outcome["stage"] = "operation", settled = true): Outcome => ({
  operation: "Commands.runCommands",
  settled,
  error,
  stage: error === undefined && settled ? "none" : stage,
});

describe("the fault matrix verdict", () => {
  it("accepts a success or a typed error with the partial output for the output faults", () => {
    const timeout = new TimeoutError("late", { partialOutput: "Router uptime" });
    const dropped = new DisconnectedError("gone", { partialOutput: "" });
    expect(problems([cell(undefined), cell(timeout), cell(dropped)], "stall", "ssh")).toEqual([]);
  });

  it("reports a hang, an untyped error and a timeout without the partial output", () => {
    const found = problems(
      [cell(undefined, "operation", false), cell(new Error("boom")), cell(new TimeoutError("late"))],
      "drop",
      "ssh",
    );
    expect(found).toEqual([
      "Commands.runCommands: did not settle (hang) in the operation stage",
      "Commands.runCommands: untyped error in the operation stage: Error: boom",
      "Commands.runCommands: TIMEOUT without the partial output received",
    ]);
  });

  it("requires the fault's own code for refused authentication and a changed host key", () => {
    expect(problems([cell(new AuthenticationError("no"), "connect")], "authRefused", "ssh")).toEqual([]);
    expect(problems([cell(undefined)], "authRefused", "ssh")).toEqual([
      "Commands.runCommands: succeeded although authRefused should have failed it",
    ]);
    expect(problems([cell(new HostKeyMismatchError("changed"), "connect")], "hostKeyChanged", "ssh")).toEqual(
      [],
    );
    const wrong = problems(
      [cell(new TimeoutError("late", { partialOutput: "" }), "connect")],
      "hostKeyChanged",
      "ssh",
    );
    expect(wrong).toEqual(["Commands.runCommands: TIMEOUT instead of HOST_KEY_MISMATCH over SSH"]);
  });
});
