/** Local fakes of third-party provider APIs (Cloudflare, Portainer, n8n, a VPS provider) for the `workers` project. */
import type { TestProject } from "vitest/node";

export default async function setup(_project: TestProject) {
  return async () => {};
}
