/**
 * Idempotent demo data for local use: a demo organization with an owner and a viewer (README
 * "Demo login"). Re-running changes nothing that exists. Password hashes use the same format and
 * parameters as the Worker (`worker/auth/password.ts`).
 */
import { spawnSync } from "node:child_process";
import { pbkdf2Sync, randomBytes } from "node:crypto";
import { mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join, resolve } from "node:path";
import { OFFLINE_ENV, ROOT } from "./dev-server.ts";

export const DEMO = {
  orgId: "org_demo",
  orgName: "Demo Org",
  password: "fluxo-sandbox-2026",
  owner: { id: "usr_demo_owner", email: "demo@fluxo.local", name: "Demo Owner" },
  viewer: { id: "usr_demo_viewer", email: "viewer@fluxo.local", name: "Demo Viewer" },
} as const;

const ITERATIONS = 100_000;

function hashPassword(password: string): string {
  const salt = randomBytes(16);
  const hash = pbkdf2Sync(password, salt, ITERATIONS, 32, "sha256");
  return `pbkdf2-sha256$${ITERATIONS}$${salt.toString("base64")}$${hash.toString("base64")}`;
}

const q = (value: string) => `'${value.replaceAll("'", "''")}'`;

/** The seed as SQL (INSERT OR IGNORE only, so it is safe to run again). */
export function seedSql(): string {
  const users = [
    { ...DEMO.owner, role: "owner" },
    { ...DEMO.viewer, role: "viewer" },
  ];
  return [
    `INSERT OR IGNORE INTO organizations (id, name) VALUES (${q(DEMO.orgId)}, ${q(DEMO.orgName)});`,
    ...users.flatMap((u) => [
      `INSERT OR IGNORE INTO users (id, email, name, password_hash) VALUES (${q(u.id)}, ${q(u.email)}, ${q(u.name)}, ${q(hashPassword(DEMO.password))});`,
      `INSERT OR IGNORE INTO memberships (org_id, user_id, role) VALUES (${q(DEMO.orgId)}, ${q(u.id)}, ${q(u.role)});`,
    ]),
  ].join("\n");
}

/** Applies the seed to the local D1 database. */
export function seedLocal(persistTo?: string): void {
  const dir = mkdtempSync(join(tmpdir(), "fluxo-seed-"));
  const file = join(dir, "seed.sql");
  writeFileSync(file, seedSql());
  try {
    const args = [
      resolve(ROOT, "node_modules/wrangler/bin/wrangler.js"),
      "d1",
      "execute",
      "DB",
      "--local",
      "--file",
      file,
    ];
    if (persistTo) args.push("--persist-to", persistTo);
    const result = spawnSync(process.execPath, args, {
      cwd: ROOT,
      env: { ...process.env, ...OFFLINE_ENV },
      encoding: "utf8",
    });
    if (result.status !== 0) throw new Error(`seeding failed:\n${result.stdout}\n${result.stderr}`);
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

/**
 * Seeds the built-in templates into the demo org through the real API (so they are validated and
 * published like any workflow). Idempotent: templates that exist by name are left alone.
 */
export async function seedTemplates(baseUrl: string): Promise<void> {
  const { WORKFLOW_EXAMPLES } = await import("../../worker/contracts/workflow-examples.ts");
  const login = await fetch(`${baseUrl}/api/v1/auth/login`, {
    method: "POST",
    headers: { "content-type": "application/json" },
    body: JSON.stringify({ email: DEMO.owner.email, password: DEMO.password }),
  });
  if (!login.ok) throw new Error(`seed: demo login failed (${login.status}): ${await login.text()}`);
  const { access_token: token } = (await login.json()) as { access_token: string };
  const headers = { authorization: `Bearer ${token}`, "content-type": "application/json" };
  const listed = await fetch(`${baseUrl}/api/v1/workflows?is_template=true&status=all&limit=100`, { headers });
  const existing = new Map(
    ((await listed.json()) as { items: { id: string; name: string }[] }).items.map((w) => [w.name, w.id]),
  );
  for (const example of WORKFLOW_EXAMPLES) {
    let id = existing.get(example.name);
    if (!id) {
      const created = await fetch(`${baseUrl}/api/v1/workflows`, {
        method: "POST",
        headers,
        body: JSON.stringify({
          name: example.name,
          description: example.description,
          tags: example.tags,
          is_template: true,
          graph: example.graph,
        }),
      });
      if (!created.ok) throw new Error(`seed: creating "${example.name}" failed: ${await created.text()}`);
      id = ((await created.json()) as { id: string }).id;
      const published = await fetch(`${baseUrl}/api/v1/workflows/${id}/versions`, {
        method: "POST",
        headers,
        body: JSON.stringify({ note: "Built-in template" }),
      });
      if (!published.ok) throw new Error(`seed: publishing "${example.name}" failed: ${await published.text()}`);
    }
    // Also list it in the marketplace so the catalog isn't empty; 409 means it is already listed.
    const listing = await fetch(`${baseUrl}/api/v1/marketplace`, {
      method: "POST",
      headers,
      body: JSON.stringify({
        workflow_id: id,
        version: 1,
        title: example.name,
        description: example.description,
        category: templateCategory(example.tags),
        tags: example.tags,
      }),
    });
    if (!listing.ok && listing.status !== 409) {
      throw new Error(`seed: listing "${example.name}" in the marketplace failed: ${await listing.text()}`);
    }
  }
}

/** The marketplace category a built-in template is listed under, from its tags. */
function templateCategory(tags: readonly string[]): "documents" | "runbooks" | "workflows" {
  if (tags.includes("runbook")) return "runbooks";
  if (tags.includes("documents")) return "documents";
  return "workflows";
}
