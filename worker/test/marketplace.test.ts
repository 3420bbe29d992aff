/** The marketplace end to end on real D1: publish, public catalog and search, install, reviews, safety, moderation. */
import { beforeAll, describe, expect, it } from "vitest";
import { addMember, call, jsonOf, registerOrg, type Session } from "./helpers";

const SECRET = "sk_live_publisher_only_9f8e7d";

const secretGraph = {
  nodes: [
    {
      id: "fetch",
      type: "http",
      config: {
        method: "POST",
        url: `https://api.example.com/invoices?api_key=${SECRET}`,
        headers: { Authorization: `Bearer ${SECRET}` },
        body: { password: SECRET },
        connection_id: "conn_publisher_http",
      },
    },
    {
      id: "ask",
      type: "llm",
      config: { connection_id: "conn_publisher_llm", model: "m", messages: [{ role: "user", content: "hi" }] },
    },
  ],
  edges: [{ from: "fetch", to: "ask" }],
  vars: { api_token: SECRET },
};

let a: Session;
let b: Session;
let viewerB: Session;
let operatorB: Session;

beforeAll(async () => {
  a = await registerOrg("mkt-a");
  b = await registerOrg("mkt-b");
  viewerB = await addMember(b, "viewer");
  operatorB = await addMember(b, "operator");
});

/** Creates and publishes a workflow in `who`'s org; returns its id. */
async function workflowWithVersion(who: Session, graph: unknown = secretGraph, name = "Invoice sync") {
  const wf = await jsonOf(await call("/api/v1/workflows", { token: who.token, body: { name, graph } }));
  const res = await call(`/api/v1/workflows/${wf.id}/versions`, { method: "POST", token: who.token });
  expect(res.status).toBe(201);
  return wf.id as string;
}

async function publish(who: Session, body: Record<string, unknown>) {
  return call("/api/v1/marketplace", { token: who.token, body: { version: 1, category: "workflows", ...body } });
}

describe("publish, find, install, review", () => {
  let itemId: string;
  let workflowId: string;

  beforeAll(async () => {
    workflowId = await workflowWithVersion(a);
    const res = await publish(a, {
      workflow_id: workflowId,
      title: "Quokka invoice sync",
      description: "Copies invoices into the ledger every night",
      tags: ["Finance", "billing"],
    });
    expect(res.status).toBe(201);
    const item = await jsonOf(res);
    itemId = item.id;
    expect(item.publisher).toEqual({ name: "mkt-a org" });
    expect(item.tags).toEqual(["finance", "billing"]);
    expect(item).toMatchObject({ avg_rating: 0, rating_count: 0, install_count: 0 });
  });

  it("serves the catalog, categories and items without signing in", async () => {
    const list = await jsonOf(await call("/api/v1/marketplace?q=quokka"));
    expect(list.items.map((i: any) => i.id)).toEqual([itemId]);
    const cats = await jsonOf(await call("/api/v1/marketplace/categories"));
    expect(cats.items.find((c: any) => c.category === "workflows").count).toBeGreaterThanOrEqual(1);
    expect(cats.items).toHaveLength(6);
    const item = await jsonOf(await call(`/api/v1/marketplace/${itemId}`));
    expect(item.viewer).toBeNull();
    expect(item.setup.connections).toEqual([
      { node_id: "fetch", node_type: "http" },
      { node_id: "ask", node_type: "llm" },
    ]);
  });

  it("finds items by a word of the description or a tag", async () => {
    const byDescription = await jsonOf(await call("/api/v1/marketplace?q=ledger"));
    expect(byDescription.items.map((i: any) => i.id)).toContain(itemId);
    const byTag = await jsonOf(await call("/api/v1/marketplace?q=billing"));
    expect(byTag.items.map((i: any) => i.id)).toContain(itemId);
    const filtered = await jsonOf(await call("/api/v1/marketplace?tags=finance,billing&category=workflows"));
    expect(filtered.items.map((i: any) => i.id)).toContain(itemId);
    const otherCategory = await jsonOf(await call("/api/v1/marketplace?q=quokka&category=prompts"));
    expect(otherCategory.items).toEqual([]);
  });

  it("never publishes a secret, connection id or the publisher's ids", async () => {
    const text = await (await call(`/api/v1/marketplace/${itemId}`)).text();
    for (const leak of [SECRET, "conn_publisher_http", "conn_publisher_llm", a.orgId, a.userId, workflowId]) {
      expect(text).not.toContain(leak);
    }
  });

  it("installs into org B as a new workflow with version 1 and nothing from org A", async () => {
    const res = await call(`/api/v1/marketplace/${itemId}/install`, { method: "POST", token: b.token });
    expect(res.status).toBe(201);
    const installed = await jsonOf(res);
    expect(installed.version).toBe(1);
    expect(installed.setup.secrets.length).toBeGreaterThanOrEqual(4);
    const wfId = installed.workflow.id;
    expect(wfId).not.toBe(workflowId);
    const version = await call(`/api/v1/workflows/${wfId}/versions/1`, { token: b.token });
    expect(version.status).toBe(200);
    const detail = await call(`/api/v1/workflows/${wfId}`, { token: b.token });
    const text = (await version.text()) + (await detail.text());
    for (const leak of [SECRET, "conn_publisher_http", "conn_publisher_llm", a.orgId, a.userId, workflowId]) {
      expect(text).not.toContain(leak);
    }
    expect((await jsonOf(await call(`/api/v1/marketplace/${itemId}`))).install_count).toBe(1);
    const audit = await jsonOf(await call("/api/v1/audit?limit=20", { token: b.token }));
    expect(audit.items.map((e: any) => e.action)).toContain("marketplace.installed");
  });

  it("a second review by the same user edits the first, and the average follows", async () => {
    const first = await call(`/api/v1/marketplace/${itemId}/review`, {
      token: b.token,
      body: { rating: 2, comment: "<script>alert(1)</script> ok" },
    });
    expect(first.status).toBe(201);
    expect(await jsonOf(first)).toMatchObject({ created: true, rating_count: 1, avg_rating: 2 });
    const second = await call(`/api/v1/marketplace/${itemId}/review`, { token: b.token, body: { rating: 4 } });
    expect(second.status).toBe(200);
    expect(await jsonOf(second)).toMatchObject({ created: false, rating_count: 1, avg_rating: 4 });
    const reviews = await jsonOf(await call(`/api/v1/marketplace/${itemId}/reviews`));
    expect(reviews.items).toHaveLength(1);
    expect(reviews.items[0]).toMatchObject({ rating: 4, comment: "", reviewer: { name: "mkt-b person" } });
    const mine = await jsonOf(await call(`/api/v1/marketplace/${itemId}`, { token: b.token }));
    expect(mine.viewer).toEqual({ is_publisher: false, my_review: { rating: 4, comment: "" } });
  });

  it("refuses a review by the publisher's org, a too-long comment, and a viewer", async () => {
    const own = await call(`/api/v1/marketplace/${itemId}/review`, { token: a.token, body: { rating: 5 } });
    expect(own.status).toBe(403);
    expect((await jsonOf(own)).error.code).toBe("forbidden");
    const long = await call(`/api/v1/marketplace/${itemId}/review`, {
      token: operatorB.token,
      body: { rating: 5, comment: "x".repeat(2_001) },
    });
    expect(long.status).toBe(400);
    expect((await jsonOf(long)).error.code).toBe("validation_failed");
    const badRating = await call(`/api/v1/marketplace/${itemId}/review`, {
      token: operatorB.token,
      body: { rating: 6 },
    });
    expect(badRating.status).toBe(400);
    expect(
      (await call(`/api/v1/marketplace/${itemId}/review`, { token: viewerB.token, body: { rating: 5 } })).status,
    ).toBe(403);
    expect((await call(`/api/v1/marketplace/${itemId}/review`, { body: { rating: 5 } })).status).toBe(401);
    expect((await call(`/api/v1/marketplace/${itemId}/install`, { method: "POST" })).status).toBe(401);
  });

  it("keeps the aggregate exact under concurrent reviews", async () => {
    const reviewers = await Promise.all([registerOrg("r1"), registerOrg("r2"), registerOrg("r3"), registerOrg("r4")]);
    const ratings = [5, 1, 3, 5];
    const results = await Promise.all(
      reviewers.map((who, i) =>
        call(`/api/v1/marketplace/${itemId}/review`, { token: who.token, body: { rating: ratings[i] } }),
      ),
    );
    expect(results.map((r) => r.status)).toEqual([201, 201, 201, 201]);
    const item = await jsonOf(await call(`/api/v1/marketplace/${itemId}`));
    // org B's 4 plus these four.
    expect(item.rating_count).toBe(5);
    expect(item.avg_rating).toBe(3.6);
  });
});

describe("search ranking and errors", () => {
  it("ranks a title match above a description-only match", async () => {
    const wf1 = await workflowWithVersion(a, undefined, "one");
    const wf2 = await workflowWithVersion(a, undefined, "two");
    const inDescription = await jsonOf(
      await publish(a, { workflow_id: wf1, title: "Nightly batch", description: "mentions platypus once" }),
    );
    const inTitle = await jsonOf(
      await publish(a, {
        workflow_id: wf2,
        title: "Platypus platypus digest",
        description: "about platypus",
        tags: ["platypus"],
      }),
    );
    const found = await jsonOf(await call("/api/v1/marketplace?q=platypus"));
    expect(found.items.map((i: any) => i.id)).toEqual([inTitle.id, inDescription.id]);
  });

  it("never fails on hostile search text or a forged cursor", async () => {
    for (const q of ['"', "AND OR NOT", "a* NEAR(b", "title:x", "'; DROP TABLE x; --", "()"]) {
      const res = await call(`/api/v1/marketplace?q=${encodeURIComponent(q)}`);
      expect(res.status, q).toBe(200);
    }
    const forged = await call("/api/v1/marketplace?cursor=not-a-cursor");
    expect(forged.status).toBe(400);
    expect((await jsonOf(forged)).error.code).toBe("bad_request");
  });

  it("pages through the catalog with a cursor", async () => {
    const first = await jsonOf(await call("/api/v1/marketplace?limit=1"));
    expect(first.items).toHaveLength(1);
    const second = await jsonOf(await call(`/api/v1/marketplace?limit=1&cursor=${first.next_cursor}`));
    expect(second.items[0].id).not.toBe(first.items[0].id);
    const byRating = await jsonOf(await call("/api/v1/marketplace?limit=1&sort=rating"));
    const next = await jsonOf(await call(`/api/v1/marketplace?limit=1&sort=rating&cursor=${byRating.next_cursor}`));
    expect(next.items[0].id).not.toBe(byRating.items[0].id);
    expect(byRating.items[0].avg_rating).toBeGreaterThanOrEqual(next.items[0].avg_rating);
  });
});

describe("ownership and moderation", () => {
  it("another org's item is 404 on the owner routes; the publisher's admins edit and unpublish with audit", async () => {
    const wf = await workflowWithVersion(a, undefined, "moderated");
    const item = await jsonOf(await publish(a, { workflow_id: wf, title: "Wombat tools", description: "d" }));
    expect(
      (await call(`/api/v1/marketplace/${item.id}`, { method: "PUT", token: b.token, body: { title: "stolen" } }))
        .status,
    ).toBe(404);
    expect((await call(`/api/v1/marketplace/${item.id}`, { method: "DELETE", token: b.token })).status).toBe(404);
    const again = await publish(a, { workflow_id: wf, title: "Wombat tools again" });
    expect(again.status).toBe(409);
    const edited = await call(`/api/v1/marketplace/${item.id}`, {
      method: "PUT",
      token: a.token,
      body: { category: "runbooks" },
    });
    expect((await jsonOf(edited)).category).toBe("runbooks");
    expect((await call(`/api/v1/marketplace/${item.id}`, { method: "DELETE", token: a.token })).status).toBe(204);
    expect((await call(`/api/v1/marketplace/${item.id}`)).status).toBe(404);
    const search = await jsonOf(await call("/api/v1/marketplace?q=wombat"));
    expect(search.items).toEqual([]);
    const audit = await jsonOf(await call("/api/v1/audit?limit=50", { token: a.token }));
    const actions = audit.items.map((e: any) => e.action);
    for (const action of ["marketplace.published", "marketplace.updated", "marketplace.unpublished"]) {
      expect(actions).toContain(action);
    }
    // Republishing an unpublished version brings the same item back.
    const back = await publish(a, { workflow_id: wf, title: "Wombat tools v2" });
    expect(back.status).toBe(201);
    expect((await jsonOf(back)).id).toBe(item.id);
  });

  it("publishing another org's workflow or a missing version is a 404; a viewer can't publish", async () => {
    const wfB = await workflowWithVersion(b, undefined, "b only");
    expect((await publish(a, { workflow_id: wfB, title: "Not mine" })).status).toBe(404);
    const wfA = await workflowWithVersion(a, undefined, "a only");
    expect((await publish(a, { workflow_id: wfA, version: 9, title: "No such version" })).status).toBe(404);
    expect((await publish(viewerB, { workflow_id: wfB, title: "Viewer" })).status).toBe(403);
    const unknown = await call("/api/v1/marketplace/mkt_nope/install", { method: "POST", token: b.token });
    expect(unknown.status).toBe(404);
    expect((await jsonOf(unknown)).error.code).toBe("not_found");
  });
});
