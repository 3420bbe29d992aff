/**
 * A fake of the Hetzner Cloud API (`/v1/…`, bearer auth, errors as `{ error: { code, message } }`): create a
 * server (`201 { server, action, next_actions, root_password }`), read it while it boots
 * (`initializing` → `starting` → `running` after a number of reads), list servers.
 *
 * Seed (`POST <url>/t/<world>/__seed`): `{ running_after_polls?, server_types?, locations? }`.
 */
import { asArray, asRecord, bearerToken, type FakeCall, type FakeReply, startFakeServer } from "./index";

/** The API token the fake accepts by default. */
export const FAKE_HETZNER_TOKEN = "hcloud-fake-token-0123456789abcdefghijklmnopqrstuvwxyz";

/** A server as the fake keeps it. */
export interface HetznerServer {
  id: number;
  name: string;
  status: "initializing" | "starting" | "running";
  server_type: string;
  image: string;
  location: string;
  user_data: string | null;
  labels: Record<string, string>;
  ssh_keys: unknown[];
  ipv4: string;
  ipv6: string;
  /** GET /servers/:id calls so far. */
  polls: number;
}

export interface HetznerState {
  servers: HetznerServer[];
  running_after_polls: number;
  server_types: string[];
  locations: string[];
  next_id: number;
}

function error(status: number, code: string, message: string, details: unknown = {}): FakeReply {
  return { status, json: { error: { code, message, details } } };
}

function serverJson(server: HetznerServer) {
  return {
    id: server.id,
    name: server.name,
    status: server.status,
    created: "2026-01-01T00:00:00+00:00",
    public_net: {
      ipv4: { id: server.id * 10, ip: server.ipv4, blocked: false, dns_ptr: `static.${server.ipv4}.clients.example` },
      ipv6: { id: server.id * 10 + 1, ip: server.ipv6, blocked: false, dns_ptr: [] },
      floating_ips: [],
      firewalls: [],
    },
    server_type: { name: server.server_type, cores: 2, memory: 4, disk: 40 },
    datacenter: { name: `${server.location}-dc14`, location: { name: server.location } },
    image: { name: server.image, type: "system" },
    labels: server.labels,
    locked: false,
  };
}

function create(state: HetznerState, input: unknown): FakeReply {
  const body = asRecord(input);
  const name = body.name;
  if (typeof name !== "string" || !/^[A-Za-z0-9][A-Za-z0-9.-]{0,62}$/.test(name)) {
    return error(422, "invalid_input", "invalid input in field 'name'", {
      fields: [{ name: "name", messages: ["invalid"] }],
    });
  }
  if (typeof body.server_type !== "string" || !state.server_types.includes(body.server_type)) {
    return error(422, "invalid_input", "server type not found", {
      fields: [{ name: "server_type", messages: ["not found"] }],
    });
  }
  if (typeof body.image !== "string" || body.image === "") return error(422, "invalid_input", "image is required");
  const location = typeof body.location === "string" ? body.location : (state.locations[0] ?? "fsn1");
  if (!state.locations.includes(location)) return error(422, "invalid_input", "location not found");
  if (state.servers.some((s) => s.name === name)) return error(409, "uniqueness_error", "server name is already used");
  state.next_id += 1;
  const id = 4_200_000 + state.next_id;
  const sshKeys = asArray(body.ssh_keys);
  const server: HetznerServer = {
    id,
    name,
    status: "initializing",
    server_type: body.server_type,
    image: body.image,
    location,
    user_data: typeof body.user_data === "string" ? body.user_data : null,
    labels: asRecord(body.labels) as Record<string, string>,
    ssh_keys: sshKeys,
    ipv4: `203.0.113.${state.next_id}`,
    ipv6: `2001:db8:${state.next_id.toString(16)}::/64`,
    polls: 0,
  };
  state.servers.push(server);
  return {
    status: 201,
    json: {
      server: serverJson(server),
      action: { id: id * 100, command: "create_server", status: "running", progress: 0, error: null },
      next_actions: [{ id: id * 100 + 1, command: "start_server", status: "running", progress: 0, error: null }],
      // Hetzner returns a root password only when no SSH key was given.
      root_password: sshKeys.length === 0 ? "FakeRootPassw0rd-DoNotShow" : null,
    },
  };
}

function route(call: FakeCall<HetznerState>, tokens: ReadonlySet<string>): FakeReply | null {
  const token = bearerToken(call.headers);
  if (token === null || !tokens.has(token)) return error(401, "unauthorized", "unable to authenticate");
  const { state } = call.world;
  if (call.path === "/v1/servers" && call.method === "POST") return create(state, call.body);
  if (call.path === "/v1/servers" && call.method === "GET") {
    return { status: 200, json: { servers: state.servers.map(serverJson), meta: { pagination: { page: 1 } } } };
  }
  const one = /^\/v1\/servers\/(\d+)$/.exec(call.path);
  if (one && call.method === "GET") {
    const server = state.servers.find((s) => s.id === Number(one[1]));
    if (!server) return error(404, "not_found", "server not found");
    server.polls += 1;
    if (server.polls >= state.running_after_polls) server.status = "running";
    else if (server.polls > 0) server.status = "starting";
    return { status: 200, json: { server: serverJson(server) } };
  }
  return null;
}

function seed(world: { state: HetznerState }, body: unknown): void {
  const spec = asRecord(body);
  if (typeof spec.running_after_polls === "number") world.state.running_after_polls = spec.running_after_polls;
  if (spec.server_types) world.state.server_types = asArray(spec.server_types).map(String);
  if (spec.locations) world.state.locations = asArray(spec.locations).map(String);
}

/**
 * Starts the fake on 127.0.0.1.
 * @example
 * const hetzner = await startFakeHetzner();
 * // runbook input: { api_base: `${hetzner.url}/t/${key}/v1`, … }
 */
export async function startFakeHetzner(options: { tokens?: readonly string[] } = {}) {
  const tokens = new Set(options.tokens ?? [FAKE_HETZNER_TOKEN]);
  return startFakeServer<HetznerState>({
    initialState: () => ({
      servers: [],
      running_after_polls: 3,
      server_types: ["cx22", "cx32", "cpx21", "cax11"],
      locations: ["fsn1", "nbg1", "hel1", "ash"],
      next_id: 0,
    }),
    seed,
    handle: (call) => route(call, tokens),
  });
}
