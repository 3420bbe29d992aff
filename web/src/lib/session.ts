/**
 * The browser session as a small store: the access token lives only here, in memory (never in
 * localStorage or sessionStorage); the refresh token is an HttpOnly cookie the browser sends to
 * `/api/v1/auth/refresh`. The store restores a session on start, refreshes silently before the
 * access token expires, and makes every concurrent refresh share one call: each refresh token works
 * once, and spending it twice makes the server revoke the whole session.
 */
import type { TokenResponse } from "../../../worker/contracts/auth";
import type { Role } from "../../../worker/contracts/roles";

/** Why nobody is signed in: never was (or the cookie is gone), signed out on purpose, or the session ended. */
export type SignedOutReason = "none" | "signed_out" | "expired";

/** Who is signed in and where: the parts of a token response the UI shows. */
export interface SessionInfo {
  user: { id: string; email: string; name: string };
  org: { id: string; name: string };
  role: Role;
}

/** The session's state; React reads it with `useSyncExternalStore`. */
export type SessionState =
  | { status: "restoring" }
  | { status: "unavailable"; error: unknown }
  | { status: "signed_out"; reason: SignedOutReason }
  | ({ status: "signed_in"; accessToken: string; expiresAt: number } & SessionInfo);

/** What the store needs from the outside world; tests pass fakes. */
export interface SessionDeps {
  /** `POST /api/v1/auth/refresh`: new tokens, or null when there is no valid session. Throws on other failures. */
  exchange: () => Promise<TokenResponse | null>;
  now: () => number;
  setTimer: (run: () => void, delayMs: number) => unknown;
  clearTimer: (handle: unknown) => void;
  /** Runs `task` under a lock every tab shares (Web Locks), so two tabs never spend one refresh token. */
  withLock: <T>(task: () => Promise<T>) => Promise<T>;
  /** Where failures that have no screen to show them on are reported. */
  report: (message: string, error: unknown) => void;
}

/** The session store's API. */
export interface SessionStore {
  getState(): SessionState;
  subscribe(listener: () => void): () => void;
  /** The current access token, or null when signed out. */
  accessToken(): string | null;
  /** Restores the session from the refresh cookie; call once on start, or again after `unavailable`. */
  restore(): Promise<void>;
  /** Adopts tokens from login, register, accepting an invite or switching org. */
  signIn(tokens: TokenResponse): void;
  /** Exchanges the refresh cookie for a new access token; concurrent callers share one call. Null when signed out. */
  refresh(): Promise<string | null>;
  /** Forgets the session locally (the caller revokes it on the server first when signing out). */
  signOut(reason: SignedOutReason): void;
}

/** After a failed silent refresh (e.g. offline), try again this much later. */
export const RETRY_REFRESH_MS = 30_000;

/**
 * How long to wait before refreshing a token that lives `expiresInSeconds`: a minute early, or a
 * fifth of its life for short-lived tokens, so a slow network never lets it lapse.
 * @example refreshDelayMs(900) // 840_000
 */
export function refreshDelayMs(expiresInSeconds: number): number {
  const margin = Math.min(60, expiresInSeconds * 0.2);
  return Math.max(1_000, Math.round((expiresInSeconds - margin) * 1000));
}

/** Creates the store. The app has one (see `api.ts`); tests make their own with fake deps. */
export function createSessionStore(deps: SessionDeps): SessionStore {
  let state: SessionState = { status: "restoring" };
  const listeners = new Set<() => void>();
  let inflight: Promise<string | null> | null = null;
  let restoring: Promise<void> | null = null;
  let timer: unknown = null;
  // Bumped whenever the session is replaced or ended, so a refresh that started before doesn't resurrect it.
  let epoch = 0;

  function setState(next: SessionState): void {
    state = next;
    for (const listener of listeners) listener();
  }

  function cancelTimer(): void {
    if (timer !== null) deps.clearTimer(timer);
    timer = null;
  }

  function schedule(delayMs: number): void {
    cancelTimer();
    timer = deps.setTimer(() => {
      timer = null;
      refresh().catch((err: unknown) => {
        deps.report("silent token refresh failed; retrying", err);
        if (state.status === "signed_in") schedule(RETRY_REFRESH_MS);
      });
    }, delayMs);
  }

  function adopt(tokens: TokenResponse): void {
    setState({
      status: "signed_in",
      accessToken: tokens.access_token,
      expiresAt: deps.now() + tokens.expires_in * 1000,
      user: tokens.user,
      org: tokens.org,
      role: tokens.role,
    });
    schedule(refreshDelayMs(tokens.expires_in));
  }

  function signOut(reason: SignedOutReason): void {
    epoch += 1;
    cancelTimer();
    setState({ status: "signed_out", reason });
  }

  function refresh(): Promise<string | null> {
    if (inflight) return inflight;
    const started = epoch;
    const call = deps
      .withLock(() => deps.exchange())
      .then((tokens) => {
        if (epoch !== started) return accessToken();
        if (!tokens) {
          signOut(state.status === "signed_in" ? "expired" : "none");
          return null;
        }
        adopt(tokens);
        return tokens.access_token;
      })
      .finally(() => {
        if (inflight === call) inflight = null;
      });
    inflight = call;
    return call;
  }

  function accessToken(): string | null {
    return state.status === "signed_in" ? state.accessToken : null;
  }

  return {
    getState: () => state,
    subscribe(listener) {
      listeners.add(listener);
      return () => listeners.delete(listener);
    },
    accessToken,
    restore() {
      if (restoring && state.status !== "unavailable") return restoring;
      if (state.status === "unavailable") setState({ status: "restoring" });
      restoring = refresh().then(
        () => undefined,
        (err: unknown) => {
          if (state.status === "restoring") setState({ status: "unavailable", error: err });
        },
      );
      return restoring;
    },
    signIn(tokens) {
      epoch += 1;
      adopt(tokens);
    },
    refresh,
    signOut,
  };
}
