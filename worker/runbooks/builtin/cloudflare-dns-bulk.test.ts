// The plan `cloudflare_dns_bulk` computes from the zone's records and the requested changes.
import { describe, expect, it } from "vitest";
import { type ExpressionContext, evaluateExpression } from "../../engine/expressions";
import { CLOUDFLARE_DNS_BULK } from "./cloudflare-dns-bulk";

function expressionOf(id: string): string {
  const node = CLOUDFLARE_DNS_BULK.workflow.nodes.find((n) => n.id === id);
  const config = node?.config as { expression?: string } | undefined;
  if (!config?.expression) throw new Error(`no expression on ${id}`);
  return config.expression;
}

const existing = [
  { id: "r1", type: "A", name: "www.example.com", content: "1.1.1.1", ttl: 1, proxied: false },
  { id: "r2", type: "A", name: "api.example.com", content: "2.2.2.2", ttl: 300, proxied: false },
  { id: "r3", type: "TXT", name: "example.com", content: "v=spf1 -all", ttl: 1, proxied: false },
  { id: "r4", type: "CNAME", name: "old.example.com", content: "www.example.com", ttl: 1, proxied: true },
];

function context(input: Record<string, unknown>, records: unknown[] = existing): ExpressionContext {
  return {
    input,
    steps: {
      get_zone: { status: "succeeded", output: { status: 200, body: { result: { name: "Example.com" } } } },
      list_records: { status: "succeeded", output: { status: 200, body: { success: true, result: records } } },
    },
    run: { id: "r", workflow_id: "w", version: 1, correlation_id: "c", started_at: "", trigger: { type: "manual" } },
    vars: {},
  };
}

async function diff(records: unknown[], zone: unknown[] = existing): Promise<any> {
  return evaluateExpression(expressionOf("diff"), context({ zone_id: "z", records }, zone));
}

describe("cloudflare_dns_bulk plan", () => {
  it("creates missing records, completing relative names with the zone", async () => {
    const plan = await diff([
      { action: "create", type: "a", name: "new", content: "3.3.3.3", ttl: 120 },
      { action: "create", type: "TXT", name: "@", content: "hello" },
    ]);
    expect(plan.create).toEqual([
      { type: "A", name: "new.example.com", content: "3.3.3.3", ttl: 120 },
      { type: "TXT", name: "example.com", content: "hello" },
    ]);
    expect(plan.summary).toEqual({ create: 2, update: 0, delete: 0, unchanged: 0 });
    expect(plan.batch).toEqual({ posts: plan.create, patches: [], deletes: [] });
  });

  it("updates a changed record by id and remembers what it was", async () => {
    const plan = await diff([{ action: "update", type: "A", name: "api.example.com", content: "9.9.9.9" }]);
    expect(plan.update).toEqual([
      {
        id: "r2",
        type: "A",
        name: "api.example.com",
        content: "9.9.9.9",
        before: { content: "2.2.2.2", ttl: 300, proxied: false },
      },
    ]);
    expect(plan.batch.patches).toEqual([{ id: "r2", type: "A", name: "api.example.com", content: "9.9.9.9" }]);
  });

  it("treats an update of a missing record as a create, and an identical one as unchanged", async () => {
    const plan = await diff([
      { action: "update", type: "A", name: "fresh", content: "4.4.4.4" },
      { action: "update", type: "A", name: "www", content: "1.1.1.1" },
      { action: "create", type: "TXT", name: "example.com", content: "v=spf1 -all" },
    ]);
    expect(plan.create).toEqual([{ type: "A", name: "fresh.example.com", content: "4.4.4.4" }]);
    expect(plan.unchanged.map((r: any) => [r.action, r.id, r.reason])).toEqual([
      ["update", "r1", "already up to date"],
      ["create", "r3", "already exists"],
    ]);
    expect(plan.total_changes).toBe(1);
  });

  it("deletes by type and name (or exact content) and ignores records that are already gone", async () => {
    const plan = await diff([
      { action: "delete", type: "CNAME", name: "old" },
      { action: "delete", type: "A", name: "www", content: "8.8.8.8" },
    ]);
    expect(plan.delete).toEqual([existing[3]]);
    expect(plan.batch.deletes).toEqual([{ id: "r4" }]);
    expect(plan.unchanged).toEqual([
      { type: "A", name: "www.example.com", content: "8.8.8.8", action: "delete", reason: "no such record" },
    ]);
  });

  it("works on an empty zone", async () => {
    const plan = await diff([{ action: "delete", type: "A", name: "x" }], []);
    expect(plan.total_changes).toBe(0);
    expect(plan.batch).toEqual({ posts: [], patches: [], deletes: [] });
  });

  it("reports the plan without a result when nothing was applied", async () => {
    const ctx = context({ zone_id: "z", dry_run: true, records: [] });
    const plan = await evaluateExpression(expressionOf("diff"), ctx);
    ctx.steps.diff = { status: "succeeded", output: plan };
    ctx.steps.apply = { status: "skipped", output: null };
    const report: any = await evaluateExpression(expressionOf("report"), ctx);
    expect(report).toMatchObject({
      zone_id: "z",
      zone_name: "example.com",
      dry_run: true,
      applied: false,
      result: null,
    });
    expect(report.diff.summary).toEqual({ create: 0, update: 0, delete: 0, unchanged: 0 });
  });
});
