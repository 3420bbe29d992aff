import { afterEach, describe, expect, it, vi } from "vitest";
import { COMPLETE_RETRY_DELAYS_MS, FluxoRunnerClient, LeaseLostError } from "./client.ts";

const DONE = { exit_code: 0, duration_ms: 5, stdout_tail: "ok", timed_out: false };

/** Answers each fetch with the next scripted reply (a status, or a thrown network error). */
function scriptFetch(replies: (number | "network")[]) {
  const calls: string[] = [];
  const fetchMock = vi.fn(async (url: string) => {
    calls.push(url);
    const reply = replies.shift() ?? 200;
    if (reply === "network") throw new TypeError("fetch failed");
    const body = reply === 200 ? { ok: true } : { error: { code: reply === 409 ? "lease_lost" : "x", message: "m" } };
    return new Response(JSON.stringify(body), { status: reply, headers: { "content-type": "application/json" } });
  });
  vi.stubGlobal("fetch", fetchMock);
  return calls;
}

function client() {
  const waits: number[] = [];
  const c = new FluxoRunnerClient("https://fluxo.test", "fxr_x", {
    sleep: async (ms) => {
      waits.push(ms);
    },
  });
  return { c, waits };
}

afterEach(() => {
  vi.unstubAllGlobals();
});

describe("complete", () => {
  it("retries a lost or failed report until Fluxo hears it, so the command isn't run twice", async () => {
    const calls = scriptFetch(["network", 503, 429, 200]);
    const { c, waits } = client();
    await c.complete("rtk_1", DONE);
    expect(calls).toHaveLength(4);
    expect(calls.every((u) => u === "https://fluxo.test/api/v1/runner/tasks/rtk_1/complete")).toBe(true);
    expect(waits).toEqual(COMPLETE_RETRY_DELAYS_MS.slice(0, 3));
  });

  it("gives up after the last retry with Fluxo's answer", async () => {
    scriptFetch([500, 500, 500, 500, 500, 500]);
    const { c } = client();
    await expect(c.complete("rtk_1", DONE)).rejects.toThrow(/500/);
  });

  it("doesn't retry when the lease is gone or the request is refused", async () => {
    let calls = scriptFetch([409]);
    await expect(client().c.complete("rtk_1", DONE)).rejects.toBeInstanceOf(LeaseLostError);
    expect(calls).toHaveLength(1);
    calls = scriptFetch([400]);
    await expect(client().c.complete("rtk_1", DONE)).rejects.toThrow(/400/);
    expect(calls).toHaveLength(1);
  });
});
