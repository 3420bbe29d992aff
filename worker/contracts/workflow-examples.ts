/** Example workflow graphs that show the product off; seeded as templates and used in tests and docs. */
import type { Graph } from "./workflow";

/** A ready-made workflow: what a template card shows, plus its graph. */
export interface WorkflowExample {
  name: string;
  description: string;
  tags: string[];
  graph: Graph;
}

/** Fetch a user from an API and publish the result to the org's destinations. */
export const HTTP_TO_WEBHOOK_SYNC: WorkflowExample = {
  name: "HTTP to webhook sync",
  description: "Fetch a user from an API and publish it as a user.synced event to your webhooks.",
  tags: ["http", "events", "starter"],
  graph: {
    nodes: [
      {
        id: "fetch_user",
        type: "http",
        name: "Fetch user",
        phase: "fetch",
        config: {
          method: "GET",
          url: "https://api.example.com/users/{{ input.user_id }}",
          headers: { Accept: "application/json" },
          expect_status: [200],
        },
        retry: { max_attempts: 3, backoff: "exponential", base_delay_ms: 1_000, max_delay_ms: 30_000 },
        timeout_ms: 30_000,
      },
      {
        id: "publish",
        type: "emit_event",
        name: "Publish user.synced",
        phase: "deliver",
        config: {
          event_type: "user.synced",
          payload: {
            user_id: "{{ input.user_id }}",
            user: "{{ steps.fetch_user.output.body }}",
            synced_at: "{{ run.started_at }}",
          },
        },
      },
    ],
    edges: [{ from: "fetch_user", to: "publish", when: null }],
    input_schema: {
      type: "object",
      required: ["user_id"],
      properties: { user_id: { type: "string", title: "User id" } },
    },
  },
};

/** Ask a person before deploying; deploy now or defer depending on their decision. */
export const APPROVAL_FLOW: WorkflowExample = {
  name: "Approved deploy",
  description: "Ask an admin to approve a deploy, then trigger it or record that it was deferred.",
  tags: ["approval", "deploy", "runbook"],
  graph: {
    nodes: [
      {
        id: "review",
        type: "approval",
        name: "Approve deploy",
        phase: "review",
        config: {
          message: "Deploy {{ input.service }} version {{ input.version }} to production?",
          approvers: { roles: ["owner", "admin"] },
          form_fields: [
            { name: "rollout", label: "When", type: "select", required: true, options: ["now", "later"] },
            { name: "note", label: "Note for the team", type: "text" },
          ],
          timeout_ms: 86_400_000,
          on_timeout: "reject",
        },
      },
      {
        id: "check_decision",
        type: "condition",
        name: "Deploy now?",
        config: {
          expression: 'steps.review.output.decision = "approved" and steps.review.output.form.rollout = "now"',
        },
      },
      {
        id: "deploy",
        type: "http",
        name: "Trigger deploy",
        phase: "deploy",
        config: {
          method: "POST",
          url: "https://deploy.example.com/services/{{ input.service }}/deploys",
          headers: { "Content-Type": "application/json" },
          body: { version: "{{ input.version }}", approved_by: "{{ steps.review.output.by }}" },
          connection_id: "deploy_api",
          expect_status: [200, 201, 202],
        },
        retry: {
          max_attempts: 3,
          backoff: "exponential",
          base_delay_ms: 2_000,
          non_retryable_codes: ["http_status_4xx"],
        },
      },
      { id: "deferred", type: "noop", name: "Deferred", config: {} },
    ],
    edges: [
      { from: "review", to: "check_decision" },
      { from: "check_decision", to: "deploy", when: "true" },
      { from: "check_decision", to: "deferred", when: "false" },
    ],
    input_schema: {
      type: "object",
      required: ["service", "version"],
      properties: { service: { type: "string" }, version: { type: "string" } },
    },
  },
};

/** A daily metrics report: fetch, summarise, render Markdown, announce. Pair it with a schedule. */
export const SCHEDULED_REPORT: WorkflowExample = {
  name: "Daily metrics report",
  description: "Fetch yesterday's metrics, summarise them, render a Markdown report and announce it.",
  tags: ["schedule", "report", "documents"],
  graph: {
    nodes: [
      {
        id: "fetch_metrics",
        type: "http",
        name: "Fetch metrics",
        phase: "fetch",
        config: { method: "GET", url: "{{ vars.metrics_url }}?day=yesterday", connection_id: "metrics_api" },
      },
      {
        id: "summarize",
        type: "transform",
        name: "Summarise",
        phase: "compute",
        config: {
          expression:
            '{ "total": $sum(steps.fetch_metrics.output.body.items.count), "top": $sort(steps.fetch_metrics.output.body.items, function($a, $b) { $a.count < $b.count })[[0..2]].name, "day": $substring(run.started_at, 0, 10) }',
        },
      },
      {
        id: "render_report",
        type: "render",
        name: "Render report",
        phase: "compute",
        config: {
          format: "markdown",
          template:
            '# Metrics for {{ steps.summarize.output.day }}\n\nTotal: **{{ steps.summarize.output.total }}**\n\nTop: {{ $join(steps.summarize.output.top, ", ") }}\n',
          artifact_name: "metrics-{{ steps.summarize.output.day }}.md",
        },
      },
      {
        id: "announce",
        type: "emit_event",
        name: "Announce report",
        phase: "deliver",
        config: {
          event_type: "report.ready",
          payload: { day: "{{ steps.summarize.output.day }}", total: "{{ steps.summarize.output.total }}" },
        },
      },
    ],
    edges: [
      { from: "fetch_metrics", to: "summarize" },
      { from: "summarize", to: "render_report" },
      { from: "render_report", to: "announce" },
    ],
    settings: { run_timeout_ms: 600_000, concurrency: { key: "daily-report", limit: 1 } },
    vars: { metrics_url: "https://metrics.example.com/v1/daily" },
  },
};

/** Look a customer up in three systems at once and merge the answers. */
export const FAN_OUT_JOIN: WorkflowExample = {
  name: "Customer 360 (fan-out and join)",
  description: "Query CRM, billing and support in parallel, then merge the three answers into one profile.",
  tags: ["parallel", "http", "data"],
  graph: {
    nodes: [
      {
        id: "prepare",
        type: "set",
        name: "Prepare lookup",
        phase: "prepare",
        config: { values: { customer_id: "{{ input.customer_id }}" } },
      },
      ...(["crm", "billing", "support"] as const).map((system) => ({
        id: `fetch_${system}`,
        type: "http" as const,
        name: `Fetch from ${system}`,
        phase: "fetch",
        config: {
          method: "GET" as const,
          url: `https://${system}.example.com/customers/{{ steps.prepare.output.customer_id }}`,
        },
        timeout_ms: 20_000,
      })),
      {
        id: "merge",
        type: "transform",
        name: "Merge profile",
        phase: "compute",
        join: "all",
        config: {
          expression:
            '{ "id": steps.prepare.output.customer_id, "crm": steps.fetch_crm.output.body, "billing": steps.fetch_billing.output.body, "open_tickets": $count(steps.fetch_support.output.body.tickets[status = "open"]) }',
        },
      },
    ],
    edges: [
      { from: "prepare", to: "fetch_crm" },
      { from: "prepare", to: "fetch_billing" },
      { from: "prepare", to: "fetch_support" },
      { from: "fetch_crm", to: "merge" },
      { from: "fetch_billing", to: "merge" },
      { from: "fetch_support", to: "merge" },
    ],
    input_schema: { type: "object", required: ["customer_id"], properties: { customer_id: { type: "string" } } },
    settings: { concurrency: { key: "customer-{{ input.customer_id }}", limit: 1 } },
  },
};

/** All examples, in the order a template gallery shows them. */
export const WORKFLOW_EXAMPLES: readonly WorkflowExample[] = [
  HTTP_TO_WEBHOOK_SYNC,
  APPROVAL_FLOW,
  SCHEDULED_REPORT,
  FAN_OUT_JOIN,
];
