import { describe, expect, it } from "vitest";
import { compileGraph, createRunState, type EngineEffect, reduce, runView, StepOutcome } from "./index";

describe("public API", () => {
  it("runs a workflow the way the shell will: reduce, carry out effects, feed results back", () => {
    const compiled = compileGraph({
      nodes: [
        { id: "fetch", type: "http", name: "Fetch user" },
        { id: "notify", type: "emit_event" },
      ],
      edges: [{ from: "fetch", to: "notify" }],
    });
    let state = createRunState(compiled, { run_id: "run_9", now: 0 });
    let now = 0;
    const queue: EngineEffect[] = [];
    const step = (event: Parameters<typeof reduce>[2]) => {
      const result = reduce(compiled, state, event);
      state = result.state;
      queue.push(...result.effects);
    };
    step({ type: "start", now });
    while (queue.length > 0) {
      const effect = queue.shift();
      if (effect?.type !== "execute_step") continue;
      now += 100;
      // An executor's raw answer is validated before it reaches the reducer.
      const outcome = StepOutcome.parse({ kind: "succeeded", output: { by: effect.idempotency_key } });
      step({ type: "step_outcome", now, node_id: effect.node_id, attempt: effect.attempt, outcome });
    }
    expect(runView(compiled, state)).toMatchObject({
      status: "completed",
      progress: 100,
      started_at: 0,
      completed_at: 200,
    });
  });
});
