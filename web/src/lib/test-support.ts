/** Fakes for the session's outside world (timers, the refresh call), shared by the lib's unit tests. */
import type { TokenResponse } from "../../../worker/contracts/auth";
import { createSessionStore, type SessionDeps, type SessionStore } from "./session";

/** A token response as the API sends it. */
export function tokens(accessToken: string, overrides: Partial<TokenResponse> = {}): TokenResponse {
  return {
    access_token: accessToken,
    token_type: "Bearer",
    expires_in: 900,
    user: { id: "usr_1", email: "ada@example.com", name: "Ada" },
    org: { id: "org_1", name: "Acme" },
    role: "owner",
    ...overrides,
  };
}

/** A promise the test settles by hand. */
export function deferred<T>() {
  let resolve!: (value: T) => void;
  let reject!: (reason: unknown) => void;
  const promise = new Promise<T>((res, rej) => {
    resolve = res;
    reject = rej;
  });
  return { promise, resolve, reject };
}

/** A timer the test fires by hand (`run`); `cleared` once fired or canceled. */
export interface FakeTimer {
  run: () => void;
  delayMs: number;
  cleared: boolean;
}

/** A session store with fake timers, lock and clock; `exchange` stands in for `POST /auth/refresh`. */
export function fakeSession(exchange: SessionDeps["exchange"], now = 1_000_000) {
  const timers: FakeTimer[] = [];
  const reports: string[] = [];
  let locks = 0;
  const store: SessionStore = createSessionStore({
    exchange,
    now: () => now,
    setTimer: (run, delayMs) => {
      // Firing uses the timer up, like a real one.
      const timer: FakeTimer = {
        run: () => {
          timer.cleared = true;
          run();
        },
        delayMs,
        cleared: false,
      };
      timers.push(timer);
      return timer;
    },
    clearTimer: (handle) => {
      (handle as FakeTimer).cleared = true;
    },
    withLock: (task) => {
      locks += 1;
      return task();
    },
    report: (message) => reports.push(message),
  });
  return {
    store,
    timers,
    reports,
    /** The timers still armed. */
    pending: () => timers.filter((t) => !t.cleared),
    locks: () => locks,
  };
}
