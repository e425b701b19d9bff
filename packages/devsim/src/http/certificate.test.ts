import { createPrivateKey, X509Certificate } from "node:crypto";
import { describe, expect, it } from "vitest";
import { createSelfSignedCertificate, defaultCertificate } from "./certificate.ts";

describe("createSelfSignedCertificate", () => {
  it("makes a CA certificate for localhost, 127.0.0.1 and ::1 that verifies with its own key", () => {
    const c = createSelfSignedCertificate();
    const x = new X509Certificate(c.certPem);
    expect(x.ca).toBe(true);
    expect(x.subject).toBe("CN=patchbay-devsim");
    expect(x.checkHost("localhost")).toBe("localhost");
    expect(x.checkIP("127.0.0.1")).toBe("127.0.0.1");
    expect(x.checkIP("::1")).toBe("::1");
    expect(x.checkIP("10.0.0.1")).toBeUndefined();
    expect(x.verify(x.publicKey)).toBe(true);
    expect(x.checkPrivateKey(createPrivateKey(c.keyPem))).toBe(true);
    expect(x.fingerprint256).toBe(c.fingerprint256);
    expect(new Date(x.validTo).getTime()).toBeGreaterThan(Date.now() + 365 * 86_400_000);
  });

  it("names other hosts in the subjectAltName and encodes long IPv6 forms", () => {
    const x = new X509Certificate(createSelfSignedCertificate(["sim.example", "fe80::1:2"], "r1").certPem);
    expect(x.subject).toBe("CN=r1");
    expect(x.checkHost("sim.example")).toBe("sim.example");
    expect(x.checkIP("fe80::1:2")).toBe("fe80::1:2");
  });

  it("makes the default certificate once per process", () => {
    expect(defaultCertificate()).toBe(defaultCertificate());
  });
});
