import { describe, expect, it } from "vitest";
import { recommendedActions } from "./actions";

const kinds = (code: string) =>
  recommendedActions(code, { node_id: "get_user", node_label: "Fetch user" }).map((a) => a.action);

describe("recommendedActions", () => {
  it("step_timeout: raise the node timeout, or retry", () => {
    const [raise, retry] = recommendedActions("step_timeout", {
      node_id: "get_user",
      node_label: "Fetch user",
      timeout_ms: 120_000,
    });
    expect(raise).toMatchObject({
      action: "edit_node_timeout",
      target_node_id: "get_user",
      params: { timeout_ms: 240_000 },
    });
    expect(raise?.description).toContain("“Fetch user”");
    expect(retry).toMatchObject({ action: "rerun_from_step", params: { from_step: "get_user" } });
    expect(recommendedActions("step_timeout", { timeout_ms: 80_000_000 })[0]?.params).toEqual({
      timeout_ms: 86_400_000,
    });
  });

  it("run_timeout: raise the run timeout, or run again", () => {
    expect(recommendedActions("run_timeout", { run_timeout_ms: 1_800_000 })).toMatchObject([
      { action: "edit_run_timeout", params: { run_timeout_ms: 3_600_000 } },
      { action: "rerun" },
    ]);
  });

  it("HTTP errors: credentials for 401/403, request fixes for other 4xx, retries for 5xx and 429", () => {
    expect(kinds("http_status_401")).toEqual(["configure_connection", "rerun_from_step"]);
    expect(kinds("http_status_404")).toEqual(["edit_node", "rerun_from_step"]);
    expect(kinds("http_status_4xx")).toEqual(["edit_node", "rerun_from_step"]);
    expect(kinds("http_status_429")).toEqual(["rerun_from_step", "edit_retry_policy"]);
    expect(kinds("http_status_503")).toEqual(["rerun_from_step", "edit_retry_policy"]);
    expect(kinds("http_status_5xx")).toEqual(["rerun_from_step", "edit_retry_policy"]);
  });

  it("maps policy, connection, approval and expression errors", () => {
    expect(kinds("network_blocked")).toEqual(["edit_network_policy", "edit_node", "rerun_from_step"]);
    expect(kinds("connection_missing")).toEqual(["configure_connection", "rerun_from_step"]);
    expect(recommendedActions("approval_rejected", { node_id: "ask" })[0]).toMatchObject({
      action: "rerun_from_step",
      label: "Ask for approval again",
      target_node_id: "ask",
    });
    expect(kinds("expression_failed")).toEqual(["edit_expression", "rerun_from_step"]);
  });

  it("always offers a way forward for unknown codes", () => {
    expect(kinds("unknown")).toEqual(["rerun_from_step", "view_logs"]);
    expect(kinds("something_new")).toEqual(["rerun_from_step", "view_logs"]);
    expect(recommendedActions("unknown")[0]?.target_node_id).toBeUndefined();
  });
});
