import { describe, expect, it } from "vitest";
import {
  type ConnectionAction,
  type ConnectionState,
  connectionLabel,
  connectionStep,
  INITIAL_CONNECTION,
  needsSafetyPoll,
  reconnectDelayMs,
  socketUrl,
} from "./socket-connection";

/** Runs actions in order and collects every effect. */
function run(actions: ConnectionAction[], from: ConnectionState = INITIAL_CONNECTION) {
  let state = from;
  const effects = [];
  for (const action of actions) {
    const next = connectionStep(state, action);
    state = next.state;
    effects.push(...next.effects);
  }
  return { state, effects };
}

describe("connectionStep", () => {
  it("connects on start and is live once the socket opens", () => {
    const { state, effects } = run([{ type: "start" }, { type: "opened" }]);
    expect(state.status).toBe("live");
    expect(effects).toEqual([{ type: "connect" }]);
    expect(connectionLabel(state)).toBe("Live");
  });

  it("reconnects after a drop with growing waits (1 s, 2 s, 5 s…), each time with a new connect", () => {
    const { state, effects } = run([
      { type: "start" },
      { type: "opened" },
      { type: "dropped" },
      { type: "retry_due" },
      { type: "dropped" },
      { type: "retry_due" },
      { type: "dropped" },
      { type: "retry_due" },
      { type: "dropped" },
    ]);
    expect(effects).toEqual([
      { type: "connect" },
      { type: "retry_in", delayMs: 1_000 },
      { type: "connect" },
      { type: "retry_in", delayMs: 2_000 },
      { type: "connect" },
      { type: "retry_in", delayMs: 5_000 },
      { type: "connect" },
      { type: "retry_in", delayMs: 10_000 },
    ]);
    expect(state.status).toBe("backoff");
    expect(connectionLabel(state)).toBe("Reconnecting…");
  });

  it("starts the backoff over once a reconnect succeeds", () => {
    const { effects } = run([
      { type: "start" },
      { type: "dropped" },
      { type: "retry_due" },
      { type: "dropped" },
      { type: "retry_due" },
      { type: "opened" },
      { type: "dropped" },
    ]);
    expect(effects.filter((e) => e.type === "retry_in")).toEqual([
      { type: "retry_in", delayMs: 1_000 },
      { type: "retry_in", delayMs: 2_000 },
      { type: "retry_in", delayMs: 1_000 },
    ]);
  });

  it("schedules one retry when a socket reports both error and close", () => {
    const { effects } = run([{ type: "start" }, { type: "opened" }, { type: "dropped" }, { type: "dropped" }]);
    expect(effects.filter((e) => e.type === "retry_in")).toHaveLength(1);
  });

  it("says Reconnecting… (not Connecting…) while retrying after a drop, and Live again after", () => {
    let { state } = run([{ type: "start" }]);
    expect(connectionLabel(state)).toBe("Connecting…");
    state = run([{ type: "opened" }, { type: "dropped" }, { type: "retry_due" }], state).state;
    expect(state.status).toBe("connecting");
    expect(connectionLabel(state)).toBe("Reconnecting…");
    state = run([{ type: "opened" }], state).state;
    expect(connectionLabel(state)).toBe("Live");
  });

  it("gives up when the server refuses the ticket, and never retries by itself", () => {
    const { state, effects } = run([
      { type: "start" },
      { type: "refused" },
      { type: "dropped" },
      { type: "retry_due" },
    ]);
    expect(state.status).toBe("unavailable");
    expect(effects).toEqual([{ type: "connect" }, { type: "close" }]);
    expect(connectionLabel(state)).toBe("Live updates unavailable");
  });

  it("closes on stop and ignores the socket's late events", () => {
    const { state, effects } = run([
      { type: "start" },
      { type: "opened" },
      { type: "stop" },
      { type: "dropped" },
      { type: "opened" },
      { type: "retry_due" },
    ]);
    expect(state.status).toBe("stopped");
    expect(effects).toEqual([{ type: "connect" }, { type: "close" }]);
    expect(connectionLabel(state)).toBeNull();
  });

  it("cancels a scheduled retry on stop, and can start again afterwards", () => {
    const stopped = run([{ type: "start" }, { type: "dropped" }, { type: "stop" }]);
    expect(stopped.effects.at(-1)).toEqual({ type: "close" });
    const again = run([{ type: "start" }], stopped.state);
    expect(again.state).toEqual({ status: "connecting", failures: 0, interrupted: false });
    expect(again.effects).toEqual([{ type: "connect" }]);
  });

  it("ignores a second start while connecting or live", () => {
    expect(run([{ type: "start" }, { type: "start" }]).effects).toEqual([{ type: "connect" }]);
    expect(run([{ type: "start" }, { type: "opened" }, { type: "start" }]).state.status).toBe("live");
  });
});

describe("needsSafetyPoll", () => {
  it("polls while events may be missed, not while live or after the page stopped listening", () => {
    expect(needsSafetyPoll(run([{ type: "start" }]).state)).toBe(true);
    expect(needsSafetyPoll(run([{ type: "start" }, { type: "dropped" }]).state)).toBe(true);
    expect(needsSafetyPoll(run([{ type: "start" }, { type: "refused" }]).state)).toBe(true);
    expect(needsSafetyPoll(run([{ type: "start" }, { type: "opened" }]).state)).toBe(false);
    expect(needsSafetyPoll(run([{ type: "start" }, { type: "stop" }]).state)).toBe(false);
    expect(needsSafetyPoll(INITIAL_CONNECTION)).toBe(false);
  });
});

describe("reconnectDelayMs", () => {
  it("caps the wait at 15 s", () => {
    expect([0, 1, 2, 3, 4, 5, 50].map(reconnectDelayMs)).toEqual([1_000, 2_000, 5_000, 10_000, 15_000, 15_000, 15_000]);
    expect(reconnectDelayMs(-1)).toBe(1_000);
  });
});

describe("socketUrl", () => {
  it("uses wss on https pages and escapes the ticket", () => {
    expect(socketUrl({ protocol: "https:", host: "fluxo.dev" }, "/api/v1/runs/run_1/ws", "a+b/c")).toBe(
      "wss://fluxo.dev/api/v1/runs/run_1/ws?ticket=a%2Bb%2Fc",
    );
    expect(socketUrl({ protocol: "http:", host: "127.0.0.1:8787" }, "/api/v1/feed/ws", "t")).toBe(
      "ws://127.0.0.1:8787/api/v1/feed/ws?ticket=t",
    );
  });
});
