/** The Hono environment shared by every route: bindings and per-request variables. */
import type { RequestIdVariables } from "hono/request-id";

export type AppEnv = {
  Bindings: Env;
  Variables: RequestIdVariables;
};
