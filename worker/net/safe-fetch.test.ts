import { afterAll, beforeAll, beforeEach, describe, expect, it } from "vitest";
import { FetchFailedError, NetworkPolicyError } from "./errors";
import type { NetworkPolicy } from "./policy";
import { type FetchLike, safeFetch } from "./safe-fetch";
import { startTestServer, type TestServer } from "./test-server";

// Every request in this file goes to 127.0.0.1 only; `recordingFetch` proves it.
let server: TestServer;
let other: TestServer; // a second origin (another port) for cross-origin redirects
let sent: string[];

const recordingFetch: FetchLike = (input, init) => {
  sent.push(input);
  if (!input.startsWith("http://127.0.0.1:")) throw new Error(`test tried to reach ${input}`);
  return fetch(input, init);
};

const local: NetworkPolicy = { allowLoopback: true };

beforeAll(async () => {
  [server, other] = await Promise.all([startTestServer(), startTestServer()]);
});
afterAll(async () => {
  await Promise.all([server.close(), other.close()]);
});
beforeEach(() => {
  sent = [];
  server.requests.length = 0;
  other.requests.length = 0;
});

async function failure(promise: Promise<unknown>): Promise<NetworkPolicyError | FetchFailedError> {
  const err = await promise.then(
    () => new Error("expected safeFetch to fail"),
    (e: unknown) => e,
  );
  if (err instanceof NetworkPolicyError || err instanceof FetchFailedError) return err;
  throw err;
}

const redirectTo = (to: string, status = 302) =>
  `${server.origin}/redirect?status=${status}&to=${encodeURIComponent(to)}`;

describe("safeFetch against a local server", () => {
  it("returns status, headers, body and helpers for a normal 200", async () => {
    const res = await safeFetch(`${server.origin}/ok`, { policy: local }); // the platform fetch by default
    expect(res).toMatchObject({ status: 200, ok: true, url: `${server.origin}/ok`, redirects: 0 });
    expect(res.headers.get("x-served-by")).toBe("test-server");
    expect(res.text()).toBe("hello");
    const json = await safeFetch(new URL(`${server.origin}/json`), { policy: local, fetchImpl: recordingFetch });
    expect(json.status).toBe(201);
    expect(json.json()).toEqual({ hello: "world" });
  });

  it("refuses the same server when loopback is not allowed, before sending anything", async () => {
    const err = await failure(
      safeFetch(`${server.origin}/ok`, { policy: { allowLoopback: false }, fetchImpl: recordingFetch }),
    );
    expect(err).toBeInstanceOf(NetworkPolicyError);
    expect(err).toMatchObject({ code: "network_blocked", reason: "loopback", retryable: false });
    expect(err.message).toMatch(/^Blocked: 127\.0\.0\.1 is a loopback address/);
    expect(sent).toEqual([]);
    expect(server.requests).toEqual([]);
  });

  it.each([
    ["http://169.254.169.254/latest/meta-data/", "metadata", /169\.254\.169\.254 is a cloud metadata address/],
    ["http://[::ffff:10.0.0.1]/", "private", /::ffff:a00:1 is a private network address \(it embeds .* 10\.0\.0\.1\)/],
    ["file:///etc/passwd", "scheme", /file: URLs are not allowed/],
  ])("refuses a redirect to %s and never sends the second hop", async (target, blockedBy, message) => {
    const err = await failure(safeFetch(redirectTo(target), { policy: local, fetchImpl: recordingFetch }));
    expect(err).toBeInstanceOf(NetworkPolicyError);
    expect(err).toMatchObject({ code: "network_blocked", reason: "redirect_blocked", retryable: false });
    expect((err as NetworkPolicyError).details.redirect).toEqual({ hop: 1, blockedBy });
    expect(err.message).toMatch(/^Blocked redirect \(hop 1\): /);
    expect(err.message).toMatch(message);
    expect(sent).toHaveLength(1);
  });

  it("follows relative redirects, re-checking each hop, and reports the final URL", async () => {
    const res = await safeFetch(`${server.origin}/chain?n=3`, { policy: local, fetchImpl: recordingFetch });
    expect(res).toMatchObject({ status: 200, url: `${server.origin}/ok`, redirects: 3 });
    expect(res.text()).toBe("hello");
  });

  it("stops a redirect loop after maxRedirects", async () => {
    const err = await failure(
      safeFetch(`${server.origin}/loop`, { policy: { ...local, maxRedirects: 3 }, fetchImpl: recordingFetch }),
    );
    expect(err).toMatchObject({ code: "too_many_redirects", retryable: false });
    expect(err.message).toMatch(/^Too many redirects: stopped after 3 \(last hop: 127\.0\.0\.1:\d+\)$/);
    expect(server.requests).toHaveLength(4);
  });

  it("returns a redirect status without a Location as the response", async () => {
    const res = await safeFetch(`${server.origin}/redirect?status=302`, { policy: local, fetchImpl: recordingFetch });
    expect(res).toMatchObject({ status: 302, ok: false, redirects: 0 });
  });

  it("refuses a Location that is not a URL", async () => {
    const err = await failure(safeFetch(redirectTo("http://[::1"), { policy: local, fetchImpl: recordingFetch }));
    expect(err).toMatchObject({ reason: "redirect_blocked", details: { redirect: { blockedBy: "invalid_url" } } });
  });

  it("applies the allowlist to the first URL and to redirects", async () => {
    const onlyExample = { ...local, allowedDomains: ["*.example.com"] };
    const first = await failure(safeFetch(`${server.origin}/ok`, { policy: onlyExample, fetchImpl: recordingFetch }));
    expect(first).toMatchObject({ reason: "not_allowlisted" });
    const allowServer = { ...local, allowedDomains: ["127.0.0.1"] };
    const hop = await failure(
      safeFetch(redirectTo("http://1.1.1.1/"), { policy: allowServer, fetchImpl: recordingFetch }),
    );
    expect(hop).toMatchObject({ reason: "redirect_blocked", details: { redirect: { blockedBy: "not_allowlisted" } } });
    expect(sent).toHaveLength(1);
  });
});

describe("redirect request rewriting", () => {
  it("turns a POST into a body-less GET on 303", async () => {
    const res = await safeFetch(redirectTo("/echo", 303), {
      policy: local,
      fetchImpl: recordingFetch,
      method: "POST",
      headers: { "content-type": "application/json" },
      body: JSON.stringify({ secret: "payload" }),
    });
    const echo = res.json() as { method: string; body: string; headers: Record<string, string> };
    expect(echo).toMatchObject({ method: "GET", body: "" });
    expect(echo.headers["content-type"]).toBeUndefined();
  });

  it("keeps method and body on a same-origin 307", async () => {
    const res = await safeFetch(redirectTo("/echo", 307), {
      policy: local,
      fetchImpl: recordingFetch,
      method: "POST",
      body: "event-body",
    });
    expect(res.json()).toMatchObject({ method: "POST", body: "event-body" });
  });

  it("refuses to carry a body to another origin on 307", async () => {
    const err = await failure(
      safeFetch(redirectTo(`${other.origin}/echo`, 307), {
        policy: local,
        fetchImpl: recordingFetch,
        method: "POST",
        body: "signed-event",
      }),
    );
    expect(err).toMatchObject({ reason: "redirect_blocked", retryable: false });
    expect(err.message).toMatch(/redirected a POST with a body to another origin/);
    expect(other.requests).toEqual([]);
  });

  it("drops credentials and signatures on a cross-origin redirect, keeps them on the same origin", async () => {
    const headers = {
      authorization: "Bearer s3cret",
      cookie: "sid=1",
      "x-fluxo-signature": "v1=abc",
      "x-api-key": "k",
      "x-acme-pin": "1234",
      accept: "application/json",
      "x-correlation-id": "corr-1",
    };
    const init = { policy: local, fetchImpl: recordingFetch, headers, sensitiveHeaders: ["X-Acme-Pin"] };
    const cross = (await safeFetch(redirectTo(`${other.origin}/echo`), init)).json() as {
      headers: Record<string, string>;
    };
    for (const name of ["authorization", "cookie", "x-fluxo-signature", "x-api-key", "x-acme-pin"]) {
      expect(cross.headers[name]).toBeUndefined();
    }
    expect(cross.headers).toMatchObject({ accept: "application/json", "x-correlation-id": "corr-1" });

    const same = (await safeFetch(redirectTo("/echo"), init)).json() as { headers: Record<string, string> };
    expect(same.headers).toMatchObject({ authorization: "Bearer s3cret", "x-fluxo-signature": "v1=abc" });
  });
});

describe("limits", () => {
  it("times out a server that never answers, as a retryable failure", async () => {
    const err = await failure(
      safeFetch(`${server.origin}/slow`, { policy: { ...local, timeoutMs: 300 }, fetchImpl: recordingFetch }),
    );
    expect(err).toBeInstanceOf(FetchFailedError);
    expect(err).toMatchObject({ code: "timeout", retryable: true });
    expect(err.message).toBe(`Request to 127.0.0.1:${server.port} timed out after 0.3 s`);
  });

  it("applies the connect (headers) timeout per hop", async () => {
    const policy = { ...local, timeoutMs: 10_000, connectTimeoutMs: 200 };
    const err = await failure(safeFetch(`${server.origin}/slow`, { policy, fetchImpl: recordingFetch }));
    expect(err).toMatchObject({ code: "timeout", retryable: true });
    expect(err.message).toMatch(/did not respond within 0\.2 s/);
  });

  it("times out a body that stops arriving", async () => {
    const policy = { ...local, timeoutMs: 300 };
    const err = await failure(safeFetch(`${server.origin}/stall-body`, { policy, fetchImpl: recordingFetch }));
    expect(err).toMatchObject({ code: "timeout", retryable: true });
  });

  it("bounds a resolver that never answers by the total timeout", async () => {
    const policy: NetworkPolicy = { allowLoopback: false, timeoutMs: 200, resolver: () => new Promise(() => {}) };
    const err = await failure(safeFetch("https://hang.example.com/", { policy, fetchImpl: recordingFetch }));
    expect(err).toMatchObject({ code: "timeout", retryable: true });
    expect(sent).toEqual([]);
  });

  it("aborts a 20 MB streamed body past the 10 MiB cap", async () => {
    const err = await failure(safeFetch(`${server.origin}/big`, { policy: local, fetchImpl: recordingFetch }));
    expect(err).toMatchObject({ code: "response_too_large", retryable: false });
    expect(err.message).toMatch(/exceeded the 10 MiB limit; download stopped/);
  });

  it("rejects early when Content-Length announces too much", async () => {
    const err = await failure(safeFetch(`${server.origin}/big-declared`, { policy: local, fetchImpl: recordingFetch }));
    expect(err).toMatchObject({ code: "response_too_large", retryable: false });
    expect(err.message).toMatch(/is 20 MiB, over the 10 MiB limit/);
  });

  it("does not refuse a HEAD whose Content-Length describes a large body", async () => {
    const res = await safeFetch(`${server.origin}/big-declared`, {
      policy: local,
      fetchImpl: recordingFetch,
      method: "HEAD",
    });
    expect(res).toMatchObject({ status: 200, body: new Uint8Array(0) });
    expect(res.headers.get("content-length")).toBe(String(20 * 1024 * 1024));
  });

  it("counts the bytes that arrive, not a lying Content-Length", async () => {
    const lying: FetchLike = async (input, init) => {
      const real = await recordingFetch(input, init);
      return new Response(real.body, { status: 200, headers: { "content-length": "1024" } });
    };
    const err = await failure(safeFetch(`${server.origin}/big`, { policy: local, fetchImpl: lying }));
    expect(err).toMatchObject({ code: "response_too_large" });
  });

  it("honours a smaller per-call cap", async () => {
    const err = await failure(
      safeFetch(`${server.origin}/ok`, { policy: { ...local, maxResponseBytes: 3 }, fetchImpl: recordingFetch }),
    );
    expect(err.message).toMatch(/3 bytes limit/);
  });
});

describe("failures", () => {
  it("reports a refused connection as a retryable network error", async () => {
    const gone = await startTestServer();
    await gone.close();
    const err = await failure(safeFetch(`${gone.origin}/ok`, { policy: local, fetchImpl: recordingFetch }));
    expect(err).toMatchObject({ code: "network_error", retryable: true });
    expect(err.message).toMatch(new RegExp(`^Could not reach 127\\.0\\.0\\.1:${gone.port}: `));
  });

  it("stops when the caller cancels, without retrying", async () => {
    const controller = new AbortController();
    controller.abort();
    const err = await failure(
      safeFetch(`${server.origin}/ok`, { policy: local, fetchImpl: recordingFetch, signal: controller.signal }),
    );
    expect(err).toMatchObject({ code: "aborted", retryable: false });
    expect(server.requests).toEqual([]);
  });

  it("refuses an unparsable URL without a request", async () => {
    const err = await failure(safeFetch("http://exa mple.com/", { policy: local, fetchImpl: recordingFetch }));
    expect(err).toMatchObject({ reason: "invalid_url" });
    expect(sent).toEqual([]);
  });
});
