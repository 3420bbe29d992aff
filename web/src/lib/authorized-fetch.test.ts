import { describe, expect, it, vi } from "vitest";
import { createAuthorizedFetch, type Fetch } from "./authorized-fetch";
import { deferred, fakeSession, tokens } from "./test-support";

function errorResponse(status: number, code: string): Response {
  return new Response(JSON.stringify({ error: { code, message: code, request_id: "req_1" } }), {
    status,
    headers: { "Content-Type": "application/json" },
  });
}

/** A server that accepts only `valid` tokens and answers 401 token_expired for the others. */
function server(valid: Set<string>) {
  const calls: { auth: string | null; body: unknown }[] = [];
  const fetch: Fetch = async (_input, init) => {
    const auth = new Headers(init?.headers).get("Authorization");
    calls.push({ auth, body: init?.body });
    if (auth && valid.has(auth.replace("Bearer ", ""))) return new Response("{}", { status: 200 });
    return errorResponse(401, "token_expired");
  };
  return { fetch, calls };
}

describe("createAuthorizedFetch", () => {
  it("sends the session's access token, same-origin", async () => {
    const { store } = fakeSession(async () => null);
    store.signIn(tokens("A"));
    const base = vi.fn<Fetch>(async () => new Response("{}"));
    await createAuthorizedFetch(store, base)("/api/v1/me");
    const init = base.mock.calls[0]?.[1];
    expect(new Headers(init?.headers).get("Authorization")).toBe("Bearer A");
    expect(init?.credentials).toBe("same-origin");
  });

  it("sends no token when signed out, and leaves a 401 alone", async () => {
    const exchange = vi.fn(async () => tokens("B"));
    const { store } = fakeSession(exchange);
    store.signOut("none");
    const { fetch, calls } = server(new Set(["B"]));
    const res = await createAuthorizedFetch(store, fetch)("/api/v1/me");
    expect(res.status).toBe(401);
    expect(calls).toEqual([{ auth: null, body: undefined }]);
    expect(exchange).not.toHaveBeenCalled();
  });

  it("refreshes on 401 token_expired and retries the call, body included", async () => {
    const { store } = fakeSession(async () => tokens("B"));
    store.signIn(tokens("A"));
    const { fetch, calls } = server(new Set(["B"]));
    const res = await createAuthorizedFetch(store, fetch)("/api/v1/api-keys", {
      method: "POST",
      body: '{"name":"ci"}',
    });
    expect(res.status).toBe(200);
    expect(calls).toEqual([
      { auth: "Bearer A", body: '{"name":"ci"}' },
      { auth: "Bearer B", body: '{"name":"ci"}' },
    ]);
    expect(store.accessToken()).toBe("B");
  });

  it("makes concurrent expired calls share one refresh (a refresh token works once)", async () => {
    const answer = deferred<ReturnType<typeof tokens>>();
    const exchange = vi.fn(() => answer.promise);
    const { store } = fakeSession(exchange);
    store.signIn(tokens("A"));
    const { fetch } = server(new Set(["B"]));
    const authorized = createAuthorizedFetch(store, fetch);
    const calls = Promise.all([authorized("/a"), authorized("/b"), authorized("/c")]);
    await vi.waitFor(() => expect(exchange).toHaveBeenCalledTimes(1));
    answer.resolve(tokens("B"));
    expect((await calls).map((r) => r.status)).toEqual([200, 200, 200]);
    expect(exchange).toHaveBeenCalledTimes(1);
  });

  it("retries with a token another call already refreshed, without refreshing again", async () => {
    const exchange = vi.fn(async () => tokens("C"));
    const { store } = fakeSession(exchange);
    store.signIn(tokens("A"));
    const slow = deferred<Response>();
    const fetch: Fetch = async (_input, init) => {
      const auth = new Headers(init?.headers).get("Authorization");
      if (auth === "Bearer A") return slow.promise;
      return new Response("{}", { status: 200 });
    };
    const pending = createAuthorizedFetch(store, fetch)("/slow");
    store.signIn(tokens("B")); // e.g. a refresh by another call finished meanwhile
    slow.resolve(errorResponse(401, "token_expired"));
    expect((await pending).status).toBe(200);
    expect(exchange).not.toHaveBeenCalled();
  });

  it("returns the 401 and ends the session when the refresh is refused", async () => {
    const { store } = fakeSession(async () => null);
    store.signIn(tokens("A"));
    const { fetch, calls } = server(new Set());
    const res = await createAuthorizedFetch(store, fetch)("/api/v1/me");
    expect(res.status).toBe(401);
    expect(((await res.json()) as { error: { code: string } }).error.code).toBe("token_expired");
    expect(calls).toHaveLength(1);
    expect(store.getState()).toEqual({ status: "signed_out", reason: "expired" });
  });

  it("ends the session on 401 invalid_token (e.g. removed from the org), without retrying", async () => {
    const exchange = vi.fn(async () => tokens("B"));
    const { store } = fakeSession(exchange);
    store.signIn(tokens("A"));
    const base = vi.fn<Fetch>(async () => errorResponse(401, "invalid_token"));
    const res = await createAuthorizedFetch(store, base)("/api/v1/members");
    expect(res.status).toBe(401);
    expect(base).toHaveBeenCalledTimes(1);
    expect(exchange).not.toHaveBeenCalled();
    expect(store.getState()).toEqual({ status: "signed_out", reason: "expired" });
  });

  it("leaves the session alone for other 401s, like a wrong password", async () => {
    const { store } = fakeSession(async () => null);
    store.signIn(tokens("A"));
    const base = vi.fn<Fetch>(async () => errorResponse(401, "invalid_credentials"));
    const res = await createAuthorizedFetch(store, base)("/api/v1/auth/accept-invite");
    expect(res.status).toBe(401);
    expect(store.accessToken()).toBe("A");
  });

  it("passes a caller's own Authorization through untouched", async () => {
    const exchange = vi.fn(async () => tokens("B"));
    const { store } = fakeSession(exchange);
    store.signIn(tokens("A"));
    const base = vi.fn<Fetch>(async () => errorResponse(401, "token_expired"));
    const res = await createAuthorizedFetch(store, base)("/api/v1/me", { headers: { Authorization: "Bearer fx_key" } });
    expect(res.status).toBe(401);
    expect(new Headers(base.mock.calls[0]?.[1]?.headers).get("Authorization")).toBe("Bearer fx_key");
    expect(exchange).not.toHaveBeenCalled();
    expect(store.accessToken()).toBe("A");
  });
});
