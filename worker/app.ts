/**
 * The Worker's HTTP app: middleware, one sub-app per resource under `/api/v1`, the OpenAPI
 * document, the single error handler, and JSON 404s for API paths.
 */
import { OpenAPIHono } from "@hono/zod-openapi";
import { requestId } from "hono/request-id";
import type { AppEnv } from "./context";
import { AppError, errorBody, toAppError } from "./errors";
import { describeError, log } from "./lib/log";
import { limitBody } from "./middleware/body-limit";
import { corsForUi } from "./middleware/cors";
import { requestLog } from "./middleware/request-log";
import { aiRoutes } from "./routes/ai";
import { apiKeysRoutes } from "./routes/api-keys";
import { audit } from "./routes/audit";
import { auth } from "./routes/auth";
import { automationsAlias, automationsRoutes } from "./routes/automations";
import { connectionsRoutes } from "./routes/connections";
import { mountDocs } from "./routes/docs";
import { feedRoutes } from "./routes/feed";
import { health } from "./routes/health";
import { hooks } from "./routes/hooks";
import { jobsRoutes } from "./routes/jobs";
import { marketplaceRoutes } from "./routes/marketplace";
import { mcpRoutes } from "./routes/mcp";
import { me } from "./routes/me";
import { members } from "./routes/members";
import { orgs } from "./routes/orgs";
import { ping } from "./routes/ping";
import { policiesRoutes } from "./routes/policies";
import { runControlRoutes, workflowPreflightRoutes } from "./routes/run-control";
import { runStreamsRoutes } from "./routes/run-streams";
import { runbooksRoutes } from "./routes/runbooks";
import { runnerProtocolRoutes } from "./routes/runner-protocol";
import { runnersRoutes } from "./routes/runners";
import { runsRoutes, workflowRunsRoutes } from "./routes/runs";
import { triggersRoutes } from "./routes/triggers";
import { usageRoutes } from "./routes/usage";
import { workflowsRoutes } from "./routes/workflows";

/** Paths the Worker answers itself; anything else is the web app (static assets, SPA fallback). */
const WORKER_PATHS = /^\/(api|hooks|v1)(\/|$)|^\/__scheduled$/;

/** One sub-app per resource; later resources are mounted here. */
const v1 = createV1();

function createV1() {
  return new OpenAPIHono<AppEnv>()
    .route("/health", health)
    .route("/ping", ping)
    .route("/auth", auth)
    .route("/me", me)
    .route("/orgs", orgs)
    .route("/members", members)
    .route("/api-keys", apiKeysRoutes)
    .route("/connections", connectionsRoutes)
    .route("/audit", audit)
    .route("/automations", automationsRoutes)
    .route("/marketplace", marketplaceRoutes)
    .route("/workflows", workflowsRoutes)
    .route("/workflows", workflowRunsRoutes)
    .route("/workflows", workflowPreflightRoutes)
    .route("/workflows", triggersRoutes)
    .route("/runs", runControlRoutes)
    .route("/runs", runsRoutes)
    .route("/runs", runStreamsRoutes)
    .route("/runbooks", runbooksRoutes)
    .route("/jobs", jobsRoutes)
    .route("/runners", runnersRoutes)
    .route("/runner", runnerProtocolRoutes) // runner token auth (fxr_…), not user auth
    .route("/mcp", mcpRoutes)
    .route("/policies", policiesRoutes)
    .route("/usage", usageRoutes)
    .route("/feed", feedRoutes)
    .route("/ai", aiRoutes);
}

const app = new OpenAPIHono<AppEnv>();

app.use("*", requestId({ headerName: "X-Request-Id" }));
app.use("*", requestLog());
app.use("/api/*", corsForUi());
app.use("/api/*", limitBody());

const routes = app.route("/api/v1", v1);
app.route("/v1/automations", automationsAlias); // the alias the automations hub promises
app.route("/hooks", hooks); // public webhook triggers (authenticated by their own secret)
mountDocs(app);

app.notFound((c) => {
  if (WORKER_PATHS.test(c.req.path) || !c.env.ASSETS) {
    throw new AppError("not_found", `No route for ${c.req.method} ${c.req.path}`);
  }
  return c.env.ASSETS.fetch(c.req.raw);
});

app.onError((thrown, c) => {
  const err = toAppError(thrown);
  const requestId = c.get("requestId") ?? "unknown";
  if (err.status >= 500) {
    log("error", "unhandled error", { request_id: requestId, path: c.req.path, error: describeError(thrown) });
  }
  for (const [name, value] of Object.entries(err.headers)) c.header(name, value);
  return c.json(errorBody(err, requestId), err.status);
});

export { app };

/** The typed API surface for Hono's `hc` client (the web app imports only this type). */
export type AppType = typeof routes;
