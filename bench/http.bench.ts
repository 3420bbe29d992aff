/** The hello-world baseline and the health route (one D1 round trip), at 1 and 10 connections. */
import { type BenchCase, type BenchContext, getOk } from "./lib.ts";

export const BASELINE = "hello-world GET /api/v1/ping";

export default function cases(ctx: BenchContext): BenchCase[] {
  return [1, 10].flatMap((connections) => [
    { name: BASELINE, connections, durationMs: 5_000, run: getOk(`${ctx.baseUrl}/api/v1/ping`) },
    {
      name: "GET /api/v1/health (D1 query)",
      connections,
      durationMs: 5_000,
      run: getOk(`${ctx.baseUrl}/api/v1/health`),
    },
  ]);
}
