// Stable keys for side effects that must happen once per step and run, whatever the attempt.

/**
 * The key of a step within its run, without the attempt: `${run_id}:${node_id}`. Used where a second effect
 * would be wrong even on a later attempt (a retry after a step timeout may follow an effect that did land), and
 * where repeating the request is harmless when the first one did not land (the service dedupes on success only).
 * A rerun is a new run, so it gets new keys.
 */
export function stepKey(runId: string, nodeId: string): string {
  return `${runId}:${nodeId}`;
}

/**
 * A deterministic event id for an `emit_event` step: `evt_` + 32 hex digits of SHA-256 over the step key.
 * Opaque to receivers (no run or node id leaks into third-party systems) and the same on every attempt.
 * @example await stableEventId("run_1", "notify") // "evt_…" (always the same for this pair)
 */
export async function stableEventId(runId: string, nodeId: string): Promise<string> {
  const digest = await crypto.subtle.digest(
    "SHA-256",
    new TextEncoder().encode(`emit_event:${stepKey(runId, nodeId)}`),
  );
  const hex = [...new Uint8Array(digest)].map((byte) => byte.toString(16).padStart(2, "0")).join("");
  return `evt_${hex.slice(0, 32)}`;
}
