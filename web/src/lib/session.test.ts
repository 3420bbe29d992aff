import { describe, expect, it, vi } from "vitest";
import { RETRY_REFRESH_MS, refreshDelayMs } from "./session";
import { deferred, fakeSession, tokens } from "./test-support";

describe("refreshDelayMs", () => {
  it("refreshes a minute before a 15-minute token expires", () => {
    expect(refreshDelayMs(900)).toBe(840_000);
  });
  it("keeps a fifth of a short token's life as margin, and never less than a second", () => {
    expect(refreshDelayMs(30)).toBe(24_000);
    expect(refreshDelayMs(1)).toBe(1_000);
  });
});

describe("session store", () => {
  it("restores a session from the refresh cookie and schedules the silent refresh", async () => {
    const { store, pending } = fakeSession(async () => tokens("A"), 5_000);
    expect(store.getState().status).toBe("restoring");
    await store.restore();
    expect(store.getState()).toMatchObject({
      status: "signed_in",
      accessToken: "A",
      expiresAt: 5_000 + 900_000,
      user: { email: "ada@example.com" },
      org: { name: "Acme" },
      role: "owner",
    });
    expect(store.accessToken()).toBe("A");
    expect(pending().map((t) => t.delayMs)).toEqual([840_000]);
  });

  it("is signed out (not expired) when there is no session to restore", async () => {
    const { store } = fakeSession(async () => null);
    await store.restore();
    expect(store.getState()).toEqual({ status: "signed_out", reason: "none" });
    expect(store.accessToken()).toBeNull();
  });

  it("reports the server as unavailable, and restores on retry", async () => {
    const exchange = vi.fn().mockRejectedValueOnce(new Error("offline")).mockResolvedValueOnce(tokens("A"));
    const { store } = fakeSession(exchange);
    await store.restore();
    expect(store.getState()).toMatchObject({ status: "unavailable", error: new Error("offline") });
    const again = store.restore();
    expect(store.getState().status).toBe("restoring");
    await again;
    expect(store.accessToken()).toBe("A");
  });

  it("restores once even when asked twice (StrictMode runs effects twice)", async () => {
    const exchange = vi.fn(async () => tokens("A"));
    const { store } = fakeSession(exchange);
    await Promise.all([store.restore(), store.restore()]);
    expect(exchange).toHaveBeenCalledTimes(1);
  });

  it("makes concurrent refreshes share one call, under the cross-tab lock", async () => {
    const answer = deferred<ReturnType<typeof tokens>>();
    const exchange = vi.fn(() => answer.promise);
    const { store, locks } = fakeSession(exchange);
    store.signIn(tokens("A"));
    const first = store.refresh();
    const second = store.refresh();
    answer.resolve(tokens("B"));
    expect(await Promise.all([first, second])).toEqual(["B", "B"]);
    expect(exchange).toHaveBeenCalledTimes(1);
    expect(locks()).toBe(1);
    // A later refresh is a new call (the cookie has rotated).
    exchange.mockResolvedValueOnce(tokens("C"));
    expect(await store.refresh()).toBe("C");
    expect(exchange).toHaveBeenCalledTimes(2);
  });

  it("ends the session as expired when a refresh is refused", async () => {
    const { store, pending } = fakeSession(async () => null);
    store.signIn(tokens("A"));
    expect(await store.refresh()).toBeNull();
    expect(store.getState()).toEqual({ status: "signed_out", reason: "expired" });
    expect(pending()).toEqual([]);
  });

  it("doesn't let a refresh that was in flight resurrect a session signed out meanwhile", async () => {
    const answer = deferred<ReturnType<typeof tokens>>();
    const { store } = fakeSession(() => answer.promise);
    store.signIn(tokens("A"));
    const refreshing = store.refresh();
    store.signOut("signed_out");
    answer.resolve(tokens("B"));
    expect(await refreshing).toBeNull();
    expect(store.getState()).toEqual({ status: "signed_out", reason: "signed_out" });
  });

  it("refreshes silently when the timer fires, and schedules the next one", async () => {
    const { store, pending } = fakeSession(async () => tokens("B", { role: "viewer" }));
    store.signIn(tokens("A"));
    const [timer] = pending();
    timer?.run();
    await vi.waitFor(() => expect(store.accessToken()).toBe("B"));
    expect(store.getState()).toMatchObject({ role: "viewer" });
    expect(pending()).toHaveLength(1);
  });

  it("keeps the session and retries later when a silent refresh fails", async () => {
    const { store, pending, reports } = fakeSession(async () => {
      throw new Error("offline");
    });
    store.signIn(tokens("A"));
    pending()[0]?.run();
    await vi.waitFor(() => expect(reports).toHaveLength(1));
    expect(store.accessToken()).toBe("A");
    expect(pending().map((t) => t.delayMs)).toEqual([RETRY_REFRESH_MS]);
  });

  it("cancels the silent refresh on sign-out and tells subscribers", () => {
    const { store, pending } = fakeSession(async () => tokens("B"));
    const listener = vi.fn();
    const unsubscribe = store.subscribe(listener);
    store.signIn(tokens("A"));
    store.signOut("signed_out");
    expect(pending()).toEqual([]);
    expect(listener).toHaveBeenCalledTimes(2);
    unsubscribe();
    store.signIn(tokens("C"));
    expect(listener).toHaveBeenCalledTimes(2);
  });

  it("replaces the session on a new sign-in (switching org)", () => {
    const { store, pending } = fakeSession(async () => null);
    store.signIn(tokens("A"));
    store.signIn(tokens("B", { org: { id: "org_2", name: "Beta" }, role: "viewer" }));
    expect(store.getState()).toMatchObject({ accessToken: "B", org: { name: "Beta" }, role: "viewer" });
    expect(pending()).toHaveLength(1);
  });
});
