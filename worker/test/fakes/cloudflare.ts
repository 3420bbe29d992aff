/**
 * A fake of Cloudflare's API v4 DNS endpoints (`/client/v4/zones/…`) for tests: the real response envelope
 * `{ success, errors, messages, result, result_info }`, bearer-token auth, in-memory records per zone and the
 * transactional batch endpoint (`POST /zones/:zone_id/dns_records/batch`, applied as deletes → patches → puts →
 * posts, all or nothing). Zones exist on first use (named `example.com` unless seeded).
 *
 * Seed (`POST <url>/t/<world>/__seed`): `{ zones: [{ id, name?, records?: [{ type, name, content, ttl?, proxied? }] }] }`.
 */
import { asArray, asRecord, bearerToken, type FakeCall, type FakeReply, matchPath, startFakeServer } from "./index";

/** The API token the fake accepts by default. */
export const FAKE_CLOUDFLARE_TOKEN = "cf-fake-token-0123456789abcdef";

/** A DNS record as Cloudflare returns it (the fields the runbook and tests use). */
export interface CloudflareDnsRecord {
  id: string;
  zone_id: string;
  zone_name: string;
  name: string;
  type: string;
  content: string;
  proxiable: boolean;
  proxied: boolean;
  ttl: number;
  comment: string | null;
  tags: string[];
  created_on: string;
  modified_on: string;
}

/** One zone of a world. */
export interface CloudflareZone {
  id: string;
  name: string;
  records: CloudflareDnsRecord[];
}

/** The state of one world. */
export interface CloudflareState {
  zones: Record<string, CloudflareZone>;
  /** For record ids: 32 hex characters, like Cloudflare's. */
  next_id: number;
}

const PROXIABLE = new Set(["A", "AAAA", "CNAME"]);
const ZONE_ID = /^[A-Za-z0-9_-]{1,64}$/;
const TIMESTAMP = "2026-01-01T00:00:00.000000Z";

/** A Cloudflare API error `{ code, message }` that becomes a failed envelope. */
class CloudflareError extends Error {
  constructor(
    readonly status: number,
    readonly code: number,
    message: string,
  ) {
    super(message);
  }
}

function envelope(status: number, result: unknown, resultInfo?: Record<string, number>): FakeReply {
  return {
    status,
    json: { success: true, errors: [], messages: [], result, ...(resultInfo ? { result_info: resultInfo } : {}) },
  };
}

function failure(err: CloudflareError): FakeReply {
  return {
    status: err.status,
    json: { success: false, errors: [{ code: err.code, message: err.message }], messages: [], result: null },
  };
}

function zoneOf(state: CloudflareState, id: string): CloudflareZone {
  if (!ZONE_ID.test(id)) {
    throw new CloudflareError(400, 7003, `Could not route to /zones/${id}, perhaps your object identifier is invalid?`);
  }
  let zone = state.zones[id];
  if (!zone) {
    zone = { id, name: "example.com", records: [] };
    state.zones[id] = zone;
  }
  return zone;
}

/** Cloudflare stores full names: `@` is the apex, a relative name gets the zone appended. */
function fullName(zone: CloudflareZone, name: string): string {
  const lower = name.trim().toLowerCase().replace(/\.$/, "");
  if (lower === "@" || lower === "") return zone.name;
  return lower === zone.name || lower.endsWith(`.${zone.name}`) ? lower : `${lower}.${zone.name}`;
}

function newRecord(state: CloudflareState, zone: CloudflareZone, input: unknown): CloudflareDnsRecord {
  const body = asRecord(input);
  const type = typeof body.type === "string" ? body.type.toUpperCase() : "";
  if (type === "" || typeof body.name !== "string" || typeof body.content !== "string") {
    throw new CloudflareError(400, 9005, "DNS record type, name and content are required.");
  }
  state.next_id += 1;
  const proxiable = PROXIABLE.has(type);
  return {
    id: state.next_id.toString(16).padStart(32, "0"),
    zone_id: zone.id,
    zone_name: zone.name,
    name: fullName(zone, body.name),
    type,
    content: body.content,
    proxiable,
    proxied: proxiable && body.proxied === true,
    ttl: typeof body.ttl === "number" ? body.ttl : 1,
    comment: typeof body.comment === "string" ? body.comment : null,
    tags: [],
    created_on: TIMESTAMP,
    modified_on: TIMESTAMP,
  };
}

function applyFields(zone: CloudflareZone, record: CloudflareDnsRecord, input: Record<string, unknown>, put: boolean) {
  const next = put ? { ...record, ttl: 1, proxied: false, comment: null } : { ...record };
  if (typeof input.type === "string") next.type = input.type.toUpperCase();
  if (typeof input.name === "string") next.name = fullName(zone, input.name);
  if (typeof input.content === "string") next.content = input.content;
  if (typeof input.ttl === "number") next.ttl = input.ttl;
  if (typeof input.proxied === "boolean") next.proxied = next.proxiable && input.proxied;
  if (typeof input.comment === "string") next.comment = input.comment;
  return { ...next, modified_on: TIMESTAMP };
}

function assertUnique(records: readonly CloudflareDnsRecord[], candidate: CloudflareDnsRecord): void {
  const same = records.some(
    (r) =>
      r.id !== candidate.id &&
      r.type === candidate.type &&
      r.name === candidate.name &&
      r.content === candidate.content,
  );
  if (same) throw new CloudflareError(400, 81058, "An identical record already exists.");
}

function findRecord(records: readonly CloudflareDnsRecord[], id: unknown): CloudflareDnsRecord {
  const record = records.find((r) => r.id === id);
  if (!record) throw new CloudflareError(404, 81044, "Record does not exist.");
  return record;
}

/** The batch endpoint: every operation applies to a copy, which replaces the zone's records only if all succeed. */
function batch(state: CloudflareState, zone: CloudflareZone, input: unknown) {
  const body = asRecord(input);
  let records = [...zone.records];
  const out = {
    deletes: [] as CloudflareDnsRecord[],
    patches: [] as CloudflareDnsRecord[],
    puts: [] as CloudflareDnsRecord[],
    posts: [] as CloudflareDnsRecord[],
  };
  for (const item of asArray(body.deletes)) {
    const record = findRecord(records, asRecord(item).id);
    records = records.filter((r) => r.id !== record.id);
    out.deletes.push(record);
  }
  for (const kind of ["patches", "puts"] as const) {
    for (const item of asArray(body[kind])) {
      const fields = asRecord(item);
      const updated = applyFields(zone, findRecord(records, fields.id), fields, kind === "puts");
      assertUnique(records, updated);
      records = records.map((r) => (r.id === updated.id ? updated : r));
      out[kind].push(updated);
    }
  }
  const nextId = state.next_id;
  try {
    for (const item of asArray(body.posts)) {
      const created = newRecord(state, zone, item);
      assertUnique(records, created);
      records.push(created);
      out.posts.push(created);
    }
  } catch (err) {
    state.next_id = nextId;
    throw err;
  }
  zone.records = records;
  return out;
}

function listRecords(zone: CloudflareZone, query: URLSearchParams): FakeReply {
  const perPage = Math.min(5_000_000, Math.max(1, Number(query.get("per_page") ?? "100") || 100));
  const page = Math.max(1, Number(query.get("page") ?? "1") || 1);
  const type = query.get("type")?.toUpperCase();
  const name = query.get("name")?.toLowerCase();
  const matching = zone.records.filter((r) => (!type || r.type === type) && (!name || r.name === name));
  const items = matching.slice((page - 1) * perPage, page * perPage);
  return envelope(200, items, {
    page,
    per_page: perPage,
    count: items.length,
    total_count: matching.length,
    total_pages: Math.max(1, Math.ceil(matching.length / perPage)),
  });
}

function route(call: FakeCall<CloudflareState>, tokens: ReadonlySet<string>): FakeReply | null {
  const token = bearerToken(call.headers);
  if (token === null || !tokens.has(token)) throw new CloudflareError(401, 10000, "Authentication error");
  const { state } = call.world;
  const api = "/client/v4/zones/:zone";
  let params = matchPath(api, call.path);
  if (params && call.method === "GET") {
    const zone = zoneOf(state, params.zone ?? "");
    return envelope(200, { id: zone.id, name: zone.name, status: "active", paused: false, type: "full" });
  }
  params = matchPath(`${api}/dns_records`, call.path);
  if (params) {
    const zone = zoneOf(state, params.zone ?? "");
    if (call.method === "GET") return listRecords(zone, call.query);
    if (call.method === "POST") {
      const created = newRecord(state, zone, call.body);
      assertUnique(zone.records, created);
      zone.records.push(created);
      return envelope(200, created);
    }
    return null;
  }
  params = matchPath(`${api}/dns_records/batch`, call.path);
  if (params && call.method === "POST") return envelope(200, batch(state, zoneOf(state, params.zone ?? ""), call.body));
  params = matchPath(`${api}/dns_records/:record`, call.path);
  if (params) {
    const zone = zoneOf(state, params.zone ?? "");
    const record = findRecord(zone.records, params.record);
    if (call.method === "GET") return envelope(200, record);
    if (call.method === "DELETE") {
      zone.records = zone.records.filter((r) => r.id !== record.id);
      return envelope(200, { id: record.id });
    }
    if (call.method === "PATCH" || call.method === "PUT") {
      const updated = applyFields(zone, record, asRecord(call.body), call.method === "PUT");
      assertUnique(zone.records, updated);
      zone.records = zone.records.map((r) => (r.id === updated.id ? updated : r));
      return envelope(200, updated);
    }
  }
  return null;
}

function seed(world: { state: CloudflareState }, body: unknown): void {
  for (const item of asArray(asRecord(body).zones)) {
    const spec = asRecord(item);
    const zone = zoneOf(world.state, String(spec.id ?? ""));
    if (typeof spec.name === "string") zone.name = spec.name.toLowerCase();
    zone.records = [];
    for (const record of asArray(spec.records)) zone.records.push(newRecord(world.state, zone, record));
  }
}

/**
 * Starts the fake on 127.0.0.1. The API lives under `<url>/client/v4` (or `<url>/t/<world>/client/v4`).
 * @example
 * const cf = await startFakeCloudflare();
 * // runbook input: { api_base: `${cf.url}/t/${key}/client/v4`, zone_id: "zone1", … }
 * cf.state(key).zones.zone1?.records
 */
export async function startFakeCloudflare(options: { tokens?: readonly string[] } = {}) {
  const tokens = new Set(options.tokens ?? [FAKE_CLOUDFLARE_TOKEN]);
  return startFakeServer<CloudflareState>({
    initialState: () => ({ zones: {}, next_id: 0 }),
    seed,
    handle: (call) => {
      try {
        return route(call, tokens);
      } catch (err) {
        if (err instanceof CloudflareError) return failure(err);
        throw err;
      }
    },
  });
}
