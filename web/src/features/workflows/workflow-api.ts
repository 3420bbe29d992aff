/** The workflow catalog calls the screens make, with their query keys (one place, so invalidation is consistent). */
import type { GraphInput } from "../../../../worker/contracts/workflow";
import type { WorkflowExport } from "../../../../worker/contracts/workflows";
import { api, unwrap } from "../../lib/api";

/** Query keys: everything under `["workflows"]` is refreshed after a change. */
export const workflowKeys = {
  all: ["workflows"] as const,
  list: (query: object) => ["workflows", "list", query] as const,
  detail: (id: string) => ["workflows", "detail", id] as const,
  versions: (id: string) => ["workflows", "versions", id] as const,
  version: (id: string, version: number) => ["workflows", "version", id, version] as const,
  currentOrg: ["org", "current"] as const,
};

/** The list endpoint's query as the client sends it. */
export type ListQuery = Parameters<typeof api.api.v1.workflows.$get>[0]["query"];

/** One function per catalog call, each resolving to the 2xx body or throwing `ApiError`. */
export const workflowApi = {
  list: (query: ListQuery) => unwrap(api.api.v1.workflows.$get({ query })),
  get: (id: string) => unwrap(api.api.v1.workflows[":id"].$get({ param: { id } })),
  create: (name: string) => unwrap(api.api.v1.workflows.$post({ json: { name } })),
  import: (file: WorkflowExport) => unwrap(api.api.v1.workflows.import.$post({ json: file })),
  saveDraft: (id: string, graph: GraphInput, revision: number) =>
    unwrap(api.api.v1.workflows[":id"].draft.$put({ param: { id }, json: { graph, revision } })),
  publish: (id: string, note: string | undefined) =>
    unwrap(api.api.v1.workflows[":id"].versions.$post({ param: { id }, json: note ? { note } : {} })),
  versions: (id: string) => unwrap(api.api.v1.workflows[":id"].versions.$get({ param: { id } })),
  version: (id: string, version: number) =>
    unwrap(api.api.v1.workflows[":id"].versions[":version"].$get({ param: { id, version: String(version) } })),
  updateDetails: (id: string, json: { name?: string; description?: string; tags?: string[]; is_template?: boolean }) =>
    unwrap(api.api.v1.workflows[":id"].$patch({ param: { id }, json })),
  clone: (id: string) => unwrap(api.api.v1.workflows[":id"].clone.$post({ param: { id }, json: {} })),
  archive: (id: string) => unwrap(api.api.v1.workflows[":id"].archive.$post({ param: { id } })),
  unarchive: (id: string) => unwrap(api.api.v1.workflows[":id"].unarchive.$post({ param: { id } })),
  exportFile: (id: string) => unwrap(api.api.v1.workflows[":id"].export.$get({ param: { id } })),
  /** The current org (its limits cap the node count); shares the settings screen's cache entry. */
  currentOrg: () => unwrap(api.api.v1.orgs.current.$get()),
};

/** The workflow as `GET /workflows/:id` returns it. */
export type WorkflowDetailBody = Awaited<ReturnType<typeof workflowApi.get>>;
/** One row of the list. */
export type WorkflowSummaryBody = Awaited<ReturnType<typeof workflowApi.list>>["items"][number];
/** One row of the version history. */
export type VersionSummaryBody = Awaited<ReturnType<typeof workflowApi.versions>>["items"][number];
