/**
 * The OpenAPI 3.1 document (generated from the zod route schemas) and the Scalar docs page.
 * Scalar's browser bundle is served from our own assets (`/vendor/scalar.js`, copied by the web
 * build), so the docs render offline.
 */
import type { OpenAPIHono } from "@hono/zod-openapi";
import { Scalar } from "@scalar/hono-api-reference";
import type { AppEnv } from "../context";
import { APP_VERSION } from "../version";

export const OPENAPI_PATH = "/api/openapi.json";

/** Adds `/api/openapi.json` and `/api/docs` to the root app. */
export function mountDocs(app: OpenAPIHono<AppEnv>): void {
  app.openAPIRegistry.registerComponent("securitySchemes", "bearer", {
    type: "http",
    scheme: "bearer",
    description: "An access token from /api/v1/auth/login or an API key (fx_…)",
  });
  app.doc31(OPENAPI_PATH, {
    openapi: "3.1.0",
    info: {
      title: "Fluxo API",
      version: APP_VERSION,
      description:
        "Workflow automation and orchestration on the edge. Every error is `{ error: { code, message, details, request_id } }`.",
    },
    servers: [{ url: "/", description: "This server" }],
  });
  app.get("/api/docs", Scalar({ url: OPENAPI_PATH, pageTitle: "Fluxo API", cdn: "/vendor/scalar.js" }));
}
