/** `GET /api/v1/me`: who I am, my current org and role, and every org I belong to. */
import { createRoute } from "@hono/zod-openapi";
import { asc, eq } from "drizzle-orm";
import { Me } from "../contracts/auth";
import { createDb } from "../db/client";
import { apiKeys, memberships, organizations, users } from "../db/schema";
import { AppError } from "../errors";
import { guard, principalOf } from "../middleware/auth";
import { createRouter } from "../router";
import { bearer, errors, json } from "./openapi";

const route = createRoute({
  method: "get",
  path: "/",
  tags: ["Auth"],
  summary: "The signed-in user (or API key), current organization, role and memberships",
  security: bearer,
  middleware: guard("org:read"),
  responses: { 200: json(Me, "Me"), ...errors(401) },
});

export const me = createRouter().openapi(route, async (c) => {
  const principal = principalOf(c);
  const db = createDb(c.env.DB);
  const org = await db.select().from(organizations).where(eq(organizations.id, principal.orgId)).get();
  if (!org) throw new AppError("unauthorized", "Your organization no longer exists");
  if (principal.type === "api_key") {
    const key = await db.select({ name: apiKeys.name }).from(apiKeys).where(eq(apiKeys.id, principal.id)).get();
    return c.json(
      {
        principal: { type: "api_key" as const, id: principal.id, name: key?.name },
        user: null,
        org: { id: org.id, name: org.name },
        role: principal.role,
        orgs: [{ id: org.id, name: org.name, role: principal.role }],
      },
      200,
    );
  }
  const user = await db.select().from(users).where(eq(users.id, principal.id)).get();
  if (!user) throw new AppError("unauthorized", "Your account no longer exists");
  const orgs = await db
    .select({ id: organizations.id, name: organizations.name, role: memberships.role })
    .from(memberships)
    .innerJoin(organizations, eq(organizations.id, memberships.orgId))
    .where(eq(memberships.userId, user.id))
    .orderBy(asc(memberships.createdAt));
  return c.json(
    {
      principal: { type: "user" as const, id: user.id },
      user: { id: user.id, email: user.email, name: user.name },
      org: { id: org.id, name: org.name },
      role: principal.role,
      orgs,
    },
    200,
  );
});
