/** `GET /api/v1/audit`: the org's audit trail with filters and cursor pagination (admins). */
import { createRoute } from "@hono/zod-openapi";
import { listAudit } from "../audit/audit";
import { scopeOf } from "../auth/principal";
import { AuditPage, AuditQuery } from "../contracts/audit";
import { guard, principalOf } from "../middleware/auth";
import { createRouter } from "../router";
import { bearer, errors, json } from "./openapi";

const route = createRoute({
  method: "get",
  path: "/",
  tags: ["Audit"],
  summary: "Audit events, newest first",
  security: bearer,
  middleware: guard("audit:read"),
  request: { query: AuditQuery },
  responses: { 200: json(AuditPage, "A page of events"), ...errors(400, 401, 403) },
});

export const audit = createRouter().openapi(route, async (c) => {
  const page = await listAudit(c.env.DB, scopeOf(principalOf(c)), c.req.valid("query"));
  return c.json(page, 200);
});
