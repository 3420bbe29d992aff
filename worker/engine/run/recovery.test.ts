import { describe, expect, it } from "vitest";
import { recoveryEffects } from "./recovery";
import { RunSimulator } from "./simulator";

describe("recoveryEffects", () => {
  const graph = {
    nodes: [
      { id: "a", type: "http" },
      { id: "b", type: "http" },
      { id: "d", type: "delay" },
    ],
    edges: [],
  };

  it("re-executes interrupted attempts with the same idempotency key and re-arms timers", () => {
    const sim = new RunSimulator(graph);
    sim.send({ type: "start" });
    sim.answer({ kind: "wait", wait: { reason: "timer", resume_at: sim.now + 5_000 } }, "d");
    const effects = recoveryEffects(sim.compiled, sim.state);
    expect(effects.filter((e) => e.type === "execute_step")).toEqual([
      { type: "execute_step", node_id: "a", attempt: 1, idempotency_key: "run_1:a:1", timeout_at: sim.now + 120_000 },
      { type: "execute_step", node_id: "b", attempt: 1, idempotency_key: "run_1:b:1", timeout_at: sim.now + 120_000 },
    ]);
    expect(
      effects
        .filter((e) => e.type === "set_timer")
        .map((e) => e.type === "set_timer" && e.timer_id)
        .sort(),
    ).toEqual(["resume:d:1", "run_timeout", "step_timeout:a:1", "step_timeout:b:1"]);
    expect(recoveryEffects(sim.compiled, sim.state)).toEqual(effects);
  });

  it("lets the re-executed attempt's result through like the original", () => {
    const sim = new RunSimulator(graph);
    sim.send({ type: "start" });
    sim.calls.length = 0; // the old instance died with its executors
    for (const effect of recoveryEffects(sim.compiled, sim.state)) {
      if (effect.type === "execute_step") sim.calls.push(effect);
    }
    sim.answer({ kind: "succeeded", output: 1 }, "a");
    expect(sim.state.steps.a?.status).toBe("succeeded");
  });

  it("has nothing to do for a finished run", () => {
    const sim = new RunSimulator(graph);
    sim.send({ type: "start" });
    sim.send({ type: "cancel", by: "ana" });
    expect(recoveryEffects(sim.compiled, sim.state)).toEqual([]);
  });
});
