import { describe, expect, it } from "vitest";
import { checkDestinationUrl } from "./destination-url";

const production = { APP_ENV: "production", ALLOW_LOOPBACK_TARGETS: "false" };
const localDev = { APP_ENV: "development", ALLOW_LOOPBACK_TARGETS: "true" };

describe("checkDestinationUrl", () => {
  it("accepts public https URLs", async () => {
    expect(await checkDestinationUrl(production, "https://hooks.example.com/fluxo")).toEqual({
      ok: true,
      url: "https://hooks.example.com/fluxo",
    });
  });

  it("requires https outside local development", async () => {
    const verdict = await checkDestinationUrl(production, "http://hooks.example.com/fluxo");
    expect(verdict).toMatchObject({ ok: false, message: expect.stringContaining("https://") });
  });

  it("allows plain http to a local receiver only when loopback targets are allowed", async () => {
    expect((await checkDestinationUrl(localDev, "http://127.0.0.1:9000/hook")).ok).toBe(true);
    expect((await checkDestinationUrl(production, "http://127.0.0.1:9000/hook")).ok).toBe(false);
    // Production ignores the loopback switch altogether.
    expect(
      (await checkDestinationUrl({ APP_ENV: "production", ALLOW_LOOPBACK_TARGETS: "true" }, "https://127.0.0.1/")).ok,
    ).toBe(false);
  });

  it("refuses what the network policy blocks, with its message", async () => {
    for (const url of ["https://169.254.169.254/", "https://10.1.2.3/", "ftp://example.com/"]) {
      const verdict = await checkDestinationUrl(localDev, url);
      expect(verdict.ok).toBe(false);
      if (!verdict.ok) expect(verdict.message).toMatch(/^Blocked/);
    }
    for (const url of ["https://localhost/", "https://[::1]/"]) {
      const verdict = await checkDestinationUrl(production, url);
      expect(verdict.ok).toBe(false);
      if (!verdict.ok) expect(verdict.message).toMatch(/^Blocked/);
    }
  });
});
