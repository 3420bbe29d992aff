import { describe, expect, it } from "vitest";
import type { EngineEdge, EngineGraph, EngineNode } from "./graph-view";
import type { StepOutcome } from "./outcomes";
import { edgeState } from "./scheduler";
import { RunSimulator, type UnstampedEvent } from "./simulator";
import { isTerminalRunStatus, isTerminalStepStatus, StepStatus } from "./states";

/** mulberry32: a tiny seeded PRNG so every generated case is reproducible from its seed. */
function prng(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4_294_967_296;
  };
}

function pickFrom<T>(rand: () => number, xs: readonly T[]): T {
  return xs[Math.floor(rand() * xs.length)] as T;
}

const TYPES = [
  "http",
  "http",
  "transform",
  "condition",
  "switch",
  "approval",
  "wait_event",
  "delay",
  "subworkflow",
  "runner",
  "mcp_tool",
];

function randomGraph(rand: () => number): EngineGraph {
  const pick = <T>(xs: readonly T[]): T => pickFrom(rand, xs);
  const n = 2 + Math.floor(rand() * 20);
  const nodes: EngineNode[] = Array.from({ length: n }, (_, i) => ({
    id: `n${i}`,
    type: pick(TYPES),
    ...(rand() < 0.3 ? { join: "any" as const } : {}),
    ...(rand() < 0.4
      ? {
          retry: {
            max_attempts: 1 + Math.floor(rand() * 3),
            backoff: pick(["fixed", "exponential"] as const),
            base_delay_ms: 500,
          },
        }
      : {}),
    ...(rand() < 0.5 ? { phase: pick(["a", "b", "c"]) } : {}),
    timeout_ms: 10_000 + Math.floor(rand() * 50_000),
  }));
  const edges: EngineEdge[] = [];
  for (let j = 1; j < n; j++) {
    for (let i = 0; i < j; i++) {
      if (rand() > (i === j - 1 ? 0.6 : 0.15)) continue;
      const source = nodes[i] as EngineNode;
      const when =
        source.type === "condition"
          ? pick(["true", "false"])
          : source.type === "switch"
            ? pick(["x", "y", "default"])
            : null;
      edges.push({ from: source.id, to: `n${j}`, when });
    }
  }
  return { nodes, edges, settings: { run_timeout_ms: 5_000_000 } };
}

function randomOutcome(rand: () => number, type: string, now: number, approved: boolean): StepOutcome | null {
  const r = rand();
  if (r < 0.02) return null; // hangs: the step deadline must catch it
  if (r < 0.07) return { kind: "failed", error: { code: "boom", message_human: "Boom", retryable: rand() < 0.7 } };
  switch (type) {
    case "condition":
      return { kind: "succeeded", output: rand() < 0.05 ? { result: "?" } : { result: rand() < 0.5 } };
    case "switch":
      return { kind: "succeeded", output: { value: ["x", "y", "z"][Math.floor(rand() * 3)] } };
    case "delay":
      return { kind: "wait", wait: { reason: "timer", resume_at: now + Math.floor(rand() * 5_000) } };
    case "approval":
      return {
        kind: "wait",
        wait: {
          reason: "approval",
          ...(rand() < 0.5 ? { timeout_at: now + 20_000, on_timeout: "approve" as const } : {}),
        },
      };
    case "wait_event":
      return {
        kind: "wait",
        wait: {
          reason: "event",
          event_name: "go",
          ...(rand() < 0.5 ? { timeout_at: now + 20_000, on_timeout: "continue" as const } : {}),
        },
      };
    case "subworkflow":
      return { kind: "wait", wait: { reason: "child", child_run_id: `child_${now}` } };
    case "runner":
      return {
        kind: "wait",
        wait: {
          reason: "external",
          external: { kind: "runner", task_id: `task_${now}` },
          ...(rand() < 0.3 ? { timeout_at: now + 20_000 } : {}),
        },
      };
    case "mcp_tool":
      // A policy ASK: the gate's approval re-executes the step, which then calls the tool.
      return approved || rand() < 0.5
        ? { kind: "succeeded", output: { tool: true } }
        : { kind: "wait", wait: { reason: "approval", on_approve: { kind: "execute" } } };
    default:
      return { kind: "succeeded", output: { v: rand() } };
  }
}

/** Events that resolve whatever the run is waiting on from outside (people, signals, child runs). */
function externalEvents(sim: RunSimulator, rand: () => number): UnstampedEvent[] {
  const events: UnstampedEvent[] = [];
  for (const [id, step] of Object.entries(sim.state.steps)) {
    if (step.status !== "waiting" || !step.wait) continue;
    if (step.wait.reason === "approval") {
      events.push({
        type: "approval_decided",
        node_id: id,
        decision: rand() < 0.9 ? "approved" : "rejected",
        by: "ana",
      });
    } else if (step.wait.reason === "event") {
      events.push({ type: "signal_received", event_name: "go", payload: { id } });
    } else if (step.wait.reason === "child") {
      const status = rand() < 0.9 ? "completed" : "failed";
      events.push({ type: "child_finished", node_id: id, child_run_id: step.wait.child_run_id, status });
    } else if (step.wait.reason === "external") {
      const outcome =
        rand() < 0.8
          ? ({ kind: "succeeded", output: { exit_code: 0 } } as const)
          : ({ kind: "failed", error: { code: "runner_lost", message_human: "Lost", retryable: true } } as const);
      events.push({
        type: "external_result",
        node_id: id,
        attempt: step.attempt,
        task_id: step.wait.external.task_id,
        outcome,
      });
    }
  }
  return events;
}

function checkInvariants(sim: RunSimulator): void {
  const counts = Object.fromEntries(StepStatus.options.map((s) => [s, 0]));
  for (const step of Object.values(sim.state.steps)) counts[step.status] = (counts[step.status] ?? 0) + 1;
  expect(sim.state.counts).toEqual(counts);
  for (const [id, step] of Object.entries(sim.state.steps)) {
    const active = step.status === "running" || step.status === "waiting" || step.retry_at !== undefined;
    expect(id in sim.state.active).toBe(active);
  }
}

describe("random DAGs (property)", () => {
  it("always terminate with every step terminal and a terminal run status", () => {
    const outcomes = { completed: 0, failed: 0, canceled: 0 };
    for (let seed = 1; seed <= 50; seed++) {
      const rand = prng(seed);
      const graph = randomGraph(rand);
      const options =
        rand() < 0.2
          ? { mock_data: { n0: { result: true, value: "x" } } }
          : rand() < 0.2
            ? { until_step: `n${graph.nodes.length - 1}` }
            : {};
      const sim = new RunSimulator(graph, { now: 0, options, random: rand });
      const sent: UnstampedEvent[] = [];
      const send = (event: UnstampedEvent) => {
        sent.push(event);
        sim.send(event);
        checkInvariants(sim);
      };
      send({ type: "start" });
      for (let i = 0; i < 5_000 && !isTerminalRunStatus(sim.state.status); i++) {
        const r = rand();
        if (r < 0.05 && sent.length > 0) {
          // At-least-once delivery: replay an old event; it must change nothing harmful.
          send(pickFrom(rand, sent));
        } else if (r < 0.08) {
          send({ type: sim.state.status === "paused" ? "resume" : "pause", by: "ops" });
        } else if (r < 0.085) {
          send({ type: "cancel", by: "ops" });
        } else if (sim.calls.length > 0) {
          // Executors normally answer before their deadline; hung calls are dropped and time out.
          const call = sim.calls.splice(Math.floor(rand() * sim.calls.length), 1)[0];
          const type = sim.compiled.nodes.get(call?.node_id ?? "")?.node.type ?? "";
          const approved = sim.state.steps[call?.node_id ?? ""]?.approved_by !== undefined;
          const outcome = call && randomOutcome(rand, type, sim.now, approved);
          if (call && outcome) send({ type: "step_outcome", node_id: call.node_id, attempt: call.attempt, outcome });
        } else {
          const external = externalEvents(sim, rand);
          const onlyRunDeadline = sim.timers.size === 1 && sim.timers.has("run_timeout");
          if (external.length > 0 && (onlyRunDeadline || rand() < 0.5)) {
            send(pickFrom(rand, external));
          } else if (sim.state.status === "paused") send({ type: "resume", by: "ops" });
          else if (sim.fireNextTimer()) checkInvariants(sim);
        }
      }

      const { state } = sim;
      expect(isTerminalRunStatus(state.status), `seed ${seed}: run ended ${state.status}`).toBe(true);
      expect(
        Object.values(state.steps).every((s) => isTerminalStepStatus(s.status)),
        `seed ${seed}`,
      ).toBe(true);
      expect(state.timers).toEqual({});
      expect(state.ready).toEqual([]);
      expect(state.active).toEqual({});
      expect(sim.effects.filter((e) => e.type === "run_finished")).toHaveLength(1);
      outcomes[state.status as keyof typeof outcomes] += 1;

      for (const node of graph.nodes) {
        // Distinct attempts: an approved gate executes its attempt a second time.
        const attempts = new Set(sim.executed.filter((c) => c.node_id === node.id).map((c) => c.attempt)).size;
        expect(attempts, `seed ${seed}: ${node.id} attempts`).toBeLessThanOrEqual(node.retry?.max_attempts ?? 1);
      }
      if (state.status === "completed") {
        expect(state.progress).toBe(100);
        for (const id of sim.compiled.order) {
          const node = sim.compiled.nodes.get(id);
          const step = state.steps[id];
          if (!node || !step || node.incoming.length === 0) continue;
          const live = node.incoming.filter((e) => edgeState(e, state.steps[e.from] ?? step) === "live").length;
          // A step ran only if an input was live; a branch-skipped step had every input dead.
          if (step.status === "succeeded" && !step.mocked) expect(live, `seed ${seed}: ${id}`).toBeGreaterThan(0);
          if (step.skip_reason === "branch_not_taken") expect(live, `seed ${seed}: ${id}`).toBe(0);
        }
      }
    }
    // The generator must exercise every ending, or the property says little.
    expect(outcomes.completed).toBeGreaterThan(5);
    expect(outcomes.failed).toBeGreaterThan(5);
    expect(outcomes.canceled).toBeGreaterThan(0);
  });
});

describe("RunSimulator", () => {
  it("mirrors timers and answers calls in order", () => {
    const sim = new RunSimulator({ nodes: [{ id: "a", type: "http" }], edges: [] });
    sim.send({ type: "start" });
    expect([...sim.timers.keys()].sort()).toEqual(["run_timeout", "step_timeout:a:1"]);
    expect(() => sim.answer({ kind: "succeeded", output: 1 }, "zz")).toThrow("no pending call for zz");
    sim.answer({ kind: "succeeded", output: 1 });
    expect(sim.timers.size).toBe(0);
    expect(sim.fireNextTimer()).toBe(false);
  });
});
