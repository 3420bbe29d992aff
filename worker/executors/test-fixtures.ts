// Test-only: step inputs, an expression context and recording fake services for executor tests.
import type { NodeConfigInput, NodeType } from "../contracts/node-types";
import { WorkflowNode } from "../contracts/workflow";
import type { ExpressionContext } from "../engine/expressions";
import type {
  ExecutorServices,
  NodeOf,
  PublishEventRequest,
  PutArtifactRequest,
  StartChildRunRequest,
  StepInput,
} from "./types";

/** 2026-01-15T10:30:00.000Z */
export const NOW = Date.UTC(2026, 0, 15, 10, 30);

export function testContext(overrides: Partial<ExpressionContext> = {}): ExpressionContext {
  return {
    input: { user_id: 42, name: "Ada", amount: 250, kind: "b", items: [{ price: 5 }, { price: 15 }] },
    steps: { get_user: { output: { name: "Ada Lovelace", email: "ada@example.com" }, status: "succeeded" } },
    run: {
      id: "run_1",
      workflow_id: "wf_1",
      version: 3,
      correlation_id: "corr_1",
      started_at: "2026-01-15T10:00:00.000Z",
      trigger: { type: "manual" },
    },
    vars: { env: "test", q: "search" },
    ...overrides,
  };
}

/** A node parsed by the real contract (defaults applied), typed by its type. */
export function testNode<T extends NodeType>(
  type: T,
  config: NodeConfigInput<T>,
  extra: { id?: string; name?: string } = {},
): NodeOf<T> {
  return WorkflowNode.parse({
    id: extra.id ?? "step_a",
    type,
    config,
    ...(extra.name ? { name: extra.name } : {}),
  }) as NodeOf<T>;
}

export function testInput<N extends WorkflowNode>(
  node: N,
  overrides: Partial<Omit<StepInput<N>, "node">> = {},
): StepInput<N> {
  return {
    run: { id: "run_1", workflow_id: "wf_1", version: 3, org_id: "org_1", correlation_id: "corr_1", dry_run: false },
    node,
    attempt: 1,
    idempotencyKey: `run_1:${node.id}:1`,
    context: testContext(),
    now: NOW,
    deadline: NOW + 120_000,
    ...overrides,
  };
}

/** What the fake services were asked to do. */
export interface ServiceCalls {
  fetch: { url: string; init: unknown }[];
  childRuns: StartChildRunRequest[];
  events: PublishEventRequest[];
  artifacts: PutArtifactRequest[];
}

/**
 * Services that record every call. `fetch` fails the test unless overridden; `startChildRun` dedupes on the
 * idempotency key like the real one must.
 */
export function fakeServices(overrides: Partial<ExecutorServices> = {}): {
  services: ExecutorServices;
  calls: ServiceCalls;
} {
  const calls: ServiceCalls = { fetch: [], childRuns: [], events: [], artifacts: [] };
  const children = new Map<string, string>();
  const services: ExecutorServices = {
    fetch: async (url, init) => {
      calls.fetch.push({ url, init });
      throw new Error(`unexpected fetch of ${url}`);
    },
    startChildRun: async (request) => {
      calls.childRuns.push(request);
      const existing = children.get(request.idempotency_key);
      if (existing) return { child_run_id: existing };
      const id = `run_child_${children.size + 1}`;
      children.set(request.idempotency_key, id);
      return { child_run_id: id };
    },
    publishEvent: async (request) => {
      calls.events.push(request);
    },
    putArtifact: async (request) => {
      calls.artifacts.push(request);
      const size =
        typeof request.body === "string" ? new TextEncoder().encode(request.body).byteLength : request.body.byteLength;
      return { key: `artifacts/${request.run_id}/${request.name}`, size };
    },
    ...overrides,
  };
  return { services, calls };
}
