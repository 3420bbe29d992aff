/**
 * A fake of Portainer's API (`/api/…`, `X-API-Key` auth, errors as `{ message, details }`) with the Docker
 * Engine API proxied under `/api/endpoints/:id/docker/…`: endpoints, containers and their logs, stacks (swarm
 * create from a string, update), the swarm, and services/tasks whose replicas come up after a number of polls.
 *
 * Seed (`POST <url>/t/<world>/__seed`): `{ endpoints?: [{ Id, Name }], containers?: [{ endpoint_id, Id, name,
 * Image, State, Status, logs? }], healthy_after_polls? }`. Compose files are read line by line: service names
 * under `services:` and `replicas: N` (default 1).
 */
import { asArray, asRecord, type FakeCall, type FakeReply, matchPath, startFakeServer } from "./index";

/** The API key the fake accepts by default. */
export const FAKE_PORTAINER_API_KEY = "ptr_fake0123456789abcdefABCDEF";

/** A container of an endpoint, as seeded. */
export interface PortainerContainer {
  endpoint_id: number;
  Id: string;
  name: string;
  Image: string;
  State: string;
  Status: string;
  /** Log lines (stdout and stderr interleaved). */
  logs: string[];
}

/** A stack as Portainer stores it. */
export interface PortainerStack {
  Id: number;
  Name: string;
  Type: 1;
  EndpointId: number;
  SwarmId: string;
  Env: { name: string; value: string }[];
  StackFileContent: string;
  Status: 1;
  UpdateCount: number;
  Prune: boolean;
}

/** A swarm service of a stack, with how many times it has been polled since the last deploy. */
export interface PortainerService {
  ID: string;
  stack: string;
  name: string;
  replicas: number;
  image: string;
  polls: number;
}

export interface PortainerState {
  endpoints: { Id: number; Name: string }[];
  containers: PortainerContainer[];
  stacks: PortainerStack[];
  services: PortainerService[];
  /** Service list calls after a deploy before its tasks run (models a rollout taking time). */
  healthy_after_polls: number;
  next_id: number;
}

const SWARM_ID = "swarm0fake0cluster0id0000001";

function error(status: number, message: string, details = message): FakeReply {
  return { status, json: { message, details } };
}

/** Service names and replica counts of a compose file (enough YAML for tests). */
export function composeServices(compose: string): { name: string; replicas: number; image: string }[] {
  const services: { name: string; replicas: number; image: string }[] = [];
  let inServices = false;
  for (const line of compose.split(/\r?\n/)) {
    if (/^\S/.test(line)) inServices = /^services:\s*$/.test(line);
    if (!inServices) continue;
    const name = /^ {2}([A-Za-z0-9_.-]+):\s*$/.exec(line);
    const current = services.at(-1);
    if (name?.[1]) services.push({ name: name[1], replicas: 1, image: "" });
    else if (current) {
      const replicas = /^\s+replicas:\s*(\d+)/.exec(line);
      const image = /^\s+image:\s*(\S+)/.exec(line);
      if (replicas?.[1]) current.replicas = Number(replicas[1]);
      if (image?.[1]) current.image = image[1];
    }
  }
  return services;
}

function deploy(state: PortainerState, stack: PortainerStack): void {
  state.services = state.services.filter((s) => s.stack !== stack.Name);
  for (const service of composeServices(stack.StackFileContent)) {
    state.next_id += 1;
    state.services.push({
      ID: `svc${state.next_id}`,
      stack: stack.Name,
      name: `${stack.Name}_${service.name}`,
      replicas: service.replicas,
      image: service.image,
      polls: 0,
    });
  }
}

function running(state: PortainerState, service: PortainerService): number {
  return service.polls >= state.healthy_after_polls ? service.replicas : 0;
}

/** Docker's `filters` query: `{"label":["com.docker.stack.namespace=web"]}`. */
function stackFilter(query: URLSearchParams): string | null {
  const raw = query.get("filters");
  if (!raw) return null;
  const labels = asArray(asRecord(JSON.parse(raw)).label).map(String);
  const namespace = labels.find((l) => l.startsWith("com.docker.stack.namespace="));
  return namespace ? namespace.slice("com.docker.stack.namespace=".length) : null;
}

function serviceJson(state: PortainerState, service: PortainerService, withStatus: boolean) {
  return {
    ID: service.ID,
    Spec: {
      Name: service.name,
      Labels: { "com.docker.stack.namespace": service.stack },
      TaskTemplate: { ContainerSpec: { Image: service.image } },
      Mode: { Replicated: { Replicas: service.replicas } },
    },
    ...(withStatus
      ? { ServiceStatus: { RunningTasks: running(state, service), DesiredTasks: service.replicas, CompletedTasks: 0 } }
      : {}),
  };
}

function docker(call: FakeCall<PortainerState>, endpointId: number, rest: string): FakeReply | null {
  const { state } = call.world;
  if (rest === "/containers/json" && call.method === "GET") {
    const all = call.query.get("all") === "1" || call.query.get("all") === "true";
    const list = state.containers.filter((c) => c.endpoint_id === endpointId && (all || c.State === "running"));
    return {
      status: 200,
      json: list.map((c) => ({ Id: c.Id, Names: [`/${c.name}`], Image: c.Image, State: c.State, Status: c.Status })),
    };
  }
  const logs = matchPath("/containers/:id/logs", rest);
  if (logs && call.method === "GET") {
    const container = state.containers.find((c) => c.endpoint_id === endpointId && c.Id.startsWith(logs.id ?? "-"));
    if (!container) return { status: 404, json: { message: `No such container: ${logs.id}` } };
    const tail = call.query.get("tail");
    const lines = tail && tail !== "all" ? container.logs.slice(-Number(tail)) : container.logs;
    // A TTY container's log is plain text (non-TTY streams are framed binary; see the runbook).
    return { status: 200, text: lines.map((l) => `${l}\n`).join("") };
  }
  if (rest === "/swarm" && call.method === "GET") {
    return { status: 200, json: { ID: SWARM_ID, CreatedAt: "2026-01-01T00:00:00Z", Spec: { Name: "default" } } };
  }
  if (rest === "/services" && call.method === "GET") {
    const stack = stackFilter(call.query);
    const list = state.services.filter((s) => stack === null || s.stack === stack);
    for (const service of list) service.polls += 1;
    const withStatus = call.query.get("status") === "true" || call.query.get("status") === "1";
    return { status: 200, json: list.map((s) => serviceJson(state, s, withStatus)) };
  }
  if (rest === "/tasks" && call.method === "GET") {
    const stack = stackFilter(call.query);
    const tasks = state.services
      .filter((s) => stack === null || s.stack === stack)
      .flatMap((s) =>
        Array.from({ length: s.replicas }, (_, slot) => ({
          ID: `${s.ID}.${slot + 1}`,
          ServiceID: s.ID,
          Slot: slot + 1,
          DesiredState: "running",
          Status: { State: slot < running(state, s) ? "running" : "preparing" },
        })),
      );
    return { status: 200, json: tasks };
  }
  return null;
}

function stacks(call: FakeCall<PortainerState>): FakeReply | null {
  const { state } = call.world;
  if (call.path === "/api/stacks" && call.method === "GET") return { status: 200, json: state.stacks };
  if (call.path === "/api/stacks/create/swarm/string" && call.method === "POST") {
    const body = asRecord(call.body);
    const endpointId = Number(call.query.get("endpointId"));
    if (!state.endpoints.some((e) => e.Id === endpointId)) return error(404, "Unable to find an environment");
    if (typeof body.name !== "string" || typeof body.stackFileContent !== "string" || body.swarmID !== SWARM_ID) {
      return error(400, "Invalid request payload", "name, swarmID and stackFileContent are required");
    }
    if (state.stacks.some((s) => s.Name === body.name))
      return error(409, `A stack with the name '${body.name}' already exists`);
    state.next_id += 1;
    const stack: PortainerStack = {
      Id: state.next_id,
      Name: body.name,
      Type: 1,
      EndpointId: endpointId,
      SwarmId: SWARM_ID,
      Env: asArray(body.env) as PortainerStack["Env"],
      StackFileContent: body.stackFileContent,
      Status: 1,
      UpdateCount: 0,
      Prune: false,
    };
    state.stacks.push(stack);
    deploy(state, stack);
    return { status: 200, json: stack };
  }
  const update = matchPath("/api/stacks/:id", call.path);
  if (update && call.method === "PUT") {
    const stack = state.stacks.find((s) => s.Id === Number(update.id));
    if (!stack) return error(404, "Unable to find a stack with the specified identifier inside the database");
    const body = asRecord(call.body);
    if (typeof body.stackFileContent !== "string")
      return error(400, "Invalid request payload", "Invalid stack file content");
    stack.StackFileContent = body.stackFileContent;
    stack.Env = asArray(body.env) as PortainerStack["Env"];
    stack.Prune = body.prune === true;
    stack.UpdateCount += 1;
    deploy(state, stack);
    return { status: 200, json: stack };
  }
  return null;
}

function route(call: FakeCall<PortainerState>, keys: ReadonlySet<string>): FakeReply | null {
  if (!keys.has(call.headers["x-api-key"] ?? "")) return error(401, "Unauthorized", "A valid API key is required");
  const { state } = call.world;
  if (call.path === "/api/endpoints" && call.method === "GET") {
    return {
      status: 200,
      json: state.endpoints.map((e) => ({ ...e, Type: 2, Status: 1, URL: "tcp://tasks.agent:9001" })),
    };
  }
  const proxied = /^\/api\/endpoints\/(\d+)\/docker(\/.*)$/.exec(call.path);
  if (proxied) {
    const endpointId = Number(proxied[1]);
    if (!state.endpoints.some((e) => e.Id === endpointId)) {
      return error(404, "Unable to find an environment with the specified identifier inside the database");
    }
    return docker(call, endpointId, proxied[2] ?? "");
  }
  return stacks(call);
}

function seed(world: { state: PortainerState }, body: unknown): void {
  const spec = asRecord(body);
  const { state } = world;
  if (spec.endpoints)
    state.endpoints = asArray(spec.endpoints).map((e) => asRecord(e) as PortainerState["endpoints"][number]);
  if (spec.containers) {
    state.containers = asArray(spec.containers).map((c) => {
      const item = asRecord(c);
      return { ...(item as unknown as PortainerContainer), logs: asArray(item.logs).map(String) };
    });
  }
  if (typeof spec.healthy_after_polls === "number") state.healthy_after_polls = spec.healthy_after_polls;
}

/**
 * Starts the fake on 127.0.0.1 with one endpoint (`1`, "local") in every new world.
 * @example
 * const portainer = await startFakePortainer();
 * // runbook input: { portainer_url: `${portainer.url}/t/${key}`, … }
 */
export async function startFakePortainer(options: { apiKeys?: readonly string[] } = {}) {
  const keys = new Set(options.apiKeys ?? [FAKE_PORTAINER_API_KEY]);
  return startFakeServer<PortainerState>({
    initialState: () => ({
      endpoints: [{ Id: 1, Name: "local" }],
      containers: [],
      stacks: [],
      services: [],
      healthy_after_polls: 2,
      next_id: 0,
    }),
    seed,
    handle: (call) => route(call, keys),
  });
}
