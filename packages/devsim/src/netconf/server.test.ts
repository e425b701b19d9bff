import { afterEach, beforeEach, describe, expect, it, vi } from "vitest";
import { DeviceState } from "../state.ts";
import { NetconfServer, type SessionHandle } from "./server.ts";
import { el, leaf, NC_NS, type XmlElement } from "./xml.ts";

const SYS = "urn:ietf:params:xml:ns:yang:ietf-system";

function fakeSession(
  server: NetconfServer,
  events: XmlElement[] = [],
): SessionHandle & { terminated: boolean } {
  const s = {
    id: server.nextSessionId(),
    username: "admin",
    sourceHost: "127.0.0.1",
    loginTime: new Date(),
    counters: { inRpcs: 0, inBadRpcs: 0, outRpcErrors: 0, outNotifications: 0 },
    terminated: false,
    notify: (event: XmlElement) => {
      events.push(event);
    },
    terminate: (): void => {
      s.terminated = true;
      server.unregister(s);
    },
  };
  server.register(s);
  return s;
}

function withHostname(server: NetconfServer, name: string): XmlElement {
  const copy = server.copyOf("running");
  const system = copy.children.find((c) => c.name === "system")!;
  system.children = [leaf("hostname", SYS, name)];
  return copy;
}

describe("NetconfServer confirmed commit", () => {
  let state: DeviceState;
  let server: NetconfServer;
  beforeEach(() => {
    vi.useFakeTimers();
    state = new DeviceState("cisco_iosxe", "R1", "hostname R1\n");
    server = new NetconfServer(state);
  });
  afterEach(() => {
    server.close();
    vi.useRealTimers();
  });

  it("rolls running and the device state back when the timeout passes", () => {
    const events: XmlElement[] = [];
    const s = fakeSession(server, events);
    server.writeCandidate(withHostname(server, "TRY"), s.id);
    server.commit(s, { confirmed: true, timeoutSec: 30 });
    expect(state.hostname).toBe("TRY");
    vi.advanceTimersByTime(29_999);
    expect(state.hostname).toBe("TRY");
    vi.advanceTimersByTime(1);
    expect(state.hostname).toBe("R1");
    expect(server.confirmPending).toBe(false);
    const last = events.at(-1)!;
    expect(last.name).toBe("netconf-confirmed-commit");
    expect(last.children.find((c) => c.name === "confirm-event")?.text).toBe("timeout");
  });

  it("a follow-up confirmed commit restarts the timer and keeps the first rollback point", () => {
    const s = fakeSession(server);
    server.writeCandidate(withHostname(server, "A"), s.id);
    server.commit(s, { confirmed: true, timeoutSec: 10 });
    vi.advanceTimersByTime(9_000);
    server.writeCandidate(withHostname(server, "B"), s.id);
    server.commit(s, { confirmed: true, timeoutSec: 10 });
    vi.advanceTimersByTime(9_000);
    expect(state.hostname).toBe("B");
    vi.advanceTimersByTime(1_000);
    expect(state.hostname).toBe("R1");
  });

  it("waits out confirm-timeouts longer than a timer can hold instead of firing at once", () => {
    const s = fakeSession(server);
    server.writeCandidate(withHostname(server, "LONG"), s.id);
    server.commit(s, { confirmed: true, timeoutSec: 4294967295 });
    vi.advanceTimersByTime(24 * 86_400_000);
    expect(state.hostname).toBe("LONG");
  });

  it("clears the confirm timer and ends the sessions on close", () => {
    const s = fakeSession(server);
    server.writeCandidate(withHostname(server, "A"), s.id);
    server.commit(s, { confirmed: true, timeoutSec: 600 });
    expect(vi.getTimerCount()).toBe(1);
    server.close();
    expect(vi.getTimerCount()).toBe(0);
    expect(s.terminated).toBe(true);
    expect(server.sessions).toEqual([]);
  });
});

describe("NetconfServer datastores", () => {
  it("follows CLI changes in running and keeps XML-only subtrees", () => {
    const state = new DeviceState("cisco_iosxe", "R1", "hostname R1\ninterface Gi1\n description a\n");
    const server = new NetconfServer(state);
    const s = fakeSession(server);
    const next = server.copyOf("running");
    next.children.push(el("extra", "urn:x", [leaf("k", "urn:x", "v")]));
    server.writeRunning(next, { sessionId: s.id, username: "admin", sourceHost: "h" }, undefined);
    state.set(["interface Gi1"], "description b");
    const running = server.read("running");
    expect(running.children.some((c) => c.name === "extra")).toBe(true);
    const iface = running.children.find((c) => c.name === "interfaces")!.children[0]!;
    expect(iface.children.find((c) => c.name === "description")?.text).toBe("b");
    server.close();
  });

  it("keeps the candidate equal to running until it is edited", () => {
    const state = new DeviceState("cisco_iosxe", "R1", "hostname R1\n");
    const server = new NetconfServer(state);
    state.setHostname("R2");
    expect(server.read("candidate")).toBe(server.read("running"));
    const s = fakeSession(server);
    server.writeCandidate(withHostname(server, "C"), s.id);
    state.setHostname("R3");
    const candidate = server.read("candidate");
    expect(candidate.children.find((c) => c.name === "system")?.children[0]?.text).toBe("C");
    expect(candidate.name).toBe("data");
    expect(candidate.ns).toBe(NC_NS);
    server.close();
  });
});
