/**
 * Settings › Tool policies: every tool with its effective ALLOW / ASK / DENY and where it comes from; admins set a
 * decision and/or a per-tool rate limit per tool or per pattern (`server/*`, `*`) and remove the org's policies.
 * Platform DENYs show locked.
 */
import { useMutation, useQuery, useQueryClient } from "@tanstack/react-query";
import { type FormEvent, useState } from "react";
import type { ToolPolicy, ToolSearchItem } from "../../../../../worker/contracts/mcp";
import { useCan } from "../../../lib/auth";
import {
  Badge,
  Button,
  Card,
  ConfirmButton,
  ErrorNotice,
  Notice,
  QueryState,
  SelectField,
  TextField,
} from "../../../ui";
import { MCP_KEYS, searchTools } from "../mcp/mcp-api";
import { LimitField } from "./LimitField";
import { deletePolicy, listPolicies, POLICIES_KEY, putPolicy } from "./policies-api";
import { checkLimit, LIMIT_MAX, LIMIT_MIN, limitLabel, limitText, type PolicyEdit, policyWrite } from "./policy-limit";
import {
  checkPattern,
  DECISION_VIEW,
  DECISIONS,
  lockedPolicyFor,
  orgPolicyOn,
  SOURCE_LABELS,
  serverLabels,
  type ToolDecision,
} from "./policy-pattern";

/** A change to the org's policies: set a decision and/or limit on a pattern, or remove the org's policy there. */
type Change = { pattern: string; edit: PolicyEdit };

export function ToolPoliciesSettings() {
  const canManage = useCan("policies:manage");
  const queryClient = useQueryClient();
  const [q, setQ] = useState("");
  const tools = useQuery({ queryKey: [...MCP_KEYS.tools, q], queryFn: () => searchTools(q.trim() || undefined) });
  const policies = useQuery({ queryKey: POLICIES_KEY, queryFn: listPolicies });
  const rows = policies.data?.items ?? [];
  const change = useMutation({
    mutationFn: async ({ pattern, edit }: Change) => {
      const write = policyWrite(pattern, orgPolicyOn(pattern, rows), edit);
      switch (write.kind) {
        case "put":
          await putPolicy(write.pattern, write.decision, write.rate_limit_per_min);
          return;
        case "delete":
          await deletePolicy(write.pattern);
          return;
        case "none":
          return;
        default: {
          const _never: never = write;
          return _never;
        }
      }
    },
    onSettled: () => {
      void queryClient.invalidateQueries({ queryKey: POLICIES_KEY });
      void queryClient.invalidateQueries({ queryKey: MCP_KEYS.tools });
    },
  });

  return (
    <>
      {!canManage && <Notice>Only admins can change tool policies. You can see what applies.</Notice>}
      {change.error && <ErrorNotice error={change.error} title="Couldn't change the policy" />}
      <Card title="Tools">
        <p className="muted small">
          The most specific policy wins: a tool's own, then its server's (<code>server/*</code>), then <code>*</code>.
          Ask turns a call into an approval step. A platform Deny can't be changed here. A rate limit caps the
          organization's calls per minute; on <code>server/*</code> or <code>*</code> the tools share it.
        </p>
        <TextField label="Search tools" type="search" value={q} onChange={(e) => setQ(e.target.value)} />
        <QueryState query={tools} errorTitle="Couldn't load the tools" />
        {policies.error && <ErrorNotice error={policies.error} title="Couldn't load the policies" />}
        {tools.data && tools.data.items.length === 0 && <p className="muted">No tools match.</p>}
        {tools.data && tools.data.items.length > 0 && (
          <div className="table-wrap">
            <table aria-label="Tools">
              <thead>
                <tr>
                  <th scope="col">Tool</th>
                  <th scope="col">Whitelisted</th>
                  <th scope="col">Effective</th>
                  <th scope="col">Organization policy</th>
                  <th scope="col">Rate limit (calls/min)</th>
                </tr>
              </thead>
              <tbody>
                {tools.data.items.map((tool) => (
                  <ToolRow
                    key={tool.key}
                    tool={tool}
                    rows={rows}
                    canManage={canManage}
                    busy={change.isPending}
                    onChange={(edit) => change.mutate({ pattern: tool.key, edit })}
                  />
                ))}
              </tbody>
            </table>
          </div>
        )}
      </Card>
      {canManage && (
        <PatternForm
          servers={serverLabels(tools.data?.items.map((tool) => tool.key) ?? [])}
          busy={change.isPending}
          onSet={(pattern, edit) => change.mutate({ pattern, edit })}
        />
      )}
      <PoliciesCard
        rows={rows}
        loading={policies.isPending}
        canManage={canManage}
        removing={change.isPending}
        onRemove={(pattern) => change.mutate({ pattern, edit: { decision: null, limit: null } })}
      />
    </>
  );
}

function ToolRow({
  tool,
  rows,
  canManage,
  busy,
  onChange,
}: {
  tool: ToolSearchItem;
  rows: readonly ToolPolicy[];
  canManage: boolean;
  busy: boolean;
  onChange: (edit: PolicyEdit) => void;
}) {
  const locked = lockedPolicyFor(tool.key, rows);
  const own = orgPolicyOn(tool.key, rows);
  const effective = DECISION_VIEW[tool.policy];
  return (
    <tr>
      <td>
        <code>{tool.key}</code>
        {tool.description && <div className="muted small">{tool.description}</div>}
      </td>
      <td>{tool.allowed ? <Badge tone="ok">yes</Badge> : <Badge>not whitelisted</Badge>}</td>
      <td>
        <Badge tone={effective.tone}>{effective.label}</Badge>{" "}
        <span className="muted small">{SOURCE_LABELS[tool.policy_source]}</span>
      </td>
      <td>
        {locked ? (
          <span>
            <Badge tone="error">locked</Badge>{" "}
            <span className="muted small">
              platform {locked.decision ? DECISION_VIEW[locked.decision].label : "rule"} on{" "}
              <code>{locked.pattern}</code>
            </span>
          </span>
        ) : canManage ? (
          <SelectField
            label={`Policy for ${tool.key}`}
            hideLabel
            value={own?.decision ?? ""}
            disabled={busy}
            onChange={(e) => onChange({ decision: DECISIONS.find((d) => d === e.target.value) ?? null })}
          >
            <option value="">Inherit</option>
            {DECISIONS.map((decision) => (
              <option key={decision} value={decision}>
                {DECISION_VIEW[decision].label}
              </option>
            ))}
          </SelectField>
        ) : own?.decision ? (
          <Badge tone={DECISION_VIEW[own.decision].tone}>{DECISION_VIEW[own.decision].label}</Badge>
        ) : (
          <span className="muted">inherit</span>
        )}
      </td>
      <td>
        {canManage && !locked ? (
          <LimitField
            // Remounts with the stored value after a save, so the field shows what the server kept.
            key={limitText(own?.rate_limit_per_min)}
            label={`Rate limit for ${tool.key}`}
            stored={own?.rate_limit_per_min ?? null}
            busy={busy}
            onSave={(limit) => onChange({ limit })}
          />
        ) : (
          <span className="muted">{limitLabel(own?.rate_limit_per_min)}</span>
        )}
      </td>
    </tr>
  );
}

/** Set a decision and/or a limit on any pattern: a whole server (`server/*`), everything (`*`) or an unlisted tool. */
function PatternForm({
  servers,
  busy,
  onSet,
}: {
  servers: readonly string[];
  busy: boolean;
  onSet: (pattern: string, edit: PolicyEdit) => void;
}) {
  const [pattern, setPattern] = useState("");
  const [decision, setDecision] = useState<ToolDecision | null>("ask");
  const [limit, setLimit] = useState("");
  const [error, setError] = useState<string | undefined>();
  const [limitError, setLimitError] = useState<string | undefined>();

  function onSubmit(event: FormEvent) {
    event.preventDefault();
    const checked = checkPattern(pattern);
    const limitChecked = checkLimit(limit);
    setError(checked.ok ? undefined : checked.message);
    setLimitError(limitChecked.ok ? undefined : limitChecked.message);
    if (!checked.ok || !limitChecked.ok) return;
    if (decision === null && limitChecked.limit === null) {
      setLimitError("Choose a decision or give a limit");
      return;
    }
    onSet(checked.pattern, { decision, limit: limitChecked.limit });
    setPattern("");
    setLimit("");
  }

  return (
    <Card title="Set a policy by pattern">
      <form onSubmit={onSubmit} className="inline-form" aria-label="Set a policy by pattern">
        <TextField
          label="Pattern"
          placeholder="server/*"
          list="policy-pattern-suggestions"
          hint="server/tool, server/* or *"
          value={pattern}
          onChange={(e) => setPattern(e.target.value)}
          error={error}
        />
        <datalist id="policy-pattern-suggestions">
          {servers.map((label) => (
            <option key={label} value={`${label}/*`} />
          ))}
          <option value="*" />
        </datalist>
        <SelectField
          label="Decision"
          value={decision ?? ""}
          onChange={(e) => setDecision(DECISIONS.find((d) => d === e.target.value) ?? null)}
        >
          {DECISIONS.map((d) => (
            <option key={d} value={d}>
              {DECISION_VIEW[d].label}
            </option>
          ))}
          <option value="">Inherit (limit only)</option>
        </SelectField>
        <TextField
          label="Rate limit (calls/min)"
          type="number"
          inputMode="numeric"
          min={LIMIT_MIN}
          max={LIMIT_MAX}
          step={1}
          placeholder="no limit"
          hint="Empty: no limit"
          value={limit}
          onChange={(e) => setLimit(e.target.value)}
          error={limitError}
        />
        <Button type="submit" variant="primary" disabled={busy}>
          Set policy
        </Button>
      </form>
    </Card>
  );
}

function PoliciesCard({
  rows,
  loading,
  canManage,
  removing,
  onRemove,
}: {
  rows: readonly ToolPolicy[];
  loading: boolean;
  canManage: boolean;
  removing: boolean;
  onRemove: (pattern: string) => void;
}) {
  return (
    <Card title="Policies">
      {loading && <p className="muted">Loading…</p>}
      {!loading && rows.length === 0 && <p className="muted">No policies: every whitelisted tool is allowed.</p>}
      {rows.length > 0 && (
        <div className="table-wrap">
          <table aria-label="Policies">
            <thead>
              <tr>
                <th scope="col">Pattern</th>
                <th scope="col">Decision</th>
                <th scope="col">Rate limit</th>
                <th scope="col">Set by</th>
                {canManage && (
                  <th scope="col">
                    <span className="visually-hidden">Actions</span>
                  </th>
                )}
              </tr>
            </thead>
            <tbody>
              {rows.map((row) => (
                <tr key={`${row.scope}:${row.pattern}`}>
                  <td>
                    <code>{row.pattern}</code>
                  </td>
                  <td>
                    {row.decision ? (
                      <Badge tone={DECISION_VIEW[row.decision].tone}>{DECISION_VIEW[row.decision].label}</Badge>
                    ) : (
                      <span className="muted">inherit</span>
                    )}
                    {row.locked && <span className="muted small"> locked</span>}
                  </td>
                  <td>{limitLabel(row.rate_limit_per_min)}</td>
                  <td>{row.scope === "system" ? "platform" : "organization"}</td>
                  {canManage && (
                    <td className="row-actions">
                      {row.scope === "org" && (
                        <ConfirmButton
                          label="Remove"
                          accessibleName={`Remove policy ${row.pattern}`}
                          question={`Remove the policy on ${row.pattern}?`}
                          confirmLabel="Remove"
                          busy={removing}
                          onConfirm={() => onRemove(row.pattern)}
                        />
                      )}
                    </td>
                  )}
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      )}
    </Card>
  );
}
