/** The Hono environment shared by every route: bindings and per-request variables. */
import type { RequestIdVariables } from "hono/request-id";
import type { Principal } from "./auth/principal";

export type AppEnv = {
  Bindings: Env;
  Variables: RequestIdVariables & {
    /** Set by `requireAuth()`; read it with `principalOf(c)`. */
    principal?: Principal;
  };
};
