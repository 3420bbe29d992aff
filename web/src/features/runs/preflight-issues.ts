/** The issues preflight found before a run started (SPEC §4), read from the run's `preflight_summary`, blocking first. */
import { z } from "zod";
import type { RunDetail } from "../../../../worker/contracts/runs";

/** One preflight issue as the run page lists it. */
export const PreflightIssue = z.object({
  code: z.string(),
  domain: z.string(),
  message_human: z.string(),
  message_tech: z.string().default(""),
  node_id: z.string().nullable().default(null),
  severity: z.enum(["blocking", "warning"]),
});
export type PreflightIssue = z.infer<typeof PreflightIssue>;

const Groups = z.object({ issues: z.array(z.unknown()) });

/**
 * Every issue in the summary's `groups.issues`, blocking ones first (each group keeps the server's order). Issues
 * that don't parse (a newer server's shape) are left out; the counts still show them.
 * @example preflightIssues(run.preflight_summary)[0]?.message_human // "Step “Trigger deploy” needs the connection …"
 */
export function preflightIssues(summary: RunDetail["preflight_summary"]): PreflightIssue[] {
  const groups = Groups.safeParse(summary?.groups);
  if (!groups.success) return [];
  const issues = groups.data.issues.flatMap((raw) => {
    const issue = PreflightIssue.safeParse(raw);
    return issue.success ? [issue.data] : [];
  });
  return [...issues.filter((i) => i.severity === "blocking"), ...issues.filter((i) => i.severity === "warning")];
}

/**
 * A one-line summary, or null when preflight found nothing (or didn't run).
 * @example preflightHeadline({ blocking_count: 1, warning_count: 2 }) // "Preflight found 1 blocking issue and 2 warnings."
 */
export function preflightHeadline(summary: RunDetail["preflight_summary"]): string | null {
  if (!summary || summary.blocking_count + summary.warning_count === 0) return null;
  const parts: string[] = [];
  if (summary.blocking_count > 0) {
    parts.push(`${summary.blocking_count} blocking ${summary.blocking_count === 1 ? "issue" : "issues"}`);
  }
  if (summary.warning_count > 0)
    parts.push(`${summary.warning_count} ${summary.warning_count === 1 ? "warning" : "warnings"}`);
  return `Preflight found ${parts.join(" and ")}.`;
}
